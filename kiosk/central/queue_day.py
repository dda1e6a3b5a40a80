"""One center's day as the records tell it: tickets, queue events, submissions, ratings.

Everything the call display and the statistics show is computed from the stored,
signed records by the pure functions of ``queue_board`` and ``stats``; this module
only reads them (read-only SQL, never an UPDATE), so no screen can make the numbers
look better than the records are.

Queue events (``kiosk.wire.protocol.QUEUE_EVENTS``) carry ``event``, ``number``,
``service`` and ``center``, plus ``counter`` (the counter's number) on calls and a
``reason`` on cancellations. A counter's actions map to them so:
call → ``called``, recall → ``recalled``, complete → ``served``, skip (citizen absent,
may be recalled) → ``skipped``, no-show → ``cancelled`` with ``reason: "no_show"``,
transfer to another service → ``cancelled`` with ``reason: "transfer"`` and
``to_service``: the ticket keeps its number and waits again in that service's queue.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from kiosk.central.parsed_records import parsed_rows
from kiosk.central.reports import check_day
from kiosk.central.storage import Database
from kiosk.core.errors import KioskError
from kiosk.wire.errors import ProtocolError
from kiosk.wire.protocol import parse_time


@dataclass(frozen=True)
class TicketRow:
    """An issued ticket: service, number, when, and the visit it belongs to."""

    service: str
    number: int
    created_at: dt.datetime
    visit: str | None
    device_id: str


@dataclass(frozen=True)
class QueueEvent:
    """One queue event record of the day."""

    id: str
    created_at: dt.datetime
    event: str
    service: str
    number: int
    counter: str
    reason: str
    device_id: str
    to_service: str = ""


@dataclass(frozen=True)
class DayRecords:
    """The records of one center's day that the display and statistics need."""

    center: str
    day: str
    tickets: list[TicketRow]
    events: list[QueueEvent]
    submissions: list[tuple[str, str | None]] = field(default_factory=list)  # procedure, visit
    ratings: list[tuple[int, str | None]] = field(default_factory=list)  # score, visit
    version: str = ""
    # per submission, the unit that decides its file in today's names (level, code, name,
    # province); "" where the kiosk sent none (docs/addresses.md)
    competent: list[tuple[str, str, str, str]] = field(default_factory=list)


def competent_unit(body: str) -> tuple[str, str, str, str]:
    """(level, code, name, province) of a submission's competent unit, from the clear part
    of its stored body; empty strings when the kiosk sent none."""
    try:
        unit = json.loads(body)["payload"].get("competent_unit")
    except (ValueError, KeyError, TypeError, AttributeError):
        return ("", "", "", "")
    if not isinstance(unit, dict):
        return ("", "", "", "")
    province: dict[str, Any] = unit["province"] if isinstance(unit.get("province"), dict) else {}
    return (str(unit.get("level", "")), str(unit.get("code", "")), str(unit.get("name", "")),
            str(province.get("name", "")))


def ticket_label(service: str, number: int) -> str:
    """How a number is shown and called: service code then three digits (``A012``)."""
    return f"{service}{number:03d}"


@lru_cache(maxsize=1)
def service_names() -> dict[str, tuple[str, str]]:
    """Queue service code → (Vietnamese, English) name, from the procedure catalog.

    A service takes the field (lĩnh vực) of its most used procedure.
    """
    from kiosk.core.procedures import load_catalog

    try:
        catalog = load_catalog()
    except KioskError:
        return {}
    names: dict[str, tuple[str, str]] = {}
    for procedure in sorted(catalog.procedures, key=lambda p: p.rank):
        names.setdefault(procedure.queue_service, (procedure.field_vi, procedure.field_en))
    return names


@lru_cache(maxsize=1)
def procedure_services() -> dict[str, str]:
    """Procedure code → queue service code, from the procedure catalog."""
    from kiosk.core.procedures import load_catalog

    try:
        return {p.code: p.queue_service for p in load_catalog().procedures}
    except KioskError:
        return {}


def _event(row: tuple[Any, ...], body: str) -> QueueEvent | None:
    """A queue event from its stored row (id, hash, device) and body; None if odd."""
    try:
        envelope = json.loads(body)
        payload: dict[str, Any] = envelope["payload"]
        return QueueEvent(
            id=str(row[0]),
            created_at=parse_time(envelope["created_at"]),
            event=str(payload["event"]),
            service=str(payload["service"]),
            number=int(payload["number"]),
            counter=str(payload.get("counter", "")),
            reason=str(payload.get("reason", "")),
            device_id=str(row[2]),
            to_service=str(payload.get("to_service", "")),
        )
    except (ValueError, KeyError, TypeError, ProtocolError):
        return None  # stored records were validated at intake; never crash a screen


def _ticket(row: tuple[Any, ...], body: str) -> TicketRow | None:
    """A ticket from its stored row (id, hash, device, visit) and body; None if odd."""
    try:
        envelope = json.loads(body)
        payload = envelope["payload"]
        return TicketRow(str(payload["service"]), int(payload["number"]),
                         parse_time(envelope["created_at"]),
                         None if row[3] is None else str(row[3]), str(row[2]))
    except (ValueError, KeyError, TypeError, ProtocolError):
        return None


