"""Records the central service keeps failing on: found by sending them alone, then set aside.

A 500 usually means the service is having a bad moment, so it is retried; but a
record that *triggers* a bug in the service gets a 500 every time, and retried as part
of its batch it would hold every record behind it for ever. So each time a batch fails
with a 5xx that is not "busy" (503) its records' count goes up. After
:data:`ISOLATE_AFTER` failed rounds the worker sends records one at a time, so the
innocent ones go through and the culprit fails alone; a record that failed
:data:`DEAD_AFTER` rounds, the last ones alone, becomes a dead letter with a reason a
technician can act on, provided another record went through since it first failed
(otherwise the whole service is failing, and every record waits; after
:data:`GIVE_UP_AFTER` rounds it is set aside all the same, so nothing is retried for
ever). A batch refused whole (4xx) without naming its culprits is
split the same way, so only the refused record becomes a dead letter.

The counts live in the outbox's ``meta`` table (keys ``5xx:<record id>``), so a
restart does not make a poisoned record immortal; while no record is suspect the
ledger costs no write at all, and its writes are delivery writes (a full disk must still
drain, see ``disk_reserve``).
"""

from __future__ import annotations

import time

from kiosk.sync.outbox import Outbox

ISOLATE_AFTER = 2  # failed rounds of a batch before its records go one at a time
DEAD_AFTER = ISOLATE_AFTER + 2  # failed rounds (at least two alone) before a dead letter
GIVE_UP_AFTER = 3 * DEAD_AFTER  # ... even when no other record went through meanwhile
RETRIED_STATUS = frozenset({503})  # "busy, retry": never the record's fault
_PREFIX = "5xx:"


def blames_the_records(status: int | None) -> bool:
    """Whether a failed round with this HTTP status counts against the records sent."""
    return status is not None and status >= 500 and status not in RETRIED_STATUS


def dead_letter_reason(status: int, rounds: int) -> str:
    """What a technician reads for a record set aside after repeated server errors."""
    return (f"the central service failed with HTTP {status} on this record {rounds} times, "
            "also when it was sent alone, while other records went through; it was set aside "
            "so the rest could be delivered. Check the central service's log, then run "
            "'kiosk sync retry-dead'")


class PoisonLedger:
    """Failed rounds per record, in the outbox's metadata."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self._any: bool | None = None  # are counts kept? (looked up on first use)
        self._first_failed: dict[str, float] = {}  # this process's view, for the verdict
        self._delivered_at = 0.0

    def delivered(self, ids: list[str]) -> None:
        """Note that the central service took records (it is not failing on everything)."""
        if ids:
            self._delivered_at = time.monotonic()
            self.forget(ids)

    def set_aside(self, record_id: str, rounds: int) -> bool:
        """Whether a record that failed ``rounds`` times, the last one alone, is the culprit."""
        if rounds >= GIVE_UP_AFTER:
            return True
        others_went_through = self._delivered_at > self._first_failed.get(record_id, 0.0)
        return rounds >= DEAD_AFTER and others_went_through

    def _kept(self) -> bool:
        if self._any is None:
            with self.outbox.transaction(delivery=True) as conn:
                self._any = conn.execute("SELECT 1 FROM meta WHERE key LIKE ? LIMIT 1",
                                         (_PREFIX + "%",)).fetchone() is not None
        return self._any

    def isolating(self) -> bool:
        """Whether records must go one at a time (some record is a suspect)."""
        if not self._kept():
            return False
        with self.outbox.transaction(delivery=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM meta m JOIN records r ON m.key = ? || r.id "
                "WHERE r.state IN ('pending', 'in_flight') AND CAST(m.value AS INTEGER) >= ? "
                "LIMIT 1", (_PREFIX, ISOLATE_AFTER)).fetchone()
        return row is not None

    def failed(self, ids: list[str], at_least: int = 0) -> dict[str, int]:
        """Count one failed round for ``ids`` (raised to ``at_least``); return the counts."""
        counts: dict[str, int] = {}
        with self.outbox.transaction(delivery=True) as conn:
            for record_id in ids:
                row = conn.execute("SELECT value FROM meta WHERE key = ?",
                                   (_PREFIX + record_id,)).fetchone()
                counts[record_id] = max(int(row[0]) + 1 if row else 1, at_least)
                conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value",
                             (_PREFIX + record_id, str(counts[record_id])))
        self._any = True
        now = time.monotonic()
        for record_id in ids:
            self._first_failed.setdefault(record_id, now)
        return counts

    def forget(self, ids: list[str]) -> None:
        """Drop the counts of records delivered or set aside (no write when none is kept)."""
        if not ids or not self._kept():
            return
        for record_id in ids:
            self._first_failed.pop(record_id, None)
        with self.outbox.transaction(delivery=True) as conn:
            conn.executemany("DELETE FROM meta WHERE key = ?", [(_PREFIX + i,) for i in ids])
            self._any = conn.execute("SELECT 1 FROM meta WHERE key LIKE ? LIMIT 1",
                                     (_PREFIX + "%",)).fetchone() is not None
