"""What an ESC/POS printer put on paper: text lines of styled cells, image bands, feeds
and cuts, top to bottom (``Paper``), as the interpreter (``escpos_interpreter``) builds it.

Each text line keeps the decoded Unicode text a person would read, so tests assert on
what is on the paper; the renderer (``escpos_render``) draws it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np

from kiosk.devices.printer.document import Align
from kiosk.devices.printer.profiles import PrinterProfile


@dataclass(frozen=True)
class Style:
    """Print mode of one character cell."""

    bold: bool = False
    width: int = 1
    height: int = 1
    underline: bool = False
    font_b: bool = False
    invert: bool = False


@dataclass
class TextLine:
    """One printed line of text: cells (a base character plus its combining marks)."""

    cells: list[tuple[str, Style]]
    align: Align

    @property
    def text(self) -> str:
        """The line as a person reads it (NFC, trailing spaces removed)."""
        return unicodedata.normalize("NFC", "".join(c for c, _ in self.cells)).rstrip()

    @property
    def bold(self) -> bool:
        """True when every visible cell is bold."""
        shown = [s for c, s in self.cells if c.strip()]
        return bool(shown) and all(s.bold for s in shown)

    @property
    def scale(self) -> tuple[int, int]:
        """Largest (width, height) multiplier on the line."""
        if not self.cells:
            return (1, 1)
        return (max(s.width for _, s in self.cells), max(s.height for _, s in self.cells))


@dataclass
class ImageBand:
    """A bit image (True = ink) placed by alignment; ``kind`` says which command made it."""

    ink: np.ndarray
    align: Align
    kind: str
    payload: str = ""  # QR or barcode data when the printer drew it itself


@dataclass
class Feed:
    """Blank paper of ``dots`` height (line feeds on an empty line, ESC J, ESC d)."""

    dots: int


@dataclass
class CutMark:
    """The cutter ran (partial or full)."""

    partial: bool


Item = TextLine | ImageBand | Feed | CutMark


@dataclass
class Paper:
    """Everything printed, top to bottom, plus what the interpreter noticed."""

    profile: PrinterProfile
    items: list[Item] = field(default_factory=list)
    code_page_switches: int = 0
    initialisations: int = 0
    faults: list[str] = field(default_factory=list)

    def text_lines(self) -> list[str]:
        """Decoded text of every text line (blank lines included as "")."""
        return [item.text for item in self.items if isinstance(item, TextLine)]

    def images(self, kind: str | None = None) -> list[ImageBand]:
        """Image bands, optionally only those made by command ``kind``."""
        return [i for i in self.items if isinstance(i, ImageBand) and kind in (None, i.kind)]

    def qr_payloads(self) -> list[str]:
        """Data of every QR code the printer drew natively."""
        return [i.payload for i in self.images("qr")]

    def barcodes(self) -> list[str]:
        """Data of every barcode the printer drew natively."""
        return [i.payload for i in self.images("barcode")]

    def cuts(self) -> int:
        """How many times the cutter ran."""
        return sum(isinstance(i, CutMark) for i in self.items)
