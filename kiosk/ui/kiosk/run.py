"""The running kiosk: the window, the visit's effects, sync and devices, wired together.

:class:`KioskRun` shows a :class:`~kiosk.ui.kiosk.window.KioskWindow` at once, then starts the rest
off the UI thread on the :class:`~kiosk.ui.qt.tasks.TaskRunner`: the embedded central service
and enrollment when no central is configured, the sync worker (ticket numbers, delivery),
pcscd with the virtual reader and the reader watcher, the camera. When it is all up the
:class:`~kiosk.ui.kiosk.wiring.EffectRunner` carries the visit's effects out.

Simulated devices answer to developer keys on the kiosk window:

- F1..F4 (or Ctrl+1..4): lay sample citizen 1..4's card on the virtual reader, or take
  it off again;
- F5..F8 (or Ctrl+5..8): hold sample citizen 1..4's QR in front of the simulated camera.
"""

from __future__ import annotations

import gc
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from kiosk.core.config import KioskConfig, data_dir
from kiosk.core.errors import KioskError, sentence
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.core.visit.events import Camera, CardTapped, Effect, QrDecoded
from kiosk.demo.stack import (
    EmbeddedCentral,
    SimulatedQrShow,
    SimulatedReader,
    configured_printer,
    ensure_enrolled,
)
from kiosk.devices.card.reader import PcscTransport, ReaderWatcher, connect_card
from kiosk.devices.card.service import read_options
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.chip.card_session import ReadOptions
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.camera import CameraScanner, source_from_config
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.devices.qr.events import ScanEvent
from kiosk.simulated.samples import list_samples
from kiosk.sync.queue_position import QueuePositionLookup
from kiosk.sync.stack import SyncStack, build_sync
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner
from kiosk.ui.technician.wiring import TechnicianWiring

log = logging.getLogger(__name__)

SLIPS_DIR = "slips"


def queue_services(catalog: Catalog) -> list[str]:
    """Every queue service the catalog's procedures send citizens to."""
    return sorted({procedure.queue_service for procedure in catalog.procedures})


