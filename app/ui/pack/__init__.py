"""The Pack station page (Shift+F4): the order's units to put in the box, its note and gift."""
