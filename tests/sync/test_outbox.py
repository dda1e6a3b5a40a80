from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync.errors import (
    NoTicketNumberError,
    OutboxFault,
    OutboxFormatError,
    OutboxUnavailableError,
)
from kiosk.sync.leases import TicketDesk, service_day
from kiosk.sync.outbox import Outbox
from kiosk.sync.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from kiosk.wire.chain import verify_record
from kiosk.wire.errors import ProtocolError
from kiosk.wire.protocol import GENESIS_HASH, RecordKind, parse_record
from tests.support.sample_identities import ID_NUMBER, NAME, identity, submission


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox.db", identity())


def test_database_is_wal_with_full_sync_and_current_schema(outbox: Outbox) -> None:
    conn = outbox.connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_enqueue_chains_and_signs_every_record(outbox: Outbox) -> None:
    ids = [outbox.enqueue(RecordKind.RATING, {"score": s}) for s in (5, 4, 3)]
    stored = outbox.all_records()
    assert [r.id for r in stored] == ids and [r.seq for r in stored] == [1, 2, 3]
    prev = GENESIS_HASH
    for item in stored:
        record = parse_record(outbox.wire(item))
        verify_record(record, outbox.identity.signing_key.public_key())
        assert record.prev == prev
        prev = record.hash
        assert item.state == "pending" and item.attempts == 0


def test_no_name_or_id_number_in_clear_anywhere_on_disk(tmp_path: Path, outbox: Outbox) -> None:
    for _ in range(20):
        outbox.enqueue(RecordKind.SUBMISSION, submission())
    outbox.enqueue(RecordKind.RATING, {"score": 5, "comment": f"{NAME} rất hài lòng"})
    wire = outbox.wire(outbox.all_records()[0])
    assert wire["payload"]["citizen"]["full_name"] == NAME  # decrypts for the wire
    outbox.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (NAME, ID_NUMBER, "Lê Lợi", "hài lòng"):
        assert secret.encode("utf-8") not in blob
        assert secret.encode("utf-16-le") not in blob
    assert b"1.001234" in blob  # non-personal fields stay readable


def test_bad_payloads_are_refused_before_touching_disk(outbox: Outbox) -> None:
    with pytest.raises(ProtocolError):
        outbox.enqueue(RecordKind.RATING, {"score": 11})
    with pytest.raises(ProtocolError):
        outbox.enqueue("rating", {"score": 1})  # type: ignore[arg-type]
    assert outbox.all_records() == []


@pytest.mark.slow  # property-based fuzzing
@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(RecordKind)),
       st.dictionaries(st.sampled_from(["score", "number", "service", "center", "block", "event",
                                        "procedure", "citizen", "form", "status", "checks"]),
                       st.none() | st.integers(-3, 9) | st.text(max_size=5)
                       | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)))
def test_fuzz_enqueue_raises_only_protocol_errors(kind: RecordKind, payload: dict[str, object]
                                                  ) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        box = Outbox(Path(folder) / "o.db", identity())
        try:
            box.enqueue(kind, payload)
        except ProtocolError:
            assert box.all_records() == []
        finally:
            box.close()


def test_states_retry_dead_and_retention(outbox: Outbox) -> None:
    a = outbox.enqueue(RecordKind.RATING, {"score": 5})
    b = outbox.enqueue(RecordKind.RATING, {"score": 4})
    batch = outbox.claim_batch(10)
    assert [r.id for r in batch] == [a, b] and outbox.status().in_flight == 2
    outbox.mark_delivered([a], now=1000.0)
    outbox.mark_dead(b, "refused: payload invalid")
    status = outbox.status()
    assert (status.delivered, status.dead, status.depth) == (1, 1, 0)
    assert status.last_success == "1970-01-01T00:16:40.000000Z"
    assert outbox.dead_letters()[0].reason == "refused: payload invalid"
    assert outbox.retry_dead() == 1 and outbox.status().pending == 1
    assert outbox.purge_delivered(retention_days=1, now=1000.0 + 3600) == 0
    assert outbox.purge_delivered(retention_days=1, now=1000.0 + 2 * 86400) == 1
    c = outbox.enqueue(RecordKind.RATING, {"score": 3})  # the chain survives the purge
    assert outbox.all_records()[-1].seq == 3 and outbox.all_records()[-1].id == c


def test_batches_stop_before_the_byte_cap(outbox: Outbox) -> None:
    big = {"procedure": "P", "citizen": {"note": "x" * 40_000}, "form": {}}
    for _ in range(5):
        outbox.enqueue(RecordKind.SUBMISSION, big)
    first = outbox.claim_batch(100, max_bytes=120_000)
    assert len(first) == 2  # ~54 KB stored each: a third would pass the cap
    assert [r.seq for r in first] == [1, 2]
    assert len(outbox.claim_batch(100, max_bytes=10)) == 1  # never empty while records wait


def test_recover_returns_in_flight_records(outbox: Outbox) -> None:
    outbox.enqueue(RecordKind.RATING, {"score": 5})
    outbox.claim_batch(10)
    assert outbox.claim_batch(10) == []
    assert outbox.recover() == 1
    assert len(outbox.claim_batch(10)) == 1


