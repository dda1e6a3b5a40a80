"""One center's day read once per change and shared by the board, the statistics and
call-next (``queue_day.shared_day``), on SQLite and PostgreSQL with real intake."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kiosk.central.queue_day import day_version, load_day, shared_day
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.wire.protocol import RecordKind
from tests.central.city_support import (
    BACKENDS,
    DAY,
    MORNING,
    Signer,
    city_service,
    counted_reads,
    morning,
)


@pytest.fixture(params=BACKENDS)
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    with city_service(request.param, tmp_path) as service:
        yield service


def _reads(db: Database, call: Any) -> tuple[Any, int]:
    """``call()``'s result and how many readers it opened on ``db``."""
    with counted_reads(db) as reads:
        return call(), reads[0]


def _ticket(central: CentralService, number: int) -> None:
    kiosk = Signer(central, "Q1")
    stored = central.intake(kiosk.device_id, [kiosk.record(
        RecordKind.TICKET, {"number": number, "service": "A", "center": "Q1", "block": "s"},
        MORNING + dt.timedelta(minutes=50), visit=f"Q1-A{number}")])
    assert stored[0]["status"] == "stored"


def test_the_day_is_read_once_per_change(central: CentralService) -> None:
    morning(central, "Q1", tickets=6, served=2)
    first = shared_day(central.db, "Q1", DAY)
    again, reads = _reads(central.db, lambda: shared_day(central.db, "Q1", DAY))
    assert again is first and reads == 1  # the fingerprint only
    assert (first.tickets, first.events) == (load_day(central.db, "Q1", DAY).tickets,
                                             load_day(central.db, "Q1", DAY).events)
    _ticket(central, 7)
    after = shared_day(central.db, "Q1", DAY)
    assert after is not first and len(after.tickets) == len(first.tickets) + 1
    assert shared_day(central.db, "Q2", DAY).tickets == []  # another center: its own


def test_records_read_under_an_older_fingerprint_are_read_again(
        central: CentralService) -> None:
    """A record arriving between the fingerprint and the read: the day is labelled with
    the fingerprint read before it, so the next call reads again rather than keep it."""
    morning(central, "Q1", tickets=3, served=0)
    before = day_version(central.db, "Q1", DAY)
    _ticket(central, 4)  # arrives after the fingerprint was read
    raced = shared_day(central.db, "Q1", DAY, before)
    assert raced.version == before and len(raced.tickets) == 6  # 3 of A, 2 of B, the new
    next_call, reads = _reads(central.db, lambda: shared_day(central.db, "Q1", DAY))
    assert next_call is not raced and reads > 1  # not kept under the older label
    assert next_call.version == day_version(central.db, "Q1", DAY) != before


def test_a_central_worker_keeps_its_startup_heap_out_of_collections(tmp_path: Path) -> None:
    """The uvicorn factory (every worker process) freezes what the built app holds and
    runs young collections less often, and hands the GIL over within 1 ms
    (``app.tune_worker``): full collections that
    walked all of it took 40-80 ms each inside requests."""
    import os
    import subprocess
    import sys

    from kiosk.central.app import GC_THRESHOLDS, SWITCH_INTERVAL_S

    script = ("import gc, sys\nfrom kiosk.central.app import app_from_env\napp_from_env()\n"
              "print(sys.getswitchinterval(), gc.get_freeze_count() > 1000, gc.get_threshold())")
    env = {**os.environ, "KIOSK_CONFIG": "",
           "KIOSK_CENTRAL_DATABASE_URL": f"sqlite:///{tmp_path}/central.db"}
    shown = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, timeout=60, check=True).stdout.split()
    assert float(shown[0]) == SWITCH_INTERVAL_S
    assert shown[1] == "True" and " ".join(shown[2:]) == str(GC_THRESHOLDS)
