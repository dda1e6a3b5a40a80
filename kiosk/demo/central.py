"""The demo's own central service: what ``kiosk run`` starts when none is configured.

- :class:`EmbeddedCentral`: the reference central service (``create_app``) on SQLite under
  the data folder, served by uvicorn on 127.0.0.1 on a free port in a background thread,
  used when ``[sync] central_url`` is empty;
- :func:`ensure_enrolled`: mints a one-time code for the device's role (``kiosk`` or
  ``counter``, see ``kiosk.central.roles``) straight in the embedded central's database
  (as ``kiosk central issue-code`` does) and enrolls the device with it over HTTP (as
  ``kiosk enroll`` does); an already enrolled device is left as it is;
- :class:`DemoCentral`: both, as the station's ``CentralStarter`` (and, for a counter,
  the demo staff).

Everything here blocks (network, disk): stations call it off the UI thread. Nothing
personal is logged.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import uvicorn

from kiosk.central.app import create_app
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.core.config import KioskConfig, data_dir
from kiosk.core.errors import KioskError
from kiosk.demo.staff import ensure_demo_staff
from kiosk.sync.embedded_central import DATABASE, record_started, record_stopped
from kiosk.sync.enrollment import enroll
from kiosk.sync.keys import DeviceIdentity, KeyStore

log = logging.getLogger(__name__)

CENTRAL_DB = DATABASE


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

    def issue_code(self, center: str, role: str) -> str:
        """A one-time enrollment code for a ``role`` device of ``center``, minted in the
        central's database."""
        db = Database(self.database_url, pool_size=1)
        try:
            return CentralService(db).issue_code(center, 600.0, role)
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


def ensure_enrolled(central: EmbeddedCentral, folder: Path, center: str, role: str
                    ) -> DeviceIdentity:
    """The device's identity, enrolling it as a ``role`` device with the embedded central
    first if it has none.

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
    identity = enroll(central.issue_code(center, role), central.url, folder)
    log.info("enrolled with the embedded central service",
             extra={"fields": {"device": identity.device_id}})
    return identity


class DemoCentral:
    """The embedded central a station starts when none is configured (a ``CentralStarter``).

    Its database is ``central.db`` in the data folder, so a kiosk and a counter run from
    the same folder share it; a ``counter`` device also gets the demo staff account of
    its center (it signs in with it).
    """

    def __init__(self, data_folder: Path, role: str) -> None:
        self.data_folder = data_folder
        self.role = role
        self.embedded: EmbeddedCentral | None = None

    @property
    def url(self) -> str:
        """Where it answers ("" until started)."""
        return self.embedded.url if self.embedded is not None else ""

    @property
    def database_url(self) -> str:
        """Its SQLite database (shared by the stations run from the same data folder)."""
        return f"sqlite:///{self.data_folder / CENTRAL_DB}"

    def start(self, device_folder: Path, center: str) -> str:
        """Start the central, enroll the device in ``device_folder``; the central's URL."""
        central = EmbeddedCentral(self.data_folder)
        self.embedded = central
        url = central.start()
        ensure_enrolled(central, device_folder, center, self.role)
        if self.role == "counter":
            ensure_demo_staff(central.database_url, center)
        return url

    def stop(self) -> None:
        """Stop the central if it was started."""
        if self.embedded is not None:
            self.embedded.stop()


def demo_central(config: KioskConfig, role: str) -> DemoCentral | None:
    """The demo's central for a ``role`` station when ``config`` names none, else None."""
    if config.sync.central_url:
        return None
    return DemoCentral(data_dir(config), role)
