"""The PC/SC service (pcscd): is it running, and start it when the kiosk may.

On a kiosk, pcscd runs under systemd (socket activation). On a developer machine or
in CI there is no systemd, so ``kiosk card read --sim`` and the tests start it in the
foreground-less daemon mode themselves when they run as root.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from kiosk.core.errors import ReaderError

log = logging.getLogger(__name__)

VPCD_CONFIG = Path("/etc/reader.conf.d/vpcd")


def list_reader_names() -> list[str]:
    """Names of the PC/SC readers, or raise :class:`ReaderError` if pcscd is unreachable."""
    from smartcard.Exceptions import SmartcardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    try:
        return [str(r) for r in readers()]
    except (BaseSCardException, SmartcardException) as exc:
        raise ReaderError(
            "The smart-card service (pcscd) is not running; start it with "
            "'systemctl start pcscd' or run 'pcscd'."
        ) from exc


def _pcscd_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "pcscd":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def ensure_pcscd(want_virtual: bool = False, timeout: float = 10.0) -> list[str]:
    """Make sure pcscd runs (and, with ``want_virtual``, lists the vpcd readers).

    Starts pcscd when it is not running and we are root. When it runs but was started
    before vsmartcard-vpcd was installed, it is restarted so it loads the driver.
    Returns the reader names.
    """
    if want_virtual and not VPCD_CONFIG.exists():
        raise ReaderError(
            "The virtual reader driver is missing; install it with "
            "'apt-get install vsmartcard-vpcd'."
        )
    names = _usable_readers(want_virtual)
    if names is not None:
        return names
    # One starter at a time: two processes restarting pcscd together leave two daemons.
    with (Path(tempfile.gettempdir()) / "kiosk-pcscd.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _start_pcscd(want_virtual, timeout)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _usable_readers(want_virtual: bool) -> list[str] | None:
    """The reader names when pcscd answers (with the vpcd readers if wanted), else None."""
    try:
        names = list_reader_names()
    except ReaderError:
        return None
    if want_virtual and not any("Virtual PCD" in n for n in names):
        return None
    return names


def _start_pcscd(want_virtual: bool, timeout: float) -> list[str]:
    names = _usable_readers(want_virtual)
    if names is not None:
        return names  # another process started it while we waited for the lock
    binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
    if not Path(binary).exists():
        raise ReaderError("pcscd is not installed; install it with 'apt-get install pcscd'.")
    if os.geteuid() != 0:
        raise ReaderError("pcscd is not running and only root can start it here.")
    for pid in _pcscd_pids():
        log.info("restarting pcscd to load the virtual reader driver")
        os.kill(pid, 15)
    deadline = time.monotonic() + timeout
    while _pcscd_pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    Path("/run/pcscd").mkdir(parents=True, exist_ok=True)
    subprocess.run([binary], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while time.monotonic() < deadline:
        names = _usable_readers(want_virtual)
        if names is not None:
            log.info("pcscd started", extra={"fields": {"readers": len(names)}})
            return names
        time.sleep(0.1)
    raise ReaderError("pcscd did not start within the time allowed.")
