"""A4 PDF of captured pages, with img2pdf: each page's image is embedded as it is
(JPEG or PNG bytes, no re-encoding), on an A4 page, with the document's name as title.

img2pdf (maintained, pure Python over pikepdf) was chosen over drawing pages with a PDF
library: it never re-compresses, so what the clerk reads is what was captured, and it
sets the page size from the physical size we ask for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import cv2
import img2pdf
import numpy as np
from PIL import Image

from kiosk.core.errors import KioskError

JPEG_QUALITY = 80  # colour and grey pages
A4_PT = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))


class DocumentError(KioskError):
    """A page could not be encoded or the PDF could not be made."""


def page_bytes(page: np.ndarray) -> bytes:
    """One page as the bytes the PDF embeds: 1-bit PNG for a black-and-white page (two
    grey levels), JPEG for colour or grey."""
    if page.ndim == 2 and set(np.unique(page[::7, ::7]).tolist()) <= {0, 255}:
        image = Image.fromarray(page).convert("1")
        from io import BytesIO

        out = BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()
    ok, encoded = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise DocumentError("A captured page could not be encoded.")
    return bytes(encoded)


def make_pdf(pages: Sequence[np.ndarray], title: str,
             created: dt.datetime | None = None) -> bytes:
    """The pages as one A4 PDF titled ``title`` (the document's name, e.g. "Giấy khai sinh")."""
    if not pages:
        raise DocumentError("A document needs at least one page.")
    layout = img2pdf.get_layout_fun(A4_PT, fit=img2pdf.FitMode.into)
    try:
        made = img2pdf.convert([page_bytes(p) for p in pages], layout_fun=layout, title=title,
                               creator="kiosk", producer="kiosk (img2pdf)",
                               creationdate=created or dt.datetime.now(dt.UTC))
    except (img2pdf.ImageOpenError, ValueError) as exc:
        raise DocumentError(f"The PDF could not be made ({exc}).") from None
    assert isinstance(made, bytes)
    return made
