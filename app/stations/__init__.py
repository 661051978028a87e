"""Station workflows as GUI-free state machines, driven alike by the window, `replay` and tests."""
