"""Call-display benchmark: what one lobby TV costs the central service per poll and per board.

Run:  .venv/bin/python benchmarks/display_board.py [--days 60] [--tickets 1500]

Builds a SQLite central database holding ``--days`` days of history plus a busy
today (``--tickets`` tickets, each called and served, with ratings), then measures,
on the same database:

* the stream's change check (``day_version``), run every 0.5 s per open display;
* a full board (``load_day`` + ``build_board``) and the statistics (``compute_stats``
  + device problems), built whenever a record arrives;
* the existing ``CentralReports.queue_state`` as the peer (same day, same records);

each with and without the ``records_center_day (center, day, kind, created_at)`` index
(migration ``v0003_centers``; the many-centers benchmark is ``benchmarks/city.py``).
History rows are inserted with SQL (their bodies are realistic but unsigned): only
the read side is measured here; intake is in ``benchmarks/sync.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.central.counters import CounterDesk  # noqa: E402
from kiosk.central.queue_board import build_board  # noqa: E402
from kiosk.central.queue_day import day_version, load_day  # noqa: E402
from kiosk.central.reports import CentralReports  # noqa: E402
from kiosk.central.stats import compute_stats, device_problems  # noqa: E402
from kiosk.central.storage import Database  # noqa: E402
from kiosk.core.vn_time import VIETNAM, service_day  # noqa: E402
from kiosk.wire.protocol import format_time  # noqa: E402

CENTER = "HCM-01"
SERVICES = ("HT", "CU", "CT", "LL", "KD", "TQ")


def _row(device: str, seq: int, kind: str, moment: dt.datetime, payload: dict[str, object],
         visit: str | None) -> tuple[object, ...]:
    record_id = str(uuid.uuid4())
    body = {"id": record_id, "device": device, "seq": seq, "kind": kind, "visit": visit,
            "created_at": format_time(moment), "payload": payload, "prev": "0" * 64,
            "hash": "0" * 64, "sig": "x"}
    return (record_id, device, seq, kind, visit, format_time(moment), moment.timestamp(),
            "0" * 64, "0" * 64, json.dumps(body, ensure_ascii=False), CENTER,
            service_day(moment))


def build(db: Database, days: int, tickets: int) -> str:
    """Fill ``db``; return today's day (Vietnam)."""
    today = dt.datetime.now(VIETNAM).replace(hour=7, minute=30, second=0, microsecond=0)
    kiosk, counter = "k-bench-kiosk", "k-bench-counter"
    rows: list[tuple[object, ...]] = []
    ticket_rows: list[tuple[object, ...]] = []
    seqs = {kiosk: 0, counter: 0}

    def add(device: str, kind: str, moment: dt.datetime, payload: dict[str, object],
            visit: str | None = None) -> str:
        seqs[device] += 1
        row = _row(device, seqs[device], kind, moment.astimezone(dt.UTC), payload, visit)
        rows.append(row)
        return str(row[0])

    for back in range(days, -1, -1):
        start = today - dt.timedelta(days=back)
        count = tickets if back == 0 else tickets // 2
        for n in range(count):
            service = SERVICES[n % len(SERVICES)]
            number = n // len(SERVICES) + 1
            issued = start + dt.timedelta(seconds=n * 20)
            visit = f"v{back}-{n}"
            record = add(kiosk, "ticket", issued, {"number": number, "service": service,
                                                   "center": CENTER, "block": "b"}, visit)
            ticket_rows.append((CENTER, service, issued.date().isoformat(), number, record,
                                kiosk, "b"))
            if back == 0 and n > tickets * 0.8:
                continue  # today's last fifth still waits
            called = issued + dt.timedelta(minutes=12)
            event = {"service": service, "number": number, "center": CENTER}
            add(counter, "queue_event", called, {**event, "event": "called",
                                                 "counter": str(1 + n % 12)})
            add(counter, "queue_event", called + dt.timedelta(minutes=7),
                {**event, "event": "served"})
            if n % 3 == 0:
                add(kiosk, "rating", called + dt.timedelta(minutes=8), {"score": 4}, visit)
    with db.transaction() as tx:
        for device, role in ((kiosk, "kiosk"), (counter, "counter")):
            tx.execute("INSERT INTO devices (device_id, center, public_key, enrolled_at, "
                       "chain_seq, chain_hash, role) VALUES (?, ?, 'x', 0, ?, ?, ?)",
                       (device, CENTER, seqs[device], "0" * 64, role))
        tx.executemany("INSERT INTO records (id, device_id, seq, kind, visit, created_at, "
                       "received_at, hash, prev, body, center, day) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       rows)
        tx.executemany("INSERT INTO tickets (center, service, day, number, record_id, "
                       "device_id, block) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       ticket_rows)
    print(f"database: {len(rows)} records over {days + 1} days, {tickets} tickets today")
    return today.date().isoformat()


def timed(label: str, action: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    median = statistics.median(samples)
    print(f"  {label:<44} median {median:8.2f} ms   p90 "
          f"{sorted(samples)[int(0.9 * (len(samples) - 1))]:8.2f} ms")
    return median


def measure(db: Database, day: str, repeat: int) -> None:
    reports = CentralReports(db)
    now = dt.datetime.now(dt.UTC)
    timed("change check (day_version, every 0.5 s)", lambda: day_version(db, CENTER, day),
          repeat)
    timed("board (load_day + build_board)",
          lambda: build_board(load_day(db, CENTER, day), now), repeat)
    timed("statistics (compute_stats + devices)",
          lambda: (compute_stats(load_day(db, CENTER, day), now),
                   device_problems(db, CENTER)), repeat)
    timed("peer: CentralReports.queue_state", lambda: reports.queue_state(CENTER, day), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--tickets", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/central.db")
        CounterDesk(db)
        day = build(db, args.days, args.tickets)
        print("with the records_center_day index:")
        measure(db, day, args.repeat)
        with db.transaction() as tx:
            tx.execute("DROP INDEX records_center_day")
        print("without it:")
        measure(db, day, args.repeat)
        db.close()


if __name__ == "__main__":
    main()
