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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

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


def _event(record_id: str, device_id: str, body: str) -> QueueEvent | None:
    try:
        envelope = json.loads(body)
        payload: dict[str, Any] = envelope["payload"]
        return QueueEvent(
            id=record_id,
            created_at=parse_time(envelope["created_at"]),
            event=str(payload["event"]),
            service=str(payload["service"]),
            number=int(payload["number"]),
            counter=str(payload.get("counter", "")),
            reason=str(payload.get("reason", "")),
            device_id=device_id,
            to_service=str(payload.get("to_service", "")),
        )
    except (ValueError, KeyError, TypeError, ProtocolError):
        return None  # stored records were validated at intake; never crash a screen


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
# city's (see migration v0003_centers and benchmarks/city.py).
_DAY_RECORDS = ("SELECT r.id, r.device_id, r.visit, r.body FROM records r "
                "WHERE r.center = ? AND r.day = ? AND r.kind = ? "
                "ORDER BY r.created_at, r.id")


def load_day(db: Database, center: str, day: str) -> DayRecords:
    """Read the day's tickets, queue events, submissions and ratings for ``center``."""
    check_day(day)
    with db.reader() as tx:
        roles = {str(r[0]): str(r[1]) for r in tx.all(
            "SELECT device_id, role FROM devices WHERE center = ?", (center,))}
        devices = set(roles)
        rows = {kind: [r for r in tx.all(_DAY_RECORDS, (center, day, kind))
                       if str(r[1]) in devices]
                for kind in ("ticket", "queue_event", "rating")}
        # only counters call: the display's counter labels come from their events alone
        rows["queue_event"] = [r for r in rows["queue_event"] if roles[str(r[1])] == "counter"]
        submissions = tx.all(
            "SELECT s.procedure_code, r.visit, r.device_id, r.body FROM records r "
            "JOIN submissions s "
            "ON s.id = r.id WHERE r.center = ? AND r.day = ? AND r.kind = 'submission'",
            (center, day))
    tickets: dict[tuple[str, int], TicketRow] = {}
    for _id, device, visit, body in rows["ticket"]:
        try:
            envelope = json.loads(body)
            payload = envelope["payload"]
            key = (str(payload["service"]), int(payload["number"]))
            moment = parse_time(envelope["created_at"])
        except (ValueError, KeyError, TypeError, ProtocolError):
            continue
        # the first record of a number holds it, as the tickets table does at intake
        if key not in tickets or moment < tickets[key].created_at:
            tickets[key] = TicketRow(key[0], key[1], moment, visit, str(device))
    events = [e for e in (_event(str(i), str(d), str(b)) for i, d, _v, b in rows["queue_event"])
              if e]
    scores: list[tuple[int, str | None]] = []
    for _id, _device, visit, body in rows["rating"]:
        try:
            scores.append((int(json.loads(body)["payload"]["score"]), visit))
        except (ValueError, KeyError, TypeError):
            continue
    return DayRecords(
        center=center,
        day=day,
        tickets=sorted(tickets.values(), key=lambda t: (t.created_at, t.service, t.number)),
        events=events,
        submissions=[(str(p), v) for p, v, d, _b in submissions if str(d) in devices],
        competent=[competent_unit(str(b)) for _p, _v, d, b in submissions if str(d) in devices],
        ratings=scores,
        version=day_version(db, center, day),
    )
