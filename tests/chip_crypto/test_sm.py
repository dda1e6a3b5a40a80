"""Secure messaging against ICAO 9303-11 Appendix D.4, both directions, and robustness."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import KioskError, SecureMessagingError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.sm import (
    SecureMessaging,
    SecureMessagingTransport,
    SmObjectInvalidError,
    SmObjectMissingError,
)

from . import icao_vectors as v
from .transports import ScriptedTransport


def reader() -> SecureMessaging:
    return SecureMessaging(v.KS_ENC, v.KS_MAC, v.SSC)


def card() -> SecureMessaging:
    return SecureMessaging(v.KS_ENC, v.KS_MAC, v.SSC)


def test_d4_reader_side_byte_for_byte() -> None:
    sm = reader()
    select = sm.protect(CommandApdu.from_bytes(v.SELECT_PLAIN))
    assert sm.ssc == v.SELECT_SSC
    assert select.data[:11] == v.SELECT_DO87
    assert select.data[11:] == b"\x8e\x08" + v.SELECT_CC
    assert select.to_bytes() == v.SELECT_PROTECTED
    answer = sm.unprotect(ResponseApdu.from_bytes(v.SELECT_RAPDU))
    assert sm.ssc == v.SELECT_RESP_SSC
    assert answer == ResponseApdu(b"", 0x90, 0x00)

    read4 = sm.protect(CommandApdu.from_bytes(v.READ4_PLAIN))
    assert sm.ssc == v.READ4_SSC
    assert read4.data[:3] == v.READ4_DO97
    assert read4.to_bytes() == v.READ4_PROTECTED
    answer = sm.unprotect(ResponseApdu.from_bytes(v.READ4_RAPDU))
    assert sm.ssc == v.READ4_RESP_SSC
    assert answer == ResponseApdu(v.READ4_DATA, 0x90, 0x00)

    read18 = sm.protect(CommandApdu.from_bytes(v.READ18_PLAIN))
    assert sm.ssc == v.READ18_SSC
    assert read18.data[:3] == v.READ18_DO97
    assert read18.to_bytes() == v.READ18_PROTECTED
    answer = sm.unprotect(ResponseApdu.from_bytes(v.READ18_RAPDU))
    assert sm.ssc == v.READ18_RESP_SSC
    assert answer == ResponseApdu(v.READ18_DATA, 0x90, 0x00)


def test_d4_card_side_byte_for_byte() -> None:
    sm = card()
    select = sm.unprotect_command(CommandApdu.from_bytes(v.SELECT_PROTECTED))
    assert select.to_bytes() == v.SELECT_PLAIN
    assert sm.protect_response(ResponseApdu.status(0x9000)).to_bytes() == v.SELECT_RAPDU

    read4 = sm.unprotect_command(CommandApdu.from_bytes(v.READ4_PROTECTED))
    assert read4.to_bytes() == v.READ4_PLAIN
    assert sm.protect_response(ResponseApdu.status(0x9000, v.READ4_DATA)).to_bytes() == (
        v.READ4_RAPDU
    )

    read18 = sm.unprotect_command(CommandApdu.from_bytes(v.READ18_PROTECTED))
    assert read18.to_bytes() == v.READ18_PLAIN
    assert sm.protect_response(ResponseApdu.status(0x9000, v.READ18_DATA)).to_bytes() == (
        v.READ18_RAPDU
    )
    assert sm.ssc == v.READ18_RESP_SSC


def test_transport_replays_d4() -> None:
    inner = ScriptedTransport([v.SELECT_RAPDU, v.READ4_RAPDU, v.READ18_RAPDU])
    transport = SecureMessagingTransport(inner, reader())
    assert transport.transmit(CommandApdu.from_bytes(v.SELECT_PLAIN)).ok
    head = transport.transmit(CommandApdu.from_bytes(v.READ4_PLAIN)).check().data
    rest = transport.transmit(CommandApdu.from_bytes(v.READ18_PLAIN)).check().data
    assert head + rest == v.READ4_DATA + v.READ18_DATA
    assert inner.sent == [v.SELECT_PROTECTED, v.READ4_PROTECTED, v.READ18_PROTECTED]
    assert transport.supports_extended is False
    assert transport.sm.ssc == v.READ18_RESP_SSC


def test_wrong_response_mac_is_rejected() -> None:
    sm = reader()
    sm.protect(CommandApdu.from_bytes(v.SELECT_PLAIN))
    tampered = bytearray(v.SELECT_RAPDU)
    tampered[-3] ^= 0x01
    with pytest.raises(SmObjectInvalidError, match="MAC"):
        sm.unprotect(ResponseApdu.from_bytes(bytes(tampered)))


def test_replayed_response_is_rejected() -> None:
    # Same bytes one SSC later: the MAC no longer matches.
    sm = reader()
    sm.protect(CommandApdu.from_bytes(v.READ4_PLAIN))
    with pytest.raises(SecureMessagingError):
        sm.unprotect(ResponseApdu.from_bytes(v.READ4_RAPDU))


def test_missing_mac_with_9000_is_rejected() -> None:
    sm = reader()
    sm.protect(CommandApdu.from_bytes(v.SELECT_PLAIN))
    with pytest.raises(SmObjectMissingError):
        sm.unprotect(ResponseApdu.from_bytes(bytes.fromhex("990290009000")))
    with pytest.raises(SmObjectMissingError):
        sm.unprotect(ResponseApdu.status(0x9000))


@pytest.mark.parametrize("sw", [0x6282, 0x6987, 0x6988, 0x6A82])
def test_plain_error_status_passes_through(sw: int) -> None:
    sm = reader()
    sm.protect(CommandApdu.from_bytes(v.READ4_PLAIN))
    assert sm.unprotect(ResponseApdu.status(sw)).sw == sw


def test_response_without_do99_takes_status_from_trailer() -> None:
    cardside, readerside = card(), reader()
    cardside.unprotect_command(readerside.protect(CommandApdu(0, 0xB0, 0, 0, le=4)))
    answer = cardside.protect_response(ResponseApdu.status(0x6282, b"\x01\x02"), False)
    assert b"\x99\x02" not in answer.data
    assert readerside.unprotect(answer) == ResponseApdu(b"\x01\x02", 0x62, 0x82)
    cardside.unprotect_command(readerside.protect(CommandApdu(0, 0xA4, 2, 12, b"\x01\x1e")))
    empty = cardside.protect_response(ResponseApdu.status(0x9000), include_status=False)
    assert empty.data[:2] == b"\x8e\x08"
    assert readerside.unprotect(empty) == ResponseApdu(b"", 0x90, 0x00)


def test_odd_ins_uses_do85_both_ways() -> None:
    readerside, cardside = reader(), card()
    cmd = readerside.protect(CommandApdu(0x00, 0xB1, 0x01, 0x1E, b"\x54\x02\x01\x00", le=0xDF))
    assert cmd.data[0] == 0x85
    plain = cardside.unprotect_command(cmd)
    assert plain == CommandApdu(0x00, 0xB1, 0x01, 0x1E, b"\x54\x02\x01\x00", 0xDF)
    resp = cardside.protect_response(ResponseApdu.status(0x9000, b"\x53\x02\xab\xcd"))
    assert resp.data[0] == 0x85
    assert readerside.unprotect(resp).data == b"\x53\x02\xab\xcd"


@pytest.mark.parametrize(("le", "do97"), [(256, "970100"), (65536, "97020000"), (1000, "970203E8")])
def test_le_encoding_in_do97(le: int, do97: str) -> None:
    readerside, cardside = reader(), card()
    cmd = readerside.protect(CommandApdu(0, 0xB0, 0, 0, le=le))
    assert cmd.data.startswith(bytes.fromhex(do97))
    assert cmd.le == (256 if le <= 256 else 65536)
    assert cmd.to_bytes().endswith(b"\x00\x00" if le > 256 else b"\x00")
    assert cardside.unprotect_command(cmd).le == le


def test_long_response_uses_long_length_forms() -> None:
    readerside, cardside = reader(), card()
    cardside.unprotect_command(readerside.protect(CommandApdu(0, 0xB0, 0, 0, le=65536)))
    data = bytes(range(256)) * 4
    resp = cardside.protect_response(ResponseApdu.status(0x9000, data))
    assert resp.data[:2] == b"\x87\x82"
    assert readerside.unprotect(resp).data == data


@pytest.mark.parametrize(
    "mutate",
    [
        lambda c: CommandApdu(0x00, c.ins, c.p1, c.p2, c.data, c.le),  # CLA not SM
        lambda c: CommandApdu(c.cla, c.ins, c.p1 ^ 1, c.p2, c.data, c.le),  # header changed
        lambda c: CommandApdu(c.cla, c.ins, c.p1, c.p2, c.data[:-10], c.le),  # no MAC
        lambda c: CommandApdu(c.cla, c.ins, c.p1, c.p2, c.data[:-1] + b"\x00", c.le),
    ],
)
def test_card_side_rejects_bad_commands(mutate: Callable[[CommandApdu], CommandApdu]) -> None:
    cmd = reader().protect(CommandApdu.from_bytes(v.SELECT_PLAIN))
    with pytest.raises(SecureMessagingError):
        card().unprotect_command(mutate(cmd))


@pytest.mark.parametrize("cipher_suite", ["3DES", "AES"])
@given(
    data=st.binary(max_size=300),
    le=st.one_of(st.none(), st.integers(1, 65536)),
    ins=st.sampled_from([0xA4, 0xB0, 0xB1, 0x22, 0x86]),
    answer=st.binary(max_size=300),
    sw=st.sampled_from([0x9000, 0x6282, 0x6A82]),
)
@settings(max_examples=150, deadline=None)
def test_round_trip_reader_card(
    cipher_suite: str, data: bytes, le: int | None, ins: int, answer: bytes, sw: int
) -> None:
    key = bytes(range(16))
    readerside = SecureMessaging(key, key[::-1], 5, cipher_suite)
    cardside = SecureMessaging(key, key[::-1], 5, cipher_suite)
    cmd = CommandApdu(0x00, ins, 0x01, 0x02, data, le)
    assert cardside.unprotect_command(readerside.protect(cmd)) == cmd
    resp = ResponseApdu.status(sw, answer)
    assert readerside.unprotect(cardside.protect_response(resp)) == resp


@pytest.mark.parametrize("cipher_suite", ["3DES", "AES"])
@given(raw=st.binary(min_size=2, max_size=120))
@settings(max_examples=300, deadline=None)
def test_unprotect_random_bytes_only_typed_errors(cipher_suite: str, raw: bytes) -> None:
    key = bytes(range(16))
    sm = SecureMessaging(key, key, 1, cipher_suite)
    with contextlib.suppress(KioskError):
        sm.unprotect(ResponseApdu.from_bytes(raw))


@given(raw=st.binary(min_size=4, max_size=120))
@settings(max_examples=300, deadline=None)
def test_unprotect_command_random_bytes_only_typed_errors(raw: bytes) -> None:
    sm = SecureMessaging(v.KS_ENC, v.KS_MAC, v.SSC)
    with contextlib.suppress(KioskError):
        sm.unprotect_command(CommandApdu.from_bytes(raw))


@given(body=st.binary(max_size=60))
@settings(max_examples=300, deadline=None)
def test_unprotect_random_objects_with_valid_mac_only_typed_errors(body: bytes) -> None:
    # Random objects that carry a correct MAC reach the decryption and unpadding paths.
    readerside, cardside = reader(), card()
    readerside.protect(CommandApdu(0, 0xB0, 0, 0, le=4))
    cardside._next_ssc()
    ssc = cardside._next_ssc()
    mac = cardside._mac(ssc, body)
    with contextlib.suppress(KioskError):
        readerside.unprotect(ResponseApdu(body + b"\x8e\x08" + mac, 0x90, 0x00))
