"""Fixtures for the emulator's PC/SC tests.

``vpcd_reader`` is the shared ``pcsc_reader`` (tests/conftest.py: the real pcscd with
the vpcd driver, started when needed); ``vpcd_slot`` also holds the slot's lock.
"""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.waiting import wait_until


@pytest.fixture
def vpcd_reader(pcsc_reader: str) -> str:
    """The PC/SC name of the first vpcd reader (card socket 127.0.0.1:35963)."""
    return pcsc_reader


@pytest.fixture
def vpcd_slot(vpcd_reader: str) -> Iterator[str]:
    """Hold the first vpcd slot for one test (same lock file as kiosk.devices.card.service).

    vpcd serves one card per slot; other test runs and demos on this machine take the
    same lock, so two programs never push cards into the slot at once.
    """
    lock_path = Path(tempfile.gettempdir()) / "kiosk-vpcd-35963.lock"
    with lock_path.open("a") as lock:
        def taken() -> bool:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        wait_until(taken, 120, message="the vpcd slot (busy)")
        try:
            yield vpcd_reader
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
