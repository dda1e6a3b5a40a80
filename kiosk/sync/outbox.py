"""The outbox: every record the kiosk must deliver, kept durably on SQLite.

SQLite in WAL mode with ``synchronous=FULL``: :meth:`Outbox.enqueue` returns only
after the record's transaction is on disk, so whatever the citizen was told has been
accepted survives a crash or a power cut. Each record gets a UUIDv7 (its idempotency
key), the next device sequence number, the hash of the previous record, and the
device's signature; personal fields are encrypted before they touch the disk, and so
are the record's ``hash``, ``prev`` and ``sig`` (see ``outbox_chain``).

States: ``pending`` → ``in_flight`` → ``delivered`` (purged after the retention) or
``dead`` (refused for good by the central service; a technician can retry it).
If the disk is full, the database read-only or damaged, the outbox enters a *fault*
and refuses new records with :class:`OutboxUnavailableError` instead of losing them;
a disk reserve keeps a full kiosk able to deliver what it holds (see ``disk_reserve``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.sync.disk_reserve import DiskReserve
from kiosk.sync.errors import OutboxFault, OutboxUnavailableError
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.outbox_chain import open_chain, open_head, seal_chain, seal_head
from kiosk.sync.outbox_file import open_outbox_file
from kiosk.sync.outbox_records import (
    DeadLetter,
    OutboxStatus,
    StoredRecord,
    wipe_delivered_parts,
)
from kiosk.sync.storage_faults import FAULT_TEXT, fault_of
from kiosk.wire.chain import seal_record
from kiosk.wire.errors import ProtocolError
from kiosk.wire.protocol import (
    GENESIS_HASH,
    KIND_SPECS,
    MAX_BATCH_BYTES,
    Record,
    RecordKind,
    format_time,
    new_record_id,
    validate_payload,
)

log = logging.getLogger(__name__)


class Outbox:
    """The durable, encrypted, chained queue of records for one enrolled device."""

    def __init__(
        self,
        path: Path,
        identity: DeviceIdentity,
        on_fault: Callable[[OutboxFault | None], None] | None = None,
    ) -> None:
        self.path = path
        self.identity = identity
        self._cipher = identity.cipher
        self._lock = threading.RLock()
        self._on_fault = on_fault
        self.fault: OutboxFault | None = None
        self.reserve = DiskReserve(path.with_name(path.name + ".reserve"))
        self._conn = open_outbox_file(path, self._cipher, self.reserve)
        self.reserve.ready()  # made while there is room (see disk_reserve)

    # -- plumbing -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection (tests and the lease desk use it under :meth:`transaction`)."""
        return self._conn

    def _set_fault(self, fault: OutboxFault | None) -> None:
        if fault != self.fault:
            self.fault = fault
            if fault is None:
                log.info("outbox is writable again")
            else:
                log.error("outbox fault: %s", fault)
            if self._on_fault is not None:
                self._on_fault(fault)

    @contextmanager
    def transaction(self, delivery: bool = False, probe: bool = False
                    ) -> Iterator[sqlite3.Connection]:
        """An IMMEDIATE write transaction; SQLite faults become :class:`OutboxUnavailableError`.

        New data is refused while the disk is known full (until :meth:`check_writable`'s
        ``probe`` finds room) and while the disk reserve is released and cannot be
        re-created; a ``delivery`` write may use the reserve (see ``disk_reserve``).
        """
        with self._lock:
            if delivery:
                self.reserve.make_room()
            elif (self.fault is OutboxFault.DISK_FULL and not probe) or not self.reserve.ready():
                self._set_fault(OutboxFault.DISK_FULL)
                raise OutboxUnavailableError("the record was not stored because "
                                             f"{FAULT_TEXT[OutboxFault.DISK_FULL]}",
                                             OutboxFault.DISK_FULL)
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                fault = fault_of(exc, self.path.parent)
                self._set_fault(fault)
                if delivery and fault is OutboxFault.DISK_FULL:
                    self.reserve.release()  # the next delivery attempt has room
                raise OutboxUnavailableError(
                    f"the record was not stored because {FAULT_TEXT[fault]}", fault
                ) from None
            if delivery and self.reserve.released:  # rewind the WAL within the reserve
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                return  # new data stays refused: the fault is cleared by a new record
            self._set_fault(None)

    def check_writable(self) -> bool:
        """Try a durable write needing fresh pages (as a record would); True if writable.

        The probe writes 16 KiB and removes it in the same transaction, so a disk with
        room for a small metadata update but not for a record still counts as full.
        """
        try:
            with self.transaction(probe=True) as conn:
                conn.execute("INSERT INTO meta (key, value) VALUES ('write_check', "
                             "randomblob(16384))")
                conn.execute("DELETE FROM meta WHERE key = 'write_check'")
        except OutboxUnavailableError:
            return False
        return True

    @property
    def accepts_submissions(self) -> bool:
        """False while the outbox is in a fault: the UI must stop taking submissions."""
        return self.fault is None

    def _meta(self, conn: sqlite3.Connection, key: str) -> str | None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- enqueue --------------------------------------------------------------------------

    def append(
        self,
        conn: sqlite3.Connection,
        kind: RecordKind,
        payload: dict[str, Any],
        visit: str | None = None,
        now: dt.datetime | None = None,
    ) -> str:
        """Add a record inside an open :meth:`transaction`; return its id."""
        validate_payload(kind, payload)
        moment = dt.datetime.now(dt.UTC) if now is None else now
        record_id = new_record_id(int(moment.timestamp() * 1000))
        last_seq = int(self._meta(conn, "last_seq") or 0)
        head = self._meta(conn, "last_hash")
        prev = GENESIS_HASH if head is None else open_head(self._cipher, head)
        record = seal_record(
            Record(
                id=record_id,
                device=self.identity.device_id,
                seq=last_seq + 1,
                kind=kind,
                visit=visit,
                created_at=format_time(moment),
                payload=payload,
                prev=prev,
            ),
            self.identity.signing_key,
        )
        stored = seal_chain(self._cipher, {**record.to_wire(), "payload": self._cipher.
                            encrypt_fields(record_id, payload, KIND_SPECS[kind].personal)})
        conn.execute(
            "INSERT INTO records (seq, id, kind, visit, created_at, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (record.seq, record.id, str(kind), visit, record.created_at,
             json.dumps(stored, ensure_ascii=False, separators=(",", ":"))),
        )
        self._set_meta(conn, "last_seq", str(record.seq))
        self._set_meta(conn, "last_hash", seal_head(self._cipher, record.hash))
        return record_id

    def enqueue(
        self,
        kind: RecordKind,
        payload: dict[str, Any],
        visit: str | None = None,
        now: dt.datetime | None = None,
    ) -> str:
        """Store one record durably and return its id (only once it is on disk).

        Raises :class:`ProtocolError` for a malformed payload and
        :class:`OutboxUnavailableError` when the disk cannot take it.
        """
        if not isinstance(kind, RecordKind):
            raise ProtocolError("record kind must be a RecordKind")
        with self.transaction() as conn:
            return self.append(conn, kind, payload, visit, now)

    # -- the worker's side ----------------------------------------------------------------

    def recover(self) -> int:
        """Return records left ``in_flight`` by a killed worker to ``pending``."""
        with self.transaction(delivery=True) as conn:
            cursor = conn.execute("UPDATE records SET state = 'pending' WHERE state = 'in_flight'")
            return cursor.rowcount

    def claim_batch(
        self, limit: int, now: float | None = None, max_bytes: int = MAX_BATCH_BYTES
    ) -> list[StoredRecord]:
        """Mark up to ``limit`` due records ``in_flight`` and return them in seq order.

        A record waits while an earlier record of the same visit is not yet delivered
        (dead, in flight or backing off), so each visit's records arrive in order. The
        batch also stops before ``max_bytes`` of stored records (at least one record),
        so a request never outgrows what the central service accepts.
        """
        moment = time.time() if now is None else now
        with self.transaction(delivery=True) as conn:
            rows = conn.execute(
                """SELECT seq, id, kind, visit, state, attempts, body, last_error
                   FROM records AS r
                   WHERE r.state = 'pending' AND r.next_attempt_at <= :now
                     AND (r.visit IS NULL OR NOT EXISTS (
                        SELECT 1 FROM records AS e
                        WHERE e.visit = r.visit AND e.seq < r.seq
                          AND (e.state IN ('dead', 'in_flight')
                               OR (e.state = 'pending' AND e.next_attempt_at > :now))))
                   ORDER BY r.seq LIMIT :limit""",
                {"now": moment, "limit": limit},
            ).fetchall()
            size = 0
            for count, row in enumerate(rows):
                size += len(row[6])
                if size > max_bytes and count > 0:
                    rows = rows[:count]
                    break
            conn.executemany(
                "UPDATE records SET state = 'in_flight' WHERE seq = ?", [(r[0],) for r in rows]
            )
        return [
            StoredRecord(r[0], r[1], RecordKind(r[2]), r[3], "in_flight", r[5],
                         json.loads(r[6]), r[7])
            for r in rows
        ]

    def wire(self, stored: StoredRecord) -> dict[str, Any]:
        """The record as it goes on the wire: personal fields decrypted."""
        body = open_chain(self._cipher, stored.body)
        body["payload"] = self._cipher.decrypt_fields(stored.id, body["payload"])
        return body

    def mark_delivered(self, ids: list[str], now: float | None = None) -> None:
        """Record the central service's acknowledgement of ``ids``."""
        moment = time.time() if now is None else now
        with self.transaction(delivery=True) as conn:
            conn.executemany(
                "UPDATE records SET state = 'delivered', delivered_at = ?, last_error = NULL "
                "WHERE id = ?",
                [(moment, i) for i in ids],
            )
            self._set_meta(conn, "last_success", format_time(dt.datetime.fromtimestamp(
                moment, dt.UTC)))
            wiped = wipe_delivered_parts(conn, ids)
        if wiped:  # nor in the WAL: its old pages would still hold the encrypted bytes
            with self._lock, contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def mark_retry(self, ids: list[str], error: str, not_before: float = 0.0) -> None:
        """Put ``ids`` back to ``pending`` after a failed attempt."""
        with self.transaction(delivery=True) as conn:
            conn.executemany(
                "UPDATE records SET state = 'pending', attempts = attempts + 1, "
                "last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'in_flight'",
                [(error, not_before, i) for i in ids],
            )

    def mark_dead(self, record_id: str, reason: str) -> None:
        """Move one record to the dead letters with the central service's reason."""
        with self.transaction(delivery=True) as conn:
            conn.execute(
                "UPDATE records SET state = 'dead', attempts = attempts + 1, last_error = ? "
                "WHERE id = ?",
                (reason, record_id),
            )

    def retry_dead(self) -> int:
        """Give every dead letter another chance; return how many."""
        with self.transaction(delivery=True) as conn:
            cursor = conn.execute(
                "UPDATE records SET state = 'pending', next_attempt_at = 0 WHERE state = 'dead'"
            )
            return cursor.rowcount

    def purge_delivered(self, retention_days: float, now: float | None = None) -> int:
        """Delete delivered records older than the retention; return how many."""
        moment = time.time() if now is None else now
        with self.transaction(delivery=True) as conn:
            cursor = conn.execute(
                "DELETE FROM records WHERE state = 'delivered' AND delivered_at < ?",
                (moment - retention_days * 86400,),
            )
            return cursor.rowcount

    # -- reporting ------------------------------------------------------------------------

    def status(self, now: float | None = None) -> OutboxStatus:
        """Counts per state, age of the oldest undelivered record, last success, fault."""
        moment = time.time() if now is None else now
        with self._lock:
            counts = dict(
                self._conn.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall()
            )
            oldest = self._conn.execute(
                "SELECT MIN(created_at) FROM records WHERE state IN ('pending', 'in_flight')"
            ).fetchone()[0]
            last_success = self._meta(self._conn, "last_success")
        age = None
        if oldest is not None:
            created = dt.datetime.fromisoformat(oldest[:-1]).replace(tzinfo=dt.UTC)
            age = max(0.0, moment - created.timestamp())
        return OutboxStatus(
            pending=counts.get("pending", 0),
            in_flight=counts.get("in_flight", 0),
            delivered=counts.get("delivered", 0),
            dead=counts.get("dead", 0),
            oldest_pending_age_s=age,
            last_success=last_success,
            fault=self.fault,
        )

    def depth(self) -> int:
        """Records not yet delivered (pending + in flight)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM records WHERE state IN ('pending', 'in_flight')"
            ).fetchone()
        return int(row[0])

    def dead_letters(self) -> list[DeadLetter]:
        """The dead letters, oldest first, with the reasons technicians need."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, seq, kind, attempts, COALESCE(last_error, '') FROM records "
                "WHERE state = 'dead' ORDER BY seq"
            ).fetchall()
        return [DeadLetter(*row) for row in rows]

    def all_records(self) -> list[StoredRecord]:
        """Every stored record in seq order (for checks and tests)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, id, kind, visit, state, attempts, body, last_error "
                "FROM records ORDER BY seq"
            ).fetchall()
        return [
            StoredRecord(r[0], r[1], RecordKind(r[2]), r[3], r[4], r[5], json.loads(r[6]), r[7])
            for r in rows
        ]

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check of the database file."""
        with self._lock:
            return bool(self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
