"""DG13: both parent layouts, spouse, optional entries 15/16, unknown content, malformed."""

from __future__ import annotations

import pytest

from kiosk.core.errors import ParseError
from kiosk.devices.chip.dg13 import (
    LAYOUT_ABSENT,
    LAYOUT_COMBINED,
    LAYOUT_SEPARATE,
    LAYOUT_UNKNOWN,
    parse_dg13,
)
from kiosk.devices.chip.dg13_encode import encode_dg13
from kiosk.devices.chip.tlv import encode_tlv, parse_one

from .samples import VALUES


def entry(number: int, *values: bytes) -> bytes:
    return encode_tlv(0x30, encode_tlv(0x02, bytes((number,))) + b"".join(values))


def utf8(text: str) -> bytes:
    return encode_tlv(0x0C, text.encode())


def printable(text: str) -> bytes:
    return encode_tlv(0x13, text.encode())


def dg13_of(*entries: bytes) -> bytes:
    body = (bytes.fromhex("020101") + bytes.fromhex("060628D316010008")
            + encode_tlv(0x31, b"".join(entries)))
    return encode_tlv(0x6D, encode_tlv(0x30, body))


def test_encoding_matches_the_documented_bytes() -> None:
    data = encode_dg13(VALUES, "separate")
    top, end = parse_one(data)
    assert end == len(data) and top.tag == 0x6D
    wrapper = top.value
    # 30 L 02 01 01 06 06 28 D3 16 01 00 08 31 L ...
    _, header_end = parse_one(wrapper)
    inner = parse_one(wrapper)[0].value
    assert header_end == len(wrapper)
    assert inner.startswith(bytes.fromhex("020101060628D316010008 31".replace(" ", "")))
    entries = parse_one(inner, 11)[0].value
    # entry 1: 30 11 02 01 01 13 0C "001090012345"
    assert entries.startswith(bytes.fromhex("301102010113 0C".replace(" ", ""))
                              + b"001090012345")
    assert entry(5, utf8("Việt Nam")) in entries
    assert utf8("Việt Nam")[:2] == bytes.fromhex("0C0A")  # 10 UTF-8 bytes, as cccd.md says
    separate = entry(13, encode_tlv(0x30, utf8("Nguyễn Văn Bình")),
                     encode_tlv(0x30, utf8("Trần Thị Cúc")))
    assert separate in entries
    assert bytes.fromhex("3003 02010E".replace(" ", "")) in entries  # empty spouse
    assert entry(15, printable("012345678")) in entries
    combined = encode_dg13(VALUES, "combined")
    assert entry(13, encode_tlv(0x30, utf8("Nguyễn Văn Bình") + utf8("Trần Thị Cúc"))) in combined


@pytest.mark.parametrize(("layout", "name"), [("separate", LAYOUT_SEPARATE),
                                              ("combined", LAYOUT_COMBINED)])
def test_both_parent_layouts(layout: str, name: str) -> None:
    dg13 = parse_dg13(encode_dg13(VALUES, layout))
    assert dg13.layout == name
    assert dg13.father_name == "Nguyễn Văn Bình"
    assert dg13.mother_name == "Trần Thị Cúc"
    assert dg13.spouse_name is None
    assert dg13.unknown == ()
    assert dg13.version == 1 and dg13.oid_ok
    assert dg13.fields[2] == "Nguyễn Văn An"
    assert dg13.fields["place_of_residence"] == VALUES["place_of_residence"]
    assert dg13.fields[5] == "Việt Nam"
    assert dg13.old_id_number == "012345678"
    assert "Nguyễn" not in repr(dg13)
    for number in (1, 3, 11, 12):
        assert dg13.fields[number] == VALUES[
            {1: "id_number", 3: "date_of_birth", 11: "issue_date", 12: "expiry"}[number]]


def test_spouse_present_and_no_old_id_and_entry16() -> None:
    values = dict(VALUES, spouse_name="Lê Thị Dung", old_id_number=None)
    dg13 = parse_dg13(encode_dg13(values, "combined", include_entry16="A1B2C3D4E5F6G7H8"))
    assert dg13.spouse_name == "Lê Thị Dung"
    assert 15 not in dg13.fields
    assert dg13.fields[16] == "A1B2C3D4E5F6G7H8"
    assert dg13.fields.get("entry16") == "A1B2C3D4E5F6G7H8"
    assert dg13.old_id_number is None
    assert dg13.unknown == ()


def test_entry16_as_old_id_when_15_missing() -> None:
    values = dict(VALUES, old_id_number=None)
    dg13 = parse_dg13(encode_dg13(values, include_entry16="123456789"))
    assert dg13.old_id_number == "123456789"


def test_unknown_entry_17_and_unknown_entry_13_layout_are_kept_and_named() -> None:
    weird_parents = entry(13, utf8("Nguyễn Văn Bình"), utf8("Trần Thị Cúc"))  # flat: not documented
    data = dg13_of(entry(1, printable("001090012345")), entry(2, utf8("Nguyễn Văn An")),
                   weird_parents, entry(17, utf8("thêm")))
    dg13 = parse_dg13(data)
    assert dg13.layout == LAYOUT_UNKNOWN
    assert dg13.father_name is None and dg13.mother_name is None
    names = [u.name for u in dg13.unknown]
    assert names == ["DG13 entry 13 (unknown layout)", "DG13 entry 17"]
    assert dg13.unknown[0].raw == weird_parents
    assert dg13.unknown[1].text == "thêm"
    assert dg13.fields[1] == "001090012345"


