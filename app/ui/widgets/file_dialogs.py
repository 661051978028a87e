"""File dialogs that never open the files they list.

Qt's file dialog asks the MIME database what each listed file is, and for a file whose name
says nothing it reads the file. Opening and closing the SQLite database file that way drops
every POSIX lock this process holds on it (the locks belong to the process, not to one file
descriptor), so another Binwise process on the same file believes it is alone: it may delete the
write-ahead log and lose scans that were confirmed with a green banner. These dialogs name files
by their kind (folder or file) only, so nothing in the folder is ever opened.
"""

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QStyle, QWidget


class ContentFreeIcons(QFileIconProvider):
    """Icons and type names from what a path is, never from what a file contains."""

    def icon(self, what):  # Qt overloads it: an IconType, or a QFileInfo
        if isinstance(what, QFileInfo):
            pixmap = (QStyle.StandardPixmap.SP_DirIcon if what.isDir()
                      else QStyle.StandardPixmap.SP_FileIcon)
            return QApplication.style().standardIcon(pixmap)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        return "Folder" if info.isDir() else "File"


def save_dialog(parent: QWidget | None, title: str, suggested: str,
                filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, suggested, filters)
    # The platform's own dialog would look at the files itself: use Qt's, with our icons.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(ContentFreeIcons())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(suggested)
    return dialog


def save_file_name(parent: QWidget | None, title: str, suggested: str,
                   filters: str) -> str | None:
    """Ask where to save; None when the person cancels."""
    dialog = save_dialog(parent, title, suggested, filters)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]
