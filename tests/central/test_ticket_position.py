"""A ticket's queue position in one request (``GET /v1/centers/{center}/position``).

Real intake of signed records into SQLite and PostgreSQL; the central's answer is held
against what the kiosk computed before from the board and the statistics (the same
pure estimate), and one center's answer must not move when another center's records
arrive. Over HTTP: the route checks its parameters.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central.board_events import BoardEvents
from kiosk.central.queue_board import build_board
from kiosk.central.queue_day import load_day
from kiosk.central.service import CentralService
from kiosk.central.stats import compute_stats
from kiosk.central.storage import Database
from kiosk.central.ticket_position import PositionDesk
from kiosk.core.queue_estimate import estimate, service_minutes
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
from tests.support.central_servers import CentralProcess
from tests.support.waiting import wait_until


@pytest.fixture(params=BACKENDS)
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    with city_service(request.param, tmp_path) as service:
        yield service


def _from_board(db: Database, center: str, service: str, number: int) -> tuple[int, int, str]:
    """What the kiosk computed from the board and the statistics (two documents)."""
    day, now = load_day(db, center, DAY), dt.datetime.now(dt.UTC)
    found = estimate(build_board(day, now), compute_stats(day, now), service, number,
                     service_minutes())
    assert found is not None
    return found.ahead, found.wait_minutes, found.basis


def test_the_answer_is_the_boards_estimate(central: CentralService) -> None:
    morning(central, "Q1", tickets=9, served=3)
    desk = PositionDesk(central.db)
    # waiting in A: 5..9 (1-3 served, 4 called); a new ticket 10 has not arrived yet
    for service, number in (("A", 6), ("A", 10), ("B", 1), ("B", 3), ("C", 1)):
        answer = desk.answer("Q1", DAY, service, number)
        assert (answer["ahead"], answer["wait_minutes"], answer["basis"]) == _from_board(
            central.db, "Q1", service, number)
    answer = desk.answer("Q1", DAY, "A", 10)
    # five wait before it; three served at counter 1 in 6 minutes each: measured
    assert (answer["ahead"], answer["wait_minutes"], answer["basis"]) == (5, 30, "history")
    assert (answer["waiting"], answer["label"], answer["counters"]) == (5, "A010", ["1", "2"])
    assert desk.answer("Q1", DAY, "B", 3)["basis"] == "default"  # nobody called B yet


def test_a_ticket_past_the_first_five_is_counted_at_its_place(
        central: CentralService) -> None:
    morning(central, "Q1", tickets=12, served=0)  # 2..12 wait (1 is called)
    answer = PositionDesk(central.db).answer("Q1", DAY, "A", 9)
    assert (answer["ahead"], answer["waiting"]) == (7, 11)
    # the board lists five: from it the kiosk could only count every waiting ticket
    assert _from_board(central.db, "Q1", "A", 9)[0] == 11


def test_another_centers_records_do_not_move_the_answer(central: CentralService) -> None:
    morning(central, "Q1", tickets=6, served=3)
    desk = PositionDesk(central.db)
    before = desk.answer("Q1", DAY, "A", 7)
    morning(central, "Q2", tickets=40, served=20)  # a busier center, same services
    other = desk.answer("Q2", DAY, "A", 41)
    assert PositionDesk(central.db).answer("Q1", DAY, "A", 7) == before  # nothing shared
    assert (before["ahead"], before["waiting"]) == (2, 2)
    assert (other["ahead"], other["waiting"]) == (19, 19)
    assert desk.answer("Q9", DAY, "A", 1)["ahead"] == 0  # a center with no records


def test_the_route_checks_its_question(tmp_path: Path) -> None:
    server = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    try:
        base = f"{server.url}/v1/centers/Q1/position"
        answer = httpx.get(base, params={"service": "A", "number": "3"})
        assert answer.status_code == 200
        assert (answer.json()["ahead"], answer.json()["label"]) == (0, "A003")
        for bad in ({"service": "a", "number": "3"}, {"service": "A", "number": "-1"},
                    {"service": "A"}, {"service": "A", "number": "1234567"},
                    {"service": "A", "number": "3", "day": "2026-02-30"}):
            refused = httpx.get(base, params=bad)
            assert refused.status_code == 400 and refused.json()["error"]
    finally:
        server.stop()


def _heard_changed(events: BoardEvents, center: str, before: object) -> bool:
    """Wait (2 s at most) for ``center``'s announcement stamp to move from ``before``."""
    return wait_until(lambda: events.heard(center) != before, 2, 0.01,
                      "the announcement to arrive")


