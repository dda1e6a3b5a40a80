"""A scripted month of files (issue 18): two centers, several procedures, more documents
asked for, refusals, withdrawals, late results, and the one-gate system down for stretches.

The counter's acts are appended with :class:`FileLedger` on the central's database at
the month's own times (the HTTP API stamps the server's clock; it is tested elsewhere);
the competent unit's acts go through the simulated one-gate system's HTTP and come back
through the connector, which forwards every file over HTTP. Used by the month test and
``benchmarks/file_dashboard.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kiosk.central.connector import Connector
from kiosk.central.files import FileLedger, Who
from kiosk.central.service import RefusedError
from kiosk.central.storage import Database
from kiosk.core.vn_time import VIETNAM

from .onegate import OneGateProcess

CENTERS = ("HCM-01", "HCM-02")
PROCEDURES = ("LLTP-PHIEU", "CU-THUONGTRU", "HT-XNHONNHAN", "CU-TAMTRU", "KD-HOKD",
              "CC-CAPDOI")
DOWN_DAYS = frozenset({7, 8, 9, 19, 20})  # the one-gate system is stopped those days
LOST_ACK_DAYS = frozenset({3, 14})  # it stores the files but its answers are lost
UNIT = "onegate"
COUNTER = "counter"


@dataclass
class Month:
    """What was scripted (the test's own record, to compare with the central's counts)."""

    first: dt.date
    days: int
    files: dict[str, str] = field(default_factory=dict)  # file id -> center
    planned: dict[int, list[tuple[str, str, str, str | None]]] = field(
        default_factory=lambda: defaultdict(list))  # day -> (who, file, kind, reason)

    @property
    def last(self) -> dt.date:
        """The month's last day (the figures are asked as of it)."""
        return self.first + dt.timedelta(days=self.days - 1)


def moment(day: dt.date, hour: int, minute: int = 0) -> float:
    """Epoch seconds of ``day`` at ``hour:minute`` Vietnam time."""
    start = dt.datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM).timestamp()
    return start + 60 * minute


def _plan(month: Month, rng: random.Random, index: int, file_id: str, procedure: str) -> None:
    """Schedule the file's life: the unit's events and the counter's."""
    roll = rng.random()
    if roll < 0.05:
        month.planned[index + 1].append((COUNTER, file_id, "withdrawn", "Công dân rút hồ sơ"))
        return
    start = index + rng.randint(1, 2)
    month.planned[start].append((UNIT, file_id, "in_processing", None))
    if roll < 0.13:
        month.planned[start + rng.randint(1, 6)].append(
            (UNIT, file_id, "refused", "Hồ sơ không đủ điều kiện"))
        return
    done = start + rng.randint(1, 15)  # some results come past the due date
    if roll < 0.28:
        asked = start + 1
        month.planned[asked].append((UNIT, file_id, "additional_documents_requested",
                                     "Thiếu bản sao có chứng thực"))
        supplied = asked + rng.randint(1, 6)
        month.planned[supplied].append((UNIT, file_id, "documents_supplied", None))
        done = supplied + rng.randint(1, 10)
    month.planned[done].append((UNIT, file_id, "result_ready", None))
    if rng.random() < 0.7:
        month.planned[done + rng.randint(0, 3)].append((COUNTER, file_id, "returned", None))


def _counter_acts(ledger: FileLedger, month: Month, day_index: int, day: dt.date) -> None:
    """The counter's acts of the day; a result not back yet is handed over a day later."""
    for act in month.planned.get(day_index, []):
        who, file_id, kind, reason = act
        if who != COUNTER:
            continue
        try:
            ledger.append(file_id, f"month:{file_id}:{kind}", kind,
                          Who("quay", f"{month.files[file_id]} quầy 1", "counter"), reason,
                          at=moment(day, 16))
        except RefusedError:
            month.planned[day_index + 1].append(act)


