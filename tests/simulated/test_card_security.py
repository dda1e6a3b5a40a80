"""BAC, secure messaging and injected faults on the emulated chip (in-process)."""

from __future__ import annotations

import pytest

from kiosk.core.errors import AccessDeniedError, CardRemovedError, KioskError, SecureMessagingError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import BacKey, perform_bac
from kiosk.devices.chip.sm import SecureMessaging
from kiosk.simulated.card import CardPulled, EmulatedCard, Faults
from kiosk.simulated.loopback import LoopbackTransport

from .card_sessions import read_whole, select_app, unlocked
from .synthetic import KEY, synthetic_card, synthetic_files

READ_COM_HEADER = CommandApdu(0x00, 0xB0, 0x9E, 0x00, le=4)


def test_bac_then_protected_reads() -> None:
    card = synthetic_card()
    t = unlocked(card)
    assert card.authenticated
    assert t.transmit(READ_COM_HEADER).data == synthetic_files().com[:4]


def test_wrong_key_is_refused_with_6300() -> None:
    t = LoopbackTransport(synthetic_card())
    assert select_app(t).ok
    with pytest.raises(AccessDeniedError):
        perform_bac(t, BacKey("190012345", "900712", "300713"))
    # The raw answer is 6300.
    t.transmit(CommandApdu(0x00, 0x84, 0, 0, le=8)).check()
    r = t.transmit(CommandApdu(0x00, 0x82, 0, 0, bytes(40), le=40))
    assert r.sw == 0x6300


def test_wrong_key_fault_refuses_the_right_key() -> None:
    t = LoopbackTransport(synthetic_card(Faults(wrong_key=True)))
    assert select_app(t).ok
    with pytest.raises(AccessDeniedError):
        perform_bac(t, KEY)


def test_external_authenticate_without_challenge_is_refused() -> None:
    t = LoopbackTransport(synthetic_card())
    assert t.transmit(CommandApdu(0x00, 0x82, 0, 0, bytes(40), le=40)).sw == 0x6300


def test_plain_command_during_sm_gets_6987_and_drops_the_session() -> None:
    card = synthetic_card()
    t = unlocked(card)
    plain = LoopbackTransport(card)
    assert plain.transmit(CommandApdu(0x00, 0xB0, 0x81, 0, le=4)).sw == 0x6987
    assert not card.authenticated
    assert plain.transmit(CommandApdu(0x00, 0xB0, 0x81, 0, le=4)).sw == 0x6982
    del t


def test_bad_command_mac_gets_6988_and_drops_the_session() -> None:
    card = synthetic_card()
    t = unlocked(card)
    wrapped = t.sm.protect(READ_COM_HEADER)
    tampered = CommandApdu(wrapped.cla, wrapped.ins, wrapped.p1, wrapped.p2,
                           wrapped.data[:-1] + bytes((wrapped.data[-1] ^ 1,)), wrapped.le)
    r = ResponseApdu.from_bytes(card.process(tampered.to_bytes()))
    assert r.sw == 0x6988 and r.data == b""
    assert not card.authenticated


def test_sm_session_keys_are_consistent_on_both_sides() -> None:
    """A fixed RNG makes the card's nonce and key predictable; the session still works."""
    card = EmulatedCard(synthetic_files(), KEY, rng=lambda n: bytes(range(n)))
    plain = LoopbackTransport(card)
    assert select_app(plain).ok
    t = perform_bac(plain, KEY, rnd_ifd=bytes(8), k_ifd=bytes(16))
    assert isinstance(t.sm, SecureMessaging)
    assert t.transmit(READ_COM_HEADER).ok


def test_omit_do99_responses_still_verify() -> None:
    card = synthetic_card(omit_do99=True)
    t = unlocked(card)
    raw = card.process(t.sm.protect(READ_COM_HEADER).to_bytes())
    assert b"\x99\x02\x90\x00" not in raw[:-2]
    # Reader and card SSCs stayed in step: a reader-side unprotect of a fresh exchange works.
    t2 = unlocked(synthetic_card(omit_do99=True))
    assert t2.transmit(READ_COM_HEADER).data == synthetic_files().com[:4]
    assert t2.transmit(CommandApdu(0x00, 0xB0, 0x9E, 0x00, le=4)).ok


def test_fault_bad_mac_at_corrupts_that_response_only() -> None:
    # APDUs: 1 SELECT, 2 GET CHALLENGE, 3 EXTERNAL AUTH, 4 first protected read.
    card = synthetic_card(Faults(bad_mac_at=4))
    t = unlocked(card)
    with pytest.raises(SecureMessagingError):
        t.transmit(READ_COM_HEADER)


def test_fault_pull_after() -> None:
    card = synthetic_card(Faults(pull_after=4))
    t = unlocked(card)  # APDUs 1-3
    assert t.transmit(READ_COM_HEADER).ok  # APDU 4
    with pytest.raises(CardRemovedError):
        t.transmit(READ_COM_HEADER)
    with pytest.raises(CardPulled):
        card.process(b"\x00\xA4\x04\x0C")
    assert card.commands_seen == 6
    card.reinsert()
    assert select_app(LoopbackTransport(card)).ok


def test_fault_pull_before_first_answer() -> None:
    t = LoopbackTransport(synthetic_card(Faults(pull_after=0)))
    with pytest.raises(CardRemovedError) as info:
        select_app(t)
    assert info.value.step == "APDU 1"


@pytest.mark.parametrize("name", ["DG1", "dg13", "EF.SOD", "COM"])
def test_fault_corrupt_file_flips_one_byte(name: str) -> None:
    files = synthetic_files()
    attr = {"DG1": "dg1", "DG13": "dg13", "EF.SOD": "sod", "COM": "com"}[name.upper()]
    fid = {"dg1": 0x0101, "dg13": 0x010D, "sod": 0x011D, "com": 0x011E}[attr]
    t = unlocked(EmulatedCard(files, KEY, faults=Faults(corrupt_file=name, corrupt_offset=5)))
    t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))).check()
    served = read_whole(t)
    original = getattr(files, attr)
    assert len(served) == len(original)
    assert [i for i in range(len(original)) if served[i] != original[i]] == [5]
    assert served[5] == original[5] ^ 0xFF


def test_fault_truncate_file() -> None:
    files = synthetic_files()
    card = EmulatedCard(files, KEY, faults=Faults(truncate_file="DG2"))
    t = unlocked(card)
    t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x02")).check()
    assert read_whole(t) == files.dg2[: len(files.dg2) // 2]
    card = EmulatedCard(files, KEY, faults=Faults(truncate_file="DG1", truncate_length=10))
    t = unlocked(card)
    t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x01")).check()
    assert read_whole(t) == files.dg1[:10]


def test_bad_fault_names_and_offsets_are_typed_errors() -> None:
    with pytest.raises(KioskError, match="Unknown card file"):
        synthetic_card(Faults(corrupt_file="DG7"))
    with pytest.raises(KioskError, match="outside"):
        synthetic_card(Faults(corrupt_file="DG1", corrupt_offset=10_000))


def test_reset_and_power_cycle_drop_the_session() -> None:
    card = synthetic_card()
    unlocked(card)
    card.reset()
    assert not card.authenticated
    t = LoopbackTransport(card)
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x81, 0, le=4)).sw == 0x6A82  # app deselected
    unlocked(card)
    card.power_off()
    card.power_on()
    assert not card.authenticated
