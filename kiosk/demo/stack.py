"""What ``kiosk run`` starts besides the window: the embedded central, sync and sim devices.

- :class:`EmbeddedCentral`: the reference central service (``create_app``) on SQLite under
  the data folder, served by uvicorn on 127.0.0.1 on a free port in a background thread,
  used when ``[sync] central_url`` is empty;
- :func:`ensure_enrolled`: mints a one-time code straight in the embedded central's
  database (as ``kiosk central issue-code`` does) and enrolls the kiosk with it over HTTP
  (as ``kiosk enroll`` does); an already enrolled kiosk is left as it is;
- :class:`SimulatedReader`: lays a sample citizen's emulated card on the virtual reader
  (vpcd through the real pcscd) and takes it off again;
- :class:`SimulatedQrShow`: holds a sample citizen's QR image in front of the simulated
  camera for a few seconds (the real decoder reads it);
- :class:`PreviewPrinter`: a receipt printer that also saves each printed slip as a PNG.

Everything here blocks (network, disk, devices): the app calls it off the UI thread.
Nothing personal is logged.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn

from kiosk.central.app import create_app
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.core.config import CameraConfig, PrinterConfig
from kiosk.core.errors import KioskError
from kiosk.core.resources import asset
from kiosk.devices.card.pcsc_service import ensure_pcscd
from kiosk.devices.printer.job_builder import PrintJob
from kiosk.devices.printer.service import PrintOutcome, ReceiptPrinter
from kiosk.devices.qr.camera import CameraScanner, FrameCallback, source_from_config
from kiosk.devices.qr.events import ScanCallback
from kiosk.simulated.samples import build_card, list_samples
from kiosk.simulated.vpcd_slot import virtual_card
from kiosk.slips.preview import slip_image
from kiosk.sync.embedded_central import DATABASE, record_started, record_stopped
from kiosk.sync.enrollment import enroll
from kiosk.sync.keys import DeviceIdentity, KeyStore

log = logging.getLogger(__name__)

CENTRAL_DB = DATABASE
QR_DIR = asset("qr")


class RunError(KioskError):
    """Part of the demo stack (central service, virtual reader, camera) could not start."""


class EmbeddedCentral:
    """The reference central service in a background thread of this process."""

    def __init__(self, folder: Path, start_timeout_s: float = 20.0) -> None:
        self.folder = folder
        self.database_url = f"sqlite:///{folder / CENTRAL_DB}"
        self._timeout = start_timeout_s
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def start(self) -> str:
        """Serve on a free port of 127.0.0.1; return the base URL once it answers."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(self.database_url), log_level="warning",
                                access_log=False, lifespan="off")
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                        name="embedded-central", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self._timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RunError("The embedded central service did not start.")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{port}"
        record_started(self.folder, self.url)  # `kiosk diag` checks this address
        log.info("embedded central service started", extra={"fields": {"port": port}})
        return self.url

    def issue_code(self, center: str) -> str:
        """A one-time enrollment code for ``center``, minted in the central's database."""
        db = Database(self.database_url, pool_size=1)
        try:
            return CentralService(db).issue_code(center, 600.0)
        finally:
            db.close()

    def knows(self, device_id: str) -> bool:
        """True when this central has enrolled ``device_id``."""
        db = Database(self.database_url, pool_size=1)
        try:
            return CentralService(db).public_key(device_id) is not None
        finally:
            db.close()

    def stop(self) -> None:
        """Ask uvicorn to finish and wait for its thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            record_stopped(self.folder)
        self._server = self._thread = None


def ensure_enrolled(central: EmbeddedCentral, folder: Path, center: str) -> DeviceIdentity:
    """The kiosk's identity, enrolling it with the embedded central first if it has none.

    Raises :class:`RunError` when the data folder holds an identity this central does
    not know (the kiosk was enrolled with another central service).
    """
    store = KeyStore.in_data_dir(folder)
    if store.exists():
        identity = store.load()
        if not central.knows(identity.device_id):
            raise RunError(
                f"This kiosk is enrolled with another central service ({identity.central_url}); "
                "set [sync] central_url to it, or use another data folder.")
        return identity
    identity = enroll(central.issue_code(center), central.url, folder)
    log.info("enrolled with the embedded central service",
             extra={"fields": {"device": identity.device_id}})
    return identity


def qr_image(sample: str) -> Path:
    """The picture of ``sample``'s card QR that the simulated camera can be shown."""
    found = sorted(QR_DIR.glob(f"*{sample}.*"))
    if not found:
        raise RunError(f"There is no QR picture for the sample citizen {sample!r}.")
    return found[0]


