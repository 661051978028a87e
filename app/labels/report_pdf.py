"""A report printed to PDF: its title, period, table and the sentences that explain it, on A4
pages (landscape when it is wide). Renders what it is handed: a title, column names, rows of
text and notes; it knows nothing of where the numbers came from."""

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.labels.pdf import ensure_gui_app

# More columns than this and the page turns sideways.
PORTRAIT_COLUMNS = 6


def _html(title: str, subtitle: str, columns: Sequence[str], rows: Sequence[Sequence[str]],
          notes: Sequence[str]) -> str:
    head = "".join(f"<th align='left'>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                   for row in rows)
    explained = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return (f"<h2>{escape(title)}</h2><p>{escape(subtitle)}</p>"
            f"<table border='0' cellspacing='0' cellpadding='3' width='100%'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<ul>{explained}</ul>")


def write_report_pdf(path: str | Path, title: str, subtitle: str, columns: Sequence[str],
                     rows: Sequence[Sequence[str]], notes: Sequence[str]) -> int:
    """Write the report; returns the number of pages."""
    ensure_gui_app()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Binwise")
    # The document lays out in screen points; at the PDF's default 1200 dpi its text would be
    # a twelfth of its size.
    writer.setResolution(96)
    orientation = (QPageLayout.Orientation.Landscape if len(columns) > PORTRAIT_COLUMNS
                   else QPageLayout.Orientation.Portrait)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setDefaultStyleSheet("th { border-bottom: 1px solid black; } td, th { "
                                  "font-size: 9pt; } h2 { font-size: 14pt; }")
    document.setHtml(_html(title, subtitle, columns, rows, notes))
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size()
                         .toSizeF())
    document.print_(writer)
    return document.pageCount()
