"""The Pick station page (F4): the next bin, the path and the orders on the pick list."""
