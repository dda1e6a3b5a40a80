"""Printer models from the escpos-printer-db profiles shipped with python-escpos.

Model differences (paper width, columns, code pages, native QR, cutter) are data in
the library's ``capabilities.json``; this module reads them into one small frozen
record and picks the Vietnamese text mode a profile can do.
"""

from __future__ import annotations

import difflib
import enum
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from escpos.capabilities import CAPABILITIES

from kiosk.core.resources import asset
from kiosk.devices.printer.errors import PrinterConfigError, UnknownProfileError

MODEL_FACTS = asset("templates", "printer-models.toml")

# Font A of ESC/POS printers is 12 dots wide; used when a profile does not know its width.
FONT_A_DOTS = (12, 24)
FONT_B_DOTS = (9, 17)


class TextMode(enum.Enum):
    """How Vietnamese text reaches the paper."""

    TCVN3 = "tcvn3"  # printer code pages TCVN-3-1/TCVN-3-2 (precomposed letters)
    CP1258 = "cp1258"  # Windows-1258: base letter plus combining tone mark
    RASTER = "raster"  # lines drawn with the bundled font and sent as bit images

    @classmethod
    def parse(cls, value: str) -> TextMode | None:
        """Return the mode named ``value``, or None for ``auto``."""
        text = value.strip().lower()
        if text in ("", "auto"):
            return None
        for mode in cls:
            if mode.value == text:
                return mode
        names = ", ".join(["auto", *(m.value for m in cls)])
        raise PrinterConfigError(f"printer mode {value!r} is unknown; use one of {names}")


@dataclass(frozen=True)
class PrinterProfile:
    """What the kiosk needs to know about one printer model."""

    key: str
    name: str
    vendor: str
    width_px: int
    width_mm: float
    dpi: int
    columns: int
    columns_font_b: int
    code_pages: Mapping[str, int]  # page name -> lowest ESC t slot
    code_page_slots: Mapping[int, str]  # every ESC t slot -> page name (the printer's view)
    native_qr: bool
    raster_images: bool
    full_cut: bool
    partial_cut: bool
    hardware_barcode: bool
    cp1258_composes: bool = True  # False: the model prints tone marks beside the letter

    @property
    def can_cut(self) -> bool:
        """True when the model has an autocutter."""
        return self.full_cut or self.partial_cut

    def supports_mode(self, mode: TextMode) -> bool:
        """True when the model can print Vietnamese in ``mode``."""
        if mode is TextMode.TCVN3:
            return "TCVN-3-1" in self.code_pages and "TCVN-3-2" in self.code_pages
        if mode is TextMode.CP1258:
            return "CP1258" in self.code_pages
        return self.raster_images

    def default_mode(self) -> TextMode:
        """The best Vietnamese text mode this model supports (TCVN-3, then CP1258, then raster).

        CP1258 is chosen only where the model composes the tone marks over the letters.
        """
        for mode in (TextMode.TCVN3, TextMode.CP1258, TextMode.RASTER):
            if mode is TextMode.CP1258 and not self.cp1258_composes:
                continue
            if self.supports_mode(mode):
                return mode
        raise PrinterConfigError(
            f"printer profile {self.key!r} has no Vietnamese code page and cannot print images"
        )

    def resolve_mode(self, requested: str | TextMode | None) -> TextMode:
        """The mode to use: the forced one when given (checked), else the default."""
        mode = TextMode.parse(requested) if isinstance(requested, str) else requested
        if mode is None:
            return self.default_mode()
        if not self.supports_mode(mode):
            raise PrinterConfigError(
                f"printer profile {self.key!r} cannot print in mode {mode.value!r}; "
                f"it supports {self.default_mode().value!r}"
            )
        return mode


def profile_names() -> list[str]:
    """Every profile name known to the escpos-printer-db, sorted."""
    return sorted(CAPABILITIES["profiles"])


def _number(value: Any, fallback: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return fallback


@functools.lru_cache(maxsize=1)
def model_facts() -> dict[str, dict[str, Any]]:
    """Per-model facts from kiosk/assets/templates/printer-models.toml (empty when absent)."""
    if not MODEL_FACTS.is_file():
        return {}
    try:
        data = tomllib.loads(MODEL_FACTS.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PrinterConfigError(f"{MODEL_FACTS.name} is not valid TOML: {exc}") from None
    for model, facts in data.items():
        marks = facts.get("cp1258_marks", "compose") if isinstance(facts, dict) else None
        if marks not in ("compose", "separate"):
            raise PrinterConfigError(
                f"{MODEL_FACTS.name}: [{model}] cp1258_marks must be compose or separate"
            )
    return data


def load_profile(name: str) -> PrinterProfile:
    """Read profile ``name``; an unknown name raises UnknownProfileError with close matches."""
    profiles: dict[str, Any] = CAPABILITIES["profiles"]
    key = name.strip()
    if key not in profiles:
        by_lower = {k.lower(): k for k in profiles}
        if key.lower() in by_lower:
            key = by_lower[key.lower()]
        else:
            close = difflib.get_close_matches(key.lower(), list(by_lower), n=4, cutoff=0.5)
            raise UnknownProfileError(name, tuple(by_lower[c] for c in close))
    data = profiles[key]
    fonts = data.get("fonts", {})
    columns = int(fonts.get("0", {}).get("columns", 42))
    columns_b = int(fonts.get("1", {}).get("columns", columns))
    media = data.get("media", {})
    width = media.get("width", {})
    width_px = int(_number(width.get("pixels"), columns * FONT_A_DOTS[0]))
    features = data.get("features", {})
    pages: dict[str, int] = {}
    for index, page in sorted(data.get("codePages", {}).items(), key=lambda kv: int(kv[0])):
        if page != "Unknown":
            pages.setdefault(page, int(index))  # the lowest slot of a page wins
    return PrinterProfile(
        key=key,
        name=str(data.get("name", key)),
        vendor=str(data.get("vendor", "")),
        width_px=width_px,
        width_mm=_number(width.get("mm"), round(width_px / 8.0, 1)),
        dpi=int(_number(media.get("dpi"), 203)),
        columns=columns,
        columns_font_b=columns_b,
        code_pages=MappingProxyType(pages),
        code_page_slots=MappingProxyType(
            {int(i): str(p) for i, p in data.get("codePages", {}).items()}
        ),
        native_qr=bool(features.get("qrCode")),
        raster_images=bool(features.get("bitImageRaster")),
        full_cut=bool(features.get("paperFullCut")),
        partial_cut=bool(features.get("paperPartCut")),
        hardware_barcode=bool(features.get("barcodeB")),
        cp1258_composes=model_facts().get(key, {}).get("cp1258_marks", "compose") == "compose",
    )


def profile_problem(name: str) -> str:
    """What is wrong with a configured profile name ("" when it is in the database).

    The end of a sentence that starts with the setting's name (as the config's checks
    say it): "names 'X', which is not in the escpos-printer-db; did you mean Y?".
    """
    try:
        load_profile(name)
    except UnknownProfileError as exc:
        hint = f"; did you mean {' or '.join(exc.suggestions)}?" if exc.suggestions else ""
        return f"names {name!r}, which is not in the escpos-printer-db{hint}"
    return ""
