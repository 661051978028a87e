"""Labels: templates, rendering barcodes at printer resolution, PDF output."""
