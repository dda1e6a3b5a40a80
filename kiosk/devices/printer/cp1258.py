"""Windows-1258 output for printers whose only Vietnamese code page is CP1258.

CP1258 holds the base letters (ă â ê ô ơ ư đ and a few precomposed toned vowels such
as à á) plus the five tone marks as combining characters. Python's codec only maps
one code point to one byte, so precomposed text like "ễ" fails; here each letter is
split into its base letter and one combining tone mark, which is how Vietnamese
Windows text in CP1258 is written.
"""

from __future__ import annotations

import unicodedata

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def encode_char(char: str) -> bytes | None:
    """Bytes for one NFC character in CP1258, or None when CP1258 cannot show it."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        pass
    decomposed = unicodedata.normalize("NFD", char)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    try:
        return base.encode("cp1258") + tones[0].encode("cp1258")
    except UnicodeEncodeError:
        return None


def can_encode(char: str) -> bool:
    """True when ``char`` (one NFC character) can be written in CP1258."""
    return encode_char(char) is not None


def encode(text: str, replacement: bytes = b"?") -> bytes:
    """Encode NFC ``text`` to CP1258 bytes; characters it cannot hold become ``replacement``."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        encoded = encode_char(char)
        out += replacement if encoded is None else encoded
    return bytes(out)
