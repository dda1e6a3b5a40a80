"""A PDF's pages as PNG pictures, drawn with Qt's own PDF module (QtPdf, pdfium).

Used off the UI thread (the counter opens an attached file in its task runner); the
bytes stay in memory: a citizen's document never touches the counter's disk.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtPdf import QPdfDocument

from kiosk.core.errors import KioskError

MAX_PAGES = 20


class PdfPagesError(KioskError):
    """The file is not a PDF Qt can draw."""


def pdf_pages(data: bytes, width: int = 900, limit: int = MAX_PAGES) -> tuple[bytes, ...]:
    """The first ``limit`` pages of the PDF ``data``, each a PNG ``width`` pixels wide."""
    document = QPdfDocument()
    source = QBuffer()
    source.setData(QByteArray(data))
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(source)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PdfPagesError("The attached file is not a PDF that can be shown.")
    pages = []
    for index in range(min(document.pageCount(), limit)):
        size = document.pagePointSize(index)
        height = max(1, round(width * size.height() / max(size.width(), 1.0)))
        image = document.render(index, QSize(width, height))
        out = QByteArray()
        sink = QBuffer(out)
        sink.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(sink, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; str works
        sink.close()
        pages.append(bytes(out.data()))
    document.close()
    return tuple(pages)
