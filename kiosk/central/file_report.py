"""On-time figures computed from the file events only (issue 18): one center or the city.

:func:`compute_report` reads every event of the scope up to the ``as_of`` day, folds each
file to where it stood that day, and counts. Nothing is stored or cached: the same
database and the same ``as_of`` give the same numbers, and ``covers`` says which events
they come from (how many, the last one's recording time, each center's last chain
position, and the running SHA-256 digest of each center's chain recomputed from every
event's file, position, id, kind and day: ``kiosk.central.file_state``), so a figure
cannot be changed without the digest changing. ``kiosk central report`` prints it (JSON or
CSV): this is the audit path. The dashboard counts the files' latest-state rows instead
(``kiosk.central.file_figures``, the same numbers; ``kiosk central report --check``
compares the two).

Counted by where each file stood on ``as_of`` (its last event on or before that day):
``in_processing`` (accepted, forwarded, in processing, documents supplied),
``awaiting_documents``, ``result_ready``, ``refused``, ``returned``, ``withdrawn``.
On time (``kiosk.central.file_rules.standing``): decided on or before the due date, or
open and not past it; ``paused`` files (awaiting documents) count as neither.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from typing import Any

from kiosk.central import file_rules as rules
from kiosk.central.connector import backlog
from kiosk.central.file_state import chain_next, event_line, scope_digest
from kiosk.central.storage import Database
from kiosk.core.vn_time import today_vn
from kiosk.core.working_days import working_days_between

DUE_SOON_DAYS = 2
MAX_ATTENTION = 200
GROUP = {rules.ACCEPTED: "in_processing", rules.FORWARDED: "in_processing",
          rules.IN_PROCESSING: "in_processing", rules.DOCS_SUPPLIED: "in_processing",
          rules.MORE_DOCS: "awaiting_documents", rules.RESULT_READY: "result_ready",
          rules.REFUSED: "refused", rules.RETURNED: "returned", rules.WITHDRAWN: "withdrawn"}
STEPS = ("in_processing", "awaiting_documents", "result_ready", "refused", "returned",
         "withdrawn")
_SQL = ("SELECT e.file_id, e.n, e.event_id, e.kind, e.step, e.day, e.due, e.paused_on, "
        "e.decided_on, e.recorded_at, f.procedure_code, f.unit, f.center, c.position "
        "FROM file_events e "
        "JOIN files f ON f.file_id = e.file_id JOIN file_chain c ON c.file_id = e.file_id "
        "AND c.n = e.n WHERE e.day <= ? {where} ORDER BY c.center, c.position")


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def load(db: Database, center: str | None, as_of: dt.date) -> tuple[list[dict[str, Any]],
                                                                    dict[str, Any]]:
    """Each file's last event on or before ``as_of`` (with its first day), and ``covers``
    (the running digests recomputed from the events, in each center's chain order)."""
    where, params = ("AND e.center = ?", [as_of.isoformat(), center]) if center else (
        "", [as_of.isoformat()])
    chains: dict[str, tuple[int, str]] = {}  # center -> (last position read, digest)
    events = 0
    files: dict[str, dict[str, Any]] = {}
    last_recorded = 0.0
    with db.reader() as tx:
        rows = tx.all(_SQL.format(where=where), params)
    for (file_id, n, event_id, kind, step, day, due, paused, decided, recorded, procedure,
         unit, file_center, position) in rows:
        running = chains.get(file_center, (0, ""))[1]
        chains[file_center] = (int(position), chain_next(running, event_line(
            file_id, int(n), event_id, kind, day)))
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
    return list(files.values()), covers_of(len(files), events, chains, last_recorded,
                                           center)


def covers_of(files: int, events: int, chains: dict[str, tuple[int, str]], through: float,
              center: str | None) -> dict[str, Any]:
    """The ``covers`` line: files, events, last recording time, each center's last chain
    position, and the digest (``kiosk.central.file_state.scope_digest``)."""
    return {"files": files, "events": events,
            "through": (dt.datetime.fromtimestamp(through, dt.UTC).strftime(
                "%Y-%m-%dT%H:%M:%SZ") if events else None),
            "positions": " ".join(f"{c}#{p}" for c, (p, _) in sorted(chains.items())),
            "digest": scope_digest(chains, center)}


def _tally(files: list[dict[str, Any]], as_of: dt.date) -> dict[str, Any]:
    steps: Counter[str] = Counter({s: 0 for s in STEPS})
    standing: Counter[str] = Counter({k: 0 for k in (
        "decided_on_time", "decided_late", "open_on_time", "open_late", "paused")})
    groups: dict[str, dict[str, Counter[str]]] = {"procedure": defaultdict(Counter),
                                                  "unit": defaultdict(Counter)}
    for entry in files:
        state: rules.FileState = entry["state"]
        steps[GROUP[state.step]] += 1
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
            "by_procedure": rows(groups["procedure"], "procedure"),
            "by_unit": rows(groups["unit"], "unit")}


def rows(groups: dict[str, Counter[str]], name: str) -> list[dict[str, Any]]:
    """One row per procedure or unit (``name``), its counts, in key order."""
    metrics = ("received", "decided_on_time", "decided_late", "open_on_time", "open_late")
    return [{name: key, **{m: groups[key][m] for m in metrics}} for key in sorted(groups)]


def attention(files: list[dict[str, Any]], as_of: dt.date) -> list[dict[str, Any]]:
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


def figures(db: Database, center: str | None, day: dt.date, days: int) -> dict[str, Any]:
    """The figures of ``center`` on ``day`` folded from the events (no backlog)."""
    files, covers = load(db, center, day)
    found = attention(files, day)
    return {"scope": center or "city", "as_of": day.isoformat(), "covers": covers,
            **_tally(files, day), "attention_count": len(found),
            "attention": found[:MAX_ATTENTION], "trend": _trend(files, day, days)}


def compute_report(db: Database, center: str | None = None, as_of: dt.date | None = None,
                   days: int = 30) -> dict[str, Any]:
    """The figures of ``center`` (None: every center, the city) as they stood on ``as_of``."""
    day = as_of or today_vn()
    return {**figures(db, center, day, days), "backlog": backlog(db, center)}


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
