"""Counter tests: a real central service process, real outboxes, the real counter window.

Qt runs offscreen with the software renderer (set before pytest-qt creates the app).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from kiosk.demo.staff import ensure_demo_staff
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device

from .harness import CENTER, Counter


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """No pytest-qt message capture (see tests/app/conftest.py: it can deadlock)."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.no_qt_log)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralProcess]:
    """The central service in its own process on 127.0.0.1, with the demo staff account."""
    url = f"sqlite:///{tmp_path}/central.db"
    server = CentralProcess(url, tmp_path)
    ensure_demo_staff(url, CENTER)
    yield server
    server.stop()


@pytest.fixture
def kiosk(central: CentralProcess, tmp_path: Path) -> Iterator[Device]:
    """A citizen kiosk of the same center (its records go the production way)."""
    device = Device(central, tmp_path / "kiosk", CENTER)
    yield device
    device.close()


@pytest.fixture
def counter(central: CentralProcess, tmp_path: Path, qapp: object) -> Iterator[Counter]:
    """The counter app wired to the central service, signed out."""
    made = Counter(central, tmp_path / "counter")
    yield made
    made.close()
