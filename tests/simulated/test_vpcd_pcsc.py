"""The emulated card through the real PC/SC stack: pcscd + vsmartcard-vpcd + pyscard.

Nothing is mocked: the card connects to vpcd's TCP socket, pcscd powers it and relays
APDUs from pyscard, exactly as a kiosk application would see a card on a reader.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from smartcard.Exceptions import CardConnectionException, NoCardException
from smartcard.System import readers

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import perform_bac
from kiosk.devices.chip.files import EMRTD_AID
from kiosk.simulated.card import EmulatedCard, Faults
from kiosk.simulated.vpcd import VpcdCard
from tests.support.waiting import wait_until

from .synthetic import KEY, synthetic_files

# through the real pcscd and vpcd
pytestmark = [pytest.mark.integration, pytest.mark.pcsc]

PORT = 35963


class PyscardTransport:
    """A tiny Transport over one pyscard connection (short APDUs only)."""

    supports_extended = False

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        data, sw1, sw2 = self.connection.transmit(list(command.to_bytes()))
        return ResponseApdu(bytes(data), sw1, sw2)


def _reader(name: str) -> Any:
    return next(r for r in readers() if str(r) == name)


def _connect(name: str, timeout: float = 10.0) -> Any:
    """Connect once pcscd has noticed the card (it polls the reader)."""
    deadline = time.monotonic() + timeout
    while True:
        connection = _reader(name).createConnection()
        try:
            connection.connect()
            return connection
        except (NoCardException, CardConnectionException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _card_gone(name: str) -> bool:
    """True when no card answers on reader ``name``."""
    connection = _reader(name).createConnection()
    try:
        connection.connect()
        connection.disconnect()
    except (NoCardException, CardConnectionException):
        return True
    return False


def _card_absent(name: str, timeout: float = 10.0) -> bool:
    return wait_until(lambda: _card_gone(name), timeout, 0.1, f"the card to leave {name}")


@pytest.fixture
def inserted(vpcd_slot: str) -> Iterator[tuple[str, VpcdCard]]:
    files = synthetic_files()
    vcard = VpcdCard(EmulatedCard(files, KEY), port=PORT)
    vcard.insert()
    try:
        assert vcard.wait_connected(10)
        yield vpcd_slot, vcard
    finally:
        vcard.stop()


def test_select_bac_and_read_through_pcscd(inserted: tuple[str, VpcdCard]) -> None:
    name, vcard = inserted
    connection = _connect(name)
    assert bytes(connection.getATR()) == vcard.card.atr
    transport = PyscardTransport(connection)
    assert transport.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID)).sw == 0x9000
    assert transport.transmit(CommandApdu(0x00, 0xB0, 0x81, 0x00, le=4)).sw == 0x6982
    secure = perform_bac(transport, KEY)
    com = synthetic_files().com
    first = secure.transmit(CommandApdu(0x00, 0xB0, 0x9E, 0x00, le=4)).check()
    rest = secure.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x04, le=len(com) - 4)).check()
    assert first.data + rest.data == com
    connection.disconnect()


def test_removal_is_seen_by_pcscd(inserted: tuple[str, VpcdCard]) -> None:
    name, vcard = inserted
    connection = _connect(name)
    connection.disconnect()
    vcard.remove()
    assert not vcard.inserted
    assert _card_absent(name)


def test_pull_after_fault_closes_the_socket(vpcd_slot: str) -> None:
    card = EmulatedCard(synthetic_files(), KEY, faults=Faults(pull_after=1))
    with VpcdCard(card, port=PORT) as vcard:
        assert vcard.wait_connected(10)
        transport = PyscardTransport(_connect(vpcd_slot))
        assert transport.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID)).ok
        with pytest.raises(CardConnectionException):
            transport.transmit(CommandApdu(0x00, 0x84, 0x00, 0x00, le=8))
        assert _card_absent(vpcd_slot)
        assert not vcard.inserted


def test_module_entry_inserts_a_sample_until_ctrl_c(vpcd_reader: str) -> None:
    """``python -m kiosk.simulated.vpcd SAMPLE --port`` on the second vpcd slot."""
    second = vpcd_reader.replace("00 00", "00 01")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.simulated.vpcd", "vu-duc-thang",
         "--port", str(PORT + 1)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        connection = _connect(second)
        transport = PyscardTransport(connection)
        assert transport.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID)).ok
        connection.disconnect()
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "vu-duc-thang" in out
    assert _card_absent(second)


def test_module_entry_names_the_samples_on_a_typo() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.simulated.vpcd", "nobody", "--port", "1"],
        capture_output=True, text=True, timeout=30,
    )
    assert proc.returncode == 1
    assert "Unknown sample citizen 'nobody'" in proc.stderr and "vu-duc-thang" in proc.stderr


def test_real_pace_answers_no_sooner_than_a_contactless_card(vpcd_slot: str) -> None:
    """Benchmarks lay cards at a real chip's pace: never faster than the field model."""
    from kiosk.simulated.field_timing import contactless_s, modelled_ms

    assert modelled_ms(2, 53) == pytest.approx(2 * 15 + 53 * 8 / 424)
    select = CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID)
    with VpcdCard(EmulatedCard(synthetic_files(), KEY), port=PORT, real_pace=True) as vcard:
        assert vcard.wait_connected(10)
        transport = PyscardTransport(_connect(vpcd_slot))
        started = time.perf_counter()
        for _ in range(5):
            assert transport.transmit(select).sw == 0x9000
        elapsed = time.perf_counter() - started
    assert elapsed >= 5 * contactless_s(len(select.to_bytes()), 2)
