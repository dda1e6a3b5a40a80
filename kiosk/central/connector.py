"""The adapter to the provincial one-gate system: forward accepted files, pull their events.

The contract is ``docs/connector.md``. The backlog is ``onegate_outbox`` (filled by
``kiosk.central.files`` in the transaction that accepts a file); :meth:`Connector.forward`
sends what is due, with the file id as idempotency key, :meth:`Connector.notify` tells it
of files withdrawn or refused at a counter after they were forwarded
(``kiosk.central.onegate_notices``), and :meth:`Connector.pull` reads the one-gate
system's changes after the stored cursor. Both only ever append events
through :class:`~kiosk.central.files.FileLedger` (idempotent by event id), so a crash or a
restart of either side at any moment loses nothing and repeats nothing. Run one connector
per central database (``kiosk central connector``).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from kiosk.central import file_rules as rules
from kiosk.central.files import FileLedger, Who, event_time
from kiosk.central.onegate_notices import notices_backlog, send_notices
from kiosk.central.service import RefusedError
from kiosk.central.storage import Database

log = logging.getLogger(__name__)

CURSOR = "onegate_cursor"
REJECTED = "onegate_rejected"
BATCH = 100  # changes asked for per page
FORWARD_BATCH = 500  # backlog rows sent per round (one round a second)
BACKOFF_FIRST_S = 2.0
BACKOFF_MAX_S = 300.0
CONNECTOR = Who("connector", "one-gate", "connector")


def backoff_s(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failures (doubling, capped, jittered)."""
    base = min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** min(attempts - 1, 16))
    return float(base * random.uniform(0.5, 1.0))


def _epoch(text: str) -> float:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC).timestamp()


