"""Shared fixtures: the real PC/SC stack (pcscd + vsmartcard-vpcd), and a home folder of
the suite's own.

The suite runs with ``HOME`` (and ``XDG_DATA_HOME``, ``XDG_CONFIG_HOME``) pointing at a
temporary folder, set here before any kiosk module is imported: nothing a test starts
reads the developer's ``~/.config/kiosk/kiosk.toml`` or writes the developer's
``~/.local/share/kiosk`` (the default data folder, and PostgreSQL's default central
key file). A test after which ``~/.local/share/kiosk`` exists in that temporary home
fails, naming what was written (it would have gone into the real home folder); and the
session fails if the real ``~/.local/share/kiosk`` changed while it ran. Caches
(``XDG_CACHE_HOME``) stay the real ones, so font and QML caches stay warm.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REAL_HOME = Path.home()
REAL_DATA = REAL_HOME / ".local/share/kiosk"
TEST_HOME = Path(tempfile.mkdtemp(prefix="kiosk-test-home-"))
TEST_DATA = TEST_HOME / ".local/share/kiosk"
os.environ.setdefault("XDG_CACHE_HOME", str(REAL_HOME / ".cache"))
os.environ["HOME"] = str(TEST_HOME)
os.environ["XDG_DATA_HOME"] = str(TEST_HOME / ".local/share")
os.environ["XDG_CONFIG_HOME"] = str(TEST_HOME / ".config")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for path in folder.rglob("*") if folder.is_dir() else ():
        try:
            info = path.stat()
        except OSError:
            continue
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


REAL_DATA_BEFORE = _snapshot(REAL_DATA)


@pytest.fixture(autouse=True)
def _home_data_folder_untouched() -> Iterator[None]:
    """Fails the test after which the (test) home's ``~/.local/share/kiosk`` exists."""
    yield
    if TEST_DATA.exists():
        written = sorted(str(p.relative_to(TEST_HOME)) for p in TEST_DATA.rglob("*"))
        shutil.rmtree(TEST_DATA, ignore_errors=True)  # blame this test only
        pytest.fail("this test wrote into the home folder's kiosk data folder "
                    f"(~/{', ~/'.join(written) or '.local/share/kiosk'}); give it a folder "
                    "of its own (KIOSK_SYNC_DATA_DIR, KIOSK_CENTRAL_KEY_FILE)", pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if the real ``~/.local/share/kiosk`` changed; remove the test home."""
    shutil.rmtree(TEST_HOME, ignore_errors=True)
    after = _snapshot(REAL_DATA)
    changed = sorted(k for k in after.keys() | REAL_DATA_BEFORE.keys()
                     if after.get(k) != REAL_DATA_BEFORE.get(k))
    if changed:
        print(f"\nThe test run changed {REAL_DATA}: {', '.join(changed[:10])}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

VPCD_PORT = 35963


@pytest.fixture(scope="session")
def pcscd_readers() -> list[str]:
    """Make sure pcscd runs with the vpcd driver; return the reader names.

    This is the real PC/SC service; nothing is mocked. Tests that need it fail (not skip)
    when it cannot be started: CI installs it through the README's test command.
    """
    from kiosk.devices.card.pcsc_service import ensure_pcscd

    names = ensure_pcscd(want_virtual=True)
    assert any(n.startswith("Virtual PCD 00 00") for n in names), names
    return names


@pytest.fixture
def pcsc_reader(pcscd_readers: list[str]) -> Iterator[str]:
    """The first virtual reader's PC/SC name (its card socket is 127.0.0.1:35963)."""
    yield next(n for n in pcscd_readers if n.startswith("Virtual PCD 00 00"))
