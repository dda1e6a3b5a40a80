"""Bulk intake waits its turn: a worker takes in two batches at once, and a kiosk's
lease is answered while more batches are stuck.

A real central process on PostgreSQL (one worker, a pool of 4 connections) and real
enrolled kiosks pushing signed batches; the test holds a lock on ``records`` so the
batches cannot finish, then counts in ``pg_stat_activity`` how many wait on it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest

from kiosk.central.app import INTAKE_AT_ONCE
from kiosk.wire.protocol import RecordKind
from tests.central.city_support import clean_database
from tests.support import waiting
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device


def _waiting_on_records(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE '%records%'").fetchone()
    return int(row[0]) if row else 0


@pytest.mark.integration
def test_four_batches_stuck_take_two_connections_and_a_lease_still_answers(
        tmp_path: Path) -> None:
    with clean_database("postgres", tmp_path) as url:
        server = CentralProcess(url, tmp_path)
        devices = [Device(server, tmp_path / f"k{n}", "Q1") for n in range(5)]
        try:
            for device in devices[:4]:
                device.record(RecordKind.RATING, {"score": 5})
            pushed: list[int] = []
            with psycopg.connect(url) as blocker:  # not autocommit: holds the lock
                blocker.execute("LOCK TABLE records IN ACCESS EXCLUSIVE MODE")
                pushers = [threading.Thread(target=lambda d=d: pushed.append(d.push()))
                           for d in devices[:4]]
                for thread in pushers:
                    thread.start()
                assert INTAKE_AT_ONCE < 4  # else this test shows nothing
                waiting.wait_until(lambda: _waiting_on_records(url) >= 1, 20, 0.1,
                                   "batches waiting on the lock")
                time.sleep(1.0)  # the others had time to reach the database too
                assert _waiting_on_records(url) == INTAKE_AT_ONCE
                started = time.monotonic()
                grant = devices[4].client.lease("A", 10)  # a kiosk printing a ticket
                assert grant.first >= 1 and time.monotonic() - started < 5
                blocker.rollback()
            for thread in pushers:
                thread.join(30)
            assert pushed == [1, 1, 1, 1]  # every batch stored once the lock went
        finally:
            for device in devices:
                device.close()
            server.stop()
