"""The running staff counter: window and effects on the station's devices and sync.

:class:`CounterRun` is to the counter what :class:`~kiosk.ui.kiosk.run.KioskRun` is to the
citizen kiosk: a :class:`~kiosk.ui.qt.station.Station` with its own window and effects.
With no central service configured the launcher hands it the demo's embedded central
(on ``<data>/central.db``, the same database a citizen kiosk started from the same data
folder uses, so the two work together) with the demo staff account. The counter is a
device of its own: its identity and outbox live in ``<data>/counter/``. See
``docs/counter.md`` for running a kiosk and a counter against one central service.

Simulated devices (when no reader is configured) answer to developer keys, since the
F keys are the staff's: Ctrl+1..4 lay sample citizen 1..4's card on the counter's
virtual reader (the second vpcd slot, so a kiosk on the same machine keeps the first)
or take it off; Ctrl+5..8 hold that citizen's card QR in front of the simulated camera.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from kiosk.core.config import KioskConfig, data_dir
from kiosk.core.errors import KioskError
from kiosk.core.procedures import load_catalog
from kiosk.sync.counter_client import CounterClient
from kiosk.sync.keys import KeyStore
from kiosk.sync.stack import SyncStack, build_sync
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.counter.wiring import CounterEffects, SyncNews
from kiosk.ui.qt.station import CentralStarter, SimKeys, Station, StationSetup

COUNTER_DIR = "counter"
SIM_SLOT = 1  # the counter's virtual reader: vpcd slot 1 ("Virtual PCD 00 01")
COUNTER_KEYS = SimKeys(lay_card=("Ctrl+{n}",), show_qr=("Ctrl+{n}",))


class NotEnrolledCounterError(KioskError):
    """A counter configured for a central service has not been enrolled with it."""


def counter_folder(config: KioskConfig) -> Path:
    """The counter's own data folder (identity, outbox); slip pictures are never kept here."""
    folder = data_dir(config) / COUNTER_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class CounterRun(Station):
    """One running staff counter."""

    def __init__(self, config: KioskConfig, size: str = "hd",
                 central: CentralStarter | None = None) -> None:
        self.catalog = load_catalog()
        window = CounterWindow(self.catalog, size)
        window.use_keypad(config.keypad)
        super().__init__(config, window, StationSetup(
            name="kiosk run --mode counter", folder=counter_folder(config),
            sim_keys=COUNTER_KEYS, reader_slot=SIM_SLOT, read_face=False,
            serial_scanner=True), central)
        self.window: CounterWindow = window
        self.presenter = window.presenter
        self.news = SyncNews(self)
        self.news.connect_to(self.presenter)
        self.client: CounterClient | None = None
        self.effects: CounterEffects | None = None
        self._slips: Path | None = None  # the virtual printer's receipt pictures (private)

    def start(self, fullscreen: bool = False) -> None:
        """Show the window and its clock now; start sync and the devices in the background."""
        super().start(fullscreen)
        self.presenter.start_clock()

    # -- sync ------------------------------------------------------------------------------
    def open_sync(self, config: KioskConfig) -> tuple[SyncStack, CounterClient]:
        """The counter's outbox and worker, and its client for look-ups (worker thread)."""
        if self.central is None and not KeyStore.in_data_dir(self.folder).exists():
            raise NotEnrolledCounterError(
                "This counter is not enrolled with the central service yet: run "
                f"KIOSK_SYNC_DATA_DIR={self.folder} kiosk enroll CODE --central "
                f"{self.central_url} (CODE from kiosk central issue-code {config.center.code}).")
        own = replace(config, sync=replace(config.sync, data_dir=str(self.folder)))
        stack = build_sync(own, on_online=self.news.online.emit, on_depth=self.news.depth.emit)
        stack.worker.start()
        client = CounterClient(self.central_url or stack.identity.central_url, stack.identity,
                               config.sync.ca_bundle,
                               interactive_url=config.sync.interactive_url)
        return stack, client

    def sync_ready(self, opened: tuple[SyncStack, CounterClient]) -> None:
        """Wire the counter's effects (queue keys, look-ups, receipts) to the open sync."""
        self.sync, self.client = opened
        central_url = self.central_url or self.sync.identity.central_url
        self.effects = CounterEffects(
            self.presenter, self.bridge, self.tasks, client=self.client,
            outbox=self.sync.outbox, printer=self.printer(self.slips_folder()),
            center=self.config.center, status_base_url=central_url,
            connect_card=self.connect_card, read_options=self.read_options)
        print(f"Quầy sẵn sàng / Counter ready: device {self.sync.identity.device_id}, "
              f"central {central_url}", flush=True)

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

    # -- stop ------------------------------------------------------------------------------
    def close_own(self) -> None:
        """Forget the receipt pictures; stop the effects before the devices close."""
        if self._slips is not None:
            shutil.rmtree(self._slips, ignore_errors=True)
        if self.effects is not None:
            self.effects.stop()

    def close_links(self) -> None:
        """The look-up client closes before sync does."""
        if self.client is not None:
            self.client.close()
