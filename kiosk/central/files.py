"""The file ledger: files created at the counter and their append-only events.

:meth:`FileLedger.create` makes a file when a counter accepts a submission (idempotent by
the counter's ``request_id``): its row, its ``accepted`` event, and its row in the
connector's backlog (``onegate_outbox``), in one transaction, so a file is never
accepted without being queued for forwarding, and nothing waits for the one-gate system.
:meth:`FileLedger.append` adds one event (idempotent by ``event_id``), checked by
``kiosk.central.file_rules``, and stores the state it leaves on its row. Rows are never
updated nor deleted (the database refuses it: migration ``v0005_files``). The same
transaction keeps the file's latest state and its center's chain (``kiosk.central.
file_state``), which the dashboard counts.

Times: ``at`` is when the event happened (server time for counter calls, the unit's time
for the one-gate system's events); an event dated before the file's previous event
counts from that previous event's moment, so the calendar never runs backwards.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from kiosk.central import file_rules as rules
from kiosk.central import file_state
from kiosk.central.onegate_notices import queue_notice
from kiosk.central.service import RefusedError
from kiosk.central.storage import Database, Tx
from kiosk.core.file_code import file_code, tracking_code
from kiosk.core.procedures import Catalog, CatalogError, load_catalog
from kiosk.core.vn_time import today_vn

_EVENT_COLUMNS = ("n, event_id, kind, step, at, day, actor, place, source, reason, due, "
                  "paused_on, decided_on")


@dataclass(frozen=True)
class Who:
    """Who records an event, where, and through what (``counter`` or ``onegate``)."""

    actor: str
    place: str
    source: str


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _text(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def vn_day(moment: float) -> dt.date:
    """The Vietnam calendar day of the epoch time ``moment``."""
    return today_vn(dt.datetime.fromtimestamp(moment, dt.UTC))


def event_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """One ``file_events`` row (``_EVENT_COLUMNS``) as the API gives it."""
    names = [c.strip() for c in _EVENT_COLUMNS.split(",")]
    event = dict(zip(names, row, strict=True))
    event["at"] = dt.datetime.fromtimestamp(float(event["at"]), dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    return event


class FileLedger:
    """Files and their events on one central database."""

    def __init__(self, db: Database, catalog: Catalog | None = None) -> None:
        self.db = db
        self.catalog = catalog or load_catalog()

    def create(self, request_id: str, center: str, procedure: str, device_id: str, who: Who,
               submission_id: str | None = None, at: float | None = None) -> dict[str, Any]:
        """The file for ``request_id`` (made now, or the one made by an earlier call)."""
        try:
            found = self.catalog.get(procedure)
        except CatalogError:
            raise RefusedError(400, f"no procedure has the code {procedure!r}") from None
        moment = time.time() if at is None else at
        file_id = str(uuid.uuid4())
        state = rules.start(vn_day(moment), found.processing_days)
        with self.db.transaction() as tx:
            earlier = tx.one("SELECT file_id FROM files WHERE request_id = ?", (request_id,))
            if earlier is not None:
                return self._summary(tx, str(earlier[0]))
            tx.execute(
                "INSERT INTO files (file_id, code, request_id, center, procedure_code, unit, "
                "working_days, submission_id, device_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (file_id, tracking_code(), request_id, center, procedure, found.agency_vi,
                 found.processing_days, submission_id, device_id, moment))
            self._insert(tx, file_id, center, 1, f"{file_id}:accepted", rules.ACCEPTED, state,
                         moment, who, None, opening=(procedure, found.agency_vi))
            payload = {"idempotency_key": file_id, "center": center, "procedure": procedure,
                       "unit": found.agency_vi, "working_days": found.processing_days,
                       "received_at": event_time(moment), "due": state.due.isoformat()}
            tx.execute("INSERT INTO onegate_outbox (file_id, center, payload, queued_at, "
                       "next_at) VALUES (?, ?, ?, ?, ?)",
                       (file_id, center, json.dumps(payload), moment, moment))
            if submission_id is not None:
                link_holder(tx, file_id, submission_id, moment)
            return self._summary(tx, file_id)

    def append(self, file_id: str, event_id: str, kind: str, who: Who, reason: str | None = None,
               days: int | None = None, at: float | None = None,
               center: str | None = None) -> dict[str, Any]:
        """Append one event (RefusedError 404/409/422 when it cannot be); return it.

        ``center``, when given, must be the file's (a counter acts on its own center's
        files only). The same ``event_id`` again returns the event stored the first time.
        """
        allowed = rules.BY_COUNTER if who.source == "counter" else rules.BY_ONEGATE
        if kind not in allowed and not (who.source == "connector" and kind == rules.FORWARDED):
            raise RefusedError(422, f"a {who.source} may not record {kind!r} events")
        with self.db.transaction() as tx:
            same = tx.one(f"SELECT {_EVENT_COLUMNS}, file_id FROM file_events "
                          "WHERE event_id = ?", (event_id,))
            if same is not None:
                if same[-1] != file_id or same[2] != kind:
                    raise RefusedError(409, "this event id was used for another event")
                return event_dict(same[:-1])
            head = self._head(tx, file_id)
            if center is not None and head[0] != center:
                raise RefusedError(403, "a counter may record events of its own center's files")
            last = head[1]
            moment = max(time.time() if at is None else at, float(last[4]))
            state = rules.FileState(str(last[3]), dt.date.fromisoformat(last[10]),
                                    _day(last[11]), _day(last[12]))
            try:
                state = rules.apply(state, kind, vn_day(moment), reason, days)
            except rules.RuleError as exc:
                raise RefusedError(422, str(exc)) from None
            n = int(last[0]) + 1
            self._insert(tx, file_id, head[0], n, event_id, kind, state, moment, who, reason)
            queue_notice(tx, file_id, event_id, kind, moment, who.source)  # to the one-gate
            row = tx.one(f"SELECT {_EVENT_COLUMNS} FROM file_events WHERE file_id = ? "
                         "AND n = ?", (file_id, n))
        assert row is not None
        return event_dict(row)

    def _head(self, tx: Tx, file_id: str) -> tuple[str, tuple[Any, ...]]:
        """The file's center (row locked) and its last event; 404 for an unknown file."""
        lock = " FOR UPDATE" if tx.postgres else ""
        found = tx.one("SELECT center FROM files WHERE file_id = ?" + lock, (file_id,))
        if found is None:
            raise RefusedError(404, "no file has this id")
        last = tx.one(f"SELECT {_EVENT_COLUMNS} FROM file_events WHERE file_id = ? "
                      "ORDER BY n DESC LIMIT 1", (file_id,))
        assert last is not None  # every file has its accepted event
        return str(found[0]), last

    @staticmethod
    def _insert(tx: Tx, file_id: str, center: str, n: int, event_id: str, kind: str,
                state: rules.FileState, moment: float, who: Who, reason: str | None,
                opening: tuple[str, str] | None = None) -> None:
        day, recorded = vn_day(moment).isoformat(), time.time()
        tx.execute(
            f"INSERT INTO file_events (file_id, {_EVENT_COLUMNS}, center, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (file_id, n, event_id, kind, state.step, moment, day,
             who.actor, who.place, who.source, reason, state.due.isoformat(),
             _text(state.paused_on), _text(state.decided_on), center, recorded))
        # the latest state, chain position and center head, in this same transaction
        file_state.record(tx, file_id, center, n, event_id, kind, state, day, recorded,
                          opening)

    def _summary(self, tx: Tx, file_id: str) -> dict[str, Any]:
        row = tx.one("SELECT file_id, code, center, procedure_code, unit, working_days, "
                     "submission_id FROM files WHERE file_id = ?", (file_id,))
        assert row is not None
        names = ("file_id", "code", "center", "procedure", "unit", "working_days",
                 "submission")
        summary = dict(zip(names, row, strict=True))
        events = tx.all(f"SELECT {_EVENT_COLUMNS} FROM file_events WHERE file_id = ? "
                        "ORDER BY n", (file_id,))
        summary["events"] = [event_dict(e) for e in events]
        summary["step"] = summary["events"][-1]["step"]
        summary["due"] = summary["events"][-1]["due"]
        return summary

    def file(self, file_id: str, center: str | None = None) -> dict[str, Any]:
        """The file and every event of it (404 unknown; 403 of another center)."""
        with self.db.reader() as tx:
            found = tx.one("SELECT center FROM files WHERE file_id = ?", (file_id,))
            if found is None:
                raise RefusedError(404, "no file has this id")
            if center is not None and found[0] != center:
                raise RefusedError(403, "a counter may read its own center's files only")
            return self._summary(tx, file_id)


def link_holder(tx: Tx, file_id: str, submission_id: str, moment: float) -> None:
    """Keep the blind index of the submission's ID number with the file (``file_holders``),
    so the kiosk can show a card holder their files (``kiosk.central.holder_files``)."""
    holder = tx.one("SELECT id_hmac FROM citizen_index WHERE record_id = ?", (submission_id,))
    if holder is None:  # no such submission here, or it named no valid ID number
        return
    body = tx.one("SELECT body, visit FROM records WHERE id = ?", (submission_id,))
    code = None
    if body is not None:
        try:
            payload = json.loads(str(body[0])).get("payload", {})
        except (ValueError, AttributeError):
            payload = {}
        sent = payload.get("file_code") if isinstance(payload, dict) else None
        code = sent if isinstance(sent, str) and sent else (
            file_code(str(body[1])) if body[1] else None)
    tx.execute("INSERT INTO file_holders (file_id, holder, file_code, created_at) "
               "VALUES (?, ?, ?, ?)", (file_id, str(holder[0]), code, moment))


def event_time(moment: float) -> str:
    """``moment`` (epoch seconds) as the API writes times: UTC, ``Z``."""
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
