from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.servers import CentralProcess

from .devices import Device


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralProcess]:
    """A real central service process on SQLite (plain HTTP on 127.0.0.1)."""
    server = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    yield server
    server.stop()


@pytest.fixture
def kiosk(central: CentralProcess, tmp_path: Path) -> Iterator[Device]:
    device = Device(central, tmp_path / "kiosk")
    yield device
    device.close()


@pytest.fixture
def counter(central: CentralProcess, tmp_path: Path) -> Iterator[Device]:
    device = Device(central, tmp_path / "counter")
    yield device
    device.close()
