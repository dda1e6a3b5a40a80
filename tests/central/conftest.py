from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from kiosk.central.storage import Database
from tests.support.central_servers import CentralProcess

PG_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")


def reset_postgres() -> None:
    db = Database(PG_URL, pool_size=1)
    db.reset()
    db.close()


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[CentralProcess]:
    """A real central service process, on SQLite and on PostgreSQL (when CI provides it)."""
    folder = tmp_path_factory.mktemp("central")
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "sqlite":
            url = f"sqlite:///{folder}/central.db"
            patch.delenv("KIOSK_CENTRAL_KEY_FILE", raising=False)  # default: next to the file
        else:
            if not PG_URL:
                pytest.skip("KIOSK_TEST_POSTGRES_URL is not set")
            reset_postgres()
            url = PG_URL
            # the central's data and index keys for this module, out of the home folder
            patch.setenv("KIOSK_CENTRAL_KEY_FILE", str(folder / "central.key"))
        process = CentralProcess(url, folder)
    yield process
    process.stop()
