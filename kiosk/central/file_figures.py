"""The dashboard's figures counted from the files' latest-state rows (issue 18).

``kiosk.central.file_report`` folds every event of the scope (the audit path, what
``kiosk central report`` prints); this module gives the same figures from
``file_state`` and ``file_chain_heads`` (``kiosk.central.file_state``), kept in the
transaction of each event: the totals, on-time and by-procedure/unit figures are the
kept counts (``file_counts``) with the open files past their due date counted for the
day asked, the attention list reads the open files due soon, the trend the files
received or decided in the window (all on indexes), and the ``covers`` line the heads'
positions and running digests. The state rows say where each file stands now, so they
answer for a day on or after every center's latest event day; an earlier ``as_of`` is
computed from the events. :func:`differences` compares both paths
(``kiosk central report --check``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from typing import Any

from kiosk.central import file_report as audit
from kiosk.central import file_rules as rules
from kiosk.central.connector import backlog
from kiosk.central.file_state import heads
from kiosk.central.storage import Database, Tx
from kiosk.core.vn_time import today_vn
from kiosk.core.working_days import add_working_days

_OPEN_KEYS = ("open_on_time", "open_late")


def _scope(center: str | None) -> tuple[str, list[Any]]:
    return ("AND center = ?", [center]) if center else ("", [])


def _counts(tx: Tx, center: str | None, as_of: dt.date) -> dict[str, Any]:
    """Totals, on time and by procedure/unit: the kept counts, with the running files
    split by the day (the late ones read from the open files past their due date)."""
    where, params = _scope(center)
    rows = tx.all("SELECT procedure_code, unit, step, standing, SUM(files) FROM file_counts "
                  f"WHERE files > 0 {where} GROUP BY procedure_code, unit, step, standing",
                  params)
    late = {(str(r[0]), str(r[1]), str(r[2])): int(r[3]) for r in tx.all(
        "SELECT procedure_code, unit, step, COUNT(*) FROM file_state WHERE running = 1 "
        f"AND due < ? {where} GROUP BY procedure_code, unit, step",
        [as_of.isoformat(), *params])}
    steps: Counter[str] = Counter({s: 0 for s in audit.STEPS})
    standing: Counter[str] = Counter({k: 0 for k in (
        "decided_on_time", "decided_late", *_OPEN_KEYS, "paused")})
    groups: dict[str, dict[str, Counter[str]]] = {"procedure": defaultdict(Counter),
                                                  "unit": defaultdict(Counter)}
    for procedure, unit, step, key, total in rows:
        split = {str(key): int(total)}
        if key == "running":
            behind = late.get((str(procedure), str(unit), str(step)), 0)
            split = {"open_on_time": int(total) - behind, "open_late": behind}
        steps[audit.GROUP[str(step)]] += int(total)
        for name, value in (("procedure", procedure), ("unit", unit)):
            groups[name][str(value)]["received"] += int(total)
        for part, count in split.items():
            if part == "withdrawn":
                continue
            standing[part] += count
            for name, value in (("procedure", procedure), ("unit", unit)):
                if part != "paused":
                    groups[name][str(value)][part] += count
    return {"totals": {"received": sum(int(r[4]) for r in rows), **steps},
            "on_time": dict(standing), "by_procedure": audit.rows(groups["procedure"],
                                                                  "procedure"),
            "by_unit": audit.rows(groups["unit"], "unit")}


def _attention(tx: Tx, center: str | None, as_of: dt.date) -> list[dict[str, Any]]:
    where, params = _scope(center)
    cutoff = add_working_days(as_of, audit.DUE_SOON_DAYS + 2)  # then the exact rule
    rows = tx.all(f"SELECT file_id, center, procedure_code, step, due FROM file_state "
                  f"WHERE running = 1 AND due <= ? {where}", [cutoff.isoformat(), *params])
    files = [{"file_id": r[0], "center": r[1], "procedure": r[2],
              "state": rules.FileState(str(r[3]), dt.date.fromisoformat(r[4]))} for r in rows]
    return audit.attention(files, as_of)


def _trend(tx: Tx, center: str | None, as_of: dt.date, days: int) -> list[dict[str, Any]]:
    where, params = _scope(center)
    window = [(as_of - dt.timedelta(days=days - 1)).isoformat(), as_of.isoformat(), *params]
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    for day, count in tx.all(f"SELECT received, COUNT(*) FROM file_state WHERE received "
                             f"BETWEEN ? AND ? {where} GROUP BY received", window):
        per_day[str(day)]["received"] += int(count)
    for day, late, count in tx.all(
            "SELECT decided_on, CASE WHEN decided_on <= due THEN 0 ELSE 1 END AS late, "
            f"COUNT(*) FROM file_state WHERE decided_on BETWEEN ? AND ? {where} "
            "GROUP BY decided_on, late", window):
        per_day[str(day)]["decided_late" if late else "decided_on_time"] += int(count)
    first = as_of - dt.timedelta(days=days - 1)
    return [{"day": d, "received": per_day[d]["received"],
             "decided_on_time": per_day[d]["decided_on_time"],
             "decided_late": per_day[d]["decided_late"]}
            for d in ((first + dt.timedelta(days=i)).isoformat() for i in range(days))]


def state_figures(db: Database, center: str | None, as_of: dt.date,
                  days: int) -> dict[str, Any] | None:
    """The figures from the state rows; None when ``as_of`` is before a latest event day."""
    with db.reader() as tx:
        found = heads(tx, center)
        if any(last_day > as_of.isoformat() for _, _, _, last_day, _ in found.values()):
            return None
        counts = _counts(tx, center, as_of)
        attention = _attention(tx, center, as_of)
        trend = _trend(tx, center, as_of, days)
    covers = audit.covers_of(sum(h[1] for h in found.values()),
                             sum(h[0] for h in found.values()),
                             {c: (h[0], h[2]) for c, h in found.items()},
                             max((h[4] for h in found.values()), default=0.0), center)
    return {"scope": center or "city", "as_of": as_of.isoformat(), "covers": covers,
            **counts, "attention_count": len(attention),
            "attention": attention[:audit.MAX_ATTENTION], "trend": trend}


def dashboard_figures(db: Database, center: str | None, as_of: dt.date,
                      days: int) -> dict[str, Any]:
    """The state figures, or the events' when ``as_of`` is before the latest events."""
    found = state_figures(db, center, as_of, days)
    return found if found is not None else audit.figures(db, center, as_of, days)