def test_missing_parents_is_reported() -> None:
    dg13 = parse_dg13(dg13_of(entry(1, printable("001090012345"))))
    assert dg13.layout == LAYOUT_ABSENT


def test_spouse_variants() -> None:
    bare = parse_dg13(dg13_of(entry(14, utf8("Lê Thị Dung"))))
    assert bare.spouse_name == "Lê Thị Dung" and not bare.unknown
    empty_seq = parse_dg13(dg13_of(entry(14, encode_tlv(0x30, b""))))
    assert empty_seq.spouse_name is None and not empty_seq.unknown
    odd = parse_dg13(dg13_of(entry(14, encode_tlv(0x02, b"\x05"))))
    assert [u.name for u in odd.unknown] == ["DG13 entry 14 (unknown layout)"]


def test_separate_layout_with_an_empty_parent() -> None:
    dg13 = parse_dg13(dg13_of(entry(13, encode_tlv(0x30, b""),
                                    encode_tlv(0x30, utf8("Trần Thị Cúc")))))
    assert dg13.layout == LAYOUT_SEPARATE
    assert dg13.father_name is None and dg13.mother_name == "Trần Thị Cúc"


def test_odd_content_is_named_not_fatal() -> None:
    data = dg13_of(
        entry(2, utf8("A"), utf8("B")),  # two values where one is expected
        entry(4, encode_tlv(0x0C, b"\xff\xfe")),  # not UTF-8
        entry(1, printable("001090012345")),
        entry(1, printable("999999999999")),  # duplicate
        encode_tlv(0x04, b"\x01\x02"),  # not an entry at all
        encode_tlv(0x30, encode_tlv(0x04, b"x")),  # SEQUENCE without a number
    )
    dg13 = parse_dg13(data)
    assert dg13.fields == {1: "001090012345"}
    assert [u.name for u in dg13.unknown] == [
        "DG13 entry 2 (unexpected content)",
        "DG13 entry 4 (unexpected content)",
        "DG13 entry 1 (duplicate)",
        "DG13 object that is not a numbered entry",
        "DG13 object that is not a numbered entry",
    ]


def test_malformed_bytes_inside_the_set_are_kept() -> None:
    good = entry(1, printable("001090012345"))
    body = (bytes.fromhex("020101060628D316010008") + bytes.fromhex("31")
            + bytes((len(good) + 3,)) + good + bytes.fromhex("3005AA"))
    dg13 = parse_dg13(encode_tlv(0x6D, encode_tlv(0x30, body)))
    assert dg13.fields[1] == "001090012345"
    assert dg13.unknown[-1].name == "DG13 undecodable bytes in entry set"
    assert dg13.unknown[-1].raw == bytes.fromhex("3005AA")


def test_entries_without_the_wrapper_or_set() -> None:
    no_wrapper = encode_tlv(0x6D, bytes.fromhex("020101") + encode_tlv(
        0x31, entry(1, printable("001090012345"))))
    assert parse_dg13(no_wrapper).fields[1] == "001090012345"
    flat = encode_tlv(0x6D, entry(1, printable("001090012345")) + entry(2, utf8("X")))
    dg13 = parse_dg13(flat)
    assert dg13.fields == {1: "001090012345", 2: "X"}
    assert not dg13.oid_ok and dg13.version is None


def test_garbage_inside_a_valid_outer_tag() -> None:
    dg13 = parse_dg13(encode_tlv(0x6D, b"\x5f"))
    assert dg13.fields == {}
    assert [u.name for u in dg13.unknown] == ["DG13 undecodable bytes"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "expected one TLV"),
        (encode_tlv(0x61, b""), "expected tag 0x6D"),
        (encode_tlv(0x6D, b"") + b"\x00\x00", "found 2"),
    ],
)
def test_not_a_dg13(data: bytes, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_dg13(data)


def test_truncated_file() -> None:
    data = encode_dg13(VALUES)
    for cut in (1, 2, 3, 10, len(data) // 2, len(data) - 1):
        with pytest.raises(ParseError, match="truncated"):
            parse_dg13(data[:cut])


def test_encoder_rejects_bad_input() -> None:
    with pytest.raises(ParseError, match="unknown keys"):
        encode_dg13({"nickname": "x"})
    with pytest.raises(ParseError, match="layout"):
        encode_dg13(VALUES, "flat")
    with pytest.raises(ParseError, match="ASCII"):
        encode_dg13(dict(VALUES, id_number="00109001234５"))


def test_log_holds_structure_only(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("DEBUG", logger="kiosk.devices.chip.dg13"):
        parse_dg13(encode_dg13(VALUES, include_entry16="A1B2C3D4E5F6G7H8"))
    (record,) = caplog.records
    fields = record.fields  # type: ignore[attr-defined]
    assert fields["layout"] == LAYOUT_SEPARATE
    assert fields["entries"] == [*range(1, 13), 15, 16]
    dumped = record.getMessage() + repr(fields)
    for value in VALUES.values():
        if value:
            assert value not in dumped
