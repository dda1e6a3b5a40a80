"""Whole visits in the real window with real parts off the UI thread.

The chip is the emulated card reached in-process (LoopbackTransport: the APDUs a
reader would carry; pcscd is not needed here), the printer is the virtual printer
(``sim://``), the outbox is the real SQLite outbox with a leased ticket block. No
network: the sync worker is not started, so every visit completes offline and the
outbox grows. The QR camera is the one part posted by hand (its decoder has its own
tests): the test posts what the camera worker would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Q_ARG, QMetaObject
from pytestqt.qtbot import QtBot

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.events import QrDecoded
from kiosk.core.visit.machine import Stage
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.card import EmulatedCard, Faults
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.leases import TicketDesk, service_day
from kiosk.sync.outbox import Outbox
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner

from .test_screens import tap

NAME = list_samples()[0]


class Kiosk:
    """A window, its effect runner and the parts it drives."""

    def __init__(self, tmp_path: Path, printer_url: str) -> None:
        self.window = KioskWindow(load_catalog(), CenterConfig(), "portrait")
        self.window.view.show()
        identity = DeviceIdentity("k-test", "DEMO", "https://central.invalid",
                                  Ed25519PrivateKey.generate(), os.urandom(32))
        self.outbox = Outbox(tmp_path / "outbox.db", identity)
        desk = TicketDesk(self.outbox, "DEMO")
        for service in ("LL", "TQ", "HT"):
            desk.add_lease(f"b-{service}", service, service_day(), 1, 50)
        self.card: EmulatedCard | None = None
        self.bridge = DeviceBridge()
        self.tasks = TaskRunner()
        self.runner = EffectRunner(
            self.window.presenter, self.bridge, self.tasks,
            connect_card=lambda: LoopbackTransport(self._card()),
            printer=ReceiptPrinter(printer_url), outbox=self.outbox, desk=desk,
            center=CenterConfig(), status_base_url="https://central.invalid",
            queue_position=lambda service, number: (number - 1, 4 * (number - 1)),
        )

    def _card(self) -> EmulatedCard:
        assert self.card is not None
        return self.card

    def lay_card(self, card: EmulatedCard) -> None:
        self.card = card
        self.bridge.card_inserted.emit("Virtual PCD 00 00")

    def show_qr(self) -> None:
        self.window.presenter.post(QrDecoded(parse_cccd_qr(load_sample(NAME).qr_text)))

    def kinds(self) -> list[str]:
        return [str(r.kind) for r in self.outbox.all_records()]

    def close(self) -> None:
        self.tasks.wait()
        self.window.close()
        self.outbox.close()


@pytest.fixture
def kiosk(tmp_path: Path, qapp: object) -> Iterator[Kiosk]:
    made = Kiosk(tmp_path, "sim://")
    yield made
    made.close()


def test_chip_visit_to_ticket_in_four_touches(kiosk: Kiosk, qtbot: QtBot) -> None:
    visit = kiosk.window.visit
    kiosk.lay_card(build_card(NAME))
    assert visit.stage == Stage.IDENTIFY  # the screen asks for the card's QR
    kiosk.show_qr()
    qtbot.waitUntil(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, timeout=10000)
    qtbot.waitUntil(lambda: visit.data.face is not None, timeout=10000)
    assert visit.data.identity_source == "chip"
    # One swipe brings the procedure into view (a touch, but not an intention).
    codes = kiosk.window.procedures.codes()
    QMetaObject.invokeMethod(kiosk.window.item("procedure_list"), "positionViewAtIndex",
                             Q_ARG(int, codes.index("LLTP-PHIEU")), Q_ARG(int, 1))
    tap(kiosk.window, "procedure_LLTP-PHIEU")
    assert kiosk.window.item("field_full_name").property("text") == visit.data.identity.full_name  # type: ignore[union-attr]
    tap(kiosk.window, "action")
    tap(kiosk.window, "consent")
    tap(kiosk.window, "action")
    qtbot.waitUntil(lambda: visit.data.ticket_printed or visit.data.print_fallback,
                    timeout=10000)
    assert visit.data.ticket_printed, (visit.stage, visit.data.notice, kiosk.kinds())
    assert visit.stage == Stage.TICKET and visit.touches == 4
    assert kiosk.window.item("ticket_number").property("text") == "LL001"
    assert kiosk.kinds() == ["submission", "ticket"]
    submission, ticket = (kiosk.outbox.wire(r) for r in kiosk.outbox.all_records())
    # The counter sees how the chip proved the card genuine; submission and ticket
    # share a visit id that no later start of the kiosk can reuse.
    assert submission["payload"]["authenticity"]["passive"] in ("valid", "chain_unverified")
    assert submission["visit"] == ticket["visit"]
    assert submission["visit"].startswith("visit-") and len(submission["visit"]) == 38
    tap(kiosk.window, "action")
    tap(kiosk.window, "star_4")
    qtbot.waitUntil(lambda: kiosk.kinds()[-1:] == ["rating"], timeout=5000)
    assert visit.stage == Stage.DONE


def test_queue_number_offline_and_printer_out(tmp_path: Path, qapp: object,
                                               qtbot: QtBot) -> None:
    kiosk = Kiosk(tmp_path, "sim://?paper=out")
    try:
        visit = kiosk.window.visit
        tap(kiosk.window, "start")
        tap(kiosk.window, "choose_vi")
        tap(kiosk.window, "queue_only")
        qtbot.waitUntil(lambda: visit.data.print_fallback, timeout=10000)
        assert visit.stage == Stage.TICKET
        assert kiosk.window.item("print_notice").isVisible()
        qtbot.waitUntil(lambda: "device_health" in kiosk.kinds(), timeout=5000)
        assert kiosk.kinds() == ["ticket", "device_health"]  # nothing personal
    finally:
        kiosk.close()


def test_cloned_card_is_routed_to_a_counter(kiosk: Kiosk, qtbot: QtBot) -> None:
    visit = kiosk.window.visit
    kiosk.show_qr()
    kiosk.lay_card(build_card(NAME, faults=Faults(cloned=True)))
    qtbot.waitUntil(lambda: visit.stage == Stage.COUNTER, timeout=10000)
    assert visit.data.identity is None
    assert "stage_counter" in {kiosk.window.item("screen").property("item").objectName()}


def test_card_pulled_mid_read(kiosk: Kiosk, qtbot: QtBot) -> None:
    visit = kiosk.window.visit
    kiosk.show_qr()
    kiosk.lay_card(build_card(NAME, faults=Faults(pull_after=4)))
    qtbot.waitUntil(lambda: visit.stage == Stage.CARD_PULLED, timeout=10000)
    assert kiosk.outbox.depth() == 0
