"""Retention: old service days are archived to files, then deleted from the database.

Policy (``kiosk central purge``, run nightly by a timer): the database keeps the last
``--keep-days`` Vietnam service days (default :data:`KEEP_DAYS`, [central]
``retention_days``); every older day is first written whole to
``<archive>/central-<day>.jsonl.gz`` and only then deleted, one day per transaction.
We delete by day rather than partition: the per-center index (center, day, kind) makes
each view's cost independent of how much history the table holds (see
``docs/scale.md``), and the same SQL runs on SQLite and PostgreSQL; partitioning
``records`` by month is the documented next step when one table outgrows its disk.

What a day's archive holds, one JSON object per line (``{"table": …, "row": {…}}``): the
day's records (bodies as stored; personal fields stay sealed under the key file, so
the archive is as safe as the database and needs the same key file to be read), their
``sealed_fields``, ``submissions`` and ``citizen_index`` rows, and the day's
``tickets``, ``ticket_flags``, ``leases``, ``ticket_counters`` and ``counter_claims``.
The file is written to a temporary name, synced and renamed before anything is
deleted; a run that dies in between leaves the rows, and the next run rewrites the file.

Chains stay checkable: only records at or below their device's chain head are taken
(a record beyond a gap waits until the gap closes), and ``chain_archived`` keeps each
device's last archived seq and hash digest, where ``chain_verify`` resumes its walk.
Devices, staff, the look-up audit and the chain flags are not purged.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.central.reports import day_start_utc, next_day
from kiosk.central.storage import Database, Tx
from kiosk.core.vn_time import service_day

KEEP_DAYS = 400  # a year of statistics and its comparison month, online
_CHUNK = 500
_BY_DAY = ("tickets", "ticket_flags", "leases", "ticket_counters", "counter_claims")
_BY_RECORD = (("sealed_fields", "record_id"), ("submissions", "id"),
              ("citizen_index", "record_id"))
_DAY_RECORDS = ("SELECT r.* FROM records r JOIN devices d ON d.device_id = r.device_id "
                "WHERE r.created_at >= ? AND r.created_at < ? AND r.seq <= d.chain_seq")


@dataclass(frozen=True)
class DayPurged:
    """One archived and deleted day: how many rows per table, and the archive file."""

    day: str
    rows: dict[str, int]
    archive: Path


def cutoff_day(keep_days: int, today: str | None = None) -> str:
    """The first day kept: days before it are archived and purged."""
    if keep_days < 1:
        raise ValueError("keep at least one day")
    start = dt.date.fromisoformat(today or service_day())
    return (start - dt.timedelta(days=keep_days - 1)).isoformat()


def days_before(db: Database, cutoff: str) -> list[str]:
    """Every day from the oldest record's or lease's to the day before ``cutoff``."""
    with db.reader() as tx:
        row = tx.one("SELECT MIN(created_at) FROM records WHERE created_at < ?",
                     (day_start_utc(cutoff),))
        lease = tx.one("SELECT MIN(day) FROM leases WHERE day < ?", (cutoff,))
    first = [service_day(dt.datetime.fromisoformat(str(row[0])[:19]).replace(tzinfo=dt.UTC))
             ] if row is not None and row[0] is not None else []
    first += [str(lease[0])] if lease is not None and lease[0] is not None else []
    if not first:
        return []
    day = min(first)
    days = []
    while day < cutoff:
        days.append(day)
        day = next_day(day)
    return days


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _collect(tx: Tx, day: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of ``day`` that the purge takes, by table."""
    found = {"records": tx.dicts(_DAY_RECORDS, (day_start_utc(day),
                                                 day_start_utc(next_day(day))))}
    ids = [str(r["id"]) for r in found["records"]]
    for table, column in _BY_RECORD:
        found[table] = [row for chunk in _chunks(ids) for row in tx.dicts(
            f"SELECT * FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})",
            tuple(chunk))]
    for table in _BY_DAY:
        found[table] = tx.dicts(f"SELECT * FROM {table} WHERE day = ?", (day,))
    return found


def _write(folder: Path, day: str, found: dict[str, list[dict[str, Any]]]) -> Path:
    """The day's archive, complete on disk before anything is deleted."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = folder / f"central-{day}.jsonl.gz"
    temporary = folder / f".central-{day}.jsonl.gz.part"
    with open(temporary, "wb") as raw:
        os.fchmod(raw.fileno(), 0o600)
        with gzip.GzipFile(fileobj=raw, mode="wb") as packed:
            for table, rows in found.items():
                for row in rows:
                    line = json.dumps({"table": table, "row": row}, ensure_ascii=False)
                    packed.write(line.encode("utf-8") + b"\n")
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(temporary, final)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return final


def _delete(tx: Tx, day: str, found: dict[str, list[dict[str, Any]]]) -> None:
    ids = [str(r["id"]) for r in found["records"]]
    for table, column in (*_BY_RECORD, ("records", "id")):
        for chunk in _chunks(ids):
            tx.execute(f"DELETE FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})",
                       chunk)
    for table in _BY_DAY:
        tx.execute(f"DELETE FROM {table} WHERE day = ?", (day,))
    last: dict[str, tuple[int, str]] = {}
    for row in found["records"]:
        seq = int(row["seq"])
        if seq > last.get(str(row["device_id"]), (0, ""))[0]:
            last[str(row["device_id"])] = (seq, str(row["hash"]))
    for device, (seq, digest) in last.items():
        tx.execute("INSERT INTO chain_archived (device_id, seq, hash, archived_at) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
                   "seq = excluded.seq, hash = excluded.hash, "
                   "archived_at = excluded.archived_at WHERE chain_archived.seq < excluded.seq",
                   (device, seq, digest, time.time()))


def purge_day(db: Database, day: str, archive: Path, dry_run: bool = False
              ) -> DayPurged | None:
    """Archive ``day`` to ``archive`` then delete it (``dry_run``: count only); None when
    the day holds nothing to take."""
    with db.reader() as tx:
        found = _collect(tx, day)
    counts = {table: len(rows) for table, rows in found.items()}
    if not any(counts.values()):
        return None
    if dry_run:
        return DayPurged(day, counts, archive / f"central-{day}.jsonl.gz")
    path = _write(archive, day, found)
    with db.transaction() as tx:
        _delete(tx, day, found)
    return DayPurged(day, counts, path)


def purge(db: Database, archive: Path, keep_days: int = KEEP_DAYS, today: str | None = None,
          dry_run: bool = False) -> list[DayPurged]:
    """Archive and delete every day older than the last ``keep_days`` (oldest first)."""
    done = (purge_day(db, day, archive, dry_run)
            for day in days_before(db, cutoff_day(keep_days, today)))
    return [day for day in done if day is not None]