@pytest.mark.integration
def test_postgres_answers_from_the_summary_until_its_center_is_announced(
        tmp_path: Path) -> None:
    """Another worker's desk (its own pool and listener): no query while nothing of its
    center was announced; a record of the center makes the next answer new."""
    with city_service("postgres", tmp_path) as central:
        morning(central, "Q1", tickets=6, served=3)
        db = Database(central.db.url, pool_size=2)
        events = BoardEvents(db)
        try:
            desk = PositionDesk(db, events)
            # listening starts at the first question
            wait_until(lambda: events.heard("Q1") is not None, 2, 0.01, "listening")
            before = desk.answer("Q1", DAY, "A", 7)
            with counted_reads(db) as reads:
                assert desk.answer("Q1", DAY, "A", 7) == before
                assert reads[0] == 0  # no day_version, no signed-in reading either
            assert desk.answer_kept("Q1", DAY, "A", 7) == before  # so: on the event loop
            stamp = events.heard("Q1")
            morning(central, "Q2", tickets=4, served=0)  # another center: still nothing
            with counted_reads(db) as reads:
                assert desk.answer("Q1", DAY, "A", 7) == before and reads[0] == 0
            kiosk = Signer(central, "Q1")
            central.intake(kiosk.device_id, [kiosk.record(
                RecordKind.TICKET, {"number": 7, "service": "A", "center": "Q1", "block": "c"},
                MORNING + dt.timedelta(minutes=40), visit="Q1-A7")])
            assert _heard_changed(events, "Q1", stamp)
            assert desk.answer_kept("Q1", DAY, "A", 8) is None  # must read: a thread's work
            after = desk.answer("Q1", DAY, "A", 8)
            assert (after["ahead"], after["waiting"]) == (before["ahead"] + 1,
                                                          before["waiting"] + 1)
        finally:
            events.close()
            db.close()


def test_without_announcements_each_answer_checks_the_day(central: CentralService) -> None:
    """SQLite (or PostgreSQL with no listener given): ``day_version`` per question, so a
    record is in the very next answer."""
    morning(central, "Q1", tickets=6, served=3)
    desk = PositionDesk(central.db, BoardEvents(central.db) if not central.db.postgres
                        else None)
    before = desk.answer("Q1", DAY, "A", 7)
    assert desk.answer_kept("Q1", DAY, "A", 7) is None  # cannot tell without reading
    with counted_reads(central.db) as reads:
        assert desk.answer("Q1", DAY, "A", 7) == before
        assert reads[0] == 1  # the day's fingerprint, nothing rebuilt
    kiosk = Signer(central, "Q1")
    central.intake(kiosk.device_id, [kiosk.record(
        RecordKind.TICKET, {"number": 7, "service": "A", "center": "Q1", "block": "c"},
        MORNING + dt.timedelta(minutes=40), visit="Q1-A7")])
    assert desk.answer("Q1", DAY, "A", 8)["ahead"] == before["ahead"] + 1


def test_signed_in_counters_are_renewed_behind_the_answer(
        central: CentralService, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SHARED_S the last reading answers at once while a new one is made; the sign-in
    shows in the answers after it."""
    from kiosk.central import ticket_position
    from kiosk.central.staff import StaffDirectory

    monkeypatch.setattr(ticket_position, "SHARED_S", 0.0)
    desk = PositionDesk(central.db)
    assert desk.signed_in("Q1") == {}
    counter = Signer(central, "Q1", role="counter")
    staff = StaffDirectory(central.db, central.vault)
    staff.add("quay-q1", "Nhân Viên Thử", ("A",), "482913", center="Q1")
    staff.sign_in({"user": "quay-q1", "pin": "482913", "counter": "4"}, counter.device_id,
                  "Q1")
    with counted_reads(central.db) as reads:
        assert desk.signed_in("Q1") == {}  # the last reading, at once
        wait_until(lambda: desk.signed_in("Q1") == {"A": ["4"]}, 2, 0.01,
                   "the renewed reading")
        assert reads[0] >= 1  # read in the background
    monkeypatch.setattr(ticket_position, "STALE_S", 0.0)  # too old: read before answering
    staff.disable("quay-q1")
    assert desk.signed_in("Q1") == {}
