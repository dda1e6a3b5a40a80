"""Touches of the standard procedure, card tap to printed ticket, through the real QML.

The standard procedure is chosen from the catalog's data: the most used one whose whole
form the chip fills (today the judicial record certificate). Touches are counted where
they arrive: the citizen's intentions the presenter receives (its slots, called by the
QML's taps), recorded in order. The chip is our card emulator reached in-process
(LoopbackTransport: the APDUs a reader would carry; pcscd is not needed here); the
outbox is real SQLite with a leased ticket block; the printer is the virtual printer.
The QR camera is the one part posted by hand: the test posts what its worker would.
The figures (timings) live in ``benchmarks/ui.py``; this test checks the count only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pytestqt.qtbot import QtBot

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import Catalog, Procedure, load_catalog
from kiosk.core.visit.events import Activity, Event, QrDecoded
from kiosk.core.visit.machine import Stage
from kiosk.core.vn_time import service_day
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, load_sample
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.leases import TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner
from tests.support.touch import tap

MAX_TOUCHES = 4  # issue 7: a standard procedure from card tap to ticket
# A card whose old addresses map one to one onto today's units: no ward to pick. (A card
# whose old ward was split takes one tap more, to choose: tests/visit/test_addresses.py.)
NAME = "le-hoang-bao-ngan"


def standard_procedure(catalog: Catalog) -> Procedure:
    """The most used procedure whose every required field the chip (or a default) fills."""
    return min((p for p in catalog.procedures if p.needs_identity and all(
        f.from_chip or f.default or not f.required for f in p.fields)), key=lambda p: p.rank)


def swipe_into_view(window: KioskWindow, name: str) -> int:
    """The citizen's swipe bringing ``name`` into view (1), or none needed (0)."""
    return window.swipe_into_view(name)


class Intentions:
    """The citizen's touches as the presenter receives them, in order."""

    def __init__(self, window: KioskWindow) -> None:
        self.names: list[str] = []
        presenter = window.presenter
        post = presenter.post

        def recording(event: Event) -> None:
            if event.touch and not isinstance(event, Activity):
                self.names.append(type(event).__name__)
            post(event)

        presenter.post = recording  # type: ignore[method-assign]


@pytest.fixture(params=["portrait", "landscape"])
def kiosk(request: pytest.FixtureRequest, tmp_path: Path, qapp: object
          ) -> Iterator[tuple[KioskWindow, DeviceBridge, Outbox]]:
    window = KioskWindow(load_catalog(), CenterConfig(), request.param)
    window.view.show()
    identity = DeviceIdentity("k-touch", "DEMO", "https://central.invalid",
                              Ed25519PrivateKey.generate(), os.urandom(32))
    outbox = Outbox(tmp_path / "outbox.db", identity)
    desk = TicketDesk(outbox, "DEMO")
    desk.add_lease("b-LL", "LL", service_day(), 1, 50)
    bridge, tasks = DeviceBridge(), TaskRunner()
    card = build_card(NAME, pace=True)
    EffectRunner(window.presenter, bridge, tasks, connect_card=lambda: LoopbackTransport(card),
                 printer=ReceiptPrinter("sim://"), outbox=outbox, desk=desk,
                 center=CenterConfig(), status_base_url="https://central.invalid",
                 queue_position=lambda _service, number: (number - 1, 4 * (number - 1)))
    yield window, bridge, outbox
    tasks.wait()
    window.close()
    outbox.close()


def test_standard_procedure_is_chosen_from_the_catalog() -> None:
    procedure = standard_procedure(load_catalog())
    assert procedure.code == "LLTP-PHIEU"  # judicial record certificate
    assert all(f.from_chip for f in procedure.fields if f.required and not f.default)


def test_card_tap_to_printed_ticket_in_at_most_four_touches(
        kiosk: tuple[KioskWindow, DeviceBridge, Outbox], qtbot: QtBot) -> None:
    window, bridge, outbox = kiosk
    visit = window.visit
    intentions = Intentions(window)
    code = standard_procedure(load_catalog()).code
    bridge.card_inserted.emit("Virtual PCD 00 00")  # the card tap starts the visit
    window.presenter.post(QrDecoded(parse_cccd_qr(load_sample(NAME).qr_text)))  # its QR
    qtbot.waitUntil(lambda: visit.stage == Stage.CHOOSE_PROCEDURE
                    and visit.data.face is not None, timeout=15000)
    assert intentions.names == []  # card and QR are no touches
    taps = [f"procedure_{code}", "action", "consent", "action"]
    swipes = 0
    for name in taps:
        swipes += swipe_into_view(window, name)
        tap(window, name)
    qtbot.waitUntil(lambda: visit.data.ticket_printed or visit.data.print_fallback,
                    timeout=10000)
    assert visit.stage == Stage.TICKET and visit.data.ticket_printed
    assert visit.data.identity_source == "chip"
    kinds = [str(r.kind) for r in outbox.all_records()]  # the card data sheet in parts
    assert kinds == ["submission", *["attachment"] * (len(kinds) - 2), "ticket"]
    # Every tap was one intention, and nothing else reached the visit as a touch.
    assert intentions.names == ["ProcedureChosen", "FormConfirmed", "ConsentGiven",
                                "SubmitPressed"]
    assert len(intentions.names) == len(taps) == visit.touches
    assert len(intentions.names) <= MAX_TOUCHES
    # Swipes (scrolling a list or page) are counted by benchmarks/ui.py, not limited here.
    assert swipes <= len(taps)
