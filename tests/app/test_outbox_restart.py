"""The outbox is never lost by a restart: ``kiosk run`` SIGKILLed while it delivers.

What systemd's ``Restart=always`` does after a crash or a watchdog kill, on real parts:
a live central service (uvicorn, with its fault injector making a third of the batch
requests slow or failing, so a batch is in flight when the kill comes), a kiosk enrolled
with it, ``kiosk run`` delivering its outbox while citizens' records keep arriving (the
chaos test's enqueuing process, :mod:`tests.sync.chaos_kiosk`, stands in for the visits).
Both are SIGKILLed mid-work; a restarted ``kiosk run`` then delivers every record the
outbox holds, none twice, with the device's chain intact. (The outbox's own durability
under a hundred kills mid-write is ``tests/sync/test_power_loss.py``'s; sync workers
killed at random, ``tests/sync/test_chaos.py``'s.)
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.central.reports import CentralReports
from kiosk.central.storage import Database
from tests.support.central_servers import CentralProcess, enrolled_kiosk

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 150


def outbox_rows(folder: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(folder / "outbox.db", timeout=30)
    try:
        return [(str(r[0]), str(r[1])) for r in conn.execute("SELECT id, state FROM records")]
    finally:
        conn.close()


def start_kiosk(folder: Path, central: CentralProcess, notify: str, log: Path
                ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_CONFIG": "",
           "KIOSK_SYNC_DATA_DIR": str(folder), "KIOSK_SYNC_CENTRAL_URL": central.url,
           "KIOSK_LOGGING_LEVEL": "INFO", "NOTIFY_SOCKET": notify}
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed",
                                 "--exit-after", "120"], cwd=ROOT, env=env,
                                stdout=out, stderr=out)


def wait_running(sock: socket.socket, proc: subprocess.Popen[bytes]) -> None:
    """Until the station tells systemd its sync is up (STATUS=... running, device ...)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if b"running, device" in sock.recv(4096):
                return
        except TimeoutError:
            continue
    raise AssertionError("kiosk run never got its sync running")


def test_a_kiosk_killed_mid_delivery_delivers_everything_after_a_restart(
        tmp_path: Path) -> None:
    central = CentralProcess(f"sqlite:///{tmp_path / 'central.db'}", tmp_path,
                             faults="rate=0.3,slow=1.0,retry_after=1,seed=15")
    notify = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify)
    sock.settimeout(0.2)
    folder = tmp_path / "kiosk"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        identity = enrolled_kiosk(central, folder)
        kiosk = start_kiosk(folder, central, notify, tmp_path / "kiosk-1.log")
        procs.append(kiosk)
        wait_running(sock, kiosk)
        with (tmp_path / "visits.log").open("ab") as out:
            visits = subprocess.Popen(
                [sys.executable, "-m", "tests.sync.chaos_kiosk", "enqueue", str(folder),
                 str(RECORDS), str(folder / "acks.txt")], cwd=ROOT, stdout=out, stderr=out,
                env={**os.environ, "PYTHONPATH": str(ROOT)})
        procs.append(visits)
        time.sleep(3.5)  # records arrive and are being delivered
        for proc in (visits, kiosk):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        before = outbox_rows(folder)
        acknowledged = (folder / "acks.txt").read_text().split()
        assert acknowledged and set(acknowledged) <= {r[0] for r in before}
        states = [state for _id, state in before]
        # mid-work: visits' records were out (a batch in flight, or delivered) when the
        # kill came, and others were still waiting
        assert "in_flight" in states or states.count("delivered") > 1, states
        assert any(state != "delivered" for state in states), states

        again = start_kiosk(folder, central, notify, tmp_path / "kiosk-2.log")
        procs.append(again)
        deadline = time.monotonic() + 60
        while any(state != "delivered" for _id, state in outbox_rows(folder)):
            assert time.monotonic() < deadline and again.poll() is None, "not delivered"
            time.sleep(0.5)
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=30) == 0
        kept = outbox_rows(folder)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        sock.close()
        central.stop()
    db = Database(f"sqlite:///{tmp_path / 'central.db'}", pool_size=1)
    try:
        with db.reader() as tx:
            rows = tx.all("SELECT id, seq FROM records WHERE device_id = ?",
                          (identity.device_id,))
        chain = CentralReports(db).chain_report(identity.device_id)
    finally:
        db.close()
    ids = [str(r[0]) for r in rows]
    assert len(ids) == len(set(ids)) == len(kept)  # every record once, none twice
    assert set(ids) == {r[0] for r in kept} >= set(acknowledged)
    assert chain is not None and chain["intact"] and chain["head_seq"] == len(kept), chain
