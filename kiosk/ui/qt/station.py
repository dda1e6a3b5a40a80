"""One running station (the citizen kiosk or the staff counter) and the devices it owns.

:class:`Station` builds the devices of a run in one place and closes them on one path:
the task runner and the device bridge, the card reader (a real PC/SC reader, or the
simulated one the device registry gives when none is configured) and its watcher, the
QR camera (or the simulated QR show), a serial QR scanner, the developer keys that lay
sample cards, the receipt printer, and the sync stack, started off the UI thread
against the configured central service or the one a :class:`CentralStarter` provides
(the demo's embedded central, handed in by the launcher: the ui never imports it).

The kiosk (:mod:`kiosk.ui.kiosk.run`) and the counter (:mod:`kiosk.ui.counter.run`)
subclass it and add only what is theirs through the hooks: how their sync opens, what
is wired when it is up, what else they close.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError, sentence
from kiosk.devices.card.reader import PcscTransport, ReaderEvent, ReaderWatcher, connect_card
from kiosk.devices.card.service import read_options, reader_allows_extended
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.chip.card_family import CardFamilies
from kiosk.devices.chip.card_session import ReadOptions
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.camera import CameraScanner, FrameCallback, source_from_config
from kiosk.devices.qr.scanners import SerialScanner, serial_scanner_from_config
from kiosk.devices.registry import (
    SampleQrShow,
    SampleReader,
    sample_names,
    simulated_qr_show,
    simulated_reader,
)
from kiosk.slips.printers import configured_printer
from kiosk.sync.stack import SyncStack
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.qml_window import QmlWindow
from kiosk.ui.qt.service_notify import ServiceNotify
from kiosk.ui.qt.tasks import TaskRunner

log = logging.getLogger(__name__)


class CentralStarter(Protocol):
    """Starts a central service for a run that has none configured (the demo's own)."""

    def start(self, device_folder: Path, center: str) -> str:
        """Start it, enroll the device whose keys live in ``device_folder``; its URL."""

    def stop(self) -> None:
        """Stop it (nothing when it never started)."""


@dataclass(frozen=True)
class SimKeys:
    """The developer keys of simulated devices: ``{n}`` is the sample's 1-based number."""

    lay_card: tuple[str, ...]
    show_qr: tuple[str, ...]


@dataclass(frozen=True)
class StationSetup:
    """What differs between the stations' devices (data, not branches)."""

    name: str                  # for messages: "kiosk run", "kiosk run --mode counter"
    folder: Path               # the device's identity and outbox
    sim_keys: SimKeys
    reader_slot: int = 0       # the simulated reader's vpcd slot
    read_face: bool = True     # whether a chip read goes on to the face (DG2)
    serial_scanner: bool = False
    on_frame: FrameCallback | None = None  # the live camera preview, if the window has one


class Station(QObject):
    """The devices, sync and window of one running station; subclasses add their effects."""

    def __init__(self, config: KioskConfig, window: QmlWindow, setup: StationSetup,
                 central: CentralStarter | None = None) -> None:
        super().__init__()
        self.config = config
        self.window = window
        self.setup = setup
        self.folder = setup.folder
        self.bridge = DeviceBridge(self)
        self.tasks = TaskRunner(parent=self)
        self.central = central
        self.central_url = config.sync.central_url
        self.sync: SyncStack | None = None
        self.failure: KioskError | None = None
        self.reader: SampleReader | None = simulated_reader(config.reader, setup.reader_slot)
        self.reader_name = (f"Virtual PCD 00 {setup.reader_slot:02d}" if self.reader is not None
                            else config.reader.name)
        self.qr_show: SampleQrShow | None = None
        self.camera: CameraScanner | None = None
        self.scanner: SerialScanner | None = None
        self.watcher = ReaderWatcher(self._reader_event)
        self.read_options = ReadOptions(read_face=setup.read_face)
        self._card_reader = self.reader_name
        self._transport: PcscTransport | None = None
        self._shortcuts: list[QShortcut] = []
        self.bridge.card_inserted.connect(self._card_seen)
        # systemd: READY after the first frame, watchdog pings from this loop, STATUS
        self.service = ServiceNotify(window.view, setup.name, parent=self)

    # -- hooks -----------------------------------------------------------------------------
    def open_sync(self, config: KioskConfig) -> Any:
        """Open this station's outbox and sync against ``config`` (worker thread).

        Every station implements it (QObject's metaclass rules out ``abc.abstractmethod``).
        """
        raise NotImplementedError(f"{type(self).__name__} must open its sync")

    def sync_ready(self, opened: Any) -> None:
        """Keep the open sync in :attr:`sync` and wire what needs it (UI thread).

        Every station implements it, as :meth:`open_sync`.
        """
        raise NotImplementedError(f"{type(self).__name__} must wire its open sync")

    def close_own(self) -> None:
        """Stop what only this station has, before its devices close."""

    def close_links(self) -> None:
        """Close this station's own links (HTTP clients, players) before its sync closes."""

    def stage_name(self) -> str:
        """What the window shows now, in a word (for the item report of a test driver)."""
        return ""

    def wrap_transport(self, transport: PcscTransport) -> Transport:
        """The transport chip reads go through (the kiosk logs its APDUs, masked)."""
        return transport

    # -- start -----------------------------------------------------------------------------
    def start(self, fullscreen: bool = True) -> None:
        """Show the window now; start sync and the devices in the background."""
        self.service.start()
        self.window.show(fullscreen)
        self.tasks.run(self._start_sync, self._sync_started, self._sync_failed,
                       name="start sync")
        self._start_camera()
        if self.reader is not None:
            self._add_sim_keys()
        self.tasks.run(self._start_reader, lambda _sample: None, self._reader_failed,
                       name="start reader")

    def _start_sync(self) -> Any:
        config = self.config
        # The trust store is files on disk: loaded here, off the UI thread.
        # what each card family showed is kept with the device, so only the first card
        # of a family after installation pays for finding out (card_family.py)
        families = CardFamilies(self.folder / "card_families.json")
        self.read_options = read_options(config.reader,
                                         self.setup.read_face and config.reader.read_face,
                                         families)
        if not config.sync.central_url and self.central is not None:
            self.central_url = self.central.start(self.folder, config.center.code)
            config = replace(config, sync=replace(config.sync, central_url=self.central_url))
        return self.open_sync(config)

    def _sync_started(self, opened: Any) -> None:
        self.sync_ready(opened)
        device = self.sync.identity.device_id if self.sync is not None else "?"
        self.service.status(f"running, device {device}")
        # What start-up built lives as long as the station: keep it out of every later
        # full garbage collection. One over the whole heap holds the GIL ~130 ms on a
        # 2-core PC, a visible UI stall (benchmarks/ui.py found it when a card was laid).
        gc.freeze()

    def _sync_failed(self, error: KioskError) -> None:
        self.failure = error
        log.error("station could not start its outbox and sync",
                  extra={"fields": {"error": type(error).__name__}})
        self.service.status(f"outbox and sync could not start ({type(error).__name__})")
        print(f"{self.setup.name}: {sentence(str(error))}", flush=True)
        QCoreApplication.quit()

    def printer(self, slips: Path, on_preview: Callable[[Path], None] | None = None
                ) -> ReceiptPrinter:
        """The configured receipt printer; the virtual one saves slip pictures in ``slips``."""
        return configured_printer(self.config.printer, slips, on_preview)

    # -- devices ---------------------------------------------------------------------------
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

    def _reader_event(self, event: ReaderEvent) -> None:
        # Another station's reader on this machine (a kiosk and a counter) is not ours.
        if not self.reader_name or event.reader.startswith(self.reader_name):
            self.bridge.on_reader_event(event)

    def _card_seen(self, reader: str) -> None:
        self._card_reader = reader

    def connect_card(self) -> Transport:
        """Connect to the card on this station's reader (runs on a worker thread)."""
        if self._transport is not None:
            self._transport.close()
        self._transport = connect_card(self._card_reader, timeout=self.config.reader.timeout_s,
                                       extended=reader_allows_extended(self.config.reader))
        return self.wrap_transport(self._transport)

    def _start_camera(self) -> None:
        if self.setup.serial_scanner:
            try:  # a serial-mode USB scanner; a keyboard-wedge one types into a text box
                self.scanner = serial_scanner_from_config(self.config.scanner,
                                                          self.bridge.on_scan)
            except KioskError as exc:
                print(f"Máy quét QR không dùng được / QR scanner not usable: {exc}", flush=True)
            if self.scanner is not None:
                self.scanner.start()
        self.qr_show = simulated_qr_show(self.config.camera, self.bridge.on_scan,
                                         self.setup.on_frame)
        if self.qr_show is None and self.config.camera.source:
            self.camera = CameraScanner(source_from_config(self.config.camera),
                                        self.bridge.on_scan, on_frame=self.setup.on_frame)
            self.camera.start()

    def _add_sim_keys(self) -> None:
        keys = self.setup.sim_keys
        for index, sample in enumerate(sample_names()[:4]):
            for template in keys.lay_card:
                self._shortcut(template.format(n=index + 1), partial(self.tap_card, sample))
            for template in keys.show_qr:
                self._shortcut(template.format(n=index + 5), partial(self.show_qr, sample))

    def _shortcut(self, keys: str, action: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self.window.view)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(action)
        self._shortcuts.append(shortcut)

    def tap_card(self, sample: str) -> None:
        """Lay ``sample``'s card on the simulated reader (or lift it), off the UI thread."""
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

    # -- stop ------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop everything this station started, newest first."""
        self.service.stop()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self.close_own()
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
        self.close_links()
        if self.sync is not None:
            self.sync.close()
        if self.central is not None:
            self.central.stop()
        self.window.close()
        gc.unfreeze()  # what start-up froze may go now (and is finalised at exit)