class Connector:
    """Forwarding and polling against one one-gate system (blocking; run on its own thread)."""

    def __init__(self, db: Database, onegate_url: str, timeout_s: float = 5.0,
                 ledger: FileLedger | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        """``clock`` (epoch seconds) stamps the forwarded events and the retry times."""
        self.db = db
        self.clock = clock
        self.ledger = ledger or FileLedger(db)
        self.http = httpx.Client(base_url=onegate_url.rstrip("/"), timeout=timeout_s)

    def close(self) -> None:
        """Close the HTTP client."""
        self.http.close()

    def forward(self, now: float | None = None) -> int:
        """Send every backlog row that is due; return how many were acknowledged."""
        moment = self.clock() if now is None else now
        with self.db.reader() as tx:
            rows = tx.all("SELECT o.file_id, o.payload, o.attempts, (SELECT e.step FROM "
                          "file_events e WHERE e.file_id = o.file_id ORDER BY e.n DESC LIMIT 1) "
                          "FROM onegate_outbox o WHERE o.acked_at IS NULL AND o.next_at <= ? "
                          "ORDER BY o.queued_at LIMIT ?", (moment, FORWARD_BATCH))
        done = 0
        for file_id, payload, attempts, step in rows:
            if step == rules.WITHDRAWN and not attempts:  # withdrawn before any try: not sent
                self._settle(str(file_id), None, "withdrawn before forwarding")
                continue
            remote = self._send(str(file_id), str(payload))
            if remote is None:
                self._failed(str(file_id), int(attempts) + 1, self._last_error)
                continue
            self._acknowledged(str(file_id), remote)
            done += 1
        return done

    _last_error = ""

    def notify(self, now: float | None = None) -> int:
        """Tell the one-gate system of the withdrawals and refusals recorded at counters
        (``kiosk.central.onegate_notices``); return how many it acknowledged."""
        return send_notices(self.db, self.http, self.clock() if now is None else now,
                            backoff_s, event_time)

    def _send(self, file_id: str, payload: str) -> str | None:
        try:
            answer = self.http.post("/v1/files", content=payload.encode("utf-8"), headers={
                "Idempotency-Key": file_id, "Content-Type": "application/json"})
        except httpx.HTTPError as exc:
            self._last_error = f"no answer ({type(exc).__name__})"
            return None
        if answer.status_code in (200, 201):
            try:
                return str(answer.json()["remote_id"])
            except (ValueError, KeyError, TypeError):
                self._last_error = "answer without remote_id"
                return None
        self._last_error = f"answered {answer.status_code}"
        return None

    def _failed(self, file_id: str, attempts: int, error: str) -> None:
        with self.db.transaction() as tx:
            tx.execute("UPDATE onegate_outbox SET attempts = ?, next_at = ?, last_error = ? "
                       "WHERE file_id = ? AND acked_at IS NULL",
                       (attempts, self.clock() + backoff_s(attempts), error, file_id))

    def _acknowledged(self, file_id: str, remote_id: str) -> None:
        """The one-gate system has the file: its forwarded event, then the backlog row."""
        try:
            self.ledger.append(file_id, f"{file_id}:forwarded", rules.FORWARDED, CONNECTOR,
                               at=self.clock())
        except RefusedError as exc:  # e.g. withdrawn before it could be sent
            log.warning("forwarded event not recorded: %s", exc.message)
        self._settle(file_id, remote_id, None)

    def _settle(self, file_id: str, remote_id: str | None, note: str | None) -> None:
        """The backlog row is done: sent (``remote_id``) or not to be sent (``note``)."""
        with self.db.transaction() as tx:
            tx.execute("UPDATE onegate_outbox SET acked_at = ?, remote_id = ?, last_error = ? "
                       "WHERE file_id = ? AND acked_at IS NULL",
                       (self.clock(), remote_id, note, file_id))

    def pull(self) -> int:
        """Apply the one-gate system's changes after the stored cursor; return how many."""
        applied = 0
        while True:
            cursor = self._state(CURSOR) or "0"
            try:
                answer = self.http.get("/v1/changes", params={"after": cursor, "limit": BATCH})
                answer.raise_for_status()
                page = answer.json()
                events, new_cursor = page["events"], str(page["cursor"])
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
                log.info("one-gate changes not read: %s", type(exc).__name__)
                return applied
            for event in events:
                applied += self._apply(event)
            self._set_state(CURSOR, new_cursor)
            if not events or new_cursor == cursor:
                return applied

    def _apply(self, event: dict[str, Any]) -> int:
        file_id = str(event.get("idempotency_key"))
        event_id = f"onegate:{event.get('event_id')}"
        with self.db.reader() as tx:
            row = tx.one("SELECT remote_id, acked_at FROM onegate_outbox WHERE file_id = ?",
                         (file_id,))
            if tx.one("SELECT 1 FROM file_events WHERE event_id = ?", (event_id,)):
                return 0  # sent again: it changes nothing
        if row is None:
            log.warning("one-gate event for an unknown file")
            return 0
        if row[1] is None:  # its answer was lost, but the one-gate system has the file
            self._acknowledged(file_id, str(event.get("remote_id") or "unknown"))
        who = Who(str(event.get("actor") or "one-gate"), "one-gate", "onegate")
        try:
            self.ledger.append(file_id, event_id, str(event["kind"]), who,
                               event.get("reason"), event.get("days"), _epoch(event["at"]))
        except (RefusedError, KeyError, ValueError) as exc:
            log.warning("one-gate event not applied: %s", getattr(exc, "message", exc))
            self._count_rejected()
            return 0
        return 1

    def _state(self, name: str) -> str | None:
        with self.db.reader() as tx:
            row = tx.one("SELECT value FROM connector_state WHERE name = ?", (name,))
        return None if row is None else str(row[0])

    def _set_state(self, name: str, value: str) -> None:
        with self.db.transaction() as tx:
            tx.execute("INSERT INTO connector_state (name, value) VALUES (?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))

    def _count_rejected(self) -> None:
        self._set_state(REJECTED, str(int(self._state(REJECTED) or "0") + 1))

    def run(self, stop: threading.Event, interval_s: float = 1.0) -> None:
        """Forward and pull until ``stop`` is set (errors are logged, never fatal)."""
        while not stop.is_set():
            try:
                self.forward()
                self.notify()
                self.pull()
            except Exception:  # the database may be away for a while: try again later
                log.exception("connector round failed")
            stop.wait(interval_s)


def backlog(db: Database, center: str | None = None) -> dict[str, Any]:
    """The backlog: files waiting to be forwarded (of ``center``, else all), and more."""
    where, params = ("AND center = ?", (center,)) if center else ("", ())
    with db.reader() as tx:
        waiting = tx.one("SELECT COUNT(*), MIN(queued_at), MAX(attempts) FROM onegate_outbox "
                         f"WHERE acked_at IS NULL {where}", params)
        sent = tx.one("SELECT COUNT(*) FROM onegate_outbox WHERE acked_at IS NOT NULL "
                      f"AND remote_id IS NOT NULL {where}", params)
        error = tx.one("SELECT last_error FROM onegate_outbox WHERE acked_at IS NULL "
                       f"AND last_error IS NOT NULL {where} ORDER BY next_at DESC LIMIT 1", params)
        rejected = tx.one("SELECT value FROM connector_state WHERE name = ?", (REJECTED,))
        notices = notices_backlog(tx, "AND f.center = ?" if center else "", params)
    assert waiting is not None and sent is not None
    oldest = None if waiting[1] is None else event_time(float(waiting[1]))
    return {"waiting": int(waiting[0]), "forwarded": int(sent[0]), "oldest_queued_at": oldest,
            "max_attempts": int(waiting[2] or 0), "last_error": error[0] if error else None,
            "rejected_events": int(rejected[0]) if rejected else 0, **notices}
