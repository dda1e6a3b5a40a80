"""Fixtures for the emulator's PC/SC tests.

``vpcd_reader`` finds the first vsmartcard virtual reader through the real pcscd,
starting pcscd when it is not running (as root in CI, like the platform notes say).
It is local because the shared ``pcsc_reader`` fixture was not usable when this was
written; it never starts a second pcscd.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _virtual_readers() -> list[str]:
    from smartcard.System import readers

    try:
        return [str(r) for r in readers() if str(r).startswith("Virtual PCD 00 00")]
    except Exception:  # pyscard raises various errors when pcscd is absent
        return []


def _pcscd_running() -> bool:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "pcscd":
                    return True
            except OSError:
                continue
    return False


@pytest.fixture(scope="session")
def vpcd_reader() -> str:
    """The PC/SC name of the first vpcd reader (card socket 127.0.0.1:35963)."""
    found = _virtual_readers()
    if not found and not _pcscd_running():
        pcscd = shutil.which("pcscd") or "/usr/sbin/pcscd"
        Path("/run/pcscd").mkdir(parents=True, exist_ok=True)
        subprocess.run([pcscd], check=True)  # daemonises itself
    deadline = time.monotonic() + 10
    while not found and time.monotonic() < deadline:
        time.sleep(0.2)
        found = _virtual_readers()
    assert found, "pcscd with vsmartcard-vpcd is needed (apt-get install pcscd vsmartcard-vpcd)"
    return found[0]


@pytest.fixture
def vpcd_slot(vpcd_reader: str) -> Iterator[str]:
    """Hold the first vpcd slot for one test (same lock file as kiosk.devices.card_service).

    vpcd serves one card per slot; other test runs and demos on this machine take the
    same lock, so two programs never push cards into the slot at once.
    """
    lock_path = Path(tempfile.gettempdir()) / "kiosk-vpcd-35963.lock"
    with lock_path.open("a") as lock:
        deadline = time.monotonic() + 120
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, "the vpcd slot stayed busy for 2 minutes"
                time.sleep(0.05)
        try:
            yield vpcd_reader
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
