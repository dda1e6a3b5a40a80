"""Draw interpreted paper (``escpos_paper.Paper``) as a PNG of the slip.

Text is drawn the way a thermal printer does it: fixed cells of 12x24 dots (font A)
or 9x17 (font B), magnified by whole multiples for double or larger sizes, with the
bundled DejaVu Sans Mono standing in for the printer's ROM font. Images are placed
dot for dot. A dashed line shows where the cutter ran.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from kiosk.devices.printer import fonts
from kiosk.devices.printer.document import Align
from kiosk.devices.printer.escpos_interpreter import Interpreter
from kiosk.devices.printer.escpos_paper import CutMark, Feed, ImageBand, Paper, Style, TextLine

MARGIN = 24  # white paper around the printable area, in dots


@functools.lru_cache(maxsize=4096)
def _glyph(char: str, bold: bool, font_b: bool) -> np.ndarray:
    """Ink of one character cell at magnification 1 (True = ink).

    The printer's ROM font is stood in for by DejaVu Sans (full Vietnamese coverage;
    the Mono cut lacks most stacked-mark letters), each glyph squeezed into its cell.
    """
    cell_w, cell_h = (9, 17) if font_b else (12, 24)
    size = 14 if font_b else 19
    baseline = round(cell_h * 0.79)  # rows above the baseline inside the cell
    font = fonts.load(fonts.SANS_BOLD if bold else fonts.SANS, size)
    canvas = Image.new("L", (cell_w * 3, cell_h * 2), 255)
    ImageDraw.Draw(canvas).text((cell_w, cell_h), char, font=font, fill=0, anchor="ls")
    ink = np.asarray(canvas) < 140
    rows = np.flatnonzero(ink.any(axis=1))
    columns = np.flatnonzero(ink.any(axis=0))
    cell = np.zeros((cell_h, cell_w), dtype=bool)
    if columns.size == 0:
        return cell
    # the cell's rows, stretched upwards when stacked marks (Ấ, Ổ) rise above it
    top = min(int(rows[0]), cell_h - baseline)
    ink = ink[top : cell_h + (cell_h - baseline), columns[0] : columns[-1] + 1]
    if ink.shape != (cell_h, min(ink.shape[1], cell_w - 1)):
        width = min(ink.shape[1], cell_w - 1)
        squeezed = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8)).resize(
            (width, cell_h), Image.Resampling.BOX
        )
        ink = np.asarray(squeezed) < 128
    x = (cell_w - ink.shape[1]) // 2
    cell[:, x : x + ink.shape[1]] = ink
    return cell


def _cell(char: str, style: Style) -> np.ndarray:
    ink = _glyph(char, style.bold, style.font_b)
    if style.underline:
        ink = ink.copy()
        ink[-2:, :] = True
    if style.width > 1 or style.height > 1:
        ink = np.kron(ink, np.ones((style.height, style.width), dtype=bool))
    if style.invert:
        ink = ~ink
    return ink


def _line_ink(line: TextLine, width: int, line_spacing: int) -> np.ndarray:
    cells = [_cell(char, style) for char, style in line.cells]
    height = max([c.shape[0] for c in cells], default=0)
    band = np.zeros((max(height, line_spacing), width), dtype=bool)
    used = sum(c.shape[1] for c in cells)
    x = {Align.LEFT: 0, Align.CENTER: (width - used) // 2, Align.RIGHT: width - used}[line.align]
    x = max(0, x)
    for cell in cells:
        h, w = cell.shape
        if x + w > width:
            break
        band[height - h : height, x : x + w] |= cell  # cells share a baseline
        x += w
    return band


def _place(ink: np.ndarray, align: Align, width: int) -> np.ndarray:
    h, w = ink.shape
    w = min(w, width)
    band = np.zeros((h, width), dtype=bool)
    x = {Align.LEFT: 0, Align.CENTER: (width - w) // 2, Align.RIGHT: width - w}[align]
    band[:, x : x + w] = ink[:, :w]
    return band


def paper_ink(paper: Paper) -> np.ndarray:
    """The printable area as a boolean array (True = ink), top to bottom."""
    width = paper.profile.width_px
    spacing = round(paper.profile.dpi / 6)
    bands: list[np.ndarray] = []
    for item in paper.items:
        if isinstance(item, TextLine):
            bands.append(_line_ink(item, width, spacing))
        elif isinstance(item, ImageBand):
            bands.append(_place(item.ink, item.align, width))
        elif isinstance(item, Feed):
            bands.append(np.zeros((item.dots, width), dtype=bool))
        elif isinstance(item, CutMark):
            mark = np.zeros((9, width), dtype=bool)
            mark[4, ::12] = True  # dashed: drawn grey in the PNG
            mark[4, 1::12] = True
            bands.append(mark)
    if not bands:
        return np.zeros((spacing, width), dtype=bool)
    return np.vstack(bands)


def render(paper: Paper) -> Image.Image:
    """The whole slip as a greyscale image: white paper, black ink, grey margins."""
    ink = paper_ink(paper)
    height, width = ink.shape
    canvas = np.full((height + 2 * MARGIN, width + 2 * MARGIN), 255, dtype=np.uint8)
    canvas[MARGIN : MARGIN + height, MARGIN : MARGIN + width] = np.where(ink, 0, 255)
    canvas[:, :2] = 200
    canvas[:, -2:] = 200
    return Image.fromarray(canvas, "L")


def render_bytes(data: bytes, interpreter: Interpreter) -> Image.Image:
    """Interpret ``data`` with ``interpreter`` and draw the result."""
    interpreter.feed(data)
    return render(interpreter.finish())


def save_png(paper: Paper, path: str | Path) -> Path:
    """Write the slip to ``path`` as PNG and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    render(paper).save(target, format="PNG", optimize=True)
    return target
