"""An ESC/POS interpreter: turns the byte stream a printer would receive into paper.

It understands what the kiosk and python-escpos send (init, code pages including
TCVN-3 and CP1258, print modes, bold, size, alignment, feeds, raster images GS v 0
and GS ( L, column images ESC *, native QR GS ( k, barcodes GS k, cut) and skips the
rest the way a printer would, noting each unknown command. It never raises on bad
input: like a printer, it prints what it can and carries on.

The result is a ``Paper`` (``escpos_paper``): items top to bottom, each text line with
the decoded Unicode text a person would read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import numpy as np

from kiosk.devices.printer import raster
from kiosk.devices.printer.document import Align
from kiosk.devices.printer.escpos_paper import CutMark, Feed, ImageBand, Paper, Style, TextLine
from kiosk.devices.printer.profiles import PrinterProfile

MAX_IMAGE_DOTS = 4096  # larger images are recorded as faults and skipped
MAX_FEED_DOTS = 2000
# How a model that does not compose combining marks shows them: as spacing accents.
SPACING_MARKS = {"\u0300": "`", "\u0301": "´", "\u0303": "˜", "\u0309": "ˀ", "\u0323": "."}
_ESC_LENGTHS = {"p": 5, "c": 4, "$": 4, "\\": 4, "L": 2, "S": 2, "<": 2, "B": 4, "C": 4}
_ALIGNS = {
    0: Align.LEFT,
    1: Align.CENTER,
    2: Align.RIGHT,
    48: Align.LEFT,
    49: Align.CENTER,
    50: Align.RIGHT,
}


def code_page_table(name: str) -> list[str]:
    """Characters for bytes 0x80-0xFF of printer code page ``name`` ("?" where unknown).

    The tables come from the same escpos-printer-db data python-escpos encodes with,
    read back the way a printer would; "Ð" (U+00D0) in TCVN-3-2 is the Vietnamese "Đ".
    """
    from escpos.magicencode import Encoder

    try:
        chars = list(Encoder._get_codepage_char_list(name))
    except (LookupError, KeyError, AssertionError):
        return ["?"] * 128
    if name == "TCVN-3-2":
        chars = ["Đ" if c == "Ð" else c for c in chars]
    return chars


class Interpreter:
    """Stateful ESC/POS interpreter for one profile; feed it bytes, read ``paper``."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.paper = Paper(profile)
        self._tables: dict[str, list[str]] = {}
        self._qr_data = b""
        self._graphics: np.ndarray | None = None
        self.reset()

    # -- state --------------------------------------------------------------------------
    def reset(self) -> None:
        """ESC @: modes back to power-on defaults, the unprinted line discarded."""
        self.style = Style()
        self.align = Align.LEFT
        self.page = self.profile.code_page_slots.get(0, "CP437")
        self.line: list[tuple[str, Style]] = []
        self.line_align = Align.LEFT
        self.qr_module = 3
        self.qr_ec = "m"
        self.barcode_height = 162
        self.barcode_width = 3
        self.hri = 0
        self.line_spacing = round(self.profile.dpi / 6)

    @staticmethod
    def cell_dots(style: Style) -> int:
        """Width in dots of one character cell in ``style`` (font A 12, font B 9 dots)."""
        return (9 if style.font_b else 12) * style.width

    def _table(self) -> list[str]:
        if self.page not in self._tables:
            self._tables[self.page] = code_page_table(self.page)
        return self._tables[self.page]

    # -- output ---------------------------------------------------------------------------
    def _put_char(self, char: str) -> None:
        if unicodedata.combining(char) and not self.profile.cp1258_composes:
            char = SPACING_MARKS.get(char, char)  # this model prints the mark in its own cell
        if unicodedata.combining(char) and self.line:
            base, style = self.line[-1]
            self.line[-1] = (base + char, style)
            return
        if not self.line:
            self.line_align = self.align
        used = sum(self.cell_dots(style) for _, style in self.line)
        if used + self.cell_dots(self.style) > self.profile.width_px:
            self._print_line()
            self.line_align = self.align
        self.line.append((char, self.style))

    def _print_line(self) -> None:
        if self.line:
            self.paper.items.append(TextLine(self.line, self.line_align))
            self.line = []
        else:
            self.paper.items.append(TextLine([], self.align))

    def _flush(self) -> None:
        """Print a pending partial line (before images, cuts, feeds)."""
        if self.line:
            self._print_line()

    def _image(self, ink: np.ndarray, kind: str, payload: str = "") -> None:
        self._flush()
        self.paper.items.append(ImageBand(ink, self.align, kind, payload))

    # -- parsing --------------------------------------------------------------------------
    def feed(self, data: bytes) -> Paper:
        """Interpret ``data`` (a whole job or a part of it) and return the paper so far."""
        i = 0
        n = len(data)
        while i < n:
            byte = data[i]
            try:
                if byte == 0x1B:
                    i = self._esc(data, i)
                elif byte == 0x1D:
                    i = self._gs(data, i)
                elif byte == 0x10:
                    i = self._dle(data, i)
                elif byte == 0x1C:
                    self.paper.faults.append("FS command skipped")
                    i += 2
                elif byte == 0x0A:
                    self._print_line()
                    i += 1
                elif byte == 0x09:
                    for _ in range(8 - len(self.line) % 8):
                        self._put_char(" ")
                    i += 1
                elif byte < 0x20 or byte == 0x7F:
                    i += 1  # CR and other controls: nothing to print
                else:
                    self._put_char(chr(byte) if byte < 0x80 else self._table()[byte - 0x80])
                    i += 1
            except (IndexError, ValueError):  # data ended inside a command (ValueError: no NUL)
                self.paper.faults.append(f"command at offset {i} is cut short")
                break
        return self.paper

    def finish(self) -> Paper:
        """End of data: a printer prints a pending line only when told; note it."""
        if self.line:
            self.paper.faults.append("last line was never ended with a line feed")
            self._print_line()
        return self.paper

    def _esc(self, d: bytes, i: int) -> int:
        cmd = d[i + 1]
        c = chr(cmd)
        if c == "@":
            self.reset()
            self.paper.initialisations += 1
            return i + 2
        if c == "2":
            self.line_spacing = round(self.profile.dpi / 6)
            return i + 2
        if c in "im":
            self._flush()
            self.paper.items.append(CutMark(partial=True))
            return i + 2
        if c == "*":
            return self._esc_star(d, i)
        if c == "(":
            return i + 5 + d[i + 3] + 256 * d[i + 4]
        if c == "D":
            return d.index(0, i + 2) + 1  # tab stops, NUL-terminated
        if c in _ESC_LENGTHS:
            return i + _ESC_LENGTHS[c]
        self._esc_setting(c, d[i + 2])
        return i + 3

    def _esc_setting(self, c: str, n: int) -> None:
        """ESC c n: a mode, a code page or a feed set by one argument byte."""
        if c == "t":
            page = self.profile.code_page_slots.get(n)
            if page is None:
                self.paper.faults.append(f"ESC t {n}: no such code page on this model")
            else:
                self.paper.code_page_switches += page != self.page
                self.page = page
        elif c == "!":
            self.style = Style(
                bool(n & 8),
                2 if n & 32 else 1,
                2 if n & 16 else 1,
                bool(n & 128),
                bool(n & 1),
                self.style.invert,
            )
        elif c in "EG":
            self.style = replace(self.style, bold=bool(n & 1))
        elif c == "-":
            self.style = replace(self.style, underline=bool(n & 3))
        elif c == "M":
            self.style = replace(self.style, font_b=bool(n & 1))
        elif c == "a":
            self.align = _ALIGNS.get(n, self.align)
            if not self.line:
                self.line_align = self.align
        elif c == "d":
            self._flush()
            if n:
                self.paper.items.append(Feed(min(n * self.line_spacing, MAX_FEED_DOTS)))
        elif c == "J":
            self._flush()
            self.paper.items.append(Feed(n))
        elif c == "3":
            self.line_spacing = n
        elif c not in " RrU{V=T":
            self.paper.faults.append(f"ESC {ord(c):#04x} skipped")

    def _esc_star(self, d: bytes, i: int) -> int:
        m, count = d[i + 2], d[i + 3] + 256 * d[i + 4]
        rows = 3 if m in (32, 33) else 1
        data = d[i + 5 : i + 5 + count * rows]
        if len(data) < count * rows:
            raise IndexError
        bits = np.unpackbits(np.frombuffer(data, np.uint8).reshape(count, rows), axis=1)
        self._image(bits.T.astype(bool), "column")
        return i + 5 + count * rows

    def _gs(self, d: bytes, i: int) -> int:
        c = chr(d[i + 1])
        if c == "v" and d[i + 2] == 0x30:
            return self._raster(d, i)
        if c == "(" and chr(d[i + 2]) in "Lk":
            return self._gs_paren(d, i)
        if c == "k":
            return self._barcode(d, i)
        if c == "V":
            self._flush()
            m = d[i + 2]
            if m in (65, 66, 97, 98, 103, 104):
                self.paper.items.append(Feed(min(d[i + 3], 255)))
                self.paper.items.append(CutMark(partial=m in (66, 98, 104)))
                return i + 4
            self.paper.items.append(CutMark(partial=m in (1, 49)))
            return i + 3
        if c in "LPW":
            return i + 4
        n = d[i + 2]
        if c == "!":
            self.style = replace(self.style, width=(n >> 4 & 7) + 1, height=(n & 7) + 1)
        elif c == "B":
            self.style = replace(self.style, invert=bool(n & 1))
        elif c == "h":
            self.barcode_height = n or 1
        elif c == "w":
            self.barcode_width = min(max(n, 1), 6)
        elif c == "H":
            self.hri = n & 3
        elif c not in "bfarI":
            self.paper.faults.append(f"GS {d[i + 1]:#04x} skipped")
        return i + 3

    def _raster(self, d: bytes, i: int) -> int:
        mode = d[i + 3] & 0x03  # bit 0: double width, bit 1: double height (also 48-51)
        width_bytes = d[i + 4] + 256 * d[i + 5]
        height = d[i + 6] + 256 * d[i + 7]
        size = width_bytes * height
        data = d[i + 8 : i + 8 + size]
        if len(data) < size:
            raise IndexError
        if width_bytes * 8 > MAX_IMAGE_DOTS or height > MAX_IMAGE_DOTS:
            self.paper.faults.append("raster image larger than the paper")
        elif size:
            ink = np.unpackbits(np.frombuffer(data, np.uint8).reshape(height, width_bytes), axis=1)
            ink = np.repeat(np.repeat(ink, 1 + (mode >> 1), axis=0), 1 + (mode & 1), axis=1)
            self._image(ink.astype(bool), "raster")
        return i + 8 + size

    def _gs_paren(self, d: bytes, i: int) -> int:
        kind = chr(d[i + 2])
        length = d[i + 3] + 256 * d[i + 4]
        body = d[i + 5 : i + 5 + length]
        if len(body) < length:
            raise IndexError
        end = i + 5 + length
        if kind == "k" and length >= 3 and body[0] == 0x31:
            fn = body[1]
            if fn == 67:
                self.qr_module = min(max(body[2], 1), 16)
            elif fn == 69:
                self.qr_ec = {48: "l", 49: "m", 50: "q", 51: "h"}.get(body[2], "m")
            elif fn == 80:
                self._qr_data = body[3:]
            elif fn == 81:
                self._print_qr()
        elif kind == "L" and length >= 2:
            fn = body[1]
            if fn == 112 and length >= 10:
                width = body[6] + 256 * body[7]
                height = body[8] + 256 * body[9]
                row = (width + 7) // 8
                pixels = body[10 : 10 + row * height]
                if (
                    len(pixels) == row * height
                    and 0 < width <= MAX_IMAGE_DOTS
                    and height <= MAX_IMAGE_DOTS
                ):
                    bits = np.unpackbits(
                        np.frombuffer(pixels, np.uint8).reshape(height, row), axis=1
                    )
                    self._graphics = bits[:, :width].astype(bool)
            elif fn == 50 and self._graphics is not None:
                self._image(self._graphics, "graphics")
                self._graphics = None
        return end

    def _print_qr(self) -> None:
        import segno

        try:
            text = self._qr_data.decode("utf-8")
        except UnicodeDecodeError:
            self.paper.faults.append("QR data is not UTF-8")
            return
        if not text:
            return
        try:
            code = segno.make_qr(self._qr_data, error=self.qr_ec, boost_error=False)
        except (ValueError, segno.DataOverflowError):
            self.paper.faults.append("QR data does not fit a QR code")
            return
        matrix = np.array([list(row) for row in code.matrix], dtype=bool)
        ink = np.kron(matrix, np.ones((self.qr_module, self.qr_module), dtype=bool))
        self._image(ink, "qr", text)

    def _barcode(self, d: bytes, i: int) -> int:
        m = d[i + 2]
        if m <= 6:
            end = d.index(0, i + 3)
            data, after = d[i + 3 : end], end + 1
        else:
            count = d[i + 3]
            data, after = d[i + 4 : i + 4 + count], i + 4 + count
            if len(data) < count:
                raise IndexError
        text = data.decode("latin-1")
        if m == 73 and text[:2] in ("{A", "{B", "{C"):
            text = text[2:]
        try:
            image = raster.barcode_image(text, self.barcode_height, self.barcode_width)
        except (RuntimeError, ValueError):
            self.paper.faults.append("barcode data not printable")
            return after
        self._image(np.asarray(image) < 128, "barcode", text)
        if self.hri & 2:
            saved = self.align
            for char in text:
                self._put_char(char)
            self.line_align = saved
            self._print_line()
        return after

    def _dle(self, d: bytes, i: int) -> int:
        if d[i + 1] in (0x04, 0x05):
            return i + 3  # real-time status request / recovery: answered by the connection
        if d[i + 1] == 0x14:
            return i + 5
        return i + 1


def interpret(data: bytes, profile: PrinterProfile) -> Paper:
    """Interpret a whole job and return the paper."""
    interpreter = Interpreter(profile)
    interpreter.feed(data)
    return interpreter.finish()
