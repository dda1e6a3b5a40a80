"""Live, honest statistics of a center's day, computed from the records themselves.

Per service and per counter: tickets issued, waiting, average and 90th-percentile
wait (issue → first call), served, no-shows, submissions received and ratings. The
page and its JSON are public (a lobby screen): they name no device. The devices whose
record chain has a gap or a broken link and those whose last health report has a
failing check (:func:`device_problems`) are behind the signed ``GET
/v1/centers/{center}/devices``, for the center's counters and technicians. Only
``SELECT``s run here: there is no route that edits a record.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
import time
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from kiosk.central.public_pages import center_and_day, read_asset
from kiosk.central.queue_board import Lifecycle, lifecycles
from kiosk.central.queue_day import (
    DayRecords,
    day_version,
    procedure_services,
    service_names,
    shared_day,
)
from kiosk.central.reports import CentralReports
from kiosk.central.storage import Database

UNASSIGNED = "-"
SHARED_S = 1.0  # figures at most this old are shared between requests
MAX_SHARED = 2048


def p90(values: list[float]) -> float | None:
    """The 90th percentile by the nearest-rank method (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _blank() -> dict[str, Any]:
    return {"issued": 0, "waiting": 0, "called": 0, "served": 0, "no_shows": 0,
            "transferred_out": 0, "submissions": 0, "ratings": 0, "_waits": [], "_scores": []}


def _finish(entry: dict[str, Any]) -> dict[str, Any]:
    waits, scores = entry.pop("_waits"), entry.pop("_scores")
    top = p90(waits)
    entry["avg_wait_min"] = _mean(waits)
    entry["p90_wait_min"] = None if top is None else round(top, 1)
    entry["ratings"] = len(scores)
    entry["avg_rating"] = round(sum(scores) / len(scores), 2) if scores else None
    return entry


def _no_show(ticket: Lifecycle) -> bool:
    return ticket.state == "cancelled" and ticket.reason == "no_show"


def _unit_rows(day: DayRecords) -> list[dict[str, Any]]:
    """Submissions per competent unit, in today's names (most first); a unit unknown to
    the kiosk (no address, or a kiosk before issue 16) counts under code ""."""
    counts: dict[tuple[str, str, str, str], int] = {}
    for unit in day.competent:
        counts[unit] = counts.get(unit, 0) + 1
    return [{"level": level, "code": code, "name": name, "province": province,
             "submissions": n}
            for (level, code, name, province), n in sorted(
                counts.items(), key=lambda item: (-item[1], item[0][1]))]


def compute_stats(day: DayRecords, now: dt.datetime) -> dict[str, Any]:
    """Per service and per counter figures for ``day`` (pure)."""
    names = service_names()
    services, counters, by_visit = _tally_tickets(lifecycles(day), now)
    for procedure, _visit in day.submissions:
        service = procedure_services().get(procedure, UNASSIGNED)
        services.setdefault(service, _blank())["submissions"] += 1
    unmatched = _tally_ratings(day, services, counters, by_visit)
    all_scores = [score for score, _ in day.ratings]
    return {
        "center": day.center,
        "day": day.day,
        "version": day.version,
        "generated_at": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "services": [
            {"service": s, "name_vi": names.get(s, ("", ""))[0],
             "name_en": names.get(s, ("", ""))[1], **_finish(services[s])}
            for s in sorted(services)
        ],
        "counters": _counter_rows(counters),
        "competent_units": _unit_rows(day),
        "ratings": {"count": len(all_scores),
                    "average": round(sum(all_scores) / len(all_scores), 2) if all_scores
                    else None,
                    "by_score": {str(n): all_scores.count(n) for n in range(1, 6)},
                    "without_ticket": len(unmatched)},
    }


_Tally = dict[str, dict[str, Any]]


def _tally_tickets(
    tickets: dict[tuple[str, int], Lifecycle], now: dt.datetime
) -> tuple[_Tally, _Tally, dict[str, Lifecycle]]:
    """Running figures per service and per counter, and each visit's ticket."""
    services: _Tally = {}
    counters: _Tally = {}
    by_visit: dict[str, Lifecycle] = {}
    for ticket in tickets.values():
        entry = services.setdefault(ticket.service, _blank())
        if ticket.issued_at is not None:
            entry["issued"] += 1
        if ticket.visit:
            by_visit[ticket.visit] = ticket
        if ticket.state == "waiting" and ticket.issued_at is not None:
            services.setdefault(ticket.queue, _blank())["waiting"] += 1
        entry["transferred_out"] += ticket.transfers
        wait = ticket.wait_minutes(now) if ticket.first_call is not None else None
        if wait is not None:
            entry["_waits"].append(wait)
        entry["called"] += ticket.first_call is not None
        entry["served"] += ticket.state == "served"
        entry["no_shows"] += _no_show(ticket)
        if ticket.counter:
            desk = counters.setdefault(ticket.counter, {**_blank(), "_handling": []})
            desk["called"] += 1
            desk["served"] += ticket.state == "served"
            desk["no_shows"] += _no_show(ticket)
            if wait is not None:
                desk["_waits"].append(wait)
            if ticket.state == "served" and ticket.ended_at and ticket.first_call:
                desk["_handling"].append((ticket.ended_at - ticket.first_call).total_seconds()
                                         / 60)
    return services, counters, by_visit


def _tally_ratings(
    day: DayRecords, services: _Tally, counters: _Tally, by_visit: dict[str, Lifecycle]
) -> list[int]:
    """Credit each rating to its ticket's service and counter; the scores with no ticket."""
    unmatched: list[int] = []
    for score, visit in day.ratings:
        rated = by_visit.get(visit or "")
        if rated is None:
            unmatched.append(score)
            continue
        services[rated.service]["_scores"].append(score)
        if rated.counter:
            counters[rated.counter]["_scores"].append(score)
    return unmatched


def _counter_rows(counters: _Tally) -> list[dict[str, Any]]:
    """One finished row per counter, in counter order (2 before 10)."""
    counter_rows = []
    for counter in sorted(counters, key=lambda c: (len(c), c)):
        desk = counters[counter]
        handling = desk.pop("_handling")
        row = _finish(desk)
        row["avg_handling_min"] = _mean(handling)
        for unused in ("issued", "waiting", "submissions", "transferred_out"):
            row.pop(unused)
        counter_rows.append({"counter": counter, **row})
    return counter_rows


def device_problems(db: Database, center: str) -> dict[str, list[Any]]:
    """Devices of ``center`` whose chain is not intact, and kiosks with a failing device."""
    reports = CentralReports(db)
    with db.reader() as tx:
        devices = [str(r[0]) for r in tx.all(
            "SELECT device_id FROM devices WHERE center = ? ORDER BY device_id", (center,))]
        health = tx.all(
            "SELECT h.device_id, h.status, h.checks, h.reported_at FROM device_health h "
            "JOIN devices d ON d.device_id = h.device_id WHERE d.center = ? "
            "ORDER BY h.device_id", (center,))
    gaps = []
    for device in devices:
        chain = reports.chain_report(device)
        if chain is not None and not chain["intact"]:
            gaps.append({"device_id": device, "head_seq": chain["head_seq"],
                         "max_seq": chain["max_seq"], "missing": chain["missing"][:50],
                         "missing_count": chain["missing_count"],
                         "flags": [f["problem"] for f in chain["flags"]]})
    failing = []
    for device, status, checks_text, reported_at in health:
        try:
            checks = json.loads(checks_text)
        except ValueError:
            checks = {}
        bad = sorted(name for name, value in checks.items()
                     if isinstance(value, dict) and value.get("status") == "failed")
        if status in ("failed", "out_of_service") or bad:  # out_of_service: crash loop
            failing.append({"device_id": device, "status": status, "failed_checks": bad,
                            "reported_at": reported_at})
    return {"chain_gaps": gaps, "failing_devices": failing, "devices": devices}


def out_of_service_count(db: Database, center: str) -> int:
    """How many devices of ``center`` last reported "out of service" (a crash loop)."""
    with db.reader() as tx:
        row = tx.one("SELECT COUNT(*) FROM device_health h JOIN devices d ON "
                     "d.device_id = h.device_id WHERE d.center = ? AND "
                     "h.status = 'out_of_service'", (center,))
    return int(row[0]) if row else 0


class StatsPages:
    """The statistics page and its JSON endpoint."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._recent: dict[tuple[str, str], tuple[str, float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def stats(self, center: str, day: str) -> dict[str, Any]:
        """Everything the page shows (blocking): no device is named, only counted.

        Figures are shared between requests while no record of the center arrived, for
        ``SHARED_S`` at most (every printed ticket asks for them), as the board is.
        """
        version = day_version(self.db, center, day)
        with self._lock:
            recent = self._recent.get((center, day))
        if recent is not None and recent[0] == version and (
                time.monotonic() - recent[1] < SHARED_S):
            return recent[2]
        figures = compute_stats(shared_day(self.db, center, day, version),
                                dt.datetime.now(dt.UTC))
        answer = {**figures, "devices_out_of_service": out_of_service_count(self.db, center)}
        with self._lock:
            if len(self._recent) > MAX_SHARED:
                self._recent.clear()
            self._recent[(center, day)] = (version, time.monotonic(), answer)
        return answer

    async def page(self, request: Request) -> Response:
        """The statistics page."""
        center_and_day(request)
        return HTMLResponse(read_asset("stats.html"), headers={"Cache-Control": "no-cache"})

    async def stats_json(self, request: Request) -> Response:
        """The statistics as JSON."""
        center, day = center_and_day(request)
        return JSONResponse(await run_in_threadpool(self.stats, center, day))
