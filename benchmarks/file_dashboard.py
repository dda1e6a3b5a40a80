"""Issue 18 benchmark: the on-time dashboard and the public file status, with a month loaded.

Run:  .venv/bin/python benchmarks/file_dashboard.py [--files 2000] [--requests 300]
      [--history-months 0] [--postgres postgresql://…]

Writes a month of files (``tests/support/file_month.build_month_direct``: two centers,
the same mix as the scripted-month test, events written through the ledger), starts the
central service as its own uvicorn process, and measures over HTTP on 127.0.0.1, asked
in alternation so the machine's other load falls on all alike:

* ``/dashboard/HCM-01`` and ``/dashboard`` (the city: both centers), HTML with the SVG;
* ``/v1/public/files/{code}`` and ``/f/{code}`` (random files of the month);
* the peer: ``/stats/HCM-01``, the existing statistics page of the same center.

``--history-months K`` first writes K earlier months of the same size, the history a
central keeps: their files still open at their month's end (planned events fell after
it) are then decided and returned, as old files are; so the cost can be compared with
the same last month and more history kept.

The dashboard is computed again only when events were added (``ReportCache``), so the
HTTP figures are those of a dashboard watched while nothing changes; the cold
computations are timed in this process as well: ``dashboard_figures`` (what the first
view after a new event costs: the files' latest-state rows) and ``compute_report`` (the
audit path of ``kiosk central report``: every event folded and hashed), the latter the
peer of the former. Prints p50/p99 per route and the p99 ratio against the peer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from kiosk.central.file_figures import dashboard_figures  # noqa: E402
from kiosk.central.file_report import compute_report  # noqa: E402
from kiosk.central.files import FileLedger, Who  # noqa: E402
from kiosk.central.storage import Database  # noqa: E402
from tests.support.central_servers import CentralProcess  # noqa: E402
from tests.support.file_month import build_month_direct, moment  # noqa: E402


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _close(db: Database, files: dict[str, str], at: float) -> None:
    """Decide and return the files of ``files`` still open (a past month's leftovers)."""
    ledger, who = FileLedger(db), Who("quay", "quầy 1", "counter")
    with db.reader() as tx:
        open_steps = dict(tx.all("SELECT file_id, step FROM file_state WHERE decided_on IS "
                                 "NULL AND step <> 'withdrawn'"))
    for file_id in files:
        step = open_steps.get(file_id)
        if step is None:
            continue
        decision = "refused" if step == "additional_documents_requested" else "result_ready"
        ledger.append(file_id, f"close:{file_id}", decision, who, "Quá hạn bổ sung", at=at)
    for file_id in files:
        if file_id in open_steps:
            ledger.append(file_id, f"back:{file_id}", "returned", who, at=at)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--history-months", type=int, default=0)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="file-dashboard-"))
    url = args.postgres or f"sqlite:///{folder}/central.db"
    os.environ["KIOSK_CENTRAL_STATUS_PER_MINUTE"] = "100000000"
    os.environ["KIOSK_CENTRAL_KEY_FILE"] = str(folder / "central.key")
    db = Database(url, pool_size=2)
    if args.postgres:
        db.reset()
    began = time.perf_counter()
    last_first = dt.date(2026, 10, 5)
    for back in range(args.history_months, 0, -1):
        old = build_month_direct(db, files=args.files,
                                 first=last_first - dt.timedelta(days=30 * back),
                                 seed=18 + back, prefix=f"h{back}-")
        _close(db, old.files, moment(old.last, 17))
    month = build_month_direct(db, files=args.files, first=last_first)
    with db.reader() as tx:
        codes = [r[0] for r in tx.all("SELECT code FROM files")]
        events = tx.one("SELECT COUNT(*) FROM file_events")
    cold: dict[str, list[float]] = {name: [] for name in (
        "cold state: center", "cold state: city", "cold events: center", "cold events: city")}
    for _ in range(max(10, args.requests // 10)):
        for name, center in (("center", "HCM-01"), ("city", None)):
            start = time.perf_counter()
            dashboard_figures(db, center, month.last, 30)
            cold[f"cold state: {name}"].append(time.perf_counter() - start)
            start = time.perf_counter()
            compute_report(db, center, month.last)
            cold[f"cold events: {name}"].append(time.perf_counter() - start)
    db.close()
    print(f"loaded {len(codes)} files, {events[0] if events else 0} events in "
          f"{time.perf_counter() - began:.1f} s ({'PostgreSQL' if args.postgres else 'SQLite'})")
    server = CentralProcess(url, folder)
    as_of = month.last.isoformat()
    routes = {"dashboard center": f"/dashboard/HCM-01?as_of={as_of}",
              "dashboard city": f"/dashboard?as_of={as_of}",
              "status json": "/v1/public/files/{code}", "status page": "/f/{code}",
              "peer: /stats/HCM-01": "/stats/HCM-01"}
    times: dict[str, list[float]] = {name: [] for name in routes}
    rng = random.Random(1)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for _ in range(5):  # warm-up
                for path in routes.values():
                    client.get(path.format(code=codes[0]))
            for _ in range(args.requests):
                for name, path in routes.items():
                    start = time.perf_counter()
                    answer = client.get(path.format(code=rng.choice(codes)))
                    times[name].append(time.perf_counter() - start)
                    assert answer.status_code == 200, (name, answer.status_code)
    finally:
        server.stop()
    peer = _p(times["peer: /stats/HCM-01"], 0.99)
    print(f"{'route':24} {'p50 ms':>8} {'p99 ms':>8} {'p99/peer':>9}")
    for name, values in {**times, **cold}.items():
        p99 = _p(values, 0.99)
        # the cold state path's peer is the events' recomputation of the same scope
        against = (_p(cold[name.replace("state", "events")], 0.99)
                   if name.startswith("cold state") else peer)
        print(f"{name:24} {statistics.median(values) * 1000:8.1f} {p99 * 1000:8.1f} "
              f"{p99 / against:9.2f}")


if __name__ == "__main__":
    main()
