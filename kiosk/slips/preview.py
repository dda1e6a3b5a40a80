"""The slip as a picture, for the screen when the printer cannot print it.

When the printer is not ready the kiosk still serves the citizen: the screen shows
the very job that would have been printed (same layout, same QR), drawn by the
virtual printer's interpreter.
"""

from __future__ import annotations

import io

from PIL import Image

from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_render import render
from kiosk.devices.printer.job_builder import PrintJob


def slip_image(job: PrintJob) -> Image.Image:
    """The job as it would look on paper (greyscale, 1 pixel per printer dot)."""
    return render(interpret(job.data, job.profile))


def slip_png(job: PrintJob) -> bytes:
    """The job as PNG bytes, ready for a QImage or a web page."""
    buffer = io.BytesIO()
    slip_image(job).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
