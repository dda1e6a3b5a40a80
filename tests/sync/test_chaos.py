"""Chaos: 1,000 records from three kiosks through a misbehaving central service.

Three kiosks each run an enqueuing process and a sync process; the sync processes are
SIGKILLed at random moments and restarted, while the central service (a real uvicorn
process with the fault injector) answers 30% of batch requests with a 500, a 429 with
Retry-After, a slow answer, or commits and then drops the connection unanswered.
Afterwards the central service must hold exactly the 1,000 records, none twice, and
every device chain must be intact.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.central.reports import CentralReports
from kiosk.central.storage import Database
from tests.support.central_servers import PYTHON, ROOT, CentralProcess, enrolled_kiosk

# kiosk and sync processes killed at random while they deliver
pytestmark = [pytest.mark.integration, pytest.mark.slow]

TOTAL = 1000
KIOSKS = 3


def _spawn(*args: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("ab") as out:
        return subprocess.Popen([PYTHON, "-m", "tests.sync.chaos_kiosk", *args], env=env,
                                cwd=ROOT, stdout=out, stderr=out)


def _undelivered(folder: Path) -> int:
    conn = sqlite3.connect(folder / "outbox.db", timeout=30)
    try:
        return int(conn.execute(
            "SELECT COUNT(*) FROM records WHERE state != 'delivered'").fetchone()[0])
    finally:
        conn.close()


def test_exactly_once_through_kills_and_faults(database_url: str, tmp_path: Path) -> None:
    # on PostgreSQL two uvicorn workers take requests at once (a retry may race the original)
    workers = 2 if database_url.startswith("postgres") else 1
    central = CentralProcess(database_url, tmp_path, workers=workers,
                             faults="rate=0.3,slow=1.0,retry_after=1,seed=11")
    rng = random.Random(6)
    sync_procs: dict[int, subprocess.Popen[bytes]] = {}
    enqueuers: list[subprocess.Popen[bytes]] = []
    try:
        folders = [tmp_path / f"kiosk{i}" for i in range(KIOSKS)]
        idents = [enrolled_kiosk(central, folder) for folder in folders]
        shares = [TOTAL // KIOSKS + (1 if i < TOTAL % KIOSKS else 0) for i in range(KIOSKS)]
        for i, folder in enumerate(folders):
            # the first record creates the outbox before both processes open it
            enqueuers.append(_spawn("enqueue", str(folder), str(shares[i]),
                                    str(folder / "acks.txt"), log=tmp_path / "kiosk.log"))
            time.sleep(0.3)
            sync_procs[i] = _spawn("sync", str(folder), central.url, log=tmp_path / "sync.log")
        kills = 0
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(0.1, 0.5))
            done = all(p.poll() is not None for p in enqueuers)
            if done and all(_undelivered(f) == 0 for f in folders):
                break
            victim = rng.randrange(KIOSKS)
            sync_procs[victim].send_signal(signal.SIGKILL)
            sync_procs[victim].wait()
            kills += 1
            sync_procs[victim] = _spawn("sync", str(folders[victim]), central.url,
                                        log=tmp_path / "sync.log")
        assert all(p.returncode == 0 for p in enqueuers), "an enqueuing process failed"
        assert all(_undelivered(f) == 0 for f in folders), "not everything was delivered in time"
        assert kills >= 10
    finally:
        for proc in [*sync_procs.values(), *enqueuers]:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
        central.stop()

    acknowledged = [line for f in folders for line in (f / "acks.txt").read_text().split()]
    assert len(acknowledged) == TOTAL
    db = Database(database_url, pool_size=1)
    try:
        with db.reader() as tx:
            rows = tx.all("SELECT id, device_id, seq FROM records")
    finally:
        db.close()
    ids = [r[0] for r in rows]
    assert len(ids) == TOTAL and set(ids) == set(acknowledged)  # exactly the 1,000, none twice
    assert len({(r[1], r[2]) for r in rows}) == TOTAL
    db = Database(database_url, pool_size=1)
    try:
        service = CentralReports(db)
        for ident, share in zip(idents, shares, strict=True):
            chain = service.chain_report(ident.device_id)
            assert chain is not None
            assert chain["intact"] and chain["head_seq"] == share, chain
    finally:
        db.close()
    log = (tmp_path / f"central-{central.port}.log").read_text(errors="replace")
    assert "committed, then dropped" in log  # the hard fault really happened
