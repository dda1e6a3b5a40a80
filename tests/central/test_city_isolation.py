"""Many centers in one database: each per-center view reads that center's rows only.

Real intake of signed records from devices of two centers (SQLite and PostgreSQL); the
center of a record is its device's (never its payload's) and its day is the Vietnam day
of ``created_at``. The query plans show the per-center reads go through the index that
leads with (center, day).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kiosk.central.queue_board import build_board
from kiosk.central.queue_day import _DAY_RECORDS, load_day
from kiosk.central.reports import CentralReports
from kiosk.central.service import CentralService
from kiosk.central.stats import compute_stats
from kiosk.central.storage import Database
from kiosk.core.vn_time import VIETNAM
from kiosk.wire.protocol import RecordKind
from tests.central.city_support import BACKENDS, Signer, city_service

DAY = "2026-03-02"
MORNING = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VIETNAM)


def _center_day(service: CentralService, center: str, tickets: int, claim: str = "") -> None:
    """``tickets`` tickets of service A at ``center``, the first called and served."""
    kiosk = Signer(service, center)
    counter = Signer(service, center, role="counter")
    records = [kiosk.record(RecordKind.TICKET, {"number": n, "service": "A",
                                                "center": claim or center, "block": "b"},
                            MORNING + dt.timedelta(minutes=n), visit=f"{center}-{n}")
               for n in range(1, tickets + 1)]
    records.append(kiosk.record(RecordKind.RATING, {"score": 5}, MORNING, visit=f"{center}-1"))
    assert {r["status"] for r in service.intake(kiosk.device_id, records)} == {"stored"}
    event = {"service": "A", "number": 1, "center": center}
    calls = [counter.record(RecordKind.QUEUE_EVENT, {**event, "event": "called", "counter": "1"},
                            MORNING + dt.timedelta(minutes=30)),
             counter.record(RecordKind.QUEUE_EVENT, {**event, "event": "served"},
                            MORNING + dt.timedelta(minutes=40))]
    assert {r["status"] for r in service.intake(counter.device_id, calls)} == {"stored"}


@pytest.fixture(params=BACKENDS)
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    with city_service(request.param, tmp_path) as service:
        yield service


def test_each_center_sees_its_own_day_only(central: CentralService) -> None:
    _center_day(central, "Q1", 3)
    _center_day(central, "Q3", 5)
    # a kiosk of Q7 whose tickets claim to be Q1's: the device row decides, not the payload
    _center_day(central, "Q7", 2, claim="Q1")
    now = dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.UTC)
    for center, issued in (("Q1", 3), ("Q3", 5), ("Q7", 2)):
        day = load_day(central.db, center, DAY)
        assert len(day.tickets) == issued
        assert {t.device_id for t in day.tickets} <= _devices(central.db, center)
        assert [e.event for e in day.events] == ["called", "served"]
        assert len(day.ratings) == 1
        state = CentralReports(central.db).queue_state(center, DAY)["services"]["A"]
        assert (state["issued"], state["done"], state["waiting"]) == (issued, 1, issued - 1)
        board = build_board(day, now)
        assert board["services"][0]["waiting"] == issued - 1
        stats = compute_stats(day, now)
        assert stats["services"][0]["issued"] == issued and stats["ratings"]["count"] == 1
    assert load_day(central.db, "Q9", DAY).tickets == []  # a center with no records


def test_the_service_day_is_vietnams(central: CentralService) -> None:
    kiosk = Signer(central, "Q1")
    late = dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)  # 00:30 on 3 March in Vietnam
    central.intake(kiosk.device_id, [kiosk.record(RecordKind.RATING, {"score": 4}, late)])
    assert load_day(central.db, "Q1", "2026-03-02").ratings == []
    assert load_day(central.db, "Q1", "2026-03-03").ratings == [(4, None)]
    with central.db.reader() as tx:
        assert tx.all("SELECT center, day FROM records") == [("Q1", "2026-03-03")]


def _devices(db: Database, center: str) -> set[str]:
    with db.reader() as tx:
        return {str(r[0]) for r in tx.all("SELECT device_id FROM devices WHERE center = ?",
                                          (center,))}


def test_per_center_reads_use_the_center_day_index(central: CentralService) -> None:
    _center_day(central, "Q1", 2)
    db = central.db
    with db.reader() as tx:
        if tx.postgres:  # a tiny table is cheaper to scan: ask whether the index serves
            tx.execute("SET enable_seqscan = off")
            plan = " ".join(str(r[0]) for r in tx.all("EXPLAIN " + _DAY_RECORDS,
                                                       ("Q1", DAY, "ticket")))
            tx.execute("RESET enable_seqscan")
        else:
            plan = " ".join(str(r[-1]) for r in tx.all("EXPLAIN QUERY PLAN " + _DAY_RECORDS,
                                                       ("Q1", DAY, "ticket")))
    assert "records_center_day" in plan
    if not db.postgres:
        assert "center=? AND day=? AND kind=?" in plan
