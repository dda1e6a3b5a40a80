"""The running kiosk: the window and the visit's effects on the station's devices and sync.

:class:`KioskRun` is a :class:`~kiosk.ui.qt.station.Station` (devices, sync, close-down)
with the citizen's window: it shows a :class:`~kiosk.ui.kiosk.window.KioskWindow` at
once; when sync is up, the :class:`~kiosk.ui.kiosk.wiring.EffectRunner` carries the
visit's effects out. The camera is switched on and off by the visit (attract ..
identify), the technician's gesture and the spoken guidance are the kiosk's own.

Simulated devices answer to developer keys on the kiosk window:

- F1..F4 (or Ctrl+1..4): lay sample citizen 1..4's card on the virtual reader, or take
  it off again;
- F5..F8 (or Ctrl+5..8): hold sample citizen 1..4's QR in front of the simulated camera.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl, Signal

from kiosk.core.config import KioskConfig, data_dir
from kiosk.core.errors import KioskError
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.core.visit.events import Camera, CardTapped, Effect, QrDecoded, QrRejected
from kiosk.devices.card.reader import PcscTransport
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.documents.scanner import DocumentScanner
from kiosk.devices.qr.camera import FrameSource
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.devices.qr.events import ScanEvent
from kiosk.devices.registry import DEMO_PAPERS, document_source
from kiosk.sync.board_watch import BoardWatch
from kiosk.sync.holder_files import HolderFilesLookup
from kiosk.sync.queue_position import QueuePositionLookup
from kiosk.sync.stack import SyncStack, build_sync
from kiosk.ui.kiosk.audio.focus_speech import FocusSpeech
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.headphone_watch import HeadphoneWatch
from kiosk.ui.kiosk.audio.headphones import Headphones
from kiosk.ui.kiosk.audio.player import ProcessPlayer, SoundState, make_player
from kiosk.ui.kiosk.document_camera import DocumentCameraWiring
from kiosk.ui.kiosk.holder_watch import HolderFilesWatch
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.station import CentralStarter, SimKeys, Station, StationSetup
from kiosk.ui.technician.wiring import TechnicianWiring

log = logging.getLogger(__name__)

SLIPS_DIR = "slips"
KIOSK_KEYS = SimKeys(lay_card=("F{n}", "Ctrl+{n}"), show_qr=("F{n}", "Ctrl+{n}"))


def queue_services(catalog: Catalog) -> list[str]:
    """Every queue service the catalog's procedures send citizens to."""
    return sorted({procedure.queue_service for procedure in catalog.procedures})


