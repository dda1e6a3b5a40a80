"""Address text as the data's keys see it: folded, split into parts, unit words known.

The vietnamadminunits tables key every unit by its name folded to ASCII letters and
digits ("Phường Ô Chợ Dừa" -> "phuongochodua", with the short form "ochodua"). Folding
drops every diacritic, so the old and new tone-mark placements ("Hoà"/"Hòa",
"Thuỵ"/"Thụy") fold alike; where two units differ only by their marks ("Cẩm Giang" and
"Cẩm Giàng"), :func:`tone_key` tells them apart whatever the placement.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng

# A unit word at the start of a part, folded, and the type it names. Longer first, so
# "thi xa" wins over "thi"; "tp" "q" "p" are the card's and the clerk's abbreviations.
_UNIT_WORDS: tuple[tuple[str, str], ...] = (
    ("thanh pho", "thanhpho"), ("tp", "thanhpho"), ("tinh", "tinh"),
    ("thi xa", "thixa"), ("tx", "thixa"), ("thi tran", "thitran"), ("tt", "thitran"),
    ("quan", "quan"), ("q", "quan"), ("huyen", "huyen"), ("h", "huyen"),
    ("phuong", "phuong"), ("p", "phuong"), ("xa", "xa"), ("x", "xa"),
    ("dac khu", "dackhu"),
)
_UNIT_WORD = re.compile(
    r"^(?P<word>" + "|".join(w.replace(" ", r"\s+") for w, _ in _UNIT_WORDS) + r")"
    r"(?:\s*\.\s*|\s+)(?P<rest>\S.*)$")
_CANONICAL = {w: c for w, c in _UNIT_WORDS}

WARD_TYPES = frozenset({"phuong", "xa", "thitran", "dackhu"})
DISTRICT_TYPES = frozenset({"quan", "huyen", "thixa", "thanhpho"})
PROVINCE_TYPES = frozenset({"tinh", "thanhpho"})

# Where a text names its units without commas ("P. Bến Nghé Q.1 TP HCM"): cut before
# each unit word written out or abbreviated with a dot (not the "xã" of "thị xã").
_CUT_BEFORE = re.compile(
    r"(?<!thị)\s+(?=(?:phường|xã|thị trấn|thị xã|quận|huyện|tỉnh|thành phố|đặc khu"
    r"|tp\.|q\.|p\.|tx\.|tt\.)\s*\S)", re.IGNORECASE)


_NOT_KEY = re.compile(r"[^a-z0-9]")


_COUNTRY = frozenset({"vietnam", "vn", "nuocconghoaxahoichunghiavietnam"})
_BA_RIA_VUNG_TAU = re.compile(r"(b[àa]\s*r[ịi]a)\s*-\s*(v[ũu]ng\s*t[àa]u)", re.IGNORECASE)


def fold(text: str) -> str:
    """``text`` without diacritics, lower case, letters and digits only (the data's keys)."""
    # NFD sets each mark apart from its letter; the marks then go with the punctuation.
    return _NOT_KEY.sub("", unicodedata.normalize("NFD", text.lower().replace("đ", "d")))


def _ascii(text: str) -> str:
    """One character out per character in (so positions carry over to the original)."""
    return "".join(_base(c) for c in text)


def _base(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0].lower()[:1]
    return "~" if unicodedata.combining(base) else base  # a lone mark keeps its slot


def tone_key(text: str) -> str:
    """Each word's letters with its tone mark set apart: "Hoà" and "Hòa" give one key."""
    words = []
    for word in unicodedata.normalize("NFD", text.lower()).split():
        tones = "".join(c for c in word if c in _TONES)
        letters = "".join(c for c in word
                          if c not in _TONES and (c.isalnum() or unicodedata.combining(c)))
        words.append(unicodedata.normalize("NFC", letters) + tones)
    return " ".join(words)


@dataclass(frozen=True)
class Part:
    """One comma-separated part of an address: its text and what its unit word says."""

    text: str
    kind: str | None  # the canonical unit word ("phuong", "quan", ...) or None
    name: str  # the text after the unit word (the whole text when there is none)

    def lookup_keys(self) -> tuple[str, ...]:
        """The data keys to try, most specific first: "phuong1", then "1"; no empties."""
        keys = [fold(self.kind + self.name) if self.kind else "", fold(self.name),
                fold(self.text)]
        return tuple(dict.fromkeys(k for k in keys if k))


def parse_part(text: str) -> Part:
    """Split a part into its unit word (if any) and the name after it."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    match = _UNIT_WORD.match(_ascii(cleaned))
    if match is None:
        return Part(cleaned, None, cleaned)
    rest_at = len(cleaned) - len(match["rest"])  # folding keeps one char per char
    word = " ".join(match["word"].split())
    return Part(cleaned, _CANONICAL[word], cleaned[rest_at:].strip(" ."))


def split_parts(text: str) -> list[str]:
    """The address's parts, left to right: by commas, else before each unit word."""
    text = _BA_RIA_VUNG_TAU.sub(r"\1 \2", text)  # the one province with a hyphen
    separators = r"[,;\n]" if "," in text else r"[;\n]|\s+-\s+"
    pieces = [p.strip(" .-") for p in re.split(separators, text)]
    pieces = [p for p in pieces if p]
    while pieces and fold(pieces[-1]) in _COUNTRY:  # "..., Việt Nam" adds nothing
        pieces.pop()
    # and a part with a unit word inside ("12 Lê Lợi Phường Bến Nghé") is cut there too
    return [cut.strip(" .") for piece in pieces for cut in _CUT_BEFORE.split(piece)
            if cut.strip(" .")]