def _score(_row: tuple[Any, ...], body: str) -> int | None:
    try:
        return int(json.loads(body)["payload"]["score"])
    except (ValueError, KeyError, TypeError):
        return None


def _unit(_row: tuple[Any, ...], body: str) -> tuple[str, str, str, str]:
    return competent_unit(body)


def day_version(db: Database, center: str, day: str) -> str:
    """A cheap fingerprint that changes whenever a record of ``center`` arrives.

    Every intake moves the device row's ``last_seen`` (and ``chain_seq`` for
    contiguous records), so the devices table, a few rows per center, is enough.
    """
    with db.reader() as tx:
        row = tx.one("SELECT COUNT(*), SUM(chain_seq), MAX(last_seen) FROM devices "
                     "WHERE center = ?", (center,))
    count, seqs, seen = row or (0, 0, 0)
    return f"{day}:{count}:{seqs or 0}:{seen or 0}"


# Every query below reads one center's day through the index records_center_day
# (center, day, kind, created_at): its cost follows that center's records, not the
# city's (see migration v0003_centers and benchmarks/city.py). Bodies are fetched and
# parsed only for records this worker has not parsed before (parsed_records).
_DAY_RECORDS = ("SELECT r.id, r.hash, r.device_id, r.visit FROM records r "
                "WHERE r.center = ? AND r.day = ? AND r.kind = ? "
                "ORDER BY r.created_at, r.id")
_DAY_SUBMISSIONS = ("SELECT r.id, r.hash, r.device_id, r.visit, s.procedure_code "
                    "FROM records r JOIN submissions s ON s.id = r.id "
                    "WHERE r.center = ? AND r.day = ? AND r.kind = 'submission'")


def load_day(db: Database, center: str, day: str) -> DayRecords:
    """Read the day's tickets, queue events, submissions and ratings for ``center``."""
    check_day(day)
    with db.reader() as tx:
        roles = {str(r[0]): str(r[1]) for r in tx.all(
            "SELECT device_id, role FROM devices WHERE center = ?", (center,))}
        ticket_rows = parsed_rows(tx, "ticket", _DAY_RECORDS, (center, day, "ticket"),
                                  _ticket)
        # only counters call: the display's counter labels come from their events alone
        event_rows = parsed_rows(tx, "queue_event", _DAY_RECORDS,
                                 (center, day, "queue_event"), _event)
        rating_rows = parsed_rows(tx, "rating", _DAY_RECORDS, (center, day, "rating"), _score)
        submissions = parsed_rows(tx, "competent", _DAY_SUBMISSIONS, (center, day), _unit)
    tickets: dict[tuple[str, int], TicketRow] = {}
    for row, ticket in ticket_rows:
        if str(row[2]) not in roles:
            continue
        key = (ticket.service, ticket.number)
        # the first record of a number holds it, as the tickets table does at intake
        if key not in tickets or ticket.created_at < tickets[key].created_at:
            tickets[key] = ticket
    submitted = [(row, unit) for row, unit in submissions if str(row[2]) in roles]
    return DayRecords(
        center=center,
        day=day,
        tickets=sorted(tickets.values(), key=lambda t: (t.created_at, t.service, t.number)),
        events=[e for row, e in event_rows if roles.get(str(row[2])) == "counter"],
        submissions=[(str(row[4]), None if row[3] is None else str(row[3]))
                     for row, _unit in submitted],
        competent=[unit for _row, unit in submitted],
        ratings=[(score, None if row[3] is None else str(row[3])) for row, score in rating_rows
                 if str(row[2]) in roles],
        version=day_version(db, center, day),
    )


MAX_KEPT_DAYS = 512  # centers' days kept per database per process (a city's, with room)
_kept: weakref.WeakKeyDictionary[Database, dict[tuple[str, str], DayRecords]] = (
    weakref.WeakKeyDictionary())
_kept_lock = threading.Lock()


def shared_day(db: Database, center: str, day: str, version: str = "") -> DayRecords:
    """:func:`load_day`, shared by every request of this process (board, statistics,
    call-next) while the center's ``day_version`` stays the same; ``version``: that
    fingerprint when the caller has just read it.

    The board is rebuilt every second (waiting times move with the clock) and call-next
    ranks the waiting tickets at every call: reading the day's rows again for each was
    most of their cost, and of its variance, in a large center. The records are labelled
    with the version read *before* them, so one arriving meanwhile makes the next call
    read again. Callers must not change the returned lists.
    """
    version = version or day_version(db, center, day)
    with _kept_lock:
        kept = _kept.setdefault(db, {}).get((center, day))
    if kept is not None and kept.version == version:
        return kept
    records = replace(load_day(db, center, day), version=version)
    with _kept_lock:
        days = _kept.setdefault(db, {})
        if len(days) >= MAX_KEPT_DAYS:
            days.clear()
        days[(center, day)] = records
    return records
