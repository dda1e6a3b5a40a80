"""Turn what a scanner delivered into the UTF-8 text the QR code really holds.

Keyboard-wedge scanners and some serial scanners pass the QR's UTF-8 bytes through a
single-byte code page, so "Nguyễn" arrives as "Nguyá»…n" (CP1252) or with C1 control
characters (Latin-1). The repair maps each character back to the byte it came from
and decodes the bytes as UTF-8. It is applied only when that gives valid UTF-8 with at
least one multi-byte sequence, so genuine text (Vietnamese letters are outside both
code pages) is never touched.
"""

from __future__ import annotations

import unicodedata

from kiosk.core.errors import ParseError


def _cp1252_byte_map() -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined
            continue
    return table


_CP1252_REVERSE = _cp1252_byte_map()

# Scanners that prefix the AIM symbology identifier (]Q0..]Q6 for QR codes).
_AIM_PREFIXES = tuple(f"]Q{n}" for n in range(7))


def _as_single_bytes(text: str) -> tuple[bytes, str] | None:
    """The bytes behind ``text`` if every character came from a single-byte code page."""
    out = bytearray()
    used_cp1252 = False
    for ch in text:
        code = ord(ch)
        if code < 0x100:
            out.append(code)
        elif ch in _CP1252_REVERSE:
            out.append(_CP1252_REVERSE[ch])
            used_cp1252 = True
        else:
            return None
    return bytes(out), ("CP1252" if used_cp1252 else "Latin-1")


def repair_mojibake(text: str) -> tuple[str, str]:
    """Undo UTF-8 read as CP1252 / Latin-1; return (text, what was repaired or "")."""
    repaired = text
    applied = ""
    for _ in range(2):  # some paths double-encode; two rounds are plenty
        found = _as_single_bytes(repaired)
        if found is None:
            break
        raw, page = found
        if raw.isascii():
            break
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            break
        repaired = decoded
        applied = f"UTF-8 read as {page} repaired"
    return repaired, applied


def decode_scanned(data: bytes | str) -> tuple[str, str]:
    """Text of a scan given as bytes or text: UTF-8, then a mojibake repair, NFC-normalised.

    Bytes that are not UTF-8 are read as CP1258 (the Vietnamese Windows code page) and
    the repair says so. Returns (text, repair note or "").
    """
    note = ""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError:
                raise ParseError(
                    "the scanned code is neither UTF-8 nor Vietnamese Windows text"
                ) from None
            note = "not UTF-8; read as CP1258"
    else:
        text = data
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.startswith(_AIM_PREFIXES):
        text = text[3:]
    text, repair = repair_mojibake(text)
    return unicodedata.normalize("NFC", text), repair or note
