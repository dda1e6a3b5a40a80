from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central.storage import Database
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device

PG_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")


def _fresh_postgres(url: str) -> None:
    db = Database(url, pool_size=1)
    db.reset()
    with db.transaction() as tx:
        tx.execute("DELETE FROM counter_claims")  # the schema stays: it is versioned
    db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def central(request: pytest.FixtureRequest, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[CentralProcess]:
    """A real central service process (plain HTTP on 127.0.0.1), on SQLite and on
    PostgreSQL when the CI provides one; its data and index keys stay in ``tmp_path``."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/central.db"
    else:
        if not PG_URL:
            pytest.skip("KIOSK_TEST_POSTGRES_URL is not set")
        _fresh_postgres(PG_URL)
        url = PG_URL
        monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
    server = CentralProcess(url, tmp_path)
    yield server
    server.stop()


@pytest.fixture
def kiosk(central: CentralProcess, tmp_path: Path) -> Iterator[Device]:
    device = Device(central, tmp_path / "kiosk")
    yield device
    device.close()


@pytest.fixture
def counter(central: CentralProcess, tmp_path: Path) -> Iterator[Device]:
    device = Device(central, tmp_path / "counter", role="counter")
    yield device
    device.close()