def test_backoff_and_per_visit_order(outbox: Outbox) -> None:
    v1a = outbox.enqueue(RecordKind.SUBMISSION, submission(), visit="v1")
    other = outbox.enqueue(RecordKind.RATING, {"score": 5}, visit="v2")
    v1b = outbox.enqueue(RecordKind.RATING, {"score": 4}, visit="v1")
    first = outbox.claim_batch(1)
    assert [r.id for r in first] == [v1a]
    outbox.mark_retry([v1a], "central unreachable", not_before=9e18)
    # v1b waits behind v1a (same visit); the other visit goes ahead
    assert [r.id for r in outbox.claim_batch(10)] == [other]
    outbox.mark_delivered([other])
    assert outbox.claim_batch(10) == []
    outbox.connection.execute("UPDATE records SET next_attempt_at = 0")
    outbox.mark_dead(v1a, "refused")
    assert outbox.claim_batch(10) == []  # held behind a dead letter of its visit
    outbox.retry_dead()
    assert [r.id for r in outbox.claim_batch(10)] == [v1a, v1b]
    assert outbox.all_records()[0].attempts == 2


def test_migrations_upgrade_an_old_database_keeping_its_records(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO records (seq, id, kind, created_at, body) VALUES "
                 "(1, 'x', 'rating', '2026-01-01T00:00:00.000000Z', '{}')")
    conn.close()
    box = Outbox(path, identity())
    assert box.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert box.connection.execute("SELECT COUNT(*) FROM leases").fetchone()[0] == 0
    assert box.connection.execute("SELECT id FROM records").fetchone()[0] == "x"
    assert migrate(box.connection) == SCHEMA_VERSION  # idempotent


def test_an_outbox_from_a_newer_kiosk_is_refused_untouched(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db", identity())
    kept = box.enqueue(RecordKind.RATING, {"score": 5})
    box.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(OutboxFormatError, match="newer kiosk"):
        migrate(box.connection)
    assert box.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert [r.id for r in box.all_records()] == [kept]


def test_disk_full_is_a_clear_fault_and_nothing_is_lost(tmp_path: Path) -> None:
    faults: list[OutboxFault | None] = []
    box = Outbox(tmp_path / "o.db", identity(), on_fault=faults.append)
    kept = box.enqueue(RecordKind.RATING, {"score": 5})
    pages = box.connection.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own limit gives the same SQLITE_FULL a full disk gives
    box.connection.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(OutboxUnavailableError) as error:
        for _ in range(200):
            box.enqueue(RecordKind.SUBMISSION, submission())
    assert error.value.fault is OutboxFault.DISK_FULL
    assert "disk is full" in str(error.value)
    assert not box.accepts_submissions and box.status().fault is OutboxFault.DISK_FULL
    assert faults == [OutboxFault.DISK_FULL]
    assert kept in [r.id for r in box.all_records()]
    assert not box.check_writable()
    box.connection.execute("PRAGMA max_page_count = 1073741823")
    assert box.check_writable()
    box.enqueue(RecordKind.RATING, {"score": 4})
    assert box.accepts_submissions and faults == [OutboxFault.DISK_FULL, None]
    assert box.integrity_ok()


def test_read_only_database_stops_submissions_but_tickets_are_still_shown(tmp_path: Path
                                                                         ) -> None:
    box = Outbox(tmp_path / "o.db", identity())
    desk = TicketDesk(box, "HCM-01")
    today = service_day()
    desk.add_lease("blk-1", "A", today, 101, 103)
    first = desk.issue("A")
    assert first.number == 101 and first.record_id is not None
    # Root ignores file modes, so the test makes the connection read-only the SQLite way:
    box.connection.execute("PRAGMA query_only = ON")
    with pytest.raises(OutboxUnavailableError) as error:
        box.enqueue(RecordKind.SUBMISSION, submission())
    assert error.value.fault is OutboxFault.READ_ONLY and not box.accepts_submissions
    shown = desk.issue("A")
    assert (shown.number, shown.record_id) == (102, None) and desk.unrecorded == 1
    box.connection.execute("PRAGMA query_only = OFF")
    third = desk.issue("A")
    assert third.number == 103 and desk.unrecorded == 0
    tickets = [box.wire(r)["payload"]["number"] for r in box.all_records()]
    assert tickets == [101, 102, 103]
    with pytest.raises(NoTicketNumberError):
        desk.issue("A")


def test_ticket_desk_uses_only_its_leases_and_the_true_time(outbox: Outbox) -> None:
    desk = TicketDesk(outbox, "HCM-01")
    moment = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)  # 08:30 in Vietnam
    with pytest.raises(NoTicketNumberError):
        desk.issue("B", now=moment)
    desk.add_lease("b1", "B", "2026-03-02", 1, 2)
    desk.add_lease("b1", "B", "2026-03-02", 1, 2)  # a repeated grant changes nothing
    desk.add_lease("b2", "B", "2026-03-02", 7, 7)
    assert desk.remaining("B", "2026-03-02") == 3
    numbers = [desk.issue("B", now=moment).number for _ in range(3)]
    assert numbers == [1, 2, 7]
    assert outbox.wire(outbox.all_records()[0])["created_at"] == "2026-03-02T01:30:00.000000Z"


def test_a_damaged_database_file_is_a_clear_fault(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutboxUnavailableError) as error:
        Outbox(path, identity())
    assert error.value.fault is OutboxFault.CORRUPT
    assert "damaged" in str(error.value)


def test_citizens_get_a_bilingual_notice_for_every_fault() -> None:
    from kiosk.sync.storage_faults import citizen_notice

    for fault in OutboxFault:
        vi, en = citizen_notice(fault)
        assert "hồ sơ" in vi and "số thứ tự" in vi and "submissions" in en
