"""The fonts bundled in kiosk/assets/fonts (DejaVu, Bitstream Vera licence) and their coverage.

The raster mode and the virtual printer draw with these files so the paper looks the
same on every machine. ``covered`` reads the font's own character map (the TrueType
``cmap`` table) so text can be checked before it is drawn instead of printing boxes.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path

from PIL import ImageFont

from kiosk.core.resources import asset
from kiosk.devices.printer.errors import PrinterError

FONT_DIR = asset("fonts")
SANS = "DejaVuSans.ttf"
SANS_BOLD = "DejaVuSans-Bold.ttf"


def font_path(name: str) -> Path:
    """Path of a bundled font file; a missing file raises PrinterError."""
    path = FONT_DIR / name
    if not path.is_file():
        raise PrinterError(f"bundled font {name} is missing from {FONT_DIR}")
    return path


@functools.lru_cache(maxsize=64)
def load(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font object for a bundled font at ``size`` pixels (cached)."""
    return ImageFont.truetype(str(font_path(name)), size)


def _cmap_format4(data: bytes, at: int) -> set[int]:
    seg_x2 = struct.unpack_from(">H", data, at + 6)[0]
    ends = at + 14
    starts = ends + seg_x2 + 2
    deltas = starts + seg_x2
    offsets = deltas + seg_x2
    points: set[int] = set()
    for i in range(seg_x2 // 2):
        end = struct.unpack_from(">H", data, ends + 2 * i)[0]
        start = struct.unpack_from(">H", data, starts + 2 * i)[0]
        delta = struct.unpack_from(">h", data, deltas + 2 * i)[0]
        range_offset = struct.unpack_from(">H", data, offsets + 2 * i)[0]
        for code in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = offsets + 2 * i + range_offset + 2 * (code - start)
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return points


def _cmap_format12(data: bytes, at: int) -> set[int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    points: set[int] = set()
    for i in range(groups):
        start, end, _glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        points.update(range(start, end + 1))
    return points


@functools.lru_cache(maxsize=8)
def covered(name: str = SANS) -> frozenset[int]:
    """The code points the bundled font ``name`` has a glyph for."""
    data = font_path(name).read_bytes()
    tables = struct.unpack_from(">H", data, 4)[0]
    cmap_at = None
    for i in range(tables):
        tag, _sum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_at = offset
    if cmap_at is None:
        raise PrinterError(f"bundled font {name} has no character map")
    count = struct.unpack_from(">H", data, cmap_at + 2)[0]
    points: set[int] = set()
    for i in range(count):
        platform, _encoding, offset = struct.unpack_from(">HHI", data, cmap_at + 4 + 8 * i)
        if platform not in (0, 3):
            continue
        fmt = struct.unpack_from(">H", data, cmap_at + offset)[0]
        if fmt == 4:
            points |= _cmap_format4(data, cmap_at + offset)
        elif fmt == 12:
            points |= _cmap_format12(data, cmap_at + offset)
    return frozenset(points)
