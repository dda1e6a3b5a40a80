"""The running staff counter: window, central service link, outbox, reader, camera, printer.

:class:`CounterRun` is to the counter what :class:`~kiosk.ui.kiosk.run.KioskRun` is to the
citizen kiosk, and reuses its stack (``kiosk.demo.stack``): with no central service
configured it runs the embedded one on ``<data>/central.db`` — the same database a
citizen kiosk started from the same data folder uses, so the two work together — and
creates the demo staff account (see :mod:`kiosk.demo.staff`). The counter is a
device of its own: its identity and outbox live in ``<data>/counter/``.

Simulated devices (when no reader is configured) answer to developer keys, since the
F keys are the staff's: Ctrl+1..4 lay sample citizen 1..4's card on the counter's
virtual reader (the second vpcd slot, so a kiosk on the same machine keeps the first)
or take it off; Ctrl+5..8 hold that citizen's card QR in front of the simulated camera.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut

from kiosk.core.config import KioskConfig, data_dir
from kiosk.core.errors import KioskError, sentence
from kiosk.core.procedures import load_catalog
from kiosk.demo.stack import (
    EmbeddedCentral,
    RunError,
    SimulatedQrShow,
    SimulatedReader,
    configured_printer,
    ensure_enrolled,
)
from kiosk.demo.staff import ensure_demo_staff
from kiosk.devices.card.reader import PcscTransport, ReaderEvent, ReaderWatcher, connect_card
from kiosk.devices.card.service import read_options
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.chip.card_session import ReadOptions
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.camera import CameraScanner, source_from_config
from kiosk.devices.qr.scanners import SerialScanner, serial_scanner_from_config
from kiosk.simulated.samples import list_samples
from kiosk.sync.counter_client import CounterClient
from kiosk.sync.keys import KeyStore
from kiosk.sync.stack import SyncStack, build_sync
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.counter.wiring import CounterEffects, SyncNews
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner

log = logging.getLogger(__name__)

COUNTER_DIR = "counter"
SIM_SLOT = 1  # the counter's virtual reader: vpcd slot 1 ("Virtual PCD 00 01")


def counter_folder(config: KioskConfig) -> Path:
    """The counter's own data folder (identity, outbox); slip pictures are never kept here."""
    folder = data_dir(config) / COUNTER_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class CounterRun(QObject):
    """One running staff counter."""

    def __init__(self, config: KioskConfig, size: str = "hd") -> None:
        super().__init__()
        self.config = config
        self.base = data_dir(config)
        self.folder = counter_folder(config)
        self.catalog = load_catalog()
        self.window = CounterWindow(self.catalog, size)
        self.presenter = self.window.presenter
        self.bridge = DeviceBridge(self)
        self.tasks = TaskRunner(parent=self)
        self.news = SyncNews(self)
        self.news.connect_to(self.presenter)
        self.central: EmbeddedCentral | None = None
        self.central_url = config.sync.central_url
        self.sync: SyncStack | None = None
        self.client: CounterClient | None = None
        self.effects: CounterEffects | None = None
        self.failure: KioskError | None = None
        self._slips: Path | None = None  # the virtual printer's receipt pictures (private)
        simulated = not config.reader.name
        self.reader = SimulatedReader(config.reader.sim_pace, config.reader.vpcd_host,
                                      config.reader.vpcd_port + SIM_SLOT) if simulated else None
        self._reader_name = f"Virtual PCD 00 {SIM_SLOT:02d}" if simulated else config.reader.name
        self.qr_show: SimulatedQrShow | None = None
        self.camera: CameraScanner | None = None
        self.scanner: SerialScanner | None = None
        self.watcher = ReaderWatcher(self._reader_event)
        self._transport: PcscTransport | None = None
        self._read_options = ReadOptions(read_face=False)
        self._shortcuts: list[QShortcut] = []

    # -- start ---------------------------------------------------------------------------
    def start(self, fullscreen: bool = False) -> None:
        """Show the window now; start the central link and the devices in the background."""
        self.window.show(fullscreen)
        self.presenter.start_clock()
        self.tasks.run(self._start_sync, self._sync_started, self._sync_failed,
                       name="start sync")
        self._start_camera()
        if self.reader is not None:
            self._add_sim_keys()
        self.tasks.run(self._start_reader, lambda _none: None, self._reader_failed,
                       name="start reader")

    def _start_sync(self) -> tuple[SyncStack, CounterClient]:
        config = self.config
        self._read_options = read_options(config.reader, False)
        if not config.sync.central_url:
            self.central = EmbeddedCentral(self.base)
            self.central_url = self.central.start()
            ensure_enrolled(self.central, self.folder, config.center.code)
            ensure_demo_staff(self.central.database_url)
        elif not KeyStore.in_data_dir(self.folder).exists():
            raise RunError(
                "This counter is not enrolled with the central service yet: run "
                f"KIOSK_SYNC_DATA_DIR={self.folder} kiosk enroll CODE --central "
                f"{self.central_url} (CODE from kiosk central issue-code {config.center.code}).")
        own = replace(config, sync=replace(config.sync, central_url=self.central_url,
                                           data_dir=str(self.folder)))
        stack = build_sync(own, on_online=self.news.online.emit,
                           on_depth=self.news.depth.emit)
        stack.worker.start()
        client = CounterClient(self.central_url or stack.identity.central_url, stack.identity,
                               config.sync.ca_bundle)
        return stack, client

    def _sync_started(self, started: tuple[SyncStack, CounterClient]) -> None:
        self.sync, self.client = started
        self.effects = CounterEffects(
            self.presenter, self.bridge, self.tasks, client=self.client,
            outbox=self.sync.outbox, printer=self._printer(), center=self.config.center,
            status_base_url=self.central_url or self.sync.identity.central_url,
            connect_card=self._connect_card, read_options=self._read_options)
        print(f"Quầy sẵn sàng / Counter ready: device {self.sync.identity.device_id}, "
              f"central {self.central_url or self.sync.identity.central_url}", flush=True)

    def _sync_failed(self, error: KioskError) -> None:
        self.failure = error
        log.error("counter could not start its outbox and sync",
                  extra={"fields": {"error": type(error).__name__}})
        print(f"kiosk run --mode counter: {sentence(str(error))}", flush=True)
        QCoreApplication.quit()

    @property
    def virtual_printer(self) -> bool:
        """Whether the configured printer is the virtual one (it saves slip pictures)."""
        return self.config.printer.url.startswith("sim:")

    def slips_folder(self) -> Path:
        """Where the virtual printer puts this run's receipt pictures.

        A receipt names the citizen: the folder is private to this run (mode 0700),
        outside the data folder, and removed when the counter closes; nothing is kept.
        """
        if self._slips is None:
            self._slips = Path(tempfile.mkdtemp(prefix="kiosk-counter-slips-"))
        return self._slips

    def _printer(self) -> ReceiptPrinter:
        return configured_printer(self.config.printer, self.slips_folder())

    def _start_reader(self) -> None:
        if self.reader is not None:
            self.reader.start()
        self.watcher.start()

    def _reader_failed(self, error: KioskError) -> None:
        log.warning("counter reader not available", extra={"fields": {
            "error": type(error).__name__}})
        print(f"Đầu đọc thẻ không sẵn sàng / Card reader not available: {error}", flush=True)

    def _reader_event(self, event: ReaderEvent) -> None:
        if not self._reader_name or event.reader.startswith(self._reader_name):
            self.bridge.on_reader_event(event)  # a kiosk's reader on this machine is not ours

    def _start_camera(self) -> None:
        try:  # a serial-mode USB scanner; a keyboard-wedge one types into the look-up box
            self.scanner = serial_scanner_from_config(self.config.scanner, self.bridge.on_scan)
        except KioskError as exc:
            print(f"Máy quét QR không dùng được / QR scanner not usable: {exc}", flush=True)
        if self.scanner is not None:
            self.scanner.start()
        source = self.config.camera.source
        if source.startswith("sim:") and Path(source[4:]).expanduser().is_dir():
            self.qr_show = SimulatedQrShow(self.config.camera, self.bridge.on_scan)
        elif source:
            self.camera = CameraScanner(source_from_config(self.config.camera),
                                        self.bridge.on_scan)
            self.camera.start()

    def _add_sim_keys(self) -> None:
        for index, sample in enumerate(list_samples()[:4]):
            self._shortcut(f"Ctrl+{index + 1}", lambda s=sample: self.tap_card(s))
            self._shortcut(f"Ctrl+{index + 5}", lambda s=sample: self.show_qr(s))

    def _shortcut(self, keys: str, action: object) -> None:
        shortcut = QShortcut(QKeySequence(keys), self.window.view)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(action)
        self._shortcuts.append(shortcut)

    # -- simulated devices -------------------------------------------------------------
    def tap_card(self, sample: str) -> None:
        """Lay ``sample``'s card on the counter's virtual reader (or lift it), off the UI thread."""
        reader = self.reader
        if reader is not None:
            self.tasks.run(lambda: reader.tap(sample), lambda _now: None, self._reader_failed,
                           name="simulated card")

    def show_qr(self, sample: str) -> None:
        """Hold ``sample``'s card QR in front of the simulated camera, off the UI thread."""
        show = self.qr_show
        if show is not None:
            self.tasks.run(lambda: show.show(sample), lambda _none: None,
                           lambda error: log.warning("simulated QR not shown", extra={
                               "fields": {"error": type(error).__name__}}), name="simulated QR")

    def _connect_card(self) -> Transport:
        """Connect to the card on the counter's reader (runs on a worker thread)."""
        if self._transport is not None:
            self._transport.close()
        self._transport = connect_card(self._reader_name, timeout=self.config.reader.timeout_s,
                                       extended=self.config.reader.extended_length)
        return self._transport

    # -- stop ----------------------------------------------------------------------------
    def close(self) -> None:
        """Stop everything this counter started, newest first; forget the receipt pictures."""
        if self._slips is not None:
            shutil.rmtree(self._slips, ignore_errors=True)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        if self.effects is not None:
            self.effects.stop()
        self.tasks.wait()
        if self.qr_show is not None:
            self.qr_show.close()
        if self.camera is not None:
            self.camera.stop()
        if self.scanner is not None:
            self.scanner.stop()
        self.watcher.stop()
        if self.reader is not None:
            self.reader.close()
        if self._transport is not None:
            self._transport.close()
        if self.client is not None:
            self.client.close()
        if self.sync is not None:
            self.sync.close()
        if self.central is not None:
            self.central.stop()
        self.window.close()
