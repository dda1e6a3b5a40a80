"""BER-TLV parsing/encoding: known encodings, errors and fuzzing."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import KioskError, ParseError
from kiosk.devices.chip.tlv import (
    Tlv,
    encode_length,
    encode_tlv,
    expect_single,
    find,
    parse_one,
    parse_tlv,
    total_length_from_header,
)


@pytest.mark.parametrize(
    ("n", "encoded"),
    [
        (0, "00"),
        (0x7F, "7F"),
        (0x80, "8180"),
        (0xFF, "81FF"),
        (0x100, "820100"),
        (0xFFFF, "82FFFF"),
        (0x10000, "83010000"),
        (0x1000000, "8401000000"),
    ],
)
def test_encode_length_der(n: int, encoded: str) -> None:
    assert encode_length(n) == bytes.fromhex(encoded)


def test_encode_length_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        encode_length(-1)
    with pytest.raises(ValueError):
        encode_length(1 << 32)


def test_encode_multibyte_tags() -> None:
    assert encode_tlv(0x5F1F, b"AB") == bytes.fromhex("5F1F024142")
    assert encode_tlv(0x7F61, b"") == bytes.fromhex("7F6100")
    assert encode_tlv(0x61, b"\x00" * 200)[:3] == bytes.fromhex("6181C8")


def test_parse_dg1_like_structure() -> None:
    # ICAO 9303 EF.COM example header: 60 16 5F01 04 "0107" 5F36 06 "040000" 5C 04 61 75 63 6D
    data = bytes.fromhex("6016 5F0104 30313037 5F3606 303430303030 5C04 61756D6E".replace(" ", ""))
    (top,) = parse_tlv(data)
    assert top.tag == 0x60
    assert top.constructed
    kids = top.children()
    assert [k.tag for k in kids] == [0x5F01, 0x5F36, 0x5C]
    assert not kids[0].constructed
    assert kids[0].value == b"0107"
    five_c = find(kids, 0x5C)
    assert five_c is not None and five_c.value == bytes.fromhex("61756D6E")
    assert find(kids, 0x99) is None
    assert top.encode() == data


def test_parse_long_lengths() -> None:
    value = bytes(range(256)) * 3
    for data in (encode_tlv(0x75, value), bytes.fromhex("7583000300") + value,
                 bytes.fromhex("758400000300") + value):
        tlv, end = parse_one(data)
        assert tlv.tag == 0x75 and tlv.value == value and end == len(data)


def test_parse_one_offset() -> None:
    data = encode_tlv(0x02, b"\x01") + encode_tlv(0x0C, "Việt Nam".encode())
    first, pos = parse_one(data)
    second, end = parse_one(data, pos)
    assert first == Tlv(0x02, b"\x01")
    assert second.value.decode() == "Việt Nam"
    assert end == len(data)


@pytest.mark.parametrize(
    ("hexdata", "fragment"),
    [
        ("", None),
        ("5F", "cut off"),
        ("61", "length expected"),
        ("6105AABB", "declares 5"),
        ("6180", "indefinite"),
        ("6185000000000000", "at most 4"),
        ("6182 01", "needs 2 more"),
        ("5F8181818101", "longer than"),
    ],
)
def test_malformed(hexdata: str, fragment: str | None) -> None:
    data = bytes.fromhex(hexdata.replace(" ", ""))
    if not data:
        assert parse_tlv(data) == []
        with pytest.raises(ParseError):
            parse_one(data)
        return
    with pytest.raises(ParseError) as err:
        parse_tlv(data)
    assert fragment in str(err.value)


def test_expect_single() -> None:
    data = encode_tlv(0x61, b"x")
    assert expect_single(data, 0x61, "DG1").value == b"x"
    with pytest.raises(ParseError, match="DG1: expected tag 0x61"):
        expect_single(encode_tlv(0x75, b""), 0x61, "DG1")
    with pytest.raises(ParseError, match="found 2"):
        expect_single(data + data, 0x61, "DG1")


def test_children_of_primitive_garbage_raises() -> None:
    with pytest.raises(ParseError):
        Tlv(0x61, b"\x5f").children()


@pytest.mark.parametrize(
    ("header", "total"),
    [
        ("615B5F1F", 2 + 0x5B),
        ("75820D0F7F61", 4 + 0x0D0F),
        ("7581F0", 3 + 0xF0),
        ("6E83010000", 5 + 0x10000),
        ("7F6103", 6),
    ],
)
def test_total_length_from_header(header: str, total: int) -> None:
    assert total_length_from_header(bytes.fromhex(header)) == total


@pytest.mark.parametrize(
    ("header", "fragment"),
    [("", "empty"), ("7F", "needs more"), ("75", "at least 2"), ("7582", "4 needed"),
     ("7584AABB", "6 needed"), ("7580", "indefinite")],
)
def test_total_length_from_header_short(header: str, fragment: str) -> None:
    with pytest.raises(ParseError) as err:
        total_length_from_header(bytes.fromhex(header))
    assert fragment in str(err.value)


tags = st.sampled_from([0x02, 0x04, 0x0C, 0x13, 0x30, 0x31, 0x5C, 0x5F01, 0x5F1F, 0x5F2E,
                        0x60, 0x61, 0x6D, 0x75, 0x7F2E, 0x7F60, 0x7F61, 0x9F8101])


@settings(max_examples=300)
@given(st.lists(st.tuples(tags, st.binary(max_size=300)), max_size=5))
def test_round_trip(objects: list[tuple[int, bytes]]) -> None:
    data = b"".join(encode_tlv(t, v) for t, v in objects)
    assert [(t.tag, t.value) for t in parse_tlv(data)] == objects
    if data:
        assert total_length_from_header(data[:8]) == len(encode_tlv(*objects[0]))


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    try:
        for tlv in parse_tlv(data):
            assert len(tlv.encode()) >= len(tlv.value)
            if tlv.constructed:
                tlv.children()
    except KioskError:
        pass
    with contextlib.suppress(KioskError):
        total_length_from_header(data[:6])