def differences(db: Database, center: str | None = None, as_of: dt.date | None = None,
                days: int = 30) -> list[str]:
    """What differs between the state rows and the events (empty when they agree): each
    file's row against the fold of its events, and the figures of both paths."""
    day = as_of or today_vn()
    found: list[str] = []
    files, covers = audit.load(db, center, dt.date.max)
    where, params = _scope(center)
    with db.reader() as tx:
        rows = {str(r[0]): r[1:] for r in tx.all(
            "SELECT file_id, center, procedure_code, unit, received, step, due, paused_on, "
            f"decided_on FROM file_state WHERE 1 = 1 {where}", params)}
    for entry in files:
        state: rules.FileState = entry["state"]
        expected = (entry["center"], entry["procedure"], entry["unit"], entry["received"],
                    state.step, state.due.isoformat(), *(None if d is None else d.isoformat()
                                                         for d in (state.paused_on,
                                                                   state.decided_on)))
        if tuple(rows.pop(entry["file_id"], ())) != expected:
            found.append(f"file {entry['file_id']}: state row differs from its events")
    found += [f"file {file_id}: state row without events" for file_id in sorted(rows)]
    from_state = state_figures(db, center, day, days)
    if from_state is None:
        from_state = state_figures(db, center, dt.date(2999, 12, 31), days)
        day = dt.date(2999, 12, 31)
    recomputed = audit.figures(db, center, day, days)
    assert from_state is not None
    found += [f"{key}: state {from_state[key]!r} ≠ events {recomputed[key]!r}"
              for key in recomputed if from_state[key] != recomputed[key]]
    if covers["digest"] != from_state["covers"]["digest"]:
        found.append("covers: the chain heads' digest differs from the events'")
    return found


class ReportCache:
    """Reports already computed, by scope, day, trend length and chain heads.

    A dashboard seen again while no event was added is not computed again (each event
    moves its center's head); the backlog (which changes without events) is always read
    afresh.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._reports: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def report(self, db: Database, center: str | None, as_of: dt.date | None,
               days: int) -> dict[str, Any]:
        """:func:`dashboard_figures`, from the cache when no event was added."""
        day = as_of or today_vn()
        with db.reader() as tx:
            version = tuple(sorted((c, h[0]) for c, h in heads(tx, center).items()))
        key = (center, day, days, version)
        with self._lock:
            found = self._reports.get(key)
        if found is None:
            found = dashboard_figures(db, center, day, days)
            with self._lock:
                if len(self._reports) >= self.size:
                    self._reports.clear()
                self._reports[key] = found
        return {**found, "backlog": backlog(db, center)}
