from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import KioskError, ParseError
from kiosk.devices.chip.apdu import (
    CommandApdu,
    EndOfFileError,
    ResponseApdu,
    SecurityStatusError,
    StatusWordError,
    WrongLeError,
    WrongLengthError,
    status_error,
)


def test_short_encodings() -> None:
    assert CommandApdu(0, 0x84, 0, 0, le=8).to_bytes() == bytes.fromhex("0084000008")
    assert CommandApdu(0, 0xA4, 4, 0x0C, bytes.fromhex("A0000002471001")).to_bytes() == (
        bytes.fromhex("00A4040C07A0000002471001")
    )
    assert CommandApdu(0, 0xB0, 0, 0, le=256).to_bytes() == bytes.fromhex("00B0000000")
    assert CommandApdu(0, 0x82, 0, 0, b"\x01\x02", le=40).to_bytes() == bytes.fromhex(
        "00820000020102" "28"
    )


def test_extended_encodings() -> None:
    assert CommandApdu(0, 0xB0, 0, 0, le=1000).to_bytes() == bytes.fromhex("00B00000" "0003E8")
    assert CommandApdu(0, 0xB0, 0, 0, le=65536).to_bytes() == bytes.fromhex("00B00000" "000000")
    data = bytes(300)
    raw = CommandApdu(0, 0xD6, 0, 0, data, le=2).to_bytes()
    assert raw[:7] == bytes.fromhex("00D60000" "00012C") and raw[-2:] == b"\x00\x02"
    assert CommandApdu(0, 0xB0, 0, 0, le=8).to_bytes(extended=True) == bytes.fromhex(
        "00B00000000008"
    )
    with pytest.raises(ValueError):
        CommandApdu(0, 0xB0, 0, 0, le=1000).to_bytes(extended=False)


@given(
    st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.integers(0, 255),
    st.binary(max_size=400), st.one_of(st.none(), st.integers(1, 65536)), st.booleans(),
)
@settings(max_examples=300)
def test_round_trip(cla: int, ins: int, p1: int, p2: int, data: bytes, le: int | None,
                    force_ext: bool) -> None:
    apdu = CommandApdu(cla, ins, p1, p2, data, le)
    extended = apdu.needs_extended or force_ext
    if extended and not data and le is None:
        extended = False  # case 1 has no extended form
    assert CommandApdu.from_bytes(apdu.to_bytes(extended)) == apdu


@given(st.binary(max_size=300))
@settings(max_examples=300)
def test_parse_random_bytes_only_typed_errors(raw: bytes) -> None:
    with contextlib.suppress(KioskError):
        CommandApdu.from_bytes(raw)


def test_status_words_are_named() -> None:
    assert isinstance(status_error(0x6982), SecurityStatusError)
    assert isinstance(status_error(0x6700), WrongLengthError)
    assert isinstance(status_error(0x6282), EndOfFileError)
    wrong_le = status_error(0x6C10)
    assert isinstance(wrong_le, WrongLeError) and wrong_le.correct_le == 0x10
    assert type(status_error(0x6F00)) is StatusWordError
    with pytest.raises(SecurityStatusError, match="6982"):
        ResponseApdu.from_bytes(bytes.fromhex("6982")).check()
    assert ResponseApdu.from_bytes(bytes.fromhex("01029000")).check().data == b"\x01\x02"
    with pytest.raises(ParseError):
        ResponseApdu.from_bytes(b"\x90")
