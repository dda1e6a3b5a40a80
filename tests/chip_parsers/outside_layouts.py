"""DG13 fixtures in the layouts public Vietnamese card readers met (all data invented).

Each builder returns the bytes of a whole EF.DG13 in one outside layout (issue 19):
the father alone in entry 13, content after the SET (inside the 30 wrapper and after
it at top level), fields under context tags C0-CA, and a 12-digit entry 16.
"""

from __future__ import annotations

from kiosk.devices.chip.tlv import encode_tlv

HEADER = bytes.fromhex("020101") + bytes.fromhex("060628D316010008")  # version 1, the OID


def entry(number: int, *values: bytes) -> bytes:
    """``30 L 02 01 n <values>``: one numbered entry."""
    return encode_tlv(0x30, encode_tlv(0x02, bytes((number,))) + b"".join(values))


def utf8(text: str) -> bytes:
    """A UTF8String (0C)."""
    return encode_tlv(0x0C, text.encode())


def printable(text: str) -> bytes:
    """A PrintableString (13)."""
    return encode_tlv(0x13, text.encode())


BASIC = (
    entry(1, printable("079093001234")),
    entry(2, utf8("Trần Văn Bình")),
    entry(3, printable("05/01/1993")),
    entry(4, utf8("Nam")),
)


def wrapped(*entries: bytes, inside_after_set: bytes = b"", after_wrapper: bytes = b"") -> bytes:
    """``6D{30{02 01 01, 06 OID, 31{entries}, <inside_after_set>}, <after_wrapper>}``."""
    body = HEADER + encode_tlv(0x31, b"".join(entries)) + inside_after_set
    return encode_tlv(0x6D, encode_tlv(0x30, body) + after_wrapper)


def father_only() -> bytes:
    """Entry 13 with the father alone: ``30{02 01 0D, 30{0C father}}``."""
    return wrapped(*BASIC, entry(13, encode_tlv(0x30, utf8("Trần Văn Cường"))), entry(14))


def after_set() -> bytes:
    """Objects after the SET inside the wrapper, and after the wrapper at top level."""
    return wrapped(*BASIC,
                   inside_after_set=utf8("Phụ lục") + encode_tlv(0x04, b"\x01\x02"),
                   after_wrapper=entry(17, utf8("thêm")) + encode_tlv(0x5F01, b"\x07"))


CONTEXT_FIELDS = {
    0xC0: "079093001234",
    0xC1: "Trần Văn Bình",
    0xC2: "05/01/1993",
    0xC3: "Nam",
    0xC4: "Việt Nam",
    0xC5: "Kinh",
    0xC6: "Không",
    0xC7: "Xã Tân Hội, Đan Phượng, Hà Nội",
    0xC8: "Số 1 Phố Huế, Hai Bà Trưng, Hà Nội",
    0xC9: "24/07/2021",
    0xCA: "05/01/2033",
}


def context_tags_flat() -> bytes:
    """``6D{C0 .. CA}``: each field under its own context tag, no entry numbers."""
    return encode_tlv(0x6D, b"".join(encode_tlv(tag, text.encode())
                                      for tag, text in CONTEXT_FIELDS.items()))


def context_tags_wrapped() -> bytes:
    """``6D{30{C0 .. CA}}``: the same fields inside one SEQUENCE."""
    return encode_tlv(0x6D, encode_tlv(0x30, b"".join(
        encode_tlv(tag, text.encode()) for tag, text in CONTEXT_FIELDS.items())))


def entry16_twelve_digits() -> bytes:
    """No entry 15; entry 16 holds a 12-digit number (2024 cards, per one source)."""
    return wrapped(*BASIC, entry(16, printable("079093009999")))
