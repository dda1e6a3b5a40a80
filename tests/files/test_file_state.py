"""The dashboard's latest-state rows (issue 18) equal the recomputation from the events.

Real SQLite (and PostgreSQL when ``KIOSK_TEST_POSTGRES_URL`` is set), real ledger: random
histories are appended by hypothesis, then every file's state row, every figure of both
paths and the chain heads' digest are compared (``file_figures.differences``, what
``kiosk central report --check`` runs). An append that fails after writing its state
leaves nothing behind; a state row edited by hand is caught by the check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yoyo import read_migrations

from kiosk.central import file_report, files, migrate
from kiosk.central.file_figures import ReportCache, differences, state_figures
from kiosk.central.files import FileLedger, Who
from kiosk.central.storage import Database
from tests.central.city_support import BACKENDS, clean_database
from tests.files.state_support import CENTERS, FIRST, KINDS, Step, at, write_history

# withdrawal ends a file: drawn less often, so histories reach decisions and returns
WEIGHTED = tuple(k for k in KINDS for _ in range(1 if k == "withdrawn" else 3))
STEPS = st.lists(st.tuples(st.integers(0, 5), st.sampled_from(WEIGHTED), st.integers(0, 40),
                           st.integers(1, 5)), max_size=40)


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with clean_database(request.param, tmp_path) as url:
        db = Database(url, pool_size=1)
        try:
            yield db
        finally:
            db.close()


@contextmanager
def _fresh(backend: str, folder: Path) -> Iterator[Database]:
    """A new empty database for one example (SQLite in memory; a PostgreSQL schema)."""
    if backend == "sqlite":
        db = Database("sqlite://:memory:", pool_size=1)
        try:
            yield db
        finally:
            db.close()
        return
    with clean_database(backend, folder) as url:
        db = Database(url, pool_size=1)
        try:
            yield db
        finally:
            db.close()


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(1, 6), steps=STEPS, later=st.integers(0, 30))
def test_state_figures_equal_the_events_after_any_history(backend: str, tmp_path: Path,
                                                          count: int, steps: list[Step],
                                                          later: int) -> None:
    with _fresh(backend, tmp_path) as database:
        _, last = write_history(database, count, steps)
        as_of = last + dt.timedelta(days=later)
        for center in (*CENTERS, None):
            from_state = state_figures(database, center, as_of, 30)
            assert from_state is not None  # as_of is on or after every event's day
            assert from_state == file_report.figures(database, center, as_of, 30)
            assert differences(database, center, as_of) == []
        before = last - dt.timedelta(days=1)  # before the latest event: from the events
        assert state_figures(database, None, before, 30) is None
        assert (ReportCache().report(database, None, before, 30)
                == file_report.compute_report(database, None, before, 30))


def _kept(db: Database) -> tuple[object, ...]:
    with db.reader() as tx:
        return tuple(tx.all(f"SELECT * FROM {table} ORDER BY 1, 2") for table in (
            "file_state", "file_counts", "file_chain", "file_chain_heads", "file_events"))


def test_an_append_rolled_back_leaves_the_state_as_it_was(database: Database,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    ids, _ = write_history(database, 2, [(0, "in_processing", 2, 1)])
    before = _kept(database)

    def fail(*_: object) -> None:  # a fault injected after the state rows were written
        raise RuntimeError("the disk failed")

    monkeypatch.setattr(files, "queue_notice", fail)
    with pytest.raises(RuntimeError):
        FileLedger(database).append(ids[0], "ev-late", "refused",
                                    Who("quay", "quầy 1", "counter"), reason="Thiếu giấy",
                                    at=at(5))
    assert _kept(database) == before
    assert differences(database) == []


def test_a_state_row_edited_by_hand_is_caught_and_the_chain_refuses_edits(
        database: Database) -> None:
    ids, _ = write_history(database, 3, [(1, "result_ready", 4, 1)])
    assert differences(database) == []
    with database.transaction() as tx:
        tx.execute("UPDATE file_state SET step = 'returned' WHERE file_id = ?", (ids[0],))
    assert f"file {ids[0]}: state row differs from its events" in differences(database)
    with database.transaction() as tx:
        tx.execute("UPDATE file_counts SET files = files + 1 WHERE step = 'result_ready'")
    assert any(line.startswith("totals:") for line in differences(database))
    with pytest.raises(Exception, match="append-only"), database.transaction() as tx:
        tx.execute("UPDATE file_chain SET digest = 'x' WHERE file_id = ?", (ids[1],))


def test_the_covers_line_is_each_centers_running_digest(database: Database) -> None:
    write_history(database, 4, [(0, "in_processing", 5, 1), (1, "withdrawn", 6, 1)])
    with database.reader() as tx:
        heads = dict(tx.all("SELECT center, position FROM file_chain_heads"))
        chain = tx.all("SELECT digest FROM file_chain WHERE center = ? ORDER BY position",
                       (CENTERS[0],))
    assert heads == {CENTERS[0]: 3, CENTERS[1]: 3}
    report = state_figures(database, CENTERS[0], FIRST + dt.timedelta(days=40), 30)
    assert report is not None
    assert report["covers"]["digest"] == "sha256:" + chain[-1][0]
    assert report["covers"]["positions"] == f"{CENTERS[0]}#3"
    assert report["covers"]["events"] == 3 and report["covers"]["files"] == 2


def _migrate_until(last: str) -> Callable[[Database], list[str]]:
    """``Database.migrate`` applying the migrations up to ``last`` only (an older code)."""
    def older(db: Database) -> list[str]:
        backend = migrate._backend(db)
        try:
            todo = backend.to_apply(read_migrations(str(migrate.MIGRATIONS)))
            todo = todo.filter(lambda m: m.id <= last)
            backend.apply_migrations(todo)
        finally:
            backend.connection.close()
        return [m.id for m in todo]
    return older


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_with_files_before_the_state_table_is_filled_on_upgrade(
        backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = Database(f"sqlite:///{tmp_path}/source.db", pool_size=1)
    write_history(source, 6, [(0, "in_processing", 6, 1), (1, "additional_documents_requested",
                              7, 1), (2, "result_ready", 20, 1), (3, "withdrawn", 8, 1),
                              (4, "due_extended", 9, 3), (1, "documents_supplied", 12, 1)])
    with source.reader() as tx:
        old = {table: tx.all(f"SELECT * FROM {table}") for table in ("files", "file_events")}
    as_of = FIRST + dt.timedelta(days=60)
    expected = {c: file_report.figures(source, c, as_of, 30) for c in (*CENTERS, None)}
    source.close()
    with clean_database(backend, tmp_path) as url:
        with monkeypatch.context() as patch:
            patch.setattr(Database, "migrate", _migrate_until("v0007_onegate_notices"))
            before = Database(url, pool_size=1)
        with before.transaction() as tx:  # the rows as the code before v0008 kept them
            for table, rows in old.items():
                marks = ", ".join("?" * len(rows[0]))
                tx.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        before.close()
        db = Database(url, pool_size=1)  # today's code: v0008 fills the state and chains
        try:
            assert migrate.status(db)["pending"] == []
            with db.reader() as tx:
                assert tx.one("SELECT COUNT(*) FROM file_state") == (6,)
                assert tx.one("SELECT SUM(position) FROM file_chain_heads") == (len(
                    old["file_events"]),)
            for center in (*CENTERS, None):
                assert differences(db, center, as_of) == []
                found = state_figures(db, center, as_of, 30)
                assert found is not None
                assert {k: v for k, v in found.items() if k != "covers"} == {
                    k: v for k, v in expected[center].items() if k != "covers"}
            FileLedger(db).append(str(old["files"][0][0]), "ev-after", "result_ready",
                                  Who("quay", "quầy 1", "counter"), at=at(30))
            assert differences(db, None, as_of) == []  # the chain goes on from the filled one
        finally:
            db.close()
