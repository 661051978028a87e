"""The PySide6 desktop interface: main window, one view per station, the application-wide
scanner event filter, sound and colour feedback.

Only this package imports Qt (apart from label printing). Views render what the stations answer
and make no warehouse decisions.
"""

from app.ui.refcount_guard import guard_singletons

# Before any Qt call: see refcount_guard for the PySide6 bug this works around.
guard_singletons()
