"""The Labels page (F9): choosing labels, previewing them, and sending them out."""
