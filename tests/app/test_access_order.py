"""The running kiosk unlocks the chip in the configured ``[reader] access_order``.

With BAC alone configured, a typed ID (whose CAN is a PACE password) cannot open even a
card that offers PACE: the identify screen asks for the card's QR, whose dates give the
BAC key. The window is driven by finger taps; the card is the emulator reached
in-process; the camera's decoded QR is posted as its worker would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.events import QrDecoded
from kiosk.core.visit.machine import Stage
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.leases import TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner
from tests.support.fingers import Fingers, wait_until

SAMPLE = list_samples()[0]


@pytest.fixture
def bac_only(tmp_path: Path, qapp: object) -> Iterator[tuple[KioskWindow, DeviceBridge]]:
    window = KioskWindow(load_catalog(), CenterConfig(), "portrait")
    window.view.show()
    window.settle()
    identity = DeviceIdentity("k-order", "DEMO", "https://central.invalid",
                              Ed25519PrivateKey.generate(), os.urandom(32))
    outbox = Outbox(tmp_path / "outbox.db", identity)
    bridge, tasks = DeviceBridge(), TaskRunner()
    card = build_card(SAMPLE, pace=True)
    EffectRunner(window.presenter, bridge, tasks,
                 connect_card=lambda: LoopbackTransport(card),
                 printer=ReceiptPrinter("sim://"), outbox=outbox,
                 desk=TicketDesk(outbox, "DEMO"), center=CenterConfig(),
                 status_base_url="https://central.invalid",
                 queue_position=lambda _service, _number: None, access_order=("BAC",))
    yield window, bridge
    tasks.wait()
    window.close()
    outbox.close()


def test_bac_alone_configured_needs_the_qr_even_for_a_pace_card(
        bac_only: tuple[KioskWindow, DeviceBridge]) -> None:
    window, bridge = bac_only
    fingers, visit = Fingers(window), window.visit
    fingers.tap("start")
    fingers.tap("choose_vi")
    fingers.swipe_into_view("procedure_HT-XNHONNHAN")
    fingers.tap("procedure_HT-XNHONNHAN")
    bridge.card_inserted.emit("Virtual PCD 00 00")
    fingers.tap("id_field")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    fingers.type(load_sample(SAMPLE).id_number)
    fingers.tap("id_continue")
    wait_until(lambda: visit.data.notice == "read_failed:needs_qr", 10, "the answer")
    assert visit.stage == Stage.IDENTIFY
    window.presenter.post(QrDecoded(parse_cccd_qr(load_sample(SAMPLE).qr_text)))
    wait_until(lambda: visit.stage == Stage.FORM, 10, "the form after the chip read")
    assert visit.data.identity_source == "chip"
