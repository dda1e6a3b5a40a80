"""The interactive lane: kiosks and counters send their short calls (a ticket lease, a
ticket's queue position, call-next) to ``[sync] interactive_url``, served by worker
processes of their own, and those answer while the bulk side's pool is exhausted.

Real central processes on 127.0.0.1 (SQLite; PostgreSQL for the exhausted pool, where
two process groups share one database as deployed), real enrolled devices and signed
requests. The fallback for a central from before ``/position`` runs against a real HTTP
server on 127.0.0.1 that serves only the two documents such a central had.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import psycopg
import pytest

from kiosk.core.vn_time import service_day
from kiosk.sync.client import CentralClient
from kiosk.sync.counter_client import CounterClient
from kiosk.sync.errors import TransientSyncError
from kiosk.sync.queue_position import QueuePositionLookup
from tests.central.city_support import clean_database
from tests.support import waiting
from tests.support.central_servers import CentralProcess, free_port
from tests.support.enrolled_devices import Device


def _morning(lane: CentralProcess, folder: Path, tickets: int) -> tuple[Device, Device]:
    """A kiosk that issued and delivered ``tickets`` tickets of A, and a counter with a
    staff member signed in at counter 1; both enrolled and talking to ``lane``."""
    kiosk = Device(lane, folder / "kiosk")
    counter = Device(lane, folder / "counter", role="counter")
    for _ in range(tickets):
        kiosk.issue("A")
    kiosk.push()
    counter.sign_in_staff("1")
    return kiosk, counter


def test_leases_positions_and_calls_go_to_the_interactive_url(tmp_path: Path) -> None:
    lane = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    nowhere = f"http://127.0.0.1:{free_port()}"  # the main URL: nothing listens there
    kiosk, counter = _morning(lane, tmp_path, 3)
    try:
        with CentralClient(nowhere, kiosk.identity, interactive_url=lane.url) as client:
            grant = client.lease("A", 10)
            assert (grant.service, grant.day, grant.first) == ("A", service_day(), 51)
            with pytest.raises(TransientSyncError):  # bulk work goes to the main URL
                client.push([])
        lookup = QueuePositionLookup(lane.url, kiosk.identity, "HCM-01")
        try:
            found = lookup.position("A", 4)
            assert found is not None and (found.ahead, found.basis) == (3, "default")
        finally:
            lookup.close()
        with CounterClient(nowhere, counter.identity, interactive_url=lane.url) as desk:
            called = desk.call_next("1", ["A"])
        assert called is not None and called.label == "A001"
    finally:
        kiosk.close()
        counter.close()
        lane.stop()


def test_without_an_interactive_url_everything_goes_to_the_central_url(
        tmp_path: Path) -> None:
    central = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    kiosk, counter = _morning(central, tmp_path, 1)
    try:
        with CentralClient(central.url, kiosk.identity) as client:
            assert client.lease("A", 5).first == 51
        with CounterClient(central.url, counter.identity, interactive_url="") as desk:
            called = desk.call_next("1", ["A"])
        assert called is not None and called.label == "A001"
    finally:
        kiosk.close()
        counter.close()
        central.stop()


class _OldCentral(BaseHTTPRequestHandler):
    """A central from before ``/position``: the board and the statistics only."""

    asked: ClassVar[list[str]] = []
    board: ClassVar[dict[str, Any]] = {
        "services": [{"service": "A", "waiting": 2, "next": ["A001", "A002"]}],
        "recent_calls": [], "serving_counters": {"A": ["3"]}}

    def do_GET(self) -> None:
        self.asked.append(self.path.split("?")[0])
        found: Any = {"/v1/centers/Q1/board": self.board,
                      "/v1/centers/Q1/stats": {"counters": []}}.get(self.path)
        body = json.dumps(found if found is not None else {"error": "not found"}).encode()
        self.send_response(200 if found is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        """Quiet: the test keeps its own record of what was asked (``asked``)."""


def test_a_central_without_the_question_is_read_from_its_board() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OldCentral)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    lookup = QueuePositionLookup(f"http://127.0.0.1:{server.server_port}", None, "Q1")
    try:
        first, second = lookup.position("A", 3), lookup.position("A", 2)
        assert first is not None and first.ahead == 2 and lookup.counters("A") == "3"
        assert second is not None and second.ahead == 1
        # asked once, answered 404: from then on only the board and the statistics
        assert _OldCentral.asked == ["/v1/centers/Q1/position", "/v1/centers/Q1/board",
                                     "/v1/centers/Q1/stats", "/v1/centers/Q1/board",
                                     "/v1/centers/Q1/stats"]
    finally:
        lookup.close()
        server.shutdown()
        server.server_close()


def _waiting_on_tickets(url: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE '%tickets%'").fetchone()
    return bool(row and row[0])


@pytest.mark.integration
def test_the_lane_answers_while_the_bulk_pool_is_exhausted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with clean_database("postgres", tmp_path) as url:
        monkeypatch.setenv("KIOSK_CENTRAL_POOL_SIZE", "1")
        monkeypatch.setenv("KIOSK_CENTRAL_POOL_TIMEOUT_S", "0.5")
        bulk = CentralProcess(url, tmp_path)
        monkeypatch.setenv("KIOSK_CENTRAL_POOL_SIZE", "2")
        lane = CentralProcess(url, tmp_path)  # same folder: the same key file
        kiosk, counter = _morning(lane, tmp_path, 2)
        stuck: dict[str, httpx.Response] = {}
        try:
            with psycopg.connect(url) as blocker:  # not autocommit: holds the lock
                blocker.execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE")
                report = threading.Thread(target=lambda: stuck.setdefault("answer", httpx.get(
                    f"{bulk.url}/v1/centers/HCM-01/queue/{service_day()}", timeout=60)))
                report.start()  # holds the bulk side's one connection, waiting
                waiting.wait_until(lambda: _waiting_on_tickets(url), 20, 0.1,
                                   "the bulk side's report waiting on the lock")
                refused = httpx.get(f"{bulk.url}/v1/health", timeout=30)
                assert refused.status_code == 503 and refused.headers["Retry-After"]
                with CentralClient(bulk.url, kiosk.identity, interactive_url=lane.url) as c:
                    assert c.lease("A", 10).first == 51
                lookup = QueuePositionLookup(lane.url, kiosk.identity, "HCM-01")
                found = lookup.position("A", 3)
                lookup.close()
                assert found is not None and found.ahead == 2
                with CounterClient(bulk.url, counter.identity, interactive_url=lane.url) as d:
                    called = d.call_next("1", ["A"])
                assert called is not None and called.label == "A001"
                blocker.rollback()
            report.join(60)
            assert stuck["answer"].status_code == 200  # the bulk side's report, let through
        finally:
            kiosk.close()
            counter.close()
            lane.stop()
            bulk.stop()
