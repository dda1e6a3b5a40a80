"""A kiosk window with its real parts, for finger tests.

:class:`KioskRig` builds the window in either orientation with the effect runner, the
card emulator reached in-process (``LoopbackTransport``: the APDUs a reader would
carry), the real SQLite outbox with leased ticket blocks and the virtual printer. No
network: the sync worker does not run, so what a visit sends stays in the outbox,
where :meth:`KioskRig.submitted_forms` reads it back decrypted.

Devices arrive as devices do: :meth:`KioskRig.lay_card` is the reader seeing a card,
:meth:`KioskRig.show_qr` is the camera worker's decoded QR. Everything the citizen does
goes through :class:`~tests.support.fingers.Fingers`.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.events import QrDecoded
from kiosk.devices.documents.scanner import DocumentScanner
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.document_desk import SimulatedDesk
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.leases import TicketDesk, service_day
from kiosk.sync.outbox import Outbox
from kiosk.ui.kiosk.document_camera import DocumentCameraWiring
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner

from .fingers import Fingers

SAMPLE = list_samples()[0]
SERVICES = ("LL", "TQ", "HT", "CT", "CU", "KD")


class KioskRig:
    """One kiosk window (``portrait`` or ``landscape``), its outbox, printer and card."""

    def __init__(self, tmp_path: Path, orientation: str = "portrait",
                 printer_url: str = "sim://", center: CenterConfig | None = None,
                 paper_desk: SimulatedDesk | None = None) -> None:
        center = center or CenterConfig()
        self.window = KioskWindow(load_catalog(), center, orientation,
                                  capture_documents=paper_desk is not None)
        self.window.view.show()
        self.window.settle()
        self.fingers = Fingers(self.window)
        identity = DeviceIdentity("k-fingers", "DEMO", "https://central.invalid",
                                  Ed25519PrivateKey.generate(), os.urandom(32))
        self.outbox = Outbox(tmp_path / "outbox.db", identity)
        desk = TicketDesk(self.outbox, "DEMO")
        for service in SERVICES:
            desk.add_lease(f"b-{service}", service, service_day(), 1, 50)
        self.card: EmulatedCard | None = None
        self.bridge = DeviceBridge()
        self.tasks = TaskRunner()
        self.runner = EffectRunner(
            self.window.presenter, self.bridge, self.tasks,
            connect_card=lambda: LoopbackTransport(self._card()),
            printer=ReceiptPrinter(printer_url), outbox=self.outbox, desk=desk,
            center=center, status_base_url="https://central.invalid",
            queue_position=lambda _service, number: (number - 1, 4 * (number - 1)),
            pages=self.window.pages,
        )
        # The documents step's camera: the simulated desk seen by the real scanner.
        self.switch = ThreadPoolExecutor(1, thread_name_prefix="camera-switch")
        self.scanner: DocumentScanner | None = None
        if paper_desk is not None:
            self.scanner = DocumentScanner(paper_desk, lambda _page: None,
                                           on_frame=self.window.camera_preview.on_frame)
            self.papers = DocumentCameraWiring(self.window.presenter, self.window.pages,
                                               self.scanner, self.switch)

    def _card(self) -> EmulatedCard:
        if self.card is None:
            raise AssertionError("No card lies on the reader.")
        return self.card

    def lay_card(self, card: EmulatedCard | None = None) -> None:
        """A card (the sample citizen's by default) is laid on the reader."""
        self.card = card if card is not None else build_card(SAMPLE)
        self.bridge.card_inserted.emit("Virtual PCD 00 00")

    def show_qr(self, sample: str = SAMPLE) -> None:
        """The camera worker decoded the card's QR (what it posts through the bridge)."""
        self.window.presenter.post(QrDecoded(parse_cccd_qr(load_sample(sample).qr_text)))

    def kinds(self) -> list[str]:
        """The kinds of the records in the outbox, oldest first."""
        return [str(r.kind) for r in self.outbox.all_records()]

    def submitted(self) -> list[dict[str, Any]]:
        """The payload of every submission in the outbox, decrypted, oldest first."""
        return [dict(self.outbox.wire(r)["payload"])
                for r in self.outbox.all_records() if str(r.kind) == "submission"]

    def submitted_forms(self) -> list[dict[str, Any]]:
        """The form values of every submission in the outbox, decrypted, oldest first."""
        return [dict(self.outbox.wire(r)["payload"]["form"])
                for r in self.outbox.all_records() if str(r.kind) == "submission"]

    def close(self) -> None:
        """Wait for the workers, close the window and the outbox."""
        if self.scanner is not None:
            self.scanner.stop()
        self.switch.shutdown(wait=True)
        self.tasks.wait()
        self.window.close()
        self.outbox.close()
