"""PACE, active authentication and chip authentication against the emulated chip.

The reader side is the kiosk's own protocol code, run in-process over LoopbackTransport.
"""

from __future__ import annotations

import pytest

from kiosk.core.errors import AccessDeniedError
from kiosk.devices.chip.active_auth import perform_active_auth
from kiosk.devices.chip.apdu import CommandApdu
from kiosk.devices.chip.authenticity import AuthStatus
from kiosk.devices.chip.bac import perform_bac
from kiosk.devices.chip.chip_auth import perform_chip_auth
from kiosk.devices.chip.pace import mse_set_at, perform_pace
from kiosk.devices.chip.pace_crypto import PacePassword, PasswordKind
from kiosk.devices.chip.pace_info import choose_pace_info, parse_card_access
from kiosk.devices.chip.sm import SecureMessagingTransport
from kiosk.simulated.card import EmulatedCard, Faults
from kiosk.simulated.card_files import CARD_ACCESS_PACE_P256, build_card_files
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import (
    build_card,
    list_samples,
    load_sample,
    sample_bac_key,
    sample_can,
)

from .card_sessions import select_app

SAMPLES = list_samples()
INFO = choose_pace_info(parse_card_access(CARD_ACCESS_PACE_P256))
READ_COM = CommandApdu(0x00, 0xB0, 0x9E, 0x00, le=4)


def bac_session(card: EmulatedCard, name: str) -> SecureMessagingTransport:
    plain = LoopbackTransport(card)
    select_app(plain).check()
    return perform_bac(plain, sample_bac_key(name))


def test_card_access_offers_pace_p256() -> None:
    assert INFO is not None and INFO.parameter_id == 12 and INFO.algorithm.cipher == "AES"


@pytest.mark.parametrize("kind", ["CAN", "MRZ"])
def test_pace_then_protected_reads(kind: str) -> None:
    name = SAMPLES[0]
    assert INFO is not None
    card = build_card(name, pace=True)
    plain = LoopbackTransport(card)
    access = plain.transmit(CommandApdu(0x00, 0xB0, 0x9C, 0x00, le=256)).check()
    assert access.data == CARD_ACCESS_PACE_P256
    password = (PacePassword.from_can(sample_can(name)) if kind == "CAN"
                else PacePassword.from_mrz(sample_bac_key(name)))
    secure = perform_pace(plain, password, INFO)
    assert card.authenticated and secure.sm.cipher == "AES"
    secure.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, bytes.fromhex("A0000002471001"))).check()
    assert secure.transmit(READ_COM).data == build_card_files(load_sample(name)).com[:4]


def test_pace_with_a_wrong_can_is_refused() -> None:
    assert INFO is not None
    plain = LoopbackTransport(build_card(SAMPLES[0], pace=True))
    with pytest.raises(AccessDeniedError):
        perform_pace(plain, PacePassword.from_can("123456"), INFO)
    with pytest.raises(AccessDeniedError):  # the wrong-key fault changes the CAN too
        perform_pace(LoopbackTransport(build_card(SAMPLES[0], pace=True,
                                                  faults=Faults(wrong_key=True))),
                     PacePassword.from_can(sample_can(SAMPLES[0])), INFO)


def test_pace_refused_with_6982_then_bac_works() -> None:
    assert INFO is not None
    card = build_card(SAMPLES[0], pace=True, pace_refused_sw=0x6982)
    plain = LoopbackTransport(card)
    refused = plain.transmit(mse_set_at(INFO, PasswordKind.CAN))
    assert refused.sw == 0x6982
    select_app(plain).check()
    assert perform_bac(plain, sample_bac_key(SAMPLES[0])).transmit(READ_COM).ok


def test_no_card_access_means_no_pace() -> None:
    assert INFO is not None
    plain = LoopbackTransport(build_card(SAMPLES[0]))
    assert plain.transmit(CommandApdu(0x00, 0xB0, 0x9C, 0, le=256)).sw == 0x6A82
    assert plain.transmit(mse_set_at(INFO, PasswordKind.CAN)).sw == 0x6A80
    assert plain.transmit(CommandApdu(0x10, 0x86, 0, 0, b"\x7C\x00", le=256)).sw == 0x6985


@pytest.mark.parametrize("name", SAMPLES)
def test_active_authentication_verifies(name: str) -> None:
    files = build_card_files(load_sample(name))
    secure = bac_session(build_card(name), name)
    result = perform_active_auth(secure, files.dg15 or b"", dg14=files.dg14)
    assert result.status is AuthStatus.VERIFIED, result.details


def test_active_authentication_needs_access_control() -> None:
    plain = LoopbackTransport(build_card(SAMPLES[0]))
    assert plain.transmit(CommandApdu(0x00, 0x88, 0, 0, bytes(8), le=256)).sw == 0x6982


@pytest.mark.parametrize("name", SAMPLES)
def test_chip_authentication_restarts_secure_messaging(name: str) -> None:
    files = build_card_files(load_sample(name))
    secure = bac_session(build_card(name), name)
    new, result = perform_chip_auth(secure, files.dg14 or b"")
    assert result.status is AuthStatus.VERIFIED, result.details
    assert new.sm is not secure.sm
    assert new.transmit(READ_COM).data == files.com[:4]


def test_cloned_chip_fails_active_and_chip_authentication() -> None:
    name = SAMPLES[1]
    files = build_card_files(load_sample(name))
    card = build_card(name, faults=Faults(cloned=True))
    secure = bac_session(card, name)
    assert perform_active_auth(secure, files.dg15 or b"",
                               dg14=files.dg14).status is AuthStatus.FAILED
    _, result = perform_chip_auth(secure, files.dg14 or b"")
    assert result.status is AuthStatus.FAILED


def test_chip_authentication_needs_a_session() -> None:
    plain = LoopbackTransport(build_card(SAMPLES[0]))
    assert plain.transmit(CommandApdu(0x00, 0x22, 0x41, 0xA4, b"\x80\x00")).sw == 0x6982


def test_pace_card_repeats_the_pace_info_in_dg14_and_the_sod_covers_it() -> None:
    from kiosk.devices.chip.security_infos import parse_dg14

    from .sod_check import verify_sod

    sample = load_sample(SAMPLES[0])
    files = build_card_files(sample, pace=True)
    assert files.card_access == CARD_ACCESS_PACE_P256
    assert "0.4.0.127.0.7.2.2.4.2.2" in parse_dg14(files.dg14 or b"").other_oids
    assert CARD_ACCESS_PACE_P256[2:] in (files.dg14 or b"")
    verify_sod(files.sod, files.data_groups())
    assert build_card_files(sample).card_access is None
