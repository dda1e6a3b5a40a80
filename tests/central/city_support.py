"""Helpers for the many-centers tests: a clean database per test on SQLite or PostgreSQL,
and signed records made in-process (real keys, real signatures, real intake)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from kiosk.central.service import CentralService
from kiosk.core.vn_time import VIETNAM
from kiosk.sync.keys import DeviceIdentity
from kiosk.wire.chain import seal_record
from kiosk.wire.keys import public_key_text
from kiosk.wire.protocol import GENESIS_HASH, Record, RecordKind, format_time, new_record_id
from tests.support.sample_identities import identity

PG_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.integration)]


@contextmanager
def clean_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        yield f"sqlite:///{folder}/central.db"
        return
    if not PG_URL:
        pytest.skip("KIOSK_TEST_POSTGRES_URL is not set")
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield PG_URL + ("&" if "?" in PG_URL else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def city_service(backend: str, folder: Path) -> Iterator[CentralService]:
    """A central service over a clean database of ``backend`` (a fresh vault)."""
    from kiosk.central.storage import Database
    from kiosk.central.vault import Vault

    with clean_database(backend, folder) as url:
        db = Database(url, pool_size=2)
        try:
            yield CentralService(db, Vault(os.urandom(32), os.urandom(32)))
        finally:
            db.close()


class Signer:
    """One enrolled device that signs its records in-process, in sequence."""

    def __init__(self, service: CentralService, center: str, role: str = "kiosk") -> None:
        self.ident: DeviceIdentity = identity()
        code = service.issue_code(center, role=role)
        self.device_id = service.enroll({"code": code, "public_key": public_key_text(
            self.ident.signing_key.public_key())})["device_id"]
        self.seq, self.prev = 0, GENESIS_HASH

    def record(self, kind: RecordKind, payload: dict[str, Any], at: dt.datetime,
               visit: str | None = None) -> Record:
        """The device's next record, created at ``at``, sealed and signed."""
        self.seq += 1
        record = seal_record(Record(new_record_id(), self.device_id, self.seq, kind, visit,
                                    format_time(at), payload, self.prev),
                             self.ident.signing_key)
        self.prev = record.hash
        return record


# One center's scripted morning (tests of the position and of the shared day)
DAY = "2026-03-02"
MORNING = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VIETNAM)


def morning(service: CentralService, center: str, tickets: int, served: int) -> None:
    """``tickets`` tickets of A (and 2 of B) at ``center``; the first ``served`` of A are
    called and served at counter 1 (six minutes each), the next one called at counter 2."""
    kiosk = Signer(service, center)
    counter = Signer(service, center, role="counter")
    records = [kiosk.record(RecordKind.TICKET, {"number": n, "service": code,
                                                "center": center, "block": "b"},
                            MORNING + dt.timedelta(minutes=n), visit=f"{center}-{code}{n}")
               for code, count in (("A", tickets), ("B", 2)) for n in range(1, count + 1)]
    assert {r["status"] for r in service.intake(kiosk.device_id, records)} == {"stored"}
    events = []
    for n in range(1, served + 1):
        at = MORNING + dt.timedelta(minutes=30 + 6 * n)
        event = {"service": "A", "number": n, "center": center}
        events += [counter.record(RecordKind.QUEUE_EVENT, {**event, "event": "called",
                                                           "counter": "1"}, at),
                   counter.record(RecordKind.QUEUE_EVENT, {**event, "event": "served"},
                                  at + dt.timedelta(minutes=6))]
    events.append(counter.record(RecordKind.QUEUE_EVENT, {
        "service": "A", "number": served + 1, "center": center, "event": "called",
        "counter": "2"}, MORNING + dt.timedelta(minutes=90)))
    assert {r["status"] for r in service.intake(counter.device_id, events)} == {"stored"}


@contextmanager
def counted_reads(db: Any) -> Iterator[list[int]]:
    """Count the readers opened on ``db`` within the block (``[n]``; the real database
    underneath)."""
    reads, reader = [0], db.reader

    def counted() -> Any:
        reads[0] += 1
        return reader()

    db.reader = counted
    try:
        yield reads
    finally:
        db.reader = reader
