"""PACE-ECDH-GM against ICAO 9303-11 Appendix G.1, reader ⇄ card round trips, failures."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import AccessDeniedError, KioskError, ParseError, SecureMessagingError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import BacKey
from kiosk.devices.chip.crypto import UnsupportedAlgorithmError
from kiosk.devices.chip.ecc_curves import CURVES
from kiosk.devices.chip.pace import PaceCardSide, PaceSetupError, mse_set_at, perform_pace
from kiosk.devices.chip.pace_crypto import (
    PacePassword,
    PasswordKind,
    auth_token,
    decrypt_nonce,
    encrypt_nonce,
    map_generator,
    session_keys,
    shared_secret,
)
from kiosk.devices.chip.pace_info import PaceInfo

from . import icao_pace_vectors as g
from .transports import ScriptedTransport

CURVE = CURVES[13]
INFO = PaceInfo(g.OID, 2, 13)
ALGORITHM = INFO.algorithm
PASSWORD = PacePassword.from_mrz(BacKey(g.DOC_NUMBER, g.DOB, g.EXPIRY))


def scripted_rng(*chunks: bytes) -> Callable[[int], bytes]:
    pending = list(chunks)

    def rng(n: int) -> bytes:
        chunk = pending.pop(0)
        assert len(chunk) == n
        return chunk

    return rng


def test_g1_password_and_nonce() -> None:
    assert PASSWORD.secret == g.K
    assert PASSWORD.kind is PasswordKind.MRZ
    assert PASSWORD.password_key(ALGORITHM) == g.K_PI
    assert decrypt_nonce(ALGORITHM, g.K_PI, g.NONCE_Z) == g.NONCE_S
    assert encrypt_nonce(ALGORITHM, g.K_PI, g.NONCE_S) == g.NONCE_Z


def test_g1_mapping_step() -> None:
    sk_ifd = int.from_bytes(g.SK_MAP_IFD, "big")
    sk_ic = int.from_bytes(g.SK_MAP_IC, "big")
    assert CURVE.encode(CURVE.multiply(sk_ifd, CURVE.generator)) == g.PK_MAP_IFD
    assert CURVE.encode(CURVE.multiply(sk_ic, CURVE.generator)) == g.PK_MAP_IC
    h_reader = CURVE.multiply(sk_ifd, CURVE.decode(g.PK_MAP_IC))
    h_card = CURVE.multiply(sk_ic, CURVE.decode(g.PK_MAP_IFD))
    assert CURVE.encode(h_reader) == CURVE.encode(h_card) == g.H_POINT
    assert CURVE.encode(map_generator(CURVE, g.NONCE_S, h_reader)) == g.G_MAPPED


def test_g1_key_agreement_keys_and_tokens() -> None:
    generator = CURVE.decode(g.G_MAPPED)
    sk_ifd = int.from_bytes(g.SK_DH_IFD, "big")
    sk_ic = int.from_bytes(g.SK_DH_IC, "big")
    assert CURVE.encode(CURVE.multiply(sk_ifd, generator)) == g.PK_DH_IFD
    assert CURVE.encode(CURVE.multiply(sk_ic, generator)) == g.PK_DH_IC
    assert shared_secret(CURVE, sk_ifd, CURVE.decode(g.PK_DH_IC)) == g.SHARED_K
    assert shared_secret(CURVE, sk_ic, CURVE.decode(g.PK_DH_IFD)) == g.SHARED_K
    assert session_keys(ALGORITHM, g.SHARED_K) == (g.KS_ENC, g.KS_MAC)
    assert auth_token(ALGORITHM, g.KS_MAC, g.PK_DH_IC) == g.T_IFD
    assert auth_token(ALGORITHM, g.KS_MAC, g.PK_DH_IFD) == g.T_IC


@pytest.mark.parametrize(("include_84", "mse"), [(False, g.MSE_SET_AT), (True, g.MSE_SET_AT_84)])
def test_g1_reader_transcript_byte_for_byte(include_84: bool, mse: bytes) -> None:
    inner = ScriptedTransport([b"\x90\x00", g.GA1_RESP, g.GA2_RESP, g.GA3_RESP, g.GA4_RESP])
    rng = scripted_rng(g.SK_MAP_IFD, g.SK_DH_IFD)
    transport = perform_pace(inner, PASSWORD, INFO, include_parameter_id=include_84, rng=rng)
    assert inner.sent == [mse, g.GA1, g.GA2, g.GA3, g.GA4]
    sm = transport.sm
    assert (sm.ks_enc, sm.ks_mac, sm.cipher, sm.ssc) == (g.KS_ENC, g.KS_MAC, "AES", bytes(16))


def test_g1_card_side_byte_for_byte() -> None:
    chip = PaceCardSide(PASSWORD, INFO, rng=scripted_rng(g.NONCE_S, g.SK_MAP_IC, g.SK_DH_IC))
    chip.mse_set_at(CommandApdu.from_bytes(g.MSE_SET_AT).data)
    for command, response in [
        (g.GA1, g.GA1_RESP),
        (g.GA2, g.GA2_RESP),
        (g.GA3, g.GA3_RESP),
        (g.GA4, g.GA4_RESP),
    ]:
        assert chip.general_authenticate(CommandApdu.from_bytes(command).data) == response[:-2]
    assert chip.session is not None
    assert (chip.session.ks_enc, chip.session.ks_mac) == (g.KS_ENC, g.KS_MAC)


def test_aes_sm_after_g1_cross_implementation_vector() -> None:
    # SELECT of the eMRTD application under the G.1 session keys with SSC 0, as
    # published by an independent PACE implementation's test suite.
    inner = ScriptedTransport(
        [b"\x90\x00", g.GA1_RESP, g.GA2_RESP, g.GA3_RESP, g.GA4_RESP,
         bytes.fromhex("990290008E08BEA7B381C494A0799000")]
    )  # fmt: skip
    rng = scripted_rng(g.SK_MAP_IFD, g.SK_DH_IFD)
    transport = perform_pace(inner, PASSWORD, INFO, include_parameter_id=False, rng=rng)
    select = CommandApdu(0x00, 0xA4, 0x04, 0x0C, bytes.fromhex("A0000002471001"))
    assert transport.transmit(select).ok
    assert inner.sent[-1] == bytes.fromhex(
        "0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18BA1FCE707BD9F00"
    )


class PaceChip:
    """Routes MSE:Set AT / GENERAL AUTHENTICATE to PaceCardSide, then serves SM."""

    supports_extended = True

    def __init__(self, card: PaceCardSide) -> None:
        self.card = card

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        if self.card.session is not None and command.cla & 0x0C:
            plain = self.card.session.unprotect_command(command)
            answer = ResponseApdu.status(0x9000, plain.data[::-1])
            return self.card.session.protect_response(answer)
        try:
            if command.ins == 0x22:
                self.card.mse_set_at(command.data)
                return ResponseApdu.status(0x9000)
            return ResponseApdu.status(0x9000, self.card.general_authenticate(command.data))
        except AccessDeniedError:
            return ResponseApdu.status(0x6300)
        except PaceSetupError:
            return ResponseApdu.status(0x6A80)


def _round_trip(info: PaceInfo, password: PacePassword, card_password: PacePassword) -> None:
    chip = PaceChip(PaceCardSide(card_password, info))
    transport = perform_pace(chip, password, info)
    echo = transport.transmit(CommandApdu(0x00, 0x2A, 0, 0, b"kiosk", le=256)).check()
    assert echo.data == b"ksoik"


@pytest.mark.parametrize("parameter_id", sorted(CURVES))
def test_round_trip_every_curve_aes128_can(parameter_id: int) -> None:
    info = PaceInfo(g.OID, 2, parameter_id)
    can = PacePassword.from_can("123456")
    _round_trip(info, can, can)


@pytest.mark.parametrize("suite", [1, 2, 3, 4])
@pytest.mark.parametrize("parameter_id", [12, 13])
def test_round_trip_every_cipher_suite(suite: int, parameter_id: int) -> None:
    info = PaceInfo(f"0.4.0.127.0.7.2.2.4.2.{suite}", 2, parameter_id)
    _round_trip(info, PASSWORD, PASSWORD)


def test_wrong_password_is_access_denied() -> None:
    chip = PaceChip(PaceCardSide(PacePassword.from_can("123456"), INFO))
    with pytest.raises(AccessDeniedError, match="refused the access key"):
        perform_pace(chip, PacePassword.from_can("654321"), INFO)
    assert chip.card.session is None


def test_card_refuses_other_password_kind_or_protocol() -> None:
    chip = PaceChip(PaceCardSide(PacePassword.from_can("123456"), INFO))
    with pytest.raises(KioskError, match="6A80"):
        perform_pace(chip, PASSWORD, INFO)
    other = PaceInfo("0.4.0.127.0.7.2.2.4.2.4", 2, 13)
    with pytest.raises(KioskError, match="6A80"):
        perform_pace(chip, PacePassword.from_can("123456"), other)


def test_bad_card_token_is_secure_messaging_error() -> None:
    bad = bytearray(g.GA4_RESP)
    bad[-3] ^= 1
    inner = ScriptedTransport([b"\x90\x00", g.GA1_RESP, g.GA2_RESP, g.GA3_RESP, bytes(bad)])
    rng = scripted_rng(g.SK_MAP_IFD, g.SK_DH_IFD)
    with pytest.raises(SecureMessagingError, match="token"):
        perform_pace(inner, PASSWORD, INFO, rng=rng)


def test_card_point_off_curve_is_rejected() -> None:
    bad = bytearray(g.GA2_RESP)
    bad[-3] ^= 1  # last byte of Y
    inner = ScriptedTransport([b"\x90\x00", g.GA1_RESP, bytes(bad)])
    with pytest.raises(KioskError, match="not on the curve"):
        perform_pace(inner, PASSWORD, INFO, rng=scripted_rng(g.SK_MAP_IFD))


@pytest.mark.parametrize("sw", ["6300", "63C2", "6982"])
def test_refusal_at_last_step(sw: str) -> None:
    inner = ScriptedTransport([b"\x90\x00", g.GA1_RESP, g.GA2_RESP, g.GA3_RESP, bytes.fromhex(sw)])
    with pytest.raises(AccessDeniedError):
        perform_pace(inner, PASSWORD, INFO, rng=scripted_rng(g.SK_MAP_IFD, g.SK_DH_IFD))


def test_mse_refused_raises_status_error() -> None:
    inner = ScriptedTransport([bytes.fromhex("6A80"), bytes.fromhex("6A80")])
    with pytest.raises(KioskError, match="6A80"):
        perform_pace(inner, PASSWORD, INFO)
    assert inner.sent == [g.MSE_SET_AT_84, g.MSE_SET_AT]
    inner = ScriptedTransport([bytes.fromhex("6A80")])
    with pytest.raises(KioskError, match="6A80"):
        perform_pace(inner, PASSWORD, INFO, include_parameter_id=False)
    assert inner.sent == [g.MSE_SET_AT]


def test_mse_with_tag_84_refused_falls_back_to_bare_form() -> None:
    inner = ScriptedTransport(
        [bytes.fromhex("6A80"), b"\x90\x00", g.GA1_RESP, g.GA2_RESP, g.GA3_RESP, g.GA4_RESP]
    )
    perform_pace(inner, PASSWORD, INFO, rng=scripted_rng(g.SK_MAP_IFD, g.SK_DH_IFD))
    assert inner.sent == [g.MSE_SET_AT_84, g.MSE_SET_AT, g.GA1, g.GA2, g.GA3, g.GA4]


def test_unsupported_suites_are_refused_up_front() -> None:
    for info in [
        PaceInfo("0.4.0.127.0.7.2.2.4.1.2", 2, 2),  # DH-GM
        PaceInfo("0.4.0.127.0.7.2.2.4.4.2", 2, 13),  # ECDH-IM
        PaceInfo(g.OID, 2, None),  # proprietary domain parameters
        PaceInfo(g.OID, 1, 13),  # version 1
    ]:
        with pytest.raises(UnsupportedAlgorithmError):
            perform_pace(ScriptedTransport([]), PASSWORD, info)


def test_mse_set_at_encoding() -> None:
    can = PacePassword.from_can("123456")
    assert mse_set_at(INFO, can.kind, False).to_bytes() == bytes.fromhex(
        "0022C1A40F800A04007F00070202040202830102"
    )


@pytest.mark.parametrize("can", ["", "12a456", "１２３４５６", "1234567890123"])
def test_bad_can_is_parse_error(can: str) -> None:
    with pytest.raises(ParseError):
        PacePassword.from_can(can)


def test_password_repr_hides_secret() -> None:
    assert g.K.hex() not in repr(PASSWORD).lower() and "hidden" in repr(PASSWORD)


def test_card_side_out_of_order_and_replay() -> None:
    card = PaceCardSide(PASSWORD, INFO)
    with pytest.raises(PaceSetupError):
        card.general_authenticate(b"\x7c\x00")
    card.mse_set_at(CommandApdu.from_bytes(g.MSE_SET_AT_84).data)
    with pytest.raises(ParseError):
        card.general_authenticate(bytes.fromhex("7C03810100"))
    with pytest.raises(PaceSetupError):  # a failure ends the attempt
        card.general_authenticate(b"\x7c\x00")


@given(answers=st.lists(st.binary(min_size=2, max_size=150), min_size=5, max_size=5))
@settings(max_examples=150, deadline=None)
def test_reader_on_random_answers_only_typed_errors(answers: list[bytes]) -> None:
    inner = ScriptedTransport([b"\x90\x00", *answers])
    with contextlib.suppress(KioskError):
        perform_pace(inner, PASSWORD, INFO)


@given(data=st.lists(st.binary(max_size=80), min_size=1, max_size=4))
@settings(max_examples=150, deadline=None)
def test_card_side_on_random_data_only_typed_errors(data: list[bytes]) -> None:
    card = PaceCardSide(PASSWORD, INFO)
    with contextlib.suppress(KioskError):
        card.mse_set_at(data[0])
    for item in data:
        with contextlib.suppress(KioskError):
            card.general_authenticate(item)
