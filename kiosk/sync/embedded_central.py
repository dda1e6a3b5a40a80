"""Where the demo's embedded central service listens, recorded in the data folder.

``kiosk run`` (and the counter) with no ``[sync] central_url`` start the reference
central service inside their own process, on a new free port each time. The address
saved in the device identity at enrollment is the first run's and goes stale; so the
running demo records its current address and process here, and ``kiosk diag`` reads
it to tell "the demo is not running" from "the central service cannot be reached".
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.sync.errors import SyncError

RECORD = "embedded-central.json"
DATABASE = "central.db"  # the embedded central's SQLite file in the data folder


@dataclass(frozen=True)
class EmbeddedCentralState:
    """What the data folder says about the demo's embedded central service.

    ``used`` is true when this folder's kiosk talks to an embedded central (a record
    exists, or the identity names a loopback address next to an embedded database);
    ``url`` is its current address when ``running``.
    """

    used: bool
    running: bool
    url: str = ""


def record_started(folder: Path, url: str) -> None:
    """Note that this process now serves the embedded central at ``url``."""
    _write(folder, {"url": url, "pid": os.getpid()})


def record_stopped(folder: Path) -> None:
    """Note that the embedded central of this process has stopped (if it was ours)."""
    info = _read(folder)
    if info.get("pid") == os.getpid():
        _write(folder, {"url": "", "pid": None})


def embedded_central_state(folder: Path, identity_url: str = "") -> EmbeddedCentralState:
    """Whether ``folder``'s kiosk uses the demo's embedded central, and if it runs now."""
    info = _read(folder)
    if info:
        pid, url = info.get("pid"), str(info.get("url") or "")
        running = isinstance(pid, int) and bool(url) and _alive(pid)
        return EmbeddedCentralState(True, running, url if running else "")
    # A folder from before the record existed: the identity names the first run's port.
    used = bool(identity_url) and _loopback(identity_url) and (folder / DATABASE).is_file()
    return EmbeddedCentralState(used, False)


def current_central_url(folder: Path, configured: str, identity_url: str) -> str:
    """The central service ``folder``'s kiosk talks to now.

    The configured URL; else the demo's embedded central at its current address while
    it runs; else the address saved at enrollment (``kiosk enroll --central URL``).
    Raises :class:`SyncError` when the kiosk uses the demo's central and it is not
    running (its old address would only time out).
    """
    if configured:
        return configured
    demo = embedded_central_state(folder, identity_url)
    if demo.running:
        return demo.url
    if demo.used:
        raise SyncError("The demo's central service is not running (it runs inside "
                        "'kiosk run'); start the kiosk, or set [sync] central_url.")
    return identity_url


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True


def _read(folder: Path) -> dict[str, object]:
    try:
        info = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _write(folder: Path, info: dict[str, object]) -> None:
    path = folder / RECORD
    temporary = path.with_suffix(".tmp")
    with contextlib.suppress(OSError):
        # private to its owner like everything in the data folder (0600, whatever the umask)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(info))
        os.chmod(temporary, 0o600)
        temporary.replace(path)
