"""The Transfer station page (F6): stock from bin to bin."""
