"""Device roles, fixed at enrolment and enforced on every route and record kind (issue 14,
findings 3 and 8), against a live central on SQLite and PostgreSQL; and the migration
that gives an existing database's devices and staff their role and center.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from kiosk.central.storage import Database
from kiosk.core.vn_time import service_day
from kiosk.sync.errors import PermanentSyncError
from kiosk.wire.protocol import RecordKind
from tests.central.schema_3993680 import DDL
from tests.support.enrolled_devices import Device

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

PG_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")


def _push_refused(device: Device) -> tuple[int, dict[str, str]]:
    """Push the device's outbox, expecting a refusal: its status and the rejected records."""
    batch = device.outbox.claim_batch(100)
    with pytest.raises(PermanentSyncError) as refused:
        device.client.push([device.outbox.wire(r) for r in batch])
    return refused.value.status, refused.value.rejected


def test_the_enrolment_answer_and_identity_carry_the_role(server: Any, tmp_path: Path) -> None:
    for role in ("kiosk", "counter", "display", "technician"):
        device = Device(server, tmp_path / role, role=role)
        assert device.identity.role == role
        device.close()


def test_a_lobby_kiosk_cannot_do_a_counters_work(server: Any, tmp_path: Path) -> None:
    kiosk = Device(server, tmp_path / "kiosk")
    counter = Device(server, tmp_path / "counter", role="counter")
    ticket = kiosk.issue("A")
    kiosk.push()
    for path, body in (("/v1/counters/next", {"counter": "3", "services": ["A"]}),
                       ("/v1/staff/sign-in", {"user": "ai", "pin": "1234", "counter": "3"}),
                       ("/v1/staff/sign-out", {"session": "x"}),
                       ("/v1/counters/lookup", {"id_number": "079058004321", "session": "x"})):
        with pytest.raises(PermanentSyncError) as refused:
            kiosk.client._call("POST", path, body)
        assert refused.value.status == 403, path
        assert "a kiosk device may not" in str(refused.value)
    # its queue events (the display's counter label among them) are refused whole
    kiosk.event("called", "A", ticket.number, counter="FAKE")
    kiosk.record(RecordKind.RATING, {"score": 5})
    status, rejected = _push_refused(kiosk)
    assert status == 403 and len(rejected) == 1
    assert "may not send queue_event" in next(iter(rejected.values()))
    board = httpx.get(f"{server.url}/v1/centers/HCM-01/board", timeout=10).json()
    assert "FAKE" not in json.dumps(board)
    # the real counter still gets the ticket the kiosk could not claim
    assert counter.call_next("3", ["A"])["number"] == ticket.number
    kiosk.close()
    counter.close()


def test_counters_displays_and_technicians_send_only_their_kinds(server: Any, tmp_path: Path
                                                               ) -> None:
    counter = Device(server, tmp_path / "counter", role="counter")
    with pytest.raises(PermanentSyncError) as refused:
        counter.client.lease("A", 5)
    assert refused.value.status == 403
    counter.record(RecordKind.RATING, {"score": 1})
    assert _push_refused(counter)[0] == 403
    for role in ("display", "technician"):
        device = Device(server, tmp_path / role, role=role)
        device.record(RecordKind.DEVICE_HEALTH, {"status": "ok", "checks": {}})
        assert device.push() == 1
        device.record(RecordKind.QUEUE_EVENT, {"event": "called", "service": "A",
                                               "number": 1, "center": "HCM-01"})
        assert _push_refused(device)[0] == 403
        device.close()
    counter.close()


def test_call_next_is_only_for_the_counter_of_the_signed_in_staff(server: Any,
                                                                  tmp_path: Path) -> None:
    kiosk = Device(server, tmp_path / "kiosk")
    counter = Device(server, tmp_path / "counter", role="counter")
    kiosk.issue("B")
    kiosk.push()
    call = {"counter": "5", "services": ["B"]}
    with pytest.raises(PermanentSyncError) as nobody:
        counter.client._call("POST", "/v1/counters/next", call)
    assert nobody.value.status == 403  # no staff member signed in at this device
    counter.sign_in_staff("5")
    with pytest.raises(PermanentSyncError) as other:
        counter.client._call("POST", "/v1/counters/next", {**call, "counter": "6"})
    assert other.value.status == 403  # not the counter the staff member signed in at
    assert counter.client._call("POST", "/v1/counters/next", call)["found"] is True
    kiosk.close()
    counter.close()


