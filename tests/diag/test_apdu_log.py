"""The technician's APDU log: every exchange of a real read logged, no card data kept."""

from __future__ import annotations

import threading

import pytest

from kiosk.core.errors import CardRemovedError, KioskError
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.apdu import CommandApdu
from kiosk.devices.chip.card_session import ReadOptions, read_card
from kiosk.diagnostics.apdu_log import ApduLog, LoggingTransport
from kiosk.simulated.card import Faults
from kiosk.simulated.card_files import build_card_files
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, list_samples, load_sample


def _read(name: str, log: ApduLog, **card: object) -> None:
    sample = load_sample(name)
    transport = LoggingTransport(LoopbackTransport(build_card(name, **card)), log)  # type: ignore[arg-type]
    read_card(transport, access_plan(AccessInputs(qr_text=sample.qr_text)),
              ReadOptions(read_face=True))


@pytest.mark.parametrize("pace", [True, False])
def test_a_whole_read_is_logged_without_card_data(pace: bool) -> None:
    name = list_samples()[0]
    files = build_card_files(load_sample(name))
    log = ApduLog(size=5000)
    _read(name, log, pace=pace)
    entries = log.entries()
    assert len(entries) > 10
    assert [e.index for e in entries] == list(range(1, len(entries) + 1))
    selects = [e for e in entries if e.instruction == "SELECT"]
    # the application id shows in a plain SELECT (BAC); after PACE every SELECT is secured
    expected = "‹29 bytes masked›" if pace else "A0000002471001"
    assert selects and selects[0].command_data == expected
    assert any(e.secure and e.instruction == "READ BINARY" for e in entries)
    text = "\n".join(log.lines())
    sample = load_sample(name)
    assert sample.id_number not in text and sample.full_name not in text
    # nothing the chip holds appears: no 8-byte window of any data group is in the log
    for blob in (files.dg1, files.dg13, files.sod):
        windows = {blob[i:i + 8].hex().upper() for i in range(0, len(blob) - 8, 4)}
        assert not any(w in text.replace(" ", "") for w in windows)
    assert all("masked" in e.command_data for e in entries if e.secure and e.command_data)


def test_the_ring_keeps_the_last_exchanges_and_is_thread_safe() -> None:
    log = ApduLog(size=50)
    command = CommandApdu(0x00, 0x84, 0x00, 0x00, le=8)

    def add() -> None:
        for _ in range(100):
            log.add(command, None, 0.001, "CardRemovedError")

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = log.entries()
    assert len(entries) == 50 and entries[-1].index == 400
    assert entries[0].line().endswith("→ CardRemovedError (0 B, 1 ms)")
    log.clear()
    assert log.lines() == []


def test_a_pulled_card_is_logged_and_the_error_still_raised() -> None:
    name = list_samples()[0]
    log = ApduLog()
    with pytest.raises(KioskError):
        _read(name, log, faults=Faults(pull_after=6))
    assert log.entries()[-1].sw == "CardRemovedError"
    assert len(log.entries()) == 7  # six answered, the seventh met an empty field


def test_reconnect_without_support_is_a_removed_card() -> None:
    class Plain:
        supports_extended = False

        def transmit(self, command: CommandApdu):  # type: ignore[no-untyped-def]
            raise AssertionError("not used")

    with pytest.raises(CardRemovedError):
        LoggingTransport(Plain(), ApduLog()).reconnect()  # type: ignore[arg-type]
