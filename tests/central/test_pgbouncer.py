"""Through pgbouncer in transaction mode (docs/deploy.md): intake, boards and their wake-ups.

Needs a pgbouncer (``pool_mode = transaction``) in front of the test database:
``KIOSK_TEST_PGBOUNCER_URL`` names it, ``KIOSK_TEST_POSTGRES_URL`` the database itself
(skipped without both). Each server connection of pgbouncer serves many clients' short
transactions in turn, so a statement prepared on one is missing on the next: the pool
must prepare none; migrations and LISTEN go to PostgreSQL directly.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from kiosk.central.queue_day import load_day
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.vn_time import VIETNAM
from kiosk.wire.protocol import RecordKind
from tests.central.city_support import PG_URL, Signer

BOUNCER = os.environ.get("KIOSK_TEST_PGBOUNCER_URL", "")
pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not (BOUNCER and PG_URL),
                                 reason="KIOSK_TEST_PGBOUNCER_URL is not set")]


def test_intake_and_views_through_transaction_pooling(tmp_path: Path) -> None:
    db = Database(BOUNCER, pool_size=3, direct_url=PG_URL)
    service = CentralService(db, Vault(os.urandom(32), os.urandom(32)))
    center = "PGB-" + os.urandom(3).hex()
    failures: list[str] = []

    def kiosk() -> None:
        try:
            device = Signer(service, center)
            for n in range(15):  # the same statements again and again (> prepare threshold)
                at = dt.datetime(2026, 3, 2, 8, n, tzinfo=VIETNAM)
                service.intake(device.device_id, [device.record(RecordKind.RATING,
                                                                {"score": 1 + n % 5}, at)])
                load_day(db, center, "2026-03-02")
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=kiosk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    assert len(load_day(db, center, "2026-03-02").ratings) == 60
    db.close()


def test_a_central_behind_pgbouncer_wakes_its_boards(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers through pgbouncer; a push to one wakes a stream held by the other."""
    from tests.support.central_servers import CentralProcess
    from tests.support.enrolled_devices import Device, listen_board
    from tests.support.waiting import wait_until

    reset = Database(PG_URL, pool_size=1)
    reset.reset()  # the shared test database: this module's own key file and rows
    reset.close()
    monkeypatch.setenv("KIOSK_CENTRAL_DIRECT_DATABASE_URL", PG_URL)
    central = CentralProcess(BOUNCER, tmp_path, workers=2)
    kiosk = Device(central, tmp_path / "kiosk", center="PGB")
    events: list[tuple[str, object]] = []
    try:
        listener = threading.Thread(target=listen_board, args=(central, "PGB", events))
        listener.start()
        wait_until(lambda: events, 10, message="the board's first event")
        kiosk.issue("HT")
        kiosk.push()
        wait_until(lambda: len(events) == 2, 5, message="the board after the push")
        listener.join(15)
    finally:
        kiosk.close()
        central.stop()
