"""The keyboard-wedge scanner in the window:
catching bursts, holding scans for dialogs, the scanner test."""
