"""Vietnamese text for ESC/POS: the alphabet, the printable check and the TCVN-3 encoder.

TCVN-3 output goes through python-escpos's own code-page switching (``MagicEncode``):
the library already picks TCVN-3-1 (lower case) or TCVN-3-2 (upper case) per run of
text. Two gaps are filled here by configuring it, not rewriting it:

* the escpos-printer-db spells "Đ" in TCVN-3-2 as U+00D0 (Icelandic eth, same glyph),
  so the library would leave TCVN-3 for a CP852/CP1258 switch on every "Đ";
* the library prefers low code-page slots (CP437, CP1252 ...) when it looks for a page
  for the next character, which costs extra switches on mixed text; the TCVN pages
  are tried first so it stays on them.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Mapping

from escpos.magicencode import Encoder

from kiosk.devices.printer import cp1258, fonts
from kiosk.devices.printer.profiles import PrinterProfile, TextMode

logger = logging.getLogger(__name__)

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang huyền hỏi ngã sắc nặng
LOWER_LETTERS = (*tuple(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES), "đ")
LETTERS = LOWER_LETTERS + tuple(letter.upper() for letter in LOWER_LETTERS)
"""All 146 Vietnamese letters with diacritics or tones, both cases (12 vowels x 6 tones + đ)."""

REPLACEMENT = "?"
TCVN_PAGES = ("TCVN-3-1", "TCVN-3-2")
_ALWAYS_REPLACED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "So", "Zl", "Zp"})


class TcvnEncoder(Encoder):  # type: ignore[misc]  # escpos ships no type hints
    """python-escpos's encoder with "Đ" reachable in TCVN-3-2 and the TCVN pages preferred."""

    def __init__(self, codepage_map: Mapping[str, int]) -> None:
        super().__init__(dict(codepage_map))

    def find_suitable_encoding(self, char: str) -> str | None:
        """Prefer the TCVN-3 pages, then let the library search the profile's others."""
        for page in TCVN_PAGES:
            if page in self.codepages and self.can_encode(page, char):
                return page
        found: str | None = super().find_suitable_encoding(char)
        return found

    def _get_codepage_char_map(self, encoding: str) -> dict[str, int]:
        mapping: dict[str, int] = super()._get_codepage_char_map(encoding)
        if encoding == "TCVN-3-2" and "Đ" not in mapping and "Ð" in mapping:
            mapping = {**mapping, "Đ": mapping["Ð"]}
            self.available_characters[encoding] = mapping
        return mapping


def printable_check(profile: PrinterProfile, mode: TextMode) -> Callable[[str], bool]:
    """A predicate telling whether one NFC character can be printed in ``mode``."""
    if mode is TextMode.TCVN3:
        encoder = TcvnEncoder(profile.code_pages)
        pages = [page for page in profile.code_pages if _has_table(encoder, page)]

        def tcvn(char: str) -> bool:
            return any(encoder.can_encode(page, char) for page in pages)

        return tcvn
    if mode is TextMode.CP1258:
        return cp1258.can_encode
    glyphs = fonts.covered(fonts.SANS)
    return lambda char: ord(char) in glyphs


def _has_table(encoder: TcvnEncoder, page: str) -> bool:
    try:
        encoder._get_codepage_char_map(page)
    except (LookupError, KeyError, AssertionError):
        return False
    return True


def sanitize(text: str, can_print: Callable[[str], bool], where: str = "text") -> str:
    """NFC text with every character the printer cannot show replaced by a visible "?".

    Tabs become spaces; control characters (which could smuggle printer commands),
    emoji and other symbols, and anything the mode cannot print are replaced and the
    count is logged (code points only, never the text itself).
    """
    return sanitize_counted(text, can_print, where)[0]


def sanitize_counted(
    text: str, can_print: Callable[[str], bool], where: str = "text"
) -> tuple[str, int]:
    """Like ``sanitize``, also returning how many characters were replaced."""
    out: list[str] = []
    replaced: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char == "\t":
            out.append(" ")
        elif char == "\n" or (char.isascii() and char.isprintable()):
            out.append(char)
        elif unicodedata.category(char) in _ALWAYS_REPLACED or not can_print(char):
            out.append(REPLACEMENT)
            replaced.append(f"U+{ord(char):04X}")
        else:
            out.append(char)
    if replaced:
        shown = ", ".join(sorted(set(replaced))[:5])
        logger.warning(
            "replaced %d unprintable character(s) in %s: %s", len(replaced), where, shown
        )
    return "".join(out), len(replaced)
