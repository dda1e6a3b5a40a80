"""What a printed slip is made of, independent of the printer: a list of blocks.

Layouts (kiosk/assets/templates) produce a Document; ``job_builder`` turns it into the
ESC/POS bytes for one profile and text mode.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Align(enum.Enum):
    """Horizontal alignment on the paper."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    """A paragraph, wrapped to the paper width; ``scale`` multiplies width and height (1-8)."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    scale: int = 1


@dataclass(frozen=True)
class Pair:
    """A label on the left and a value on the right of the same line (value wraps below)."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the paper."""

    char: str = "-"


@dataclass(frozen=True)
class BigNumber:
    """The queue number: as large as the paper allows."""

    text: str


@dataclass(frozen=True)
class Qr:
    """A QR code; ``module`` is the dot size of one module (1-16)."""

    data: str
    module: int = 6


@dataclass(frozen=True)
class Barcode:
    """A CODE128 barcode (printable ASCII only)."""

    data: str


@dataclass(frozen=True)
class Picture:
    """A 1-bit image file (a logo), centred; ``double`` prints each pixel as 2x2 dots."""

    path: str
    double: bool = True


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class CodePageTable:
    """Bytes 0xA0-0xFF of one printer code page, for the technician's test page."""

    page: str


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut (or feed to the tear bar when there is no cutter)."""


Block = Text | Pair | Rule | BigNumber | Qr | Barcode | Picture | Feed | CodePageTable | Cut


@dataclass(frozen=True)
class Document:
    """One slip: ``kind`` names the layout (never personal data), ``blocks`` its content."""

    kind: str
    blocks: tuple[Block, ...]
