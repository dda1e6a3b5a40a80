"""Turn a Document into the ESC/POS bytes for one printer profile and text mode.

Jobs are built in memory (python-escpos's ``Dummy`` printer records the bytes) and
sent afterwards, so a job can be measured, saved, rendered by the virtual printer and
split at block boundaries where a status query may safely be slipped in.

* TCVN-3: text goes through python-escpos's ``MagicEncode`` with ``TcvnEncoder``;
  it emits one ESC t switch per run of text that needs another page.
* CP1258: one ESC t at the start, then base letters plus combining tone marks.
* Raster: lines with Vietnamese letters are drawn with the bundled font; plain ASCII
  paragraphs and rules still go as printer text (a fraction of the bytes).
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image

from kiosk.core import vi_words
from kiosk.devices.printer import cp1258, raster
from kiosk.devices.printer.document import (
    Align,
    Barcode,
    BigNumber,
    Block,
    CodePageTable,
    Cut,
    Document,
    Feed,
    Pair,
    Picture,
    Qr,
    Rule,
    Text,
)
from kiosk.devices.printer.errors import JobDataError, TemplateError
from kiosk.devices.printer.profiles import PrinterProfile, TextMode
from kiosk.devices.printer.vietnamese import TcvnEncoder, printable_check, sanitize_counted

logger = logging.getLogger(__name__)

ESC_INIT = b"\x1b@"
ALIGN = {Align.LEFT: b"\x1ba\x00", Align.CENTER: b"\x1ba\x01", Align.RIGHT: b"\x1ba\x02"}
BIG_NUMBER_PX = 96
NBSP = "\u00a0"


@dataclass(frozen=True)
class PrintJob:
    """The bytes of one slip and what is needed to send and check it."""

    kind: str
    data: bytes
    mode: TextMode
    profile: PrinterProfile
    boundaries: tuple[int, ...]  # offsets where the stream may be split between blocks
    replaced: int  # characters replaced by "?" because no mode could print them
    build_ms: float


class _Builder:
    """Writes blocks into a Dummy printer, tracking style so nothing is sent twice."""

    def __init__(self, profile: PrinterProfile, mode: TextMode) -> None:
        self.profile = profile
        self.mode = mode
        args = {"encoder": TcvnEncoder(profile.code_pages)} if mode is TextMode.TCVN3 else None
        self.printer = Dummy(profile=profile.key, magic_encode_args=args)
        self.can_print = printable_check(profile, mode)
        self.replaced = 0
        self.align = Align.LEFT  # ESC @ leaves the printer left-aligned, normal size
        self.bold = False
        self.scale = 1
        self.boundaries: list[int] = []

    # -- low level -------------------------------------------------------------------
    def raw(self, data: bytes) -> None:
        self.printer._raw(data)

    def size(self) -> int:
        return len(self.printer.output)

    def start(self) -> None:
        self.raw(ESC_INIT)
        self.printer.magic.encoding = None  # ESC @ resets the printer to its first page
        if self.mode is TextMode.CP1258:
            self.raw(b"\x1bt" + bytes([self.profile.code_pages["CP1258"]]))

    def style(self, align: Align, bold: bool = False, scale: int = 1) -> None:
        if align is not self.align:
            self.raw(ALIGN[align])
            self.align = align
        if bold != self.bold:
            self.raw(b"\x1bE" + bytes([int(bold)]))
            self.bold = bold
        if scale != self.scale:
            self.raw(b"\x1d!" + bytes([(scale - 1) << 4 | (scale - 1)]))
            self.raw(b"\x1db" + bytes([int(scale > 1)]))  # smoothing for large glyphs
            self.scale = scale

    def clean(self, text: str, where: str) -> str:
        cleaned, count = sanitize_counted(text, self.can_print, where)
        self.replaced += count
        return cleaned

    def columns(self, scale: int = 1) -> int:
        return max(1, self.profile.columns // scale)

    # -- text ------------------------------------------------------------------------
    def wrap(self, text: str, scale: int, bold: bool, native: bool) -> list[str]:
        """Lines of ``text`` that fit the paper; Vietnamese compound words stay whole."""
        lines: list[str] = []
        columns = self.columns(scale)
        for paragraph in text.split("\n"):
            if native:
                lines += vi_words.wrap(paragraph, lambda t: len(t) <= columns) or [""]
            else:
                lines += self.wrap_pixels(paragraph, scale, bold) or [""]
        return lines

    def wrap_pixels(self, paragraph: str, scale: int, bold: bool) -> list[str]:
        """Lines of ``paragraph`` drawn no wider than the paper (raster mode)."""
        width = self.profile.width_px
        # split at spaces only, not str.split(): a no-break space keeps its words together
        return vi_words.wrap(paragraph, lambda t: raster.text_width(t, scale, bold) <= width)

    def native_text(self, text: str) -> bool:
        return self.mode is not TextMode.RASTER or text.isascii()

    def line(
        self, line: str, align: Align, bold: bool, scale: int, native: bool | None = None
    ) -> None:
        """One already-wrapped line."""
        if not (self.native_text(line) if native is None else native):
            self.style(align)
            self.raw(
                raster.to_escpos(
                    raster.draw_line(line, self.profile.width_px, align, scale, bold), align
                )
            )
            return
        self.style(align, bold, scale)
        if self.mode is TextMode.CP1258:
            self.raw(cp1258.encode(line) + b"\n")
        else:
            self.printer.text(line + "\n")

    def text(self, block: Text) -> None:
        if not 1 <= block.scale <= 8:
            raise JobDataError(f"text scale must be 1 to 8, not {block.scale}")
        text = self.clean(block.text, "text")
        native = self.native_text(text)
        for line in self.wrap(text, block.scale, block.bold, native):
            self.line(line, block.align, block.bold, block.scale, native)

    def pair(self, block: Pair) -> None:
        label = self.clean(block.label, "label")
        value = self.clean(block.value, "value")
        if self.native_text(label + value):
            columns = self.columns()
            if len(label) + 1 + len(value) <= columns:
                self.line(
                    label + " " * (columns - len(label) - len(value)) + value,
                    Align.LEFT,
                    block.bold,
                    1,
                )
                return
        else:
            # Raster: "label: value" on one line; a value pushed to the right edge would
            # make every such line a full-width image (three times the bytes).
            # no-break spaces keep the value in one piece if the line has to wrap
            self.text(Text(f"{label}: {value.replace(' ', NBSP)}", Align.LEFT, block.bold))
            return
        self.text(Text(label, Align.LEFT, block.bold))
        self.text(Text(value, Align.RIGHT, block.bold))

    def big_number(self, block: BigNumber) -> None:
        text = self.clean(block.text, "queue number")
        if self.mode is TextMode.RASTER:
            px = BIG_NUMBER_PX
            while (
                px > 24
                and raster.text_width(text, 1, True) * px / raster.BODY_PX
                > self.profile.width_px * 0.9
            ):
                px -= 8
            self.style(Align.CENTER)
            # drawn at half size and printed in quadruple mode: a quarter of the bytes
            half = self.profile.width_px // 2
            image = raster.draw_line(text, half, Align.CENTER, bold=True, px=px // 2)
            self.raw(raster.to_escpos(image, Align.CENTER, raster.IMAGE_MARGIN, double=True))
            return
        scale = max(1, min(5, self.profile.columns // max(1, len(text) + 1)))
        self.line(text, Align.CENTER, True, scale)

    # -- graphics --------------------------------------------------------------------
    def qr(self, block: Qr) -> None:
        if not block.data or not 1 <= block.module <= 16:
            raise JobDataError("a QR code needs data and a module size of 1 to 16 dots")
        self.style(Align.CENTER)
        if self.profile.native_qr:
            self.printer.qr(block.data, ec=QR_ECLEVEL_M, size=block.module, native=True)
            self.raw(b"\n")
        else:
            module = min(block.module, raster.RASTER_QR_MODULE)
            double = module % 2 == 0  # even modules: half-size image in quadruple mode
            image = raster.qr_image(block.data, module // 2 if double else module)
            self.raw(raster.to_escpos(image, Align.CENTER, raster.IMAGE_MARGIN, double=double))

    def barcode(self, block: Barcode) -> None:
        if not block.data or not block.data.isascii() or not block.data.isprintable():
            raise JobDataError("a barcode needs printable ASCII data")
        self.style(Align.CENTER)
        if self.profile.hardware_barcode:
            # _hw_barcode: the public barcode() prints a notice on stdout on every call
            self.printer._hw_barcode(
                "{B" + block.data,
                "CODE128",
                height=80,
                width=2,
                function_type="B",
                align_ct=False,
                check=False,
            )
            self.raw(b"\n")
        else:
            image = raster.barcode_image(block.data)
            self.raw(raster.to_escpos(image, Align.CENTER, margin=raster.IMAGE_MARGIN))
            self.line(block.data, Align.CENTER, False, 1)

    def picture(self, block: Picture) -> None:
        if not self.profile.raster_images:
            return  # a model that cannot print images simply has no logo
        image = _load_picture(block.path)
        limit = self.profile.width_px // (2 if block.double else 1)
        if image.width > limit:
            image = image.resize((limit, max(1, image.height * limit // image.width)))
        self.style(Align.CENTER)
        self.raw(raster.to_escpos(image, Align.CENTER, raster.IMAGE_MARGIN, double=block.double))

    def code_page_table(self, block: CodePageTable) -> None:
        slot = self.profile.code_pages.get(block.page)
        if self.mode is TextMode.RASTER or slot is None:
            self.line(f"{block.page}: -", Align.LEFT, False, 1)
            return
        self.style(Align.LEFT)
        self.line(f"{block.page} (ESC t {slot})", Align.LEFT, True, 1)
        self.style(Align.LEFT)
        gap = b" " if self.columns() >= 36 else b""
        for row in range(0xA0, 0x100, 0x10):
            cells = gap.join(bytes([c]) for c in range(row, row + 16))
            self.raw(f"{row:02X} ".encode() + b"\x1bt" + bytes([slot]) + cells + b"\n")
        # back to the mode's page: the encoder emits its own switch on the next text
        self.printer.magic.encoding = None
        if self.mode is TextMode.CP1258:
            self.raw(b"\x1bt" + bytes([self.profile.code_pages["CP1258"]]))

    def cut(self) -> None:
        self.style(Align.LEFT)
        if self.profile.can_cut:
            self.printer.cut(mode="PART")
        else:
            self.raw(b"\x1bd\x04")  # feed past the tear bar

    def block(self, block: Block) -> None:
        if isinstance(block, Text):
            self.text(block)
        elif isinstance(block, Pair):
            self.pair(block)
        elif isinstance(block, Rule):
            self.line(block.char[:1] * self.columns(), Align.LEFT, False, 1)
        elif isinstance(block, BigNumber):
            self.big_number(block)
        elif isinstance(block, Qr):
            self.qr(block)
        elif isinstance(block, Barcode):
            self.barcode(block)
        elif isinstance(block, Picture):
            self.picture(block)
        elif isinstance(block, Feed):
            self.style(Align.LEFT, self.bold, 1)
            self.raw(b"\n" * max(0, min(block.lines, 20)))
        elif isinstance(block, CodePageTable):
            self.code_page_table(block)
        else:
            self.cut()
        self.boundaries.append(self.size())


@functools.lru_cache(maxsize=8)
def _load_picture(path: str) -> Image.Image:
    try:
        with Image.open(path) as image:
            return image.convert("L")
    except (OSError, ValueError) as exc:
        raise TemplateError(f"picture {path} cannot be read: {exc}") from None


def build_job(document: Document, profile: PrinterProfile, mode: TextMode) -> PrintJob:
    """The ESC/POS bytes of ``document`` for ``profile`` printing Vietnamese in ``mode``."""
    started = time.perf_counter()
    builder = _Builder(profile, mode)
    builder.start()
    builder.boundaries.append(builder.size())
    for block in document.blocks:
        builder.block(block)
    data = bytes(builder.printer.output)
    elapsed = (time.perf_counter() - started) * 1000.0
    logger.info(
        "built %s job: %d bytes, mode %s, %.1f ms", document.kind, len(data), mode.value, elapsed
    )
    return PrintJob(
        kind=document.kind,
        data=data,
        mode=mode,
        profile=profile,
        boundaries=tuple(builder.boundaries),
        replaced=builder.replaced,
        build_ms=elapsed,
    )


def library_default_job(document: Document, profile: PrinterProfile) -> bytes:
    """The same text sent the way python-escpos does by default (for comparison only).

    Plain ``Dummy(profile).text()`` per line, native QR and cut: this is what most
    ESC/POS software sends, and what the benchmark compares against.
    """
    printer = Dummy(profile=profile.key)
    printer.hw("INIT")
    for block in document.blocks:
        if isinstance(block, Text | BigNumber):
            printer.textln(block.text)
        elif isinstance(block, Pair):
            printer.textln(f"{block.label} {block.value}")
        elif isinstance(block, Rule):
            printer.textln(block.char * profile.columns)
        elif isinstance(block, Qr) and profile.native_qr:
            printer.qr(block.data, native=True, size=block.module)
        elif isinstance(block, Cut):
            printer.cut()
    return bytes(printer.output)
