"""Raster output: text drawn with the bundled font, QR codes and barcodes as bit images.

Used for printers with no Vietnamese code page (the cheap 58 mm models) and for the
big queue number. Every image is cropped to its ink before it is sent (one byte per
8 dots per row is all GS v 0 can carry, so white space costs as much as ink) and the
printer's own alignment (ESC a) places it.
"""

from __future__ import annotations

import numpy as np
import segno
import zxingcpp
from PIL import Image, ImageDraw

from kiosk.devices.printer import fonts
from kiosk.devices.printer.document import Align

ALIGN_BYTES = {Align.LEFT: b"\x1ba\x00", Align.CENTER: b"\x1ba\x01", Align.RIGHT: b"\x1ba\x02"}
BODY_PX = 22
RASTER_QR_MODULE = 4  # 0.5 mm modules at 203 dpi (sent as 2-dot modules in quadruple mode)
IMAGE_MARGIN = 8  # DejaVu Sans at 22 px is about as tall as the printer's 12x24 font A
LINE_FACTOR = 1.4  # room above capitals for stacked marks (Ấ, Ổ) and below for dot-below


def font_for(scale: int, bold: bool) -> tuple[str, int]:
    """Bundled font file and pixel size for a text scale (1 = body text)."""
    return (fonts.SANS_BOLD if bold else fonts.SANS), BODY_PX * scale


def text_width(text: str, scale: int = 1, bold: bool = False) -> float:
    """Width in dots of ``text`` drawn at ``scale``."""
    name, size = font_for(scale, bold)
    return float(fonts.load(name, size).getlength(text))


def draw_line(
    text: str, width_px: int, align: Align, scale: int = 1, bold: bool = False, px: int = 0
) -> Image.Image:
    """One line of text as a white "L" image ``width_px`` wide, black ink, aligned.

    ``px`` overrides the font size given by ``scale`` (used for the big queue number).
    """
    name, size = font_for(scale, bold)
    size = px or size
    font = fonts.load(name, size)
    height = round(size * LINE_FACTOR)
    image = Image.new("L", (width_px, height), 255)
    length = font.getlength(text)
    if align is Align.CENTER:
        x = (width_px - length) / 2
    elif align is Align.RIGHT:
        x = width_px - length
    else:
        x = 0.0
    top = round(size * (LINE_FACTOR - 1.0) * 0.75)
    ImageDraw.Draw(image).text((max(0.0, x), top), text, font=font, fill=0)
    return image


def qr_image(data: str, module: int) -> Image.Image:
    """A QR code (error correction M, UTF-8), ``module`` dots per module, 4-module quiet zone."""
    code = segno.make_qr(data, error="m", boost_error=False, encoding="utf-8")
    matrix = np.array([list(row) for row in code.matrix], dtype=bool)
    matrix = np.pad(matrix, 4, constant_values=False)
    pixels = np.where(np.kron(matrix, np.ones((module, module), dtype=bool)), 0, 255)
    return Image.fromarray(pixels.astype(np.uint8), "L")


def barcode_image(data: str, height: int = 80, module: int = 2) -> Image.Image:
    """A CODE128 barcode drawn for printers without a hardware barcode command."""
    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.Code128)
    line = np.array(code.to_image(scale=1, add_quiet_zones=True))
    bars = line[line.shape[0] // 2] < 128
    row = np.where(np.repeat(bars, module), 0, 255).astype(np.uint8)
    return Image.fromarray(np.tile(row, (height, 1)), "L")


def feed_dots(dots: int) -> bytes:
    """ESC J feeds: blank paper of ``dots`` rows without sending white image rows."""
    out = b""
    while dots > 0:
        step = min(dots, 255)
        out += b"\x1bJ" + bytes([step])
        dots -= step
    return out


def to_escpos(
    image: Image.Image, align: Align = Align.LEFT, margin: int | None = None, double: bool = False
) -> bytes:
    """GS v 0 bytes for ``image`` (dark pixels print), with ESC a first.

    ``double`` sends the image in GS v 0's quadruple mode (m = 3): each pixel prints as
    2x2 dots, so a QR code or the big number drawn at half size costs a quarter of
    the bytes and prints at full size.

    Columns are cropped to the ink (the printer's alignment places the rest). White rows
    above and below the ink are not sent: they become ESC J feeds of the same height,
    or of ``margin`` dots when given (QR codes, the big number). A blank image becomes
    a feed of its height.
    """
    ink = np.asarray(image.convert("L")) < 128
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return feed_dots(ink.shape[0] if margin is None else margin)
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    factor = 2 if double else 1
    above = top * factor if margin is None else margin
    below = (ink.shape[0] - bottom) * factor if margin is None else margin
    ink = ink[top:bottom]
    columns = np.flatnonzero(ink.any(axis=0))
    left, right = int(columns[0]), int(columns[-1]) + 1
    if align is Align.LEFT:
        left = 0
    elif align is Align.RIGHT:
        right = ink.shape[1]
    ink = ink[:, left:right]
    packed = np.packbits(ink, axis=1)
    height, width_bytes = packed.shape
    header = b"\x1dv0" + bytes(
        (3 if double else 0, width_bytes & 0xFF, width_bytes >> 8, height & 0xFF, height >> 8)
    )
    return feed_dots(above) + ALIGN_BYTES[align] + header + packed.tobytes() + feed_dots(below)
