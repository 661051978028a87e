"""The Lookup page (F1): what a scanned bin, item, lot, PO or order holds."""