class KioskRun(Station):
    """One running kiosk: window, devices, outbox and sync (and maybe its own central)."""

    slip_saved = Signal(str)  # file URL of a printed slip's picture (virtual printer)

    def __init__(self, config: KioskConfig, orientation: str = "portrait",
                 central: CentralStarter | None = None) -> None:
        self.catalog = load_catalog()
        # the document camera of the documents step ([documents] camera), if any
        paper_source = document_source(config.documents, config.camera)
        window = KioskWindow(self.catalog, config.center, orientation,
                             capture_documents=paper_source is not None)
        super().__init__(config, window, StationSetup(
            name="kiosk run", folder=data_dir(config), sim_keys=KIOSK_KEYS,
            on_frame=window.camera_preview.on_frame), central)
        self.window: KioskWindow = window
        # Technician gesture + PIN, live diagnostics, periodic health (ui/technician/wiring)
        self.technician = TechnicianWiring(self.window, config, self.tasks,
                                           quit_app=QCoreApplication.quit)
        self.effects: EffectRunner | None = None
        self.queue_lookup: QueuePositionLookup | None = None
        self.holder_lookup: HolderFilesLookup | None = None  # the card holder's files
        self.holder_watch: HolderFilesWatch | None = None
        self._last_stage: tuple[str, str, bool] = ("", "", False)
        self.bridge.qr_scanned.connect(self._qr_scanned)
        self.window.presenter.stage_changed.connect(self._stage_changed)
        # The visit's Camera effects switch a real camera on (attract .. identify) and off,
        # in order and off the UI thread (stopping waits for the camera worker).
        self._camera_switch = ThreadPoolExecutor(1, thread_name_prefix="camera-switch")
        self._closing = False
        self.window.presenter.effects.connect(self._switch_camera)
        self.papers = self._paper_camera(paper_source)
        self.slip_saved.connect(self.window.presenter.show_slip_preview)
        # Spoken guidance: prompts synthesised and played off the UI thread.
        self.audio = (AudioGuide(self.window.presenter, config.audio, self.folder)
                      if config.audio.enabled else None)
        # The tactile keypad ([keypad]) and its spoken focus (docs/accessibility.md).
        self.window.keypad.configure(config.keypad)
        self.focus_speech: FocusSpeech | None = None
        self.headphone_watch: HeadphoneWatch | None = None
        if self.audio is None:
            self.window.presenter.show_sound_state("disabled")
        else:
            self.audio.state_changed.connect(self.window.presenter.show_sound_state)
            self.window.presenter.show_sound_state(self.audio.state.value)
            self.audio.headphones = Headphones(config.keypad.headphones)
            self.focus_speech = FocusSpeech(self.window.keypad, self.audio,
                                            self.window.presenter)
            self.headphone_watch = HeadphoneWatch(self.audio.headphones, self.tasks,
                                                  self.window.presenter, self.window.keypad)

    def _paper_camera(self, source: FrameSource | None) -> DocumentCameraWiring | None:
        """The documents step's camera; on the simulated desk F9-F12 lay papers on it."""
        if source is None:
            return None
        scanner = DocumentScanner(source, lambda _page: None,
                                  on_frame=self.window.camera_preview.on_frame)
        wiring = DocumentCameraWiring(self.window.presenter, self.window.pages, scanner,
                                      self._camera_switch)
        lay = getattr(source, "lay", None)
        if callable(lay):  # the demo's desk (kiosk.simulated.document_desk)
            for key, seed in zip(("F9", "F10", "F11", "F12"), DEMO_PAPERS, strict=True):
                self._shortcut(key, partial(self.tasks.run, partial(lay, seed),
                                            lambda _laid: None, lambda _error: None,
                                            "simulated paper"))
        return wiring

    def start(self, fullscreen: bool = True) -> None:
        """Show the window and its clock now; start sync and the devices in the background."""
        super().start(fullscreen)
        self.window.presenter.start_clock()
        self._probe_sound()

    def _probe_sound(self) -> None:
        """Ask off the UI thread whether the guidance has a sound device at all: the
        header then says "no sound" from the first screen, not after the first prompt
        (the attract screen says nothing). Qt Multimedia's player is asked by the guide."""
        player = make_player(self.config.audio) if self.audio is not None else None
        if isinstance(player, ProcessPlayer):
            self.tasks.run(player.device_state, self._sound_probed, lambda _error: None,
                           name="sound device")

    def _sound_probed(self, state: SoundState) -> None:
        # only before the guide has found out for itself (its state is still READY)
        if state == SoundState.NO_DEVICE and self.audio is not None and (
                self.audio.state == SoundState.READY):
            self.window.presenter.show_sound_state(state.value)

    # -- sync ------------------------------------------------------------------------------
    def open_sync(self, config: KioskConfig) -> SyncStack:
        """The kiosk's outbox, ticket leases and delivery worker (worker thread)."""
        stack = build_sync(config, ticket_services=queue_services(self.catalog))
        stack.worker.start()
        return stack

    def sync_ready(self, opened: SyncStack) -> None:
        """Wire the visit's effects to the open sync; act on a card laid during start-up."""
        stack = self.sync = opened
        central_url = self.central_url or stack.identity.central_url
        self.effects = EffectRunner(
            self.window.presenter, self.bridge, self.tasks,
            connect_card=self.connect_card, printer=self.printer(
                self.folder / SLIPS_DIR, on_preview=self._slip_printed),
            outbox=stack.outbox, desk=stack.desk, center=self.config.center,
            status_base_url=central_url, queue_position=self._queue_position(stack),
            read_options=self.read_options, access_order=self.config.reader.access_order,
            serving_counters=self.queue_lookup.counters if self.queue_lookup else None,
            pages=self.window.pages,
        )
        self.holder_lookup = HolderFilesLookup(central_url, stack.identity,
                                               self.config.sync.ca_bundle)
        self.holder_watch = HolderFilesWatch(self.window.presenter, self.window.holder_files,
                                             self.tasks, self.holder_lookup)
        # A card laid before the visit's effects were wired (start-up) was sensed with
        # no one to act on it: the visit hears of it now.
        present = self.watcher.cards_present()
        if present:
            self._card_seen(present[0])
            self.window.presenter.post(CardTapped())
        self.technician.start_health(stack.outbox, central_url)
        log.info("kiosk ready", extra={"fields": {
            "device": stack.identity.device_id, "embedded_central": self.central is not None}})
        print(f"Kiosk sẵn sàng / Kiosk ready: device {stack.identity.device_id}, "
              f"central {central_url}", flush=True)

    def _queue_position(self, stack: SyncStack) -> QueuePositionLookup:
        """Where each new ticket stands: from the center's board the kiosk follows, else
        asked of the central service (short timeout)."""
        central_url = self.central_url or stack.identity.central_url
        watch = BoardWatch(central_url, self.config.center.code, self.config.sync.ca_bundle)
        self.queue_lookup = QueuePositionLookup(
            self.config.sync.interactive_url or central_url, stack.identity,
            self.config.center.code, self.config.sync.ca_bundle, watch=watch)
        return self.queue_lookup

    def _slip_printed(self, path: Path) -> None:
        # Called on the printing worker thread: the signal carries it to the UI thread.
        self.slip_saved.emit(QUrl.fromLocalFile(str(path)).toString())

    def stage_name(self) -> str:
        """The visit's stage (for the item report of a test driver)."""
        return str(self.window.visit.stage)

    # -- devices ---------------------------------------------------------------------------
    def wrap_transport(self, transport: PcscTransport) -> Transport:
        """Chip reads go through the technician's APDU log (masked)."""
        return self.technician.logged(transport)

    def _switch_camera(self, effects: list[Effect]) -> None:
        camera = self.camera
        if self._closing:
            return  # a last screen change while closing: the camera is being stopped
        for effect in effects:
            if isinstance(effect, Camera) and camera is not None:
                self._camera_switch.submit(camera.start if effect.on else camera.stop)

    def _qr_scanned(self, event: ScanEvent) -> None:
        try:
            identity = parse_cccd_qr(event.text)
        except KioskError as exc:
            # The citizen is told (never a silent ignore); the log names only the type.
            log.info("QR code is not a CCCD", extra={"fields": {"error": type(exc).__name__}})
            self.window.presenter.post(QrRejected(type(exc).__name__))
            return
        self.window.presenter.post(QrDecoded(identity))

    def _stage_changed(self) -> None:
        data = self.window.visit.data
        shown = (str(self.window.visit.stage), data.identity_source or "none",
                 data.ticket_printed)
        if shown != self._last_stage:
            self._last_stage = shown
            log.info("visit stage", extra={"fields": {
                "stage": shown[0], "identity": shown[1], "printed": shown[2]}})

    # -- stop ------------------------------------------------------------------------------
    def close_own(self) -> None:
        """The technician's timers and the camera switch stop before the devices do."""
        self._closing = True
        if self.papers is not None:
            self.papers.closing = True
            self._camera_switch.submit(self.papers.stop)
        if self.headphone_watch is not None:
            self.headphone_watch.stop()
        self.technician.close()
        self._camera_switch.shutdown(wait=True)

    def close_links(self) -> None:
        """The voice player and the look-ups close before sync does."""
        if self.audio is not None:
            self.audio.close()
        if self.queue_lookup is not None:
            self.queue_lookup.close()
        if self.holder_lookup is not None:
            self.holder_lookup.close()


def slips_folder(config: KioskConfig) -> Path:
    """Where the virtual printer's slips are saved as PNG files."""
    return data_dir(config) / SLIPS_DIR
