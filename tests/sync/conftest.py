from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central.storage import Database
from tests.support.central_servers import CentralProcess, make_tls

PG_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")


def _reset(url: str) -> None:
    db = Database(url, pool_size=1)
    db.reset()
    db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> str:
    """The central database: SQLite file, and PostgreSQL when the CI provides one (its
    data and index keys in ``tmp_path``, not the default in the home folder)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/central.db"
    if not PG_URL:
        pytest.skip("KIOSK_TEST_POSTGRES_URL is not set")
    _reset(PG_URL)
    monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
    return PG_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/central.db"


@pytest.fixture
def central(sqlite_url: str, tmp_path: Path) -> Iterator[CentralProcess]:
    """A central service over TLS (throwaway CA) on SQLite."""
    tls = make_tls(tmp_path)
    server = CentralProcess(sqlite_url, tmp_path, tls=tls)
    yield server
    server.stop()
