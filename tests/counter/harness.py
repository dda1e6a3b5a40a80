"""A counter as ``kiosk run --mode counter`` wires it, minus pcscd and the camera.

The window, presenter and effects are the production ones; the outbox is the real
SQLite outbox and its sync worker runs on its own thread against the real central
service. The chip is the emulated card reached in-process (LoopbackTransport, the
APDUs a reader would carry); the QR camera is replaced by emitting the ScanEvent the
camera worker would emit (its decoder has its own tests). The printer is the virtual
printer (``sim://``) with slip previews.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.core.config import CenterConfig
from kiosk.core.file_code import file_code
from kiosk.core.procedures import load_catalog
from kiosk.demo.staff import DEMO_PIN, DEMO_USER
from kiosk.devices.qr.events import ScanEvent
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.slips.printers import PreviewPrinter
from kiosk.sync.client import CentralClient
from kiosk.sync.counter_client import CounterClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import RetryPolicy, SyncWorker
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.counter.wiring import CounterEffects, SyncNews
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, enrolled_kiosk
from tests.support.enrolled_devices import Device
from tests.support.shown import shown

CENTER = "DEMO"
FAST = RetryPolicy(attempts=1, timeout=5.0, wait_initial=0.05, wait_max=0.1, wait_jitter=0.0,
                   idle_s=0.2)


class ManualClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Counter:
    """One counter desk: window, effects, outbox with its worker, virtual printer."""

    def __init__(self, central: CentralProcess, folder: Path, printer: str = "sim://") -> None:
        self.central = central
        self.identity = enrolled_kiosk(central, folder, CENTER, "counter")
        self.outbox = Outbox(folder / "outbox.db", self.identity)
        self.client = CounterClient(central.url, self.identity)
        self.clock = ManualClock()
        self.window = CounterWindow(load_catalog(), "hd", self.clock)
        self.window.view.show()
        self.presenter = self.window.presenter
        self.news = SyncNews()
        self.news.connect_to(self.presenter)
        self.worker = SyncWorker(self.outbox, CentralClient(central.url, self.identity),
                                 policy=FAST, on_online=self.news.online.emit,
                                 on_depth=self.news.depth.emit)
        self.bridge = DeviceBridge()
        self.tasks = TaskRunner()
        self.printer = PreviewPrinter(printer, "TM-T20II", "auto", folder / "slips")
        self.card: EmulatedCard | None = None
        self.effects = CounterEffects(
            self.presenter, self.bridge, self.tasks, client=self.client, outbox=self.outbox,
            printer=self.printer, center=CenterConfig(code=CENTER),
            status_base_url=central.url, connect_card=self._connect)
        self.worker.start()
        self.window.settle()

    def _connect(self) -> LoopbackTransport:
        assert self.card is not None, "no card on the reader"
        self.card.reset()  # as connect_card does: every read starts from a clean chip
        return LoopbackTransport(self.card)

    # -- what a staff member does ---------------------------------------------------------
    def click(self, name: str) -> None:
        """Click the middle of the item named ``name``."""
        self.window.settle()
        item = self.window.item(name)
        assert item.isVisible() and item.isEnabled(), name
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        QTest.mouseClick(self.window.view, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, centre)
        self.window.settle()

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
            ) -> None:
        """Press a key (F2, F3, ...) as staff do all day."""
        self.window.settle()
        QTest.keyClick(self.window.view, key, modifier)
        self.window.settle()

    def type_into(self, name: str, text: str) -> None:
        """Give the text box ``name`` the focus and type ``text`` into it, then Enter."""
        item = self.window.item(name)
        item.forceActiveFocus()
        self.window.settle()
        for char in text:  # QTest.keyClicks takes widgets only
            QTest.keyClick(self.window.view, char)
        QTest.keyClick(self.window.view, Qt.Key.Key_Return)
        self.window.settle()

    def sign_in(self, pin: str = DEMO_PIN, counter: str = "3", user: str = DEMO_USER) -> None:
        """Sign in as staff do: click each box, type into it, click the button.

        Only input events: a click gives a box the focus, Ctrl+A selects what it holds
        (the counter number comes pre-filled), keys type the new text.
        """
        for box, text in (("signin_user_input", user), ("signin_pin_input", pin),
                          ("signin_counter_input", counter)):
            self.click(box)
            QTest.keyClick(self.window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            for char in text:  # QTest.keyClicks takes widgets only
                QTest.keyClick(self.window.view, char)
        self.click("signin_button")

    def text(self, name: str) -> str:
        """The text an item shows."""
        return shown(self.window.item(name))

    def show_qr(self, qr_text: str) -> None:
        """What the camera worker emits when it decodes a card's QR."""
        self.bridge.qr_scanned.emit(ScanEvent(qr_text, qr_text.encode(), "camera",
                                              time.monotonic()))

    def lay_card(self, card: EmulatedCard) -> None:
        """Lay the emulated card on the counter reader."""
        self.card = card
        self.bridge.card_inserted.emit("Virtual PCD 00 01")

    # -- what the records say ---------------------------------------------------------------
    def events(self) -> list[dict[str, Any]]:
        """Payloads of the queue events in the outbox, oldest first."""
        return [self.outbox.wire(r)["payload"] for r in self.outbox.all_records()
                if str(r.kind) == "queue_event"]

    def close(self) -> None:
        self.effects.stop()
        self.tasks.wait()
        self.worker.stop()
        self.window.close()
        self.client.close()
        self.worker.client.close()
        self.outbox.close()


def submit_at_kiosk(kiosk: Device, procedure: str, citizen: dict[str, str], form: dict[str, str],
                    service: str, visit: str, extra: dict[str, Any] | None = None
                    ) -> tuple[str, str]:
    """What a kiosk's EffectRunner records for a visit: the submission, then its ticket.

    ``extra`` adds payload keys (``addresses``, ``competent_unit``)."""
    code = kiosk.record(RecordKind.SUBMISSION, {
        "procedure": procedure, "citizen": citizen, "form": form,
        "sources": {k: "qr" for k in form}, "language": "vi",
        "file_code": file_code(visit), **(extra or {})}, visit)
    ticket = kiosk.issue(service, visit)
    kiosk.push()
    return code, f"{ticket.service}{ticket.number:03d}"


def board(central: CentralProcess) -> dict[str, Any]:
    """The center's call board as the lobby display reads it."""
    import httpx

    response = httpx.get(f"{central.url}/v1/centers/{CENTER}/board", timeout=10)
    assert response.status_code == 200, response.text
    return dict(json.loads(response.text))


def vn_today() -> dt.date:
    """Today in Vietnam (the day a receipt counts from)."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
