"""Sync benchmark: durable enqueue latency, drain throughput batched vs unbatched, intake.

Run:  .venv/bin/python benchmarks/sync.py [--pg postgresql://…] [--write FILE]
(the latest figures live in docs/performance.md)
(``--pg`` defaults to $KIOSK_TEST_POSTGRES_URL; without it PostgreSQL figures are skipped.)

Peers measured in the same run: a bare SQLite insert+commit with the same durability
(synchronous=FULL) next to the full enqueue (validation, UUIDv7, hash chain, Ed25519
signature, AES-GCM of personal fields); one request per record next to batches of 100.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.central.storage import Database  # noqa: E402
from kiosk.sync.client import CentralClient  # noqa: E402
from kiosk.sync.outbox import Outbox  # noqa: E402
from kiosk.sync.worker import SyncWorker  # noqa: E402
from kiosk.wire.protocol import RecordKind  # noqa: E402
from tests.support.central_servers import CentralProcess, enrolled_kiosk  # noqa: E402

SUBMISSION = {"procedure": "1.001234",
              "citizen": {"full_name": "Nguyễn Thị Mẫu", "id_number": "079304000000",
                          "address": "1 Đường Mẫu, Phường Mẫu"},
              "form": {"reason": "cấp lại", "copies": 2}}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fill(outbox: Outbox, count: int) -> list[float]:
    times = []
    for n in range(count):
        kind = RecordKind.SUBMISSION if n % 2 == 0 else RecordKind.RATING
        payload = SUBMISSION if kind is RecordKind.SUBMISSION else {"score": 1 + n % 5}
        start = time.perf_counter()
        outbox.enqueue(kind, payload, visit=f"v{n // 4}")
        times.append((time.perf_counter() - start) * 1000)
    return times


def bare_sqlite(folder: Path, count: int) -> list[float]:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    times = []
    for n in range(count):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (body) VALUES (?)", ("x" * 600 + str(n),))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times


def drain_rate(central: CentralProcess, folder: Path, count: int, batch: int) -> float:
    ident = enrolled_kiosk(central, folder)
    outbox = Outbox(folder / "outbox.db", ident)
    fill(outbox, count)
    with CentralClient(central.url, ident) as client:
        worker = SyncWorker(outbox, client, batch_size=batch)
        start = time.perf_counter()
        result = worker.drain()
        elapsed = time.perf_counter() - start
    assert result.delivered == count, result
    outbox.close()
    return count / elapsed


def intake_rate(central: CentralProcess, folder: Path, devices: int, per_device: int) -> float:
    """Records/s the central service stores with several kiosks pushing batches of 500."""
    prepared = []
    for d in range(devices):
        ident = enrolled_kiosk(central, folder / f"d{d}")
        outbox = Outbox(folder / f"d{d}" / "outbox.db", ident)
        fill(outbox, per_device)
        wire = [outbox.wire(r) for r in outbox.all_records()]
        prepared.append((ident, [wire[i:i + 500] for i in range(0, len(wire), 500)]))
        outbox.close()

    def push(ident: object, batches: list[list[dict[str, object]]]) -> None:
        with CentralClient(central.url, ident) as client:  # type: ignore[arg-type]
            for records in batches:
                client.push(records)

    threads = [threading.Thread(target=push, args=item) for item in prepared]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return devices * per_device / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("KIOSK_TEST_POSTGRES_URL", ""))
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--write", help="write the figures as Markdown to this file")
    args = parser.parse_args()
    lines: list[str] = []

    def say(text: str) -> None:
        print(text)
        lines.append(text)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        say("## Enqueue latency (durable: WAL + synchronous=FULL, fsync per record)\n")
        central = CentralProcess(f"sqlite:///{folder}/central.db", folder)
        try:
            ident = enrolled_kiosk(central, folder / "lat")
            outbox = Outbox(folder / "lat" / "outbox.db", ident)
            full = fill(outbox, args.records)
            outbox.close()
        finally:
            central.stop()
        bare = bare_sqlite(folder, args.records)
        say("| path | n | p50 ms | p99 ms | mean ms |")
        say("|---|---|---|---|---|")
        for name, values in (("kiosk enqueue (sign + encrypt + chain)", full),
                             ("peer: bare SQLite insert+commit", bare)):
            say(f"| {name} | {len(values)} | {statistics.median(values):.2f} | "
                f"{percentile(values, 0.99):.2f} | {statistics.fmean(values):.2f} |")

        say("\n## Drain throughput to a local central service (uvicorn, HTTP/1.1)\n")
        say("| central database | batched (100/request) rec/s | one request per record rec/s "
            "| ratio |")
        say("|---|---|---|---|")
        targets = [("SQLite", f"sqlite:///{folder}/drain.db")]
        if args.pg:
            db = Database(args.pg, pool_size=1)
            db.reset()
            db.close()
            targets.append(("PostgreSQL", args.pg))
        for name, url in targets:
            central = CentralProcess(url, folder)
            try:
                batched = drain_rate(central, folder / f"b-{name}", args.records, 100)
                single = drain_rate(central, folder / f"s-{name}", max(200, args.records // 5), 1)
            finally:
                central.stop()
            say(f"| {name} | {batched:.0f} | {single:.0f} | {batched / single:.1f}x |")

        if args.pg:
            say("\n## Central intake on PostgreSQL (4 kiosks pushing batches of 500 at once)\n")
            say("| uvicorn workers | records | rec/s |")
            say("|---|---|---|")
            for workers in (1, 2):
                db = Database(args.pg, pool_size=1)
                db.reset()
                db.close()
                central = CentralProcess(args.pg, folder, workers=workers)
                try:
                    rate = intake_rate(central, folder / f"in{workers}", 4, 1000)
                finally:
                    central.stop()
                say(f"| {workers} | 4000 | {rate:.0f} |")
    say(f"\nMachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"SQLite {sqlite3.sqlite_version}; the outbox sits on the machine's disk "
        f"({tempfile.gettempdir()}), where an fsync costs what the bare SQLite peer shows.")
    say("Targets (issue 6): p99 enqueue <= 10 ms; batched drain >= 500 rec/s and >= 5x "
        "unbatched; central intake >= 1,000 rec/s on PostgreSQL.")
    if args.write:
        Path(args.write).write_text(
            "# Sync performance\n\nCommand: `.venv/bin/python benchmarks/sync.py "
            "--write FILE` (with `KIOSK_TEST_POSTGRES_URL` set from "
            "`packaging/ci/start-postgres.sh`).\n\n" + "\n".join(lines) + "\n",
            encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
