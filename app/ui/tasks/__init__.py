"""Work off the UI thread: the serial workers that deliver their results on the main thread."""