def _unit_acts(gate: OneGateProcess, month: Month, day_index: int, day: dt.date,
               held: set[str]) -> list[tuple[str, str, str, str | None]]:
    """Send the day's unit events of files the gate holds; return those that must wait."""
    waiting, sent = [], []
    stamp = dt.datetime.fromtimestamp(moment(day, 14), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for act in month.planned.get(day_index, []):
        who, file_id, kind, reason = act
        if who != UNIT:
            continue
        if file_id not in held:
            waiting.append(act)
            continue
        event: dict[str, Any] = {"idempotency_key": file_id, "kind": kind, "at": stamp}
        if reason:
            event["reason"] = reason
        sent.append(event)
    gate.unit_events(sent)
    return waiting


def run_month(db: Database, gate: OneGateProcess, files: int = 2000, days: int = 30,
              first: dt.date = dt.date(2026, 10, 5), seed: int = 18) -> Month:
    """Play the month on ``db`` with ``gate``; return the script."""
    rng = random.Random(seed)
    month = Month(first, days)
    clock = [moment(first, 7)]
    ledger = FileLedger(db)
    connector = Connector(db, gate.url, timeout_s=1.0, ledger=ledger, clock=lambda: clock[0])
    per_day = files // days
    try:
        for index in range(days):
            day = first + dt.timedelta(days=index)
            up = index not in DOWN_DAYS
            if not up and gate.proc is not None:
                gate.stop()
            elif up and gate.proc is None:
                gate.start()
            count = per_day + (files - per_day * days if index == days - 1 else 0)
            for n in range(count):
                clock[0] = moment(day, 8, n * 480 // max(1, count))
                center = CENTERS[n % 2]
                procedure = rng.choice(PROCEDURES)
                made = ledger.create(f"month-{index}-{n}", center, procedure, "k-month",
                                     Who("quay", f"{center} quầy 1", "counter"), at=clock[0])
                month.files[made["file_id"]] = center
                _plan(month, rng, index, made["file_id"], procedure)
            clock[0] = moment(day, 13)
            if up:
                gate.control(mode="lose_ack" if index in LOST_ACK_DAYS else "ok")
                connector.forward(now=clock[0] + 86400 * 40)  # retries are due at once
                held = set(gate.state()["files"])
                late = _unit_acts(gate, month, index, day, held)
                month.planned[index + 1][:0] = late  # the unit acts once it has them
                clock[0] = moment(day, 15)
                connector.pull()
            else:
                month.planned[index + 1][:0] = [
                    a for a in month.planned.get(index, []) if a[0] == UNIT]
            _counter_acts(ledger, month, index, day)
        if gate.proc is None:
            gate.start()
        gate.control(mode="ok")
        connector.forward(now=clock[0] + 86400 * 40)
        connector.pull()
    finally:
        connector.close()
    return month


def build_month_direct(db: Database, files: int = 2000, days: int = 30,
                       first: dt.date = dt.date(2026, 10, 5), seed: int = 18,
                       prefix: str = "") -> Month:
    """The same kind of month written straight through the ledger (no one-gate process):
    for benchmarks of the read side, where only the stored events matter. ``prefix``
    keeps the request ids of several months apart."""
    rng = random.Random(seed)
    month = Month(first, days)
    ledger = FileLedger(db)
    per_day = files // days
    for index in range(days):
        day = first + dt.timedelta(days=index)
        count = per_day + (files - per_day * days if index == days - 1 else 0)
        for n in range(count):
            center = CENTERS[n % 2]
            procedure = rng.choice(PROCEDURES)
            made = ledger.create(f"{prefix}bench-{index}-{n}", center, procedure, "k-bench",
                                 Who("quay", f"{center} quầy 1", "counter"),
                                 at=moment(day, 8, n * 480 // max(1, count)))
            month.files[made["file_id"]] = center
            ledger.append(made["file_id"], f"bench:{made['file_id']}:fw", "forwarded",
                          Who("connector", "one-gate", "connector"), at=moment(day, 12))
            _plan(month, rng, index, made["file_id"], procedure)
        for who, file_id, kind, reason in month.planned.get(index, []):
            source = "counter" if who == COUNTER else "onegate"
            with contextlib.suppress(RefusedError):
                ledger.append(file_id, f"bench:{file_id}:{kind}", kind,
                              Who("quay" if who == COUNTER else "Phòng", "x", source), reason,
                              at=moment(day, 14 if who == UNIT else 16))
    return month
