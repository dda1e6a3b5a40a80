"""EF.DG1: the MRZ as stored on the chip (``61 L 5F1F L <mrz>``)."""

from __future__ import annotations

import datetime as dt

from kiosk.core.errors import ParseError
from kiosk.core.models import MrzData
from kiosk.devices.chip.mrz import parse_td1
from kiosk.devices.chip.tlv import encode_tlv, expect_single, find

DG1_TAG = 0x61
MRZ_TAG = 0x5F1F


def parse_dg1(data: bytes, today: dt.date | None = None) -> MrzData:
    """Parse DG1 and its TD1 MRZ (check digits verified); ParseError when malformed."""
    outer = expect_single(data, DG1_TAG, "DG1")
    inner = find(outer.children(), MRZ_TAG)
    if inner is None:
        raise ParseError("DG1 has no MRZ object (tag 5F1F).")
    try:
        text = inner.value.decode("ascii")
    except UnicodeDecodeError:
        raise ParseError("DG1 MRZ is not ASCII text.") from None
    return parse_td1(text, today)


def encode_dg1(mrz: str) -> bytes:
    """Encode a TD1 MRZ (90 characters; line breaks are removed) as DG1."""
    text = "".join(mrz.split())
    if len(text) != 90:
        raise ParseError(f"DG1 MRZ must be 90 characters for TD1, got {len(text)}.")
    if not text.isascii():
        raise ParseError("DG1 MRZ must be ASCII text.")
    return encode_tlv(DG1_TAG, encode_tlv(MRZ_TAG, text.encode("ascii")))
