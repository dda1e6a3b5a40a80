"""A database made by the code of commit 3993680 is upgraded by the migrations, losing nothing.

The old schema is that commit's DDL (``schema_3993680``), filled with rows of every
table; today's ``Database`` then upgrades it (SQLite and PostgreSQL). Every old row
stays as it was, the records get their center and Vietnam service day, the per-center
reads find the old records, and a second start applies nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest

from kiosk.central.migrate import migration_ids, status
from kiosk.central.queue_day import load_day
from kiosk.central.storage import Database
from tests.central.city_support import BACKENDS, clean_database
from tests.central.schema_3993680 import DDL

_T1, _T2 = "2026-03-02T01:00:00.000000Z", "2026-03-02T17:30:00.000000Z"
_T3, _T4 = "2026-03-02T02:00:00.000000Z", "2026-03-01T23:59:59.999999Z"


def _body(created_at: str, payload: dict[str, Any]) -> str:
    """A stored body as 3993680 kept it (hash, prev and sig sealed elsewhere)."""
    return json.dumps({"created_at": created_at, "payload": payload})


_ROWS: dict[str, list[tuple[Any, ...]]] = {
    "devices": [("k-q1", "Q1", "pk1", 1.5, 2, "h2", 10.0, "kiosk"),
                ("c-q1", "Q1", "pk2", 1.5, 1, "h3", 11.0, "counter"),
                ("k-q3", "Q3", "pk3", 2.5, 1, "h4", None, "kiosk")],
    "records": [
        ("r1", "k-q1", 1, "ticket", "v1", _T1, 5.0, "h1", "g",
         _body(_T1, {"service": "A", "number": 1, "center": "Q1", "block": "b1"})),
        # 17:30 UTC is 00:30 the next morning in Vietnam
        ("r2", "k-q1", 2, "rating", "v1", _T2, 6.0, "h2", "h1", _body(_T2, {"score": 5})),
        ("r3", "c-q1", 1, "queue_event", None, _T3, 7.0, "h3", "g",
         _body(_T3, {"service": "A", "number": 1, "center": "Q1", "event": "called",
                     "counter": "2"})),
        ("r4", "k-q3", 1, "ticket", "v9", _T4, 8.0, "h4", "g",
         _body(_T4, {"service": "A", "number": 1, "center": "Q3", "block": "b2"})),
    ],
    "tickets": [("Q1", "A", "2026-03-02", 1, "r1", "k-q1", "b1"),
                ("Q3", "A", "2026-03-02", 1, "r4", "k-q3", "b2")],
    "leases": [("b1", "k-q1", "Q1", "A", "2026-03-02", 1, 50, 4.0)],
    "ticket_counters": [("Q1", "A", "2026-03-02", 51)],
    "submissions": [("r9", "k-q1", "1.0001", "received", 9.0)],
    "sealed_fields": [("r1", "key1", "sealed-bytes")],
    "central_meta": [("data_key_id", "key1")],
    "enroll_codes": [("c1", "Q1", 99.0, None, "kiosk")],
    "staff": [("an", "sealed", '["A"]', "scrypt$x", 0, 1.0, "Q1")],
    "counter_claims": [("Q1", "A", "2026-03-02", 1, 0, "1", "c-q1", 3.0)],
    "enroll_attempts": [("t1", "127.0.0.1", 1.0)],
    "nonces": [("k-q1", "n1", 2.0)],
}


def _columns(conn: Any, table: str, postgres: bool) -> list[str]:
    if postgres:
        rows = conn.execute("SELECT column_name FROM information_schema.columns WHERE "
                            "table_schema = current_schema() AND table_name = %s "
                            "ORDER BY ordinal_position", (table,)).fetchall()
    else:
        rows = conn.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()
    return [str(r[0]) for r in rows]


def _old_database(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Build the 3993680 schema with rows; return each table's rows as stored."""
    postgres = not url.startswith("sqlite")
    conn: Any = (psycopg.connect(url, autocommit=True) if postgres
                 else sqlite3.connect(url[len("sqlite:///"):], isolation_level=None))
    mark = "%s" if postgres else "?"
    try:
        for statement in DDL:
            conn.execute(statement)
        stored = {}
        for table, rows in _ROWS.items():
            columns = _columns(conn, table, postgres)
            marks = ", ".join([mark] * len(columns))
            for row in rows:
                conn.execute(f"INSERT INTO {table} VALUES ({marks})", row)
            stored[table] = _dump(conn, table, columns)
        return stored
    finally:
        conn.close()


def _dump(conn: Any, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in conn.execute(
        f"SELECT {', '.join(columns)} FROM {table}").fetchall())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_of_commit_3993680_upgrades_without_loss(backend: str,
                                                            tmp_path: Path) -> None:
    with clean_database(backend, tmp_path) as url:
        before = _old_database(url)
        db = Database(url, pool_size=1)
        try:
            assert status(db) == {"applied": migration_ids(), "pending": []}
            with db.reader() as tx:
                for table, rows in before.items():
                    assert _dump(tx._conn, table, _old_columns(tx, table)) == rows, table
                places = dict((r[0], (r[1], r[2])) for r in tx.all(
                    "SELECT id, center, day FROM records"))
            assert places == {"r1": ("Q1", "2026-03-02"), "r2": ("Q1", "2026-03-03"),
                              "r3": ("Q1", "2026-03-02"), "r4": ("Q3", "2026-03-02")}
            day = load_day(db, "Q1", "2026-03-02")
            assert [(t.service, t.number, t.visit) for t in day.tickets] == [("A", 1, "v1")]
            assert [(e.event, e.counter) for e in day.events] == [("called", "2")]
            assert load_day(db, "Q1", "2026-03-03").ratings == [(5, "v1")]
            assert [t.device_id for t in load_day(db, "Q3", "2026-03-02").tickets] == ["k-q3"]
            assert db.migrate() == []  # a second start applies nothing
        finally:
            db.close()


def _old_columns(tx: Any, table: str) -> list[str]:
    """The table's columns less those the migrations added."""
    added = {"records": {"center", "day"}}.get(table, set())
    return [c for c in _columns(tx._conn, table, tx.postgres) if c not in added]


@pytest.mark.parametrize("backend", BACKENDS)
def test_workers_starting_together_migrate_once(backend: str, tmp_path: Path) -> None:
    """Four processes open a new database at once: one migrates, the others wait, none fails."""
    import subprocess
    import sys

    from tests.support.central_servers import ROOT

    script = ("import sys; from kiosk.central.storage import Database; "
              "db = Database(sys.argv[1], pool_size=1); print(len(db.migrate())); db.close()")
    with clean_database(backend, tmp_path) as url:
        starts = [subprocess.Popen([sys.executable, "-c", script, url], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
                  for _ in range(4)]
        outcomes = [p.communicate(timeout=120) for p in starts]
        assert [p.returncode for p in starts] == [0] * 4, outcomes
        db = Database(url, pool_size=1)
        with db.reader() as tx:
            applied = [str(r[0]) for r in tx.all(
                "SELECT migration_id FROM _yoyo_migration ORDER BY migration_id")]
        db.close()
        assert applied == migration_ids()  # each once