class SimulatedReader:
    """The virtual reader's one slot: lay a sample citizen's card on it, or take it off."""

    def __init__(self, pace: bool = True, host: str = "127.0.0.1", port: int = 35963) -> None:
        self._pace = pace
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._slot: contextlib.ExitStack | None = None
        self.sample = ""

    def start(self) -> list[str]:
        """Make sure pcscd runs with the virtual reader; return the reader names."""
        return ensure_pcscd(want_virtual=True)

    def tap(self, sample: str) -> str:
        """Toggle ``sample``'s card: take off the card lying there, lay this one if new.

        Returns the sample now on the reader ("" when it is empty).
        """
        if sample not in list_samples():
            raise RunError(f"There is no sample citizen {sample!r}.")
        with self._lock:
            previous = self.sample
            self._remove()
            if previous == sample:
                return ""
            slot = contextlib.ExitStack()
            slot.enter_context(virtual_card(build_card(sample, pace=self._pace),
                                            self._host, self._port))
            self._slot, self.sample = slot, sample
            log.info("simulated card laid on the reader")
            return sample

    def _remove(self) -> None:
        if self._slot is not None:
            self._slot.close()
            log.info("simulated card taken off the reader")
        self._slot, self.sample = None, ""

    def close(self) -> None:
        """Take off any card and free the slot."""
        with self._lock:
            self._remove()


class SimulatedQrShow:
    """Shows one sample citizen's QR picture to the simulated camera, then stops.

    ``on_frame`` (optional) receives what the camera sees while a QR is held, for the
    live preview; when nothing is held no frames come (the preview shows its empty
    placeholder).
    """

    def __init__(self, camera: CameraConfig, on_scan: ScanCallback, show_s: float = 4.0,
                 on_frame: FrameCallback | None = None) -> None:
        self._camera = camera
        self._on_scan = on_scan
        self._on_frame = on_frame
        self._show_s = show_s
        self._lock = threading.Lock()
        self._scanner: CameraScanner | None = None
        self._timer: threading.Timer | None = None

    def show(self, sample: str) -> None:
        """Hold ``sample``'s QR in view for a few seconds (replacing one held already)."""
        image = qr_image(sample)
        config = CameraConfig(f"sim:{image}", self._camera.width, self._camera.height)
        with self._lock:
            self._stop()
            scanner = CameraScanner(source_from_config(config), self._on_scan,
                                    on_frame=self._on_frame)
            scanner.start()
            timer = threading.Timer(self._show_s, self.close)
            timer.daemon = True
            timer.start()
            self._scanner, self._timer = scanner, timer

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._scanner is not None:
            self._scanner.stop()
        self._scanner = self._timer = None

    def close(self) -> None:
        """Take the QR out of view."""
        with self._lock:
            self._stop()


class PreviewPrinter(ReceiptPrinter):
    """A receipt printer that also writes every printed slip as a PNG into a folder."""

    def __init__(self, url: str, profile: str, mode: str, folder: Path,
                 on_preview: Callable[[Path], None] | None = None) -> None:
        super().__init__(url, profile, mode)
        self.folder = folder
        self._on_preview = on_preview
        self._count = 0

    def print_job(self, job: PrintJob) -> PrintOutcome:
        """Print ``job``; when it printed, save its picture as ``slip-N.png``."""
        outcome = super().print_job(job)
        if outcome.printed:
            self._count += 1
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"slip-{self._count:04d}.png"
            try:
                slip_image(job).save(path, format="PNG")
            except OSError as exc:
                log.warning("slip preview not saved", extra={"fields": {
                    "error": type(exc).__name__}})
            else:
                if self._on_preview is not None:
                    self._on_preview(path)
        return outcome


def configured_printer(config: PrinterConfig, slips: Path,
                       on_preview: Callable[[Path], None] | None = None) -> ReceiptPrinter:
    """The printer ``config`` names; the virtual one (``sim:``) also saves slips as PNG."""
    if config.url.startswith("sim:"):
        return PreviewPrinter(config.url, config.profile, config.mode, slips, on_preview)
    return ReceiptPrinter.from_config(config)

