"""On-time figures computed from the file events only (issue 18): one center or the city.

:func:`compute_report` reads every event of the scope up to the ``as_of`` day, folds each
file to where it stood that day, and counts. Nothing is stored or cached: the same
database and the same ``as_of`` give the same numbers, and ``covers`` says which events
they come from (how many, the last one's recording time, and a SHA-256 over every event's
file, position, id, kind and day in order), so a figure cannot be changed without the
digest changing. ``kiosk central report`` prints it (JSON or CSV); the dashboard shows it
(through :class:`ReportCache`: computed again only when events were added).

Counted by where each file stood on ``as_of`` (its last event on or before that day):
``in_processing`` (accepted, forwarded, in processing, documents supplied),
``awaiting_documents``, ``result_ready``, ``refused``, ``returned``, ``withdrawn``.
On time (``kiosk.central.file_rules.standing``): decided on or before the due date, or
open and not past it; ``paused`` files (awaiting documents) count as neither.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import threading
from collections import Counter, defaultdict
from typing import Any

from kiosk.central import file_rules as rules
from kiosk.central.connector import backlog
from kiosk.central.storage import Database
from kiosk.core.vn_time import today_vn
from kiosk.core.working_days import working_days_between

DUE_SOON_DAYS = 2
MAX_ATTENTION = 200
_GROUP = {rules.ACCEPTED: "in_processing", rules.FORWARDED: "in_processing",
          rules.IN_PROCESSING: "in_processing", rules.DOCS_SUPPLIED: "in_processing",
          rules.MORE_DOCS: "awaiting_documents", rules.RESULT_READY: "result_ready",
          rules.REFUSED: "refused", rules.RETURNED: "returned", rules.WITHDRAWN: "withdrawn"}
STEPS = ("in_processing", "awaiting_documents", "result_ready", "refused", "returned",
         "withdrawn")
_SQL = ("SELECT e.file_id, e.n, e.event_id, e.kind, e.step, e.day, e.due, e.paused_on, "
        "e.decided_on, e.recorded_at, f.procedure_code, f.unit, f.center FROM file_events e "
        "JOIN files f ON f.file_id = e.file_id WHERE e.day <= ? {where} "
        "ORDER BY e.file_id, e.n")


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _load(db: Database, center: str | None, as_of: dt.date) -> tuple[list[dict[str, Any]],
                                                                    dict[str, Any]]:
    """Each file's last event on or before ``as_of`` (with its first day), and ``covers``."""
    where, params = ("AND e.center = ?", [as_of.isoformat(), center]) if center else (
        "", [as_of.isoformat()])
    digest = hashlib.sha256()
    files: dict[str, dict[str, Any]] = {}
    events, last_recorded = 0, 0.0
    with db.reader() as tx:
        rows = tx.all(_SQL.format(where=where), params)
    for (file_id, n, event_id, kind, step, day, due, paused, decided, recorded, procedure,
         unit, file_center) in rows:
        digest.update(f"{file_id}|{n}|{event_id}|{kind}|{day}\n".encode())
        events += 1
        last_recorded = max(last_recorded, float(recorded))
        entry = files.setdefault(file_id, {"file_id": file_id, "received": day,
                                           "procedure": procedure, "unit": unit,
                                           "center": file_center})
        entry["state"] = (step, due, paused, decided)  # the last one read is the file's
    for entry in files.values():
        step, due, paused, decided = entry["state"]
        entry["state"] = rules.FileState(step, dt.date.fromisoformat(due), _date(paused),
                                         _date(decided))
    through = (dt.datetime.fromtimestamp(last_recorded, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
               if events else None)
    covers = {"files": len(files), "events": events, "through": through,
              "digest": "sha256:" + digest.hexdigest()}
    return list(files.values()), covers


def _tally(files: list[dict[str, Any]], as_of: dt.date) -> dict[str, Any]:
    steps: Counter[str] = Counter({s: 0 for s in STEPS})
    standing: Counter[str] = Counter({k: 0 for k in (
        "decided_on_time", "decided_late", "open_on_time", "open_late", "paused")})
    groups: dict[str, dict[str, Counter[str]]] = {"procedure": defaultdict(Counter),
                                                  "unit": defaultdict(Counter)}
    for entry in files:
        state: rules.FileState = entry["state"]
        steps[_GROUP[state.step]] += 1
        stand = rules.standing(state, as_of)
        key = None if stand == "withdrawn" else (
            "paused" if stand == "paused" else
            f"{'decided' if state.decided_on else 'open'}_{stand}")
        if key:
            standing[key] += 1
        for name in ("procedure", "unit"):
            group = groups[name][entry[name]]
            group["received"] += 1
            if key and key != "paused":
                group[key] += 1
    return {"totals": {"received": len(files), **steps}, "on_time": dict(standing),
            "by_procedure": _rows(groups["procedure"], "procedure"),
            "by_unit": _rows(groups["unit"], "unit")}


def _rows(groups: dict[str, Counter[str]], name: str) -> list[dict[str, Any]]:
    metrics = ("received", "decided_on_time", "decided_late", "open_on_time", "open_late")
    return [{name: key, **{m: groups[key][m] for m in metrics}} for key in sorted(groups)]


def _attention(files: list[dict[str, Any]], as_of: dt.date) -> list[dict[str, Any]]:
    """Open files late, or due within ``DUE_SOON_DAYS`` working days (clock running)."""
    found = []
    for entry in files:
        state: rules.FileState = entry["state"]
        if state.decided_on or state.paused_on or state.step in rules.CLOSED:
            continue
        late = as_of > state.due
        if late or working_days_between(as_of, state.due) <= DUE_SOON_DAYS:
            found.append({"file_id": entry["file_id"], "center": entry["center"],
                          "procedure": entry["procedure"], "step": state.step,
                          "due": state.due.isoformat(), "late": late})
    found.sort(key=lambda f: (f["due"], f["file_id"]))
    return found


def _trend(files: list[dict[str, Any]], as_of: dt.date, days: int) -> list[dict[str, Any]]:
    first = as_of - dt.timedelta(days=days - 1)
    per_day = {first + dt.timedelta(days=i): Counter[str]() for i in range(days)}
    for entry in files:
        received = dt.date.fromisoformat(entry["received"])
        if received in per_day:
            per_day[received]["received"] += 1
        state: rules.FileState = entry["state"]
        if state.decided_on in per_day:
            on_time = state.decided_on <= state.due
            per_day[state.decided_on]["decided_on_time" if on_time else "decided_late"] += 1
    return [{"day": day.isoformat(), "received": c["received"],
             "decided_on_time": c["decided_on_time"], "decided_late": c["decided_late"]}
            for day, c in per_day.items()]


def events_version(db: Database, center: str | None, as_of: dt.date) -> tuple[Any, ...]:
    """What the figures of ``center`` on ``as_of`` depend on: the events' count and last
    recording time (events are only ever added, so equal versions mean equal events)."""
    where, params = ("AND center = ?", [as_of.isoformat(), center]) if center else (
        "", [as_of.isoformat()])
    with db.reader() as tx:
        row = tx.one(f"SELECT COUNT(*), MAX(recorded_at) FROM file_events WHERE day <= ? "
                     f"{where}", params)
    return tuple(row or ())


class ReportCache:
    """Reports already computed, by scope, day, trend length and events version.

    A dashboard seen again while no event was added is not computed again; the backlog
    (which changes without events) is always read afresh.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._reports: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def report(self, db: Database, center: str | None, as_of: dt.date | None,
               days: int) -> dict[str, Any]:
        """:func:`compute_report`, from the cache when the events are the same."""
        day = as_of or today_vn()
        key = (center, day, days, events_version(db, center, day))
        with self._lock:
            found = self._reports.get(key)
        if found is None:
            found = _figures(db, center, day, days)
            with self._lock:
                if len(self._reports) >= self.size:
                    self._reports.clear()
                self._reports[key] = found
        return {**found, "backlog": backlog(db, center)}


def _figures(db: Database, center: str | None, day: dt.date, days: int) -> dict[str, Any]:
    files, covers = _load(db, center, day)
    attention = _attention(files, day)
    return {"scope": center or "city", "as_of": day.isoformat(), "covers": covers,
            **_tally(files, day), "attention_count": len(attention),
            "attention": attention[:MAX_ATTENTION], "trend": _trend(files, day, days)}


def compute_report(db: Database, center: str | None = None, as_of: dt.date | None = None,
                   days: int = 30) -> dict[str, Any]:
    """The figures of ``center`` (None: every center, the city) as they stood on ``as_of``."""
    day = as_of or today_vn()
    return {**_figures(db, center, day, days), "backlog": backlog(db, center)}


def report_csv(report: dict[str, Any]) -> str:
    """The report as CSV rows ``section,key,metric,value`` (the same numbers as the JSON)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "key", "metric", "value"])
    writer.writerow(["scope", report["scope"], "as_of", report["as_of"]])
    for section in ("covers", "totals", "on_time", "backlog"):
        for metric, value in report[section].items():
            writer.writerow([section, "", metric, "" if value is None else value])
    for section, name in (("by_procedure", "procedure"), ("by_unit", "unit")):
        for row in report[section]:
            for metric, value in row.items():
                if metric != name:
                    writer.writerow([section, row[name], metric, value])
    for row in report["trend"]:
        for metric in ("received", "decided_on_time", "decided_late"):
            writer.writerow(["trend", row["day"], metric, row[metric]])
    writer.writerow(["attention", "", "count", report["attention_count"]])
    for row in report["attention"]:
        writer.writerow(["attention", row["file_id"], "due", row["due"]])
    return out.getvalue()
