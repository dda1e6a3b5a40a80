"""EF.COM (file 011E): LDS and Unicode versions and the list of data groups present.

Layout (ICAO 9303 part 10): ``60 L  5F01 04 "0107"  5F36 06 "040000"  5C L <tags>``.
Versions are returned dotted: ``"0107"`` → ``"1.7"``, ``"040000"`` → ``"4.0.0"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import ParseError
from kiosk.devices.chip.tlv import encode_tlv, expect_single, find

EFCOM_TAG = 0x60
LDS_VERSION_TAG = 0x5F01
UNICODE_VERSION_TAG = 0x5F36
TAG_LIST_TAG = 0x5C
SOD_TAG = 0x77

#: Data-group file tags (ICAO 9303 part 10, table 34) → DG number.
DG_BY_TAG: dict[int, int] = {
    0x61: 1,
    0x75: 2,
    0x63: 3,
    0x76: 4,
    0x65: 5,
    0x66: 6,
    0x67: 7,
    0x68: 8,
    0x69: 9,
    0x6A: 10,
    0x6B: 11,
    0x6C: 12,
    0x6D: 13,
    0x6E: 14,
    0x6F: 15,
    0x70: 16,
}
TAG_BY_DG: dict[int, int] = {dg: tag for tag, dg in DG_BY_TAG.items()}


@dataclass(frozen=True)
class EfCom:
    """What EF.COM says: versions and the file tags present."""

    lds_version: str
    unicode_version: str
    tags: tuple[int, ...]

    @property
    def data_groups(self) -> list[int]:
        """DG numbers listed (unknown tags and the SOD tag 77 are left out)."""
        return [DG_BY_TAG[t] for t in self.tags if t in DG_BY_TAG]


def _digits(value: bytes, size: int, what: str) -> str:
    if len(value) != size or not value.isdigit():
        raise ParseError(f"EF.COM {what} must be {size} ASCII digits.")
    text = value.decode("ascii")
    return ".".join(str(int(text[i : i + 2])) for i in range(0, size, 2))


def parse_efcom(data: bytes) -> EfCom:
    """Parse EF.COM; ParseError when it is not a well-formed EF.COM."""
    outer = expect_single(data, EFCOM_TAG, "EF.COM")
    kids = outer.children()
    lds = find(kids, LDS_VERSION_TAG)
    uni = find(kids, UNICODE_VERSION_TAG)
    tag_list = find(kids, TAG_LIST_TAG)
    if lds is None or uni is None or tag_list is None:
        raise ParseError("EF.COM lacks the LDS version, Unicode version or tag list.")
    return EfCom(
        _digits(lds.value, 4, "LDS version"),
        _digits(uni.value, 6, "Unicode version"),
        tuple(tag_list.value),
    )


def _undotted(version: str, parts: int, what: str) -> bytes:
    pieces = version.split(".")
    if len(pieces) != parts or not all(p.isdigit() and int(p) < 100 for p in pieces):
        raise ParseError(f"EF.COM {what} must be {parts} dotted numbers below 100.")
    return "".join(f"{int(p):02d}" for p in pieces).encode("ascii")


def encode_efcom(
    data_groups: list[int], lds_version: str = "1.7", unicode_version: str = "4.0.0"
) -> bytes:
    """Encode EF.COM listing ``data_groups`` (DG numbers 1-16)."""
    try:
        tags = bytes(TAG_BY_DG[dg] for dg in data_groups)
    except KeyError:
        raise ParseError("EF.COM data groups must be numbers 1 to 16.") from None
    body = (
        encode_tlv(LDS_VERSION_TAG, _undotted(lds_version, 2, "LDS version"))
        + encode_tlv(UNICODE_VERSION_TAG, _undotted(unicode_version, 3, "Unicode version"))
        + encode_tlv(TAG_LIST_TAG, tags)
    )
    return encode_tlv(EFCOM_TAG, body)
