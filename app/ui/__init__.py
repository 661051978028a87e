"""The PySide6 desktop interface: main window, one view per station, the application-wide
scanner event filter, sound and colour feedback.

Only this package imports Qt (apart from label printing). Views render what the stations answer
and make no warehouse decisions.
"""