class KioskRun(QObject):
    """One running kiosk: window, devices, outbox and sync (and maybe its own central)."""

    slip_saved = Signal(str)  # file URL of a printed slip's picture (virtual printer)

    def __init__(self, config: KioskConfig, orientation: str = "portrait") -> None:
        super().__init__()
        self.config = config
        self.folder = data_dir(config)
        self.catalog = load_catalog()
        self.window = KioskWindow(self.catalog, config.center, orientation)
        self.bridge = DeviceBridge(self)
        self.tasks = TaskRunner(parent=self)
        # Technician gesture + PIN, live diagnostics, periodic health (kiosk/technician_wiring)
        self.technician = TechnicianWiring(self.window, config, self.tasks,
                                           quit_app=QCoreApplication.quit)
        self.central: EmbeddedCentral | None = None
        self.central_url = config.sync.central_url
        self.sync: SyncStack | None = None
        self.effects: EffectRunner | None = None
        self.failure: KioskError | None = None
        self.reader = SimulatedReader(config.reader.sim_pace, config.reader.vpcd_host,
                                      config.reader.vpcd_port) if not config.reader.name else None
        self.qr_show: SimulatedQrShow | None = None
        self.camera: CameraScanner | None = None
        self.watcher = ReaderWatcher(self.bridge.on_reader_event)
        self._card_reader = config.reader.name
        self._transport: PcscTransport | None = None
        self._shortcuts: list[QShortcut] = []
        self._read_options = ReadOptions()
        self._last_stage: tuple[str, str, bool] = ("", "", False)
        self.bridge.card_inserted.connect(self._card_seen)
        self.bridge.qr_scanned.connect(self._qr_scanned)
        self.window.presenter.stage_changed.connect(self._stage_changed)
        # The visit's Camera effects switch a real camera on (attract .. identify) and off,
        # in order and off the UI thread (stopping waits for the camera worker).
        self._camera_switch = ThreadPoolExecutor(1, thread_name_prefix="camera-switch")
        self.window.presenter.effects.connect(self._switch_camera)
        self.slip_saved.connect(self.window.presenter.show_slip_preview)
        self.queue_lookup: QueuePositionLookup | None = None
        # Spoken guidance: prompts synthesised and played off the UI thread.
        self.audio = (AudioGuide(self.window.presenter, config.audio, self.folder)
                      if config.audio.enabled else None)

    # -- start --------------------------------------------------------------------------
    def start(self, fullscreen: bool = True) -> None:
        """Show the window now; start the services and devices in the background."""
        self.window.show(fullscreen)
        self.window.presenter.start_clock()
        self.tasks.run(self._start_sync, self._sync_started, self._sync_failed,
                       name="start sync")
        self._start_camera()
        if self.reader is not None:
            self._add_sim_keys()
        self.tasks.run(self._start_reader, lambda _sample: None, self._reader_failed,
                       name="start reader")

    def _start_sync(self) -> SyncStack:
        config = self.config
        # The trust store is files on disk: loaded here, off the UI thread.
        self._read_options = read_options(config.reader, config.reader.read_face)
        if not config.sync.central_url:
            self.central = EmbeddedCentral(self.folder)
            self.central_url = self.central.start()
            ensure_enrolled(self.central, self.folder, config.center.code)
            config = replace(config, sync=replace(config.sync, central_url=self.central_url))
        stack = build_sync(config, ticket_services=queue_services(self.catalog))
        stack.worker.start()
        return stack

    def _sync_started(self, stack: SyncStack) -> None:
        self.sync = stack
        self.effects = EffectRunner(
            self.window.presenter, self.bridge, self.tasks,
            connect_card=self._connect_card, printer=self._printer(),
            outbox=stack.outbox, desk=stack.desk, center=self.config.center,
            status_base_url=self.central_url or stack.identity.central_url,
            queue_position=self._queue_position(stack),
            read_options=self._read_options,
            access_order=self.config.reader.access_order,
            serving_counters=self.queue_lookup.counters if self.queue_lookup else None,
        )
        # A card laid before the visit's effects were wired (start-up) was sensed with
        # no one to act on it: the visit hears of it now.
        present = self.watcher.cards_present()
        if present:
            self._card_seen(present[0])
            self.window.presenter.post(CardTapped())
        self.technician.start_health(stack.outbox, self.central_url or stack.identity.central_url)
        log.info("kiosk ready", extra={"fields": {
            "device": stack.identity.device_id, "embedded_central": self.central is not None}})
        print(f"Kiosk sẵn sàng / Kiosk ready: device {stack.identity.device_id}, "
              f"central {self.central_url or stack.identity.central_url}", flush=True)
        # What start-up built lives as long as the kiosk: keep it out of every later full
        # garbage collection. One over the whole heap holds the GIL ~130 ms on the 2-core
        # VM, a visible UI stall (benchmarks/ui.py found it when a card was laid).
        gc.freeze()

    def _sync_failed(self, error: KioskError) -> None:
        self.failure = error
        log.error("kiosk could not start its outbox and sync",
                  extra={"fields": {"error": type(error).__name__}})
        print(f"kiosk run: {sentence(str(error))}", flush=True)
        QCoreApplication.quit()

    def _queue_position(self, stack: SyncStack) -> QueuePositionLookup:
        """Asks the central service where each new ticket stands (short timeout)."""
        self.queue_lookup = QueuePositionLookup(
            self.central_url or stack.identity.central_url, stack.identity,
            self.config.center.code, self.config.sync.ca_bundle)
        return self.queue_lookup

    def _slip_printed(self, path: Path) -> None:
        # Called on the printing worker thread: the signal carries it to the UI thread.
        self.slip_saved.emit(QUrl.fromLocalFile(str(path)).toString())

    def _printer(self) -> ReceiptPrinter:
        return configured_printer(self.config.printer, self.folder / SLIPS_DIR,
                                  on_preview=self._slip_printed)

    def _start_reader(self) -> str:
        if self.reader is not None:
            self.reader.start()
        self.watcher.start()
        if self.reader is not None and self.config.reader.sim:
            return self.reader.tap(self.config.reader.sim)
        return ""

    def _reader_failed(self, error: KioskError) -> None:
        log.warning("card reader not available", extra={"fields": {
            "error": type(error).__name__}})
        print(f"Đầu đọc thẻ không sẵn sàng / Card reader not available: {error}", flush=True)

    def _start_camera(self) -> None:
        source = self.config.camera.source
        if source.startswith("sim:") and Path(source[4:]).expanduser().is_dir():
            # A folder of QR pictures: each is shown on demand (F5..F8), not in a loop.
            self.qr_show = SimulatedQrShow(self.config.camera, self.bridge.on_scan,
                                           on_frame=self.window.camera_preview.on_frame)
        elif source:
            self.camera = CameraScanner(source_from_config(self.config.camera),
                                        self.bridge.on_scan,
                                        on_frame=self.window.camera_preview.on_frame)
            self.camera.start()

    def _switch_camera(self, effects: list[Effect]) -> None:
        camera = self.camera
        for effect in effects:
            if isinstance(effect, Camera) and camera is not None:
                self._camera_switch.submit(camera.start if effect.on else camera.stop)

    def _add_sim_keys(self) -> None:
        samples = list_samples()[:4]
        for index, sample in enumerate(samples):
            for keys in (f"F{index + 1}", f"Ctrl+{index + 1}"):
                self._shortcut(keys, lambda s=sample: self.tap_card(s))
            for keys in (f"F{index + 5}", f"Ctrl+{index + 5}"):
                self._shortcut(keys, lambda s=sample: self.show_qr(s))

    def _shortcut(self, keys: str, action: object) -> None:
        shortcut = QShortcut(QKeySequence(keys), self.window.view)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(action)
        self._shortcuts.append(shortcut)

    # -- simulated devices -------------------------------------------------------------
    def tap_card(self, sample: str) -> None:
        """Lay ``sample``'s card on the virtual reader (or take it off), off the UI thread."""
        reader = self.reader
        if reader is None:
            return
        self.tasks.run(lambda: reader.tap(sample), lambda _now: None, self._reader_failed,
                       name="simulated card")

    def show_qr(self, sample: str) -> None:
        """Hold ``sample``'s QR in front of the simulated camera, off the UI thread."""
        show = self.qr_show
        if show is None:
            return
        self.tasks.run(lambda: show.show(sample), lambda _none: None,
                       lambda error: log.warning("simulated QR not shown", extra={
                           "fields": {"error": type(error).__name__}}), name="simulated QR")

    def _stage_changed(self) -> None:
        data = self.window.visit.data
        shown = (str(self.window.visit.stage), data.identity_source or "none",
                 data.ticket_printed)
        if shown != self._last_stage:
            self._last_stage = shown
            log.info("visit stage", extra={"fields": {
                "stage": shown[0], "identity": shown[1], "printed": shown[2]}})

    # -- device events -------------------------------------------------------------------
    def _card_seen(self, reader: str) -> None:
        self._card_reader = reader

    def _qr_scanned(self, event: ScanEvent) -> None:
        try:
            identity = parse_cccd_qr(event.text)
        except KioskError as exc:
            log.info("QR code is not a CCCD", extra={"fields": {"error": type(exc).__name__}})
            return
        self.window.presenter.post(QrDecoded(identity))

    def _connect_card(self) -> Transport:
        """Connect to the card that was sensed (runs on a worker thread)."""
        if self._transport is not None:
            self._transport.close()
        self._transport = connect_card(self._card_reader, timeout=self.config.reader.timeout_s,
                                       extended=self.config.reader.extended_length)
        return self.technician.logged(self._transport)  # the technician's APDU log (masked)

    # -- stop ----------------------------------------------------------------------------
    def close(self) -> None:
        """Stop everything this kiosk started, newest first."""
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self.technician.close()
        self.tasks.wait()
        if self.qr_show is not None:
            self.qr_show.close()
        self._camera_switch.shutdown(wait=True)
        if self.camera is not None:
            self.camera.stop()
        self.watcher.stop()
        if self.reader is not None:
            self.reader.close()
        if self._transport is not None:
            self._transport.close()
        if self.audio is not None:
            self.audio.close()
        if self.queue_lookup is not None:
            self.queue_lookup.close()
        if self.sync is not None:
            self.sync.close()
        if self.central is not None:
            self.central.stop()
        self.window.close()
        gc.unfreeze()  # what start-up froze may go now (and is finalised at exit)


def slips_folder(config: KioskConfig) -> Path:
    """Where the virtual printer's slips are saved as PNG files."""
    return data_dir(config) / SLIPS_DIR