def test_queue_events_count_for_the_senders_center_only(server: Any, tmp_path: Path) -> None:
    """Finding 8: another center's counter cannot move this center's queue report."""
    day = service_day()
    kiosk = Device(server, tmp_path / "kiosk")
    ticket = kiosk.issue("Q")
    kiosk.push()
    report = f"{server.url}/v1/centers/HCM-01/queue/{day}"
    before = httpx.get(report, timeout=10).json()["services"]["Q"]
    intruder = Device(server, tmp_path / "intruder", center="HN-02", role="counter")
    intruder.record(RecordKind.QUEUE_EVENT, {"event": "served", "service": "Q",
                                             "number": ticket.number, "center": "HCM-01"})
    status, rejected = _push_refused(intruder)
    assert status == 403 and "own center" in next(iter(rejected.values()))
    assert httpx.get(report, timeout=10).json()["services"]["Q"] == before
    own = httpx.get(f"{server.url}/v1/centers/HN-02/queue/{day}", timeout=10).json()
    assert "Q" not in own["services"]  # nor was it applied to the sender's own center
    kiosk.close()
    intruder.close()


def _old_database(url: str) -> None:
    """A database as today's main left it: no role or staff-center columns, some history."""
    # the tables as they were before roles: the role columns come by migration
    old = [statement for statement in DDL if not statement.startswith("ALTER")]
    rows = [
        "INSERT INTO devices (device_id, center, public_key, enrolled_at, chain_hash) VALUES "
        "('k-lobby', 'HCM-01', 'x', 0, 'g'), ('k-desk', 'HCM-01', 'x', 0, 'g'), "
        "('k-desk2', 'HCM-01', 'x', 0, 'g')",
        "INSERT INTO records (id, device_id, seq, kind, created_at, received_at, hash, prev, "
        "body) VALUES ('r1', 'k-desk', 1, 'queue_event', 't', 0, 'h', 'p', '{}'), "
        "('r2', 'k-lobby', 1, 'ticket', 't', 0, 'h2', 'p', '{}')",
        "INSERT INTO staff_sessions (token_hash, username, device_id, counter, expires_at) "
        "VALUES ('t', 'an', 'k-desk2', '1', 0)",
        "INSERT INTO staff (username, name_sealed, services, pin_hash, created_at) "
        "VALUES ('an', 'x', '[]', 'x', 0), ('binh', 'x', '[]', 'x', 0)",
        "INSERT INTO enroll_codes (code_hash, center, expires_at) VALUES ('c', 'HCM-01', 9e9)",
    ]
    if url.startswith("sqlite"):
        with sqlite3.connect(url[len("sqlite:///"):]) as conn:
            for statement in old + rows:
                conn.execute(statement)
    else:
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in old + rows:
                conn.execute(statement)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                             marks=pytest.mark.integration)])
def test_an_existing_database_gets_roles_inferred_from_what_devices_did(
        backend: str, tmp_path: Path) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path}/old.db"
    else:
        if not PG_URL:
            pytest.skip("KIOSK_TEST_POSTGRES_URL is not set")
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS roles_migration CASCADE")
            conn.execute("CREATE SCHEMA roles_migration")
        url = PG_URL + ("&" if "?" in PG_URL else "?") + "options=-csearch_path%3Droles_migration"
    _old_database(url)
    for _ in range(2):  # idempotent: a second start changes nothing
        db = Database(url, pool_size=1)
        with db.reader() as tx:
            roles = dict(tx.all("SELECT device_id, role FROM devices"))
            centers = dict(tx.all("SELECT username, center FROM staff"))
            codes = tx.all("SELECT role FROM enroll_codes")
        db.close()
        assert roles == {"k-lobby": "kiosk", "k-desk": "counter", "k-desk2": "counter"}
        assert centers == {"an": "HCM-01", "binh": "HCM-01"}  # the only center there is
        assert codes == [("kiosk",)]
    if backend == "postgres":
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute("DROP SCHEMA roles_migration CASCADE")


def test_the_cli_issues_codes_for_a_role(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.support.central_servers import ROOT

    url = f"sqlite:///{tmp_path}/c.db"
    env = {**os.environ, "KIOSK_CONFIG": "", "KIOSK_CENTRAL_DATABASE_URL": url,
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk", "central", "issue-code", "--center",
                           "HCM-01", "--role", "technician"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    bad = subprocess.run([sys.executable, "-m", "kiosk", "central", "issue-code", "--center",
                          "HCM-01", "--role", "boss"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60, check=False)
    assert bad.returncode != 0 and "invalid choice" in bad.stderr
    db = Database(url, pool_size=1)
    with db.reader() as tx:
        assert tx.all("SELECT center, role FROM enroll_codes") == [("HCM-01", "technician")]
    db.close()
