"""Read-only views of the central service: submissions, chains, tickets, queue, health.

None of them returns personal data: the submission look-up (behind the QR on tickets
and receipts) gives the procedure and the status only.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kiosk.central.chain_gaps import chain_gaps
from kiosk.central.storage import Database
from kiosk.core.vn_time import VIETNAM


class CentralReports:
    """Look-ups over the central database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def submission_status(self, record_id: str) -> dict[str, Any] | None:
        """Status of a submission (no personal data): for the QR on tickets and receipts."""
        with self.db.reader() as tx:
            row = tx.one(
                "SELECT id, procedure_code, status, received_at FROM submissions WHERE id = ?",
                (record_id,),
            )
        if row is None:
            return None
        received = dt.datetime.fromtimestamp(float(row[3]), dt.UTC)
        return {"id": row[0], "procedure": row[1], "status": row[2],
                "received_at": received.strftime("%Y-%m-%dT%H:%M:%SZ")}

    def chain_report(self, device_id: str) -> dict[str, Any] | None:
        """The device's chain: head, highest seq, missing seqs (the first 1000) and problems."""
        with self.db.reader() as tx:
            device = tx.one("SELECT chain_seq FROM devices WHERE device_id = ?", (device_id,))
            if device is None:
                return None
            gaps = chain_gaps(tx, device_id, int(device[0]))
            count = tx.one("SELECT COUNT(*) FROM records WHERE device_id = ?", (device_id,))
            flags = tx.all(
                "SELECT seq, problem, detail FROM chain_flags WHERE device_id = ? ORDER BY seq",
                (device_id,),
            )
        head = int(device[0])
        return {
            "device_id": device_id, "head_seq": head, "max_seq": gaps.max_seq,
            "records": int(count[0]) if count else 0, "missing": gaps.missing,
            "missing_count": gaps.missing_count,
            "flags": [{"seq": int(s), "problem": p, "detail": d} for s, p, d in flags],
            "intact": gaps.missing_count == 0 and not flags,
        }

    def ticket_report(self, center: str, day: str) -> dict[str, Any]:
        """Reconciliation of one center's day: numbers leased, issued, and problems."""
        with self.db.reader() as tx:
            leased = tx.one(
                "SELECT COALESCE(SUM(last_number - first_number + 1), 0) FROM leases "
                "WHERE center = ? AND day = ?", (center, day))
            issued = tx.one("SELECT COUNT(*) FROM tickets WHERE center = ? AND day = ?",
                            (center, day))
            flags = tx.all("SELECT record_id, problem FROM ticket_flags WHERE center = ? "
                           "AND day = ? ORDER BY record_id", (center, day))
        return {
            "center": center, "day": day,
            "leased": int(leased[0]) if leased else 0,
            "issued": int(issued[0]) if issued else 0,
            "problems": [{"record_id": r, "problem": p} for r, p in flags],
        }

    def queue_state(self, center: str, day: str) -> dict[str, Any]:
        """Per service: tickets issued, the last number called, and how many wait.

        The queue events counted are those sent by the center's own counter devices
        (the device row, never the payload, says which center an event belongs to).
        """
        with self.db.reader() as tx:
            issued = tx.all("SELECT service, COUNT(*), MAX(number) FROM tickets "
                            "WHERE center = ? AND day = ? GROUP BY service", (center, day))
            events = tx.all(
                "SELECT r.body FROM records r JOIN devices d ON d.device_id = r.device_id "
                "WHERE r.center = ? AND r.day = ? AND r.kind = 'queue_event' "
                "AND d.center = ? AND d.role = 'counter' ORDER BY r.created_at, r.id",
                (center, check_day(day), center))
        state: dict[str, dict[str, Any]] = {
            str(s): {"issued": int(n), "last_issued": int(m), "last_called": None, "done": 0}
            for s, n, m in issued
        }
        for (body,) in events:
            payload = json.loads(body)["payload"]
            entry = state.setdefault(payload["service"], {
                "issued": 0, "last_issued": 0, "last_called": None, "done": 0})
            if payload["event"] in {"called", "recalled"}:
                entry["last_called"] = payload["number"]
            elif payload["event"] in {"served", "skipped", "cancelled"}:
                entry["done"] += 1
        for entry in state.values():
            entry["waiting"] = max(0, entry["issued"] - entry["done"])
        return {"center": center, "day": day, "services": state}

    def device_health(self, device_id: str) -> dict[str, Any] | None:
        """The device's last health report."""
        with self.db.reader() as tx:
            row = tx.one("SELECT status, checks, reported_at FROM device_health "
                         "WHERE device_id = ?", (device_id,))
        if row is None:
            return None
        return {"device_id": device_id, "status": row[0], "checks": json.loads(row[1]),
                "reported_at": row[2]}

    def record_count(self) -> int:
        """How many records the service holds (all devices)."""
        with self.db.reader() as tx:
            row = tx.one("SELECT COUNT(*) FROM records")
        return int(row[0]) if row else 0


def day_start_utc(day: str) -> str:
    """The wire time at which a Vietnam calendar day starts (ValueError: not a usable day)."""
    try:
        start = dt.datetime.fromisoformat(day).replace(tzinfo=VIETNAM).astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01 in Vietnam began in year 0
        raise ValueError(f"day {day} is out of range") from None
    return start.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def next_day(day: str) -> str:
    """The calendar day after ``day`` (both ``YYYY-MM-DD``; ValueError after 9999-12-31)."""
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except OverflowError:
        raise ValueError(f"day {day} is out of range") from None


def check_day(day: str) -> str:
    """``day`` when it is a real calendar day in range (ValueError otherwise)."""
    day_start_utc(day)
    next_day(day)
    return day
