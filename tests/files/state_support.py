"""Random file histories written through the real ledger, for the state-table tests."""

from __future__ import annotations

import contextlib
import datetime as dt

from kiosk.central import file_rules as rules
from kiosk.central.files import FileLedger, Who
from kiosk.central.service import RefusedError
from kiosk.central.storage import Database
from kiosk.core.vn_time import VIETNAM

CENTERS = ("HCM-01", "HCM-02")
PROCEDURES = ("LLTP-PHIEU", "CU-THUONGTRU", "HT-XNHONNHAN")
FIRST = dt.date(2026, 3, 2)
# (file index, kind, day offset, days for an extension); reasons are always given
Step = tuple[int, str, int, int]
KINDS = tuple(k for k in rules.KINDS if k != rules.ACCEPTED)


def at(offset: int, hour: int = 9) -> float:
    """Epoch seconds of the ``offset``-th day after ``FIRST`` at ``hour`` Vietnam time."""
    day = FIRST + dt.timedelta(days=offset)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM).timestamp()


def write_history(db: Database, files: int, steps: list[Step]) -> tuple[list[str], dt.date]:
    """Accept ``files`` files (one a day, centers and procedures in turn), then append each
    step the rules allow (refused ones are skipped, as a counter's refused request is).
    Returns the file ids and the last day an event was dated."""
    ledger = FileLedger(db)
    counter = Who("quay", "quầy 1", "counter")
    ids = [ledger.create(f"req-{i}", CENTERS[i % 2], PROCEDURES[i % 3], "dev-1", counter,
                         at=at(i))["file_id"] for i in range(files)]
    last = FIRST + dt.timedelta(days=max(0, files - 1))
    for number, (index, kind, offset, days) in enumerate(steps):
        who = Who("connector", "one-gate", "connector") if kind == rules.FORWARDED else counter
        with contextlib.suppress(RefusedError):
            event = ledger.append(ids[index % files], f"ev-{number}", kind, who,
                                  reason="Lý do / reason", days=days, at=at(offset, 10))
            last = max(last, dt.date.fromisoformat(event["day"]))
    return ids, last
