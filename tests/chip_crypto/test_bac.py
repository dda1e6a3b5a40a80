"""BAC against ICAO 9303-11 Appendix D.2/D.3, reader ⇄ card round trips, wrong keys."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import (
    AccessDeniedError,
    CardError,
    KioskError,
    ParseError,
    SecureMessagingError,
)
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import BacCardSide, BacKey, derive_bac_keys, perform_bac

from . import icao_vectors as v
from .transports import MiniChip, ScriptedTransport

KEY = BacKey(v.DOC_NUMBER, v.DOB, v.EXPIRY)
EF_COM = v.READ4_DATA + v.READ18_DATA


def scripted_rng(*chunks: bytes) -> Callable[[int], bytes]:
    pending = list(chunks)

    def rng(n: int) -> bytes:
        chunk = pending.pop(0)
        assert len(chunk) == n
        return chunk

    return rng


def test_d2_mrz_information_and_keys() -> None:
    assert KEY.mrz_information() == v.MRZ_INFORMATION
    assert KEY.key_seed() == v.K_SEED
    assert derive_bac_keys(v.K_SEED) == (v.K_ENC, v.K_MAC)


def test_short_document_number_is_padded() -> None:
    assert BacKey("L898902C", v.DOB, v.EXPIRY).mrz_information() == v.MRZ_INFORMATION


def test_filler_dates_are_accepted() -> None:
    # check digit of "<<<<<<" is 0
    assert BacKey("123456789", "900115", "<<<<<<").mrz_information().endswith("<<<<<<0")


def test_long_document_number_is_used_whole() -> None:
    info = BacKey("D23145890734", "340712", "950712").mrz_information()
    assert info.startswith("D23145890734") and len(info) == 12 + 1 + 7 + 7


@pytest.mark.parametrize(
    ("number", "dob", "expiry"),
    [
        ("", "690806", "940623"),
        ("l898902c", "690806", "940623"),
        ("X", "6908", "940623"),
        ("X", "690806", "94-623"),
    ],
)
def test_bad_key_fields_raise_parse_error(number: str, dob: str, expiry: str) -> None:
    with pytest.raises(ParseError):
        BacKey(number, dob, expiry)


def test_key_repr_hides_personal_data() -> None:
    assert v.DOC_NUMBER not in repr(KEY) and v.DOB not in repr(KEY)


def test_d3_reader_side_against_recorded_card() -> None:
    inner = ScriptedTransport(
        [
            v.RND_ICC + b"\x90\x00",
            v.RESP_DATA + b"\x90\x00",
            v.SELECT_RAPDU,
            v.READ4_RAPDU,
            v.READ18_RAPDU,
        ]
    )
    transport = perform_bac(inner, KEY, rnd_ifd=v.RND_IFD, k_ifd=v.K_IFD)
    assert inner.sent == [bytes.fromhex("0084000008"), v.EXTERNAL_AUTHENTICATE]
    sm = transport.sm
    assert (sm.ks_enc, sm.ks_mac, sm.ssc, sm.cipher) == (v.KS_ENC, v.KS_MAC, v.SSC, "3DES")
    # D.4 continues on the session D.3 established.
    assert transport.transmit(CommandApdu.from_bytes(v.SELECT_PLAIN)).ok
    head = transport.transmit(CommandApdu.from_bytes(v.READ4_PLAIN)).check().data
    rest = transport.transmit(CommandApdu.from_bytes(v.READ18_PLAIN)).check().data
    assert head + rest == EF_COM
    assert inner.sent[2:] == [v.SELECT_PROTECTED, v.READ4_PROTECTED, v.READ18_PROTECTED]


def test_d3_card_side_produces_published_answer() -> None:
    chip = BacCardSide(KEY, rng=scripted_rng(v.RND_ICC, v.K_ICC))
    assert chip.get_challenge() == v.RND_ICC
    answer, sm = chip.external_authenticate(v.CMD_DATA)
    assert answer == v.RESP_DATA
    assert (sm.ks_enc, sm.ks_mac, sm.ssc) == (v.KS_ENC, v.KS_MAC, v.SSC)


def test_full_round_trip_with_random_nonces() -> None:
    chip = MiniChip(BacCardSide(KEY), {0x011E: EF_COM})
    transport = perform_bac(chip, KEY)
    assert transport.transmit(CommandApdu(0, 0xA4, 0x02, 0x0C, b"\x01\x1e")).ok
    assert transport.transmit(CommandApdu(0, 0xB0, 0, 0, le=256)).check().data == EF_COM
    odd = transport.transmit(CommandApdu(0, 0xB1, 0, 0, b"\x54\x01\x04", le=256)).check()
    assert odd.data == b"\x53\x08" + EF_COM[4:12]
    missing = transport.transmit(CommandApdu(0, 0xA4, 0x02, 0x0C, b"\x01\x01"))
    assert missing.sw == 0x6A82
    assert chip.sm is not None and transport.sm.ssc == chip.sm.ssc


def test_wrong_key_is_access_denied() -> None:
    chip = MiniChip(BacCardSide(KEY), {})
    wrong = BacKey(v.DOC_NUMBER, v.DOB, "940624")
    with pytest.raises(AccessDeniedError, match="refused the access key"):
        perform_bac(chip, wrong)
    assert chip.sm is None


@pytest.mark.parametrize("sw", ["6300", "6982"])
def test_refusal_status_words(sw: str) -> None:
    inner = ScriptedTransport([v.RND_ICC + b"\x90\x00", bytes.fromhex(sw)])
    with pytest.raises(AccessDeniedError):
        perform_bac(inner, KEY, rnd_ifd=v.RND_IFD, k_ifd=v.K_IFD)


def test_bad_card_mac_is_secure_messaging_error() -> None:
    bad = bytearray(v.RESP_DATA)
    bad[-1] ^= 0x80
    inner = ScriptedTransport([v.RND_ICC + b"\x90\x00", bytes(bad) + b"\x90\x00"])
    with pytest.raises(SecureMessagingError, match="MAC"):
        perform_bac(inner, KEY, rnd_ifd=v.RND_IFD, k_ifd=v.K_IFD)


def test_card_answer_with_wrong_nonce_is_rejected() -> None:
    # A card that knows the key but answers for another challenge.
    chip = BacCardSide(KEY, rng=scripted_rng(v.RND_ICC, v.K_ICC))
    chip.get_challenge()
    answer, _ = chip.external_authenticate(v.CMD_DATA)
    other = bytes(8)
    inner = ScriptedTransport([other + b"\x90\x00", answer + b"\x90\x00"])
    with pytest.raises(SecureMessagingError, match="nonces"):
        perform_bac(inner, KEY, rnd_ifd=v.RND_IFD, k_ifd=v.K_IFD)


def test_short_answers_are_typed_errors() -> None:
    with pytest.raises(SecureMessagingError):
        perform_bac(ScriptedTransport([v.RND_ICC + b"\x90\x00", b"\x01\x02\x90\x00"]), KEY)
    with pytest.raises(CardError, match="instead of 8"):
        perform_bac(ScriptedTransport([b"\x01\x02\x90\x00"]), KEY)


def test_card_side_refuses_wrong_mac_wrong_challenge_and_replay() -> None:
    chip = BacCardSide(KEY, rng=scripted_rng(v.RND_ICC, v.RND_ICC, bytes(8)))
    with pytest.raises(AccessDeniedError, match="No challenge"):
        chip.external_authenticate(v.CMD_DATA)
    chip.get_challenge()
    tampered = v.CMD_DATA[:-1] + bytes((v.CMD_DATA[-1] ^ 1,))
    with pytest.raises(AccessDeniedError):
        chip.external_authenticate(tampered)
    chip.get_challenge()
    with pytest.raises(AccessDeniedError):
        chip.external_authenticate(v.CMD_DATA[:39])
    chip.get_challenge()  # a different challenge: the recorded answer no longer fits
    with pytest.raises(AccessDeniedError):
        chip.external_authenticate(v.CMD_DATA)


def test_session_ends_after_tampered_response() -> None:
    def flip(resp: ResponseApdu) -> ResponseApdu:
        return ResponseApdu(resp.data[:-1] + bytes((resp.data[-1] ^ 1,)), resp.sw1, resp.sw2)

    chip = MiniChip(BacCardSide(KEY), {0x011E: EF_COM}, tamper=flip)
    transport = perform_bac(chip, KEY)
    with pytest.raises(SecureMessagingError):
        transport.transmit(CommandApdu(0, 0xA4, 0x02, 0x0C, b"\x01\x1e"))


@given(st.binary(min_size=2, max_size=60), st.binary(min_size=2, max_size=60))
@settings(max_examples=200, deadline=None)
def test_perform_bac_on_random_answers_only_typed_errors(first: bytes, second: bytes) -> None:
    inner = ScriptedTransport([first, second])
    with contextlib.suppress(KioskError):
        perform_bac(inner, KEY)


def test_many_sessions_are_independent() -> None:
    for _ in itertools.repeat(None, 5):
        chip = MiniChip(BacCardSide(KEY), {0x011E: EF_COM})
        transport = perform_bac(chip, KEY, rnd_ifd=os.urandom(8))
        assert transport.transmit(CommandApdu(0, 0xA4, 0x02, 0x0C, b"\x01\x1e")).ok
