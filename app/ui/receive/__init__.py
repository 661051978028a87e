"""The Receive station page (F2): a purchase order's lines as they are scanned in."""
