"""Encode EF.DG13 exactly as docs/cccd.md describes (used by the card emulator and tests).

Kept apart from the parser (``kiosk.devices.chip.dg13``) so each stays small.
"""

from __future__ import annotations

from kiosk.core.errors import ParseError
from kiosk.devices.chip.dg13 import (
    DG13_OID,
    DG13_TAG,
    ENTRY_KEYS,
    INTEGER,
    OID,
    PARENTS,
    PRINTABLE_ENTRIES,
    PRINTABLE_STRING,
    SEQUENCE,
    SET,
    SPOUSE,
    UTF8_STRING,
)
from kiosk.devices.chip.tlv import encode_tlv


def _string(number: int, text: str) -> bytes:
    if number in PRINTABLE_ENTRIES:
        if not text.isascii():
            raise ParseError(f"DG13 entry {number} must be ASCII (PrintableString).")
        return encode_tlv(PRINTABLE_STRING, text.encode("ascii"))
    return encode_tlv(UTF8_STRING, text.encode("utf-8"))


def _numbered(number: int, *values: bytes) -> bytes:
    return encode_tlv(SEQUENCE, encode_tlv(INTEGER, bytes((number,))) + b"".join(values))


def encode_dg13(
    values: dict[str, str | None],
    parents_layout: str = "separate",
    include_entry16: str | None = None,
) -> bytes:
    """Encode DG13 exactly as docs/cccd.md describes (used by the card emulator).

    Entries 1-13 are always written (missing text as ""); entry 14 is the empty
    ``30 03 02 01 0E`` without a spouse; entry 15 only with ``old_id_number``; entry 16
    only with ``include_entry16``. ``parents_layout`` is "separate" or "combined".
    """
    known = set(ENTRY_KEYS.values()) | {"father_name", "mother_name", "spouse_name"}
    extra = set(values) - known
    if extra:
        raise ParseError(f"DG13 encoder got unknown keys: {', '.join(sorted(extra))}.")
    out = []
    for number in range(1, 13):
        out.append(_numbered(number, _string(number, values.get(ENTRY_KEYS[number]) or "")))
    father = encode_tlv(UTF8_STRING, (values.get("father_name") or "").encode())
    mother = encode_tlv(UTF8_STRING, (values.get("mother_name") or "").encode())
    if parents_layout == "separate":
        out.append(_numbered(PARENTS, encode_tlv(SEQUENCE, father), encode_tlv(SEQUENCE, mother)))
    elif parents_layout == "combined":
        out.append(_numbered(PARENTS, encode_tlv(SEQUENCE, father + mother)))
    else:
        raise ParseError("DG13 parents layout must be 'separate' or 'combined'.")
    spouse = values.get("spouse_name")
    out.append(
        _numbered(SPOUSE, encode_tlv(SEQUENCE, encode_tlv(UTF8_STRING, spouse.encode())))
        if spouse
        else _numbered(SPOUSE)
    )
    old = values.get("old_id_number")
    if old:
        out.append(_numbered(15, _string(15, old)))
    if include_entry16 is not None:
        out.append(_numbered(16, _string(16, include_entry16)))
    body = encode_tlv(INTEGER, b"\x01") + encode_tlv(OID, DG13_OID) + encode_tlv(SET, b"".join(out))
    return encode_tlv(DG13_TAG, encode_tlv(SEQUENCE, body))
