"""The typed-ID unlock end to end through the real PC/SC stack.

pcscd with vsmartcard-vpcd, our card emulator (offering PACE, as real CCCDs do) in the
virtual reader's slot, the kiosk's own :class:`~kiosk.devices.card.reader.ReaderWatcher`
sensing it come and go, and the chip read by pyscard with the CAN of the ID number the
citizen typed on the on-screen keyboard. The window is driven by finger taps only; the
outbox is the real SQLite one. Run under ``flock /tmp/kiosk-pcsc.lock`` with the other
PC/SC tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.machine import Stage
from kiosk.core.vn_time import service_day
from kiosk.devices.card.reader import PcscTransport, ReaderWatcher, connect_card
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.simulated.vpcd_slot import virtual_card
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.leases import TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner
from tests.support.fingers import Fingers, wait_until
from tests.support.form_typing import pick_split_wards, type_into

# through the real pcscd and vpcd
pytestmark = [pytest.mark.integration, pytest.mark.pcsc]

SAMPLE = list_samples()[0]


class PcscKiosk:
    """The kiosk window wired as ``kiosk run`` wires it, to the virtual reader on pcscd."""

    def __init__(self, tmp_path: Path, reader: str) -> None:
        self.window = KioskWindow(load_catalog(), CenterConfig(), "portrait")
        self.window.view.show()
        self.window.settle()
        self.fingers = Fingers(self.window)
        identity = DeviceIdentity("k-pcsc", "DEMO", "https://central.invalid",
                                  Ed25519PrivateKey.generate(), os.urandom(32))
        self.outbox = Outbox(tmp_path / "outbox.db", identity)
        desk = TicketDesk(self.outbox, "DEMO")
        desk.add_lease("b-HT", "HT", service_day(), 1, 50)
        self.reader = reader
        self.transport: PcscTransport | None = None
        self.bridge = DeviceBridge()
        self.tasks = TaskRunner()
        self.runner = EffectRunner(
            self.window.presenter, self.bridge, self.tasks, connect_card=self._connect,
            printer=ReceiptPrinter("sim://"), outbox=self.outbox, desk=desk,
            center=CenterConfig(), status_base_url="https://central.invalid",
            queue_position=lambda _service, number: (number - 1, 4 * (number - 1)))
        # Only the virtual reader's first slot concerns this kiosk (as [reader] name).
        self.watcher = ReaderWatcher(lambda event: self.bridge.on_reader_event(event)
                                     if event.reader == reader else None)
        self.watcher.start()

    def _connect(self) -> Transport:
        if self.transport is not None:
            self.transport.close()
        self.transport = connect_card(self.reader, timeout=5.0)
        return self.transport

    def close(self) -> None:
        self.tasks.wait()
        self.watcher.stop()
        if self.transport is not None:
            self.transport.close()
        self.window.close()
        self.outbox.close()


@pytest.fixture
def kiosk(tmp_path: Path, qapp: object, pcsc_reader: str) -> Iterator[PcscKiosk]:
    made = PcscKiosk(tmp_path, pcsc_reader)
    yield made
    made.close()


def test_a_typed_id_opens_the_card_through_pcscd_and_the_outbox_has_the_chips_fields(
        kiosk: PcscKiosk) -> None:
    citizen = load_sample(SAMPLE)
    fingers, visit = kiosk.fingers, kiosk.window.visit
    fingers.tap("start")
    fingers.tap("choose_vi")
    fingers.swipe_into_view("procedure_HT-XNHONNHAN")
    fingers.tap("procedure_HT-XNHONNHAN")
    wait_until(lambda: visit.stage == Stage.IDENTIFY, 5, "the identify screen")
    with virtual_card(build_card(SAMPLE, pace=True)) as slot:
        wait_until(lambda: visit.data.card_on_reader, 10, "pcscd to sense the card")
        fingers.tap("id_field")
        wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
        fingers.type(citizen.id_number)
        fingers.tap("id_continue")
        wait_until(lambda: visit.stage == Stage.FORM, 20, "the form after the chip read")
        assert visit.data.identity_source == "chip"
        assert fingers.item("field_full_name").property("text") == citizen.full_name
        type_into(fingers, "purpose", "Kết hôn")
        pick_split_wards(kiosk)  # the card's old ward (Ô Chợ Dừa) was split in 2025
        fingers.swipe_into_view("action")
        fingers.tap("action")
        wait_until(lambda: visit.stage == Stage.REVIEW, 5, "the review screen")
        fingers.swipe_into_view("consent")
        fingers.tap("consent")
        fingers.swipe_into_view("action")
        fingers.tap("action")
        # the submission, the chip's card data sheet in parts, the ticket
        wait_until(lambda: visit.stage == Stage.TICKET and [str(r.kind) for r in kiosk.outbox.
                   all_records()][-1:] == ["ticket"], 15, "the ticket and the records")
        kinds = [str(r.kind) for r in kiosk.outbox.all_records()]
        assert kinds[0] == "submission" and set(kinds[1:-1]) == {"attachment"}
        [payload] = [kiosk.outbox.wire(r)["payload"] for r in kiosk.outbox.all_records()
                     if str(r.kind) == "submission"]
        assert payload["citizen"] == {"id_number": citizen.id_number,
                                      "full_name": citizen.full_name,
                                      "identified_by": "chip"}
        chip_fields = ("full_name", "id_number", "date_of_birth", "sex")
        assert {payload["sources"][name] for name in chip_fields} == {"chip"}
        # the chip's residence, in today's units: its old ward was split, the citizen chose
        home = payload["addresses"]["residence"]
        assert home["on_card"] == " ".join(citizen.place_of_residence.split())
        assert home["status"] == "picked" and payload["form"]["residence"] == home["text"]
        assert payload["sources"]["purpose"] == "typed"
        assert payload["authenticity"]["chip"] == "verified"
        # the card still lies on the reader: the ticket reminds the citizen
        wait_until(lambda: fingers.reachable(fingers.item("take_card_reminder")), 3,
                   "the reminder")
        slot.remove()  # lifted: pcscd tells the watcher, the reminder goes
        wait_until(lambda: not visit.data.card_on_reader, 10, "pcscd to sense the removal")
        kiosk.window.settle()
        assert not fingers.item("take_card_reminder").isVisible()
