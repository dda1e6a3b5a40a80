"""Finding 10, the kiosk's side: a record the central refuses or breaks on is set aside.

The real worker drains a real outbox into a real central (uvicorn, SQLite and
PostgreSQL). A batch holding one hostile record (a ticket number of 2^63, as an older
kiosk could have stored it) delivers the others exactly once and leaves the hostile one
as a dead letter with the central's reason, shown by ``kiosk sync status``. A record
the central answers 500 to every time (fault injection: a central bug) is found by
sending records one at a time and set aside after a bounded number of rounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import stamina

from kiosk.central.storage import Database
from kiosk.sync import outbox as outbox_module
from kiosk.sync.client import CentralClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.poison import GIVE_UP_AFTER
from kiosk.sync.stack import outbox_path
from kiosk.sync.worker import RetryPolicy, SyncWorker
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import ROOT, CentralProcess, enrolled_kiosk

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

FAST = RetryPolicy(attempts=2, timeout=10, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01,
                   idle_s=0.0)
POISON = "poisoned-visit"


@pytest.fixture(autouse=True)
def _real_stamina() -> None:
    stamina.set_active(True)


@pytest.fixture
def make_central(database_url: str, tmp_path: Path) -> Iterator[type[CentralProcess]]:
    started: list[CentralProcess] = []

    def start(faults: str = "") -> CentralProcess:
        server = CentralProcess(database_url, tmp_path, faults=faults)
        started.append(server)
        return server

    yield start  # type: ignore[misc]
    for server in started:
        server.stop()


def _kiosk(central: CentralProcess, folder: Path) -> SyncWorker:
    ident = enrolled_kiosk(central, folder)
    outbox = Outbox(outbox_path(folder), ident)
    return SyncWorker(outbox, CentralClient(central.url, ident), policy=FAST, batch_size=50)


def _central_ids(central: CentralProcess, device_id: str) -> list[str]:
    db = Database(central.database_url, pool_size=1)
    try:
        with db.reader() as tx:
            return [str(r[0]) for r in tx.all("SELECT id FROM records WHERE device_id = ?",
                                              (device_id,))]
    finally:
        db.close()


def _drain_until_settled(worker: SyncWorker, rounds: int) -> int:
    for done in range(1, rounds + 1):
        worker.drain()
        status = worker.outbox.status()
        if status.pending + status.in_flight == 0:
            return done
    raise AssertionError(f"records still pending after {rounds} rounds")


def _status_json(folder: Path) -> dict[str, object]:
    env = {**os.environ, "KIOSK_CONFIG": "", "KIOSK_SYNC_DATA_DIR": str(folder),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "sync", "status", "--json"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True)
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_a_hostile_record_is_a_dead_letter_and_the_rest_arrive_once(
        make_central: type[CentralProcess], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    central = make_central()
    folder = tmp_path / "kiosk"
    worker = _kiosk(central, folder)
    good = [worker.outbox.enqueue(RecordKind.RATING, {"score": n % 5 + 1}) for n in range(4)]
    with monkeypatch.context() as older_kiosk:  # stored by software that did not check
        older_kiosk.setattr(outbox_module, "validate_payload", lambda kind, payload: None)
        hostile = worker.outbox.enqueue(RecordKind.TICKET, {
            "number": 2**63, "service": "A", "center": "HCM-01", "block": "b"})
    good += [worker.outbox.enqueue(RecordKind.RATING, {"score": 3}) for _ in range(3)]
    assert _drain_until_settled(worker, 5) <= 2
    assert sorted(_central_ids(central, worker.outbox.identity.device_id)) == sorted(good)
    [dead] = worker.outbox.dead_letters()
    assert dead.id == hostile and "number must be from 1 to 999999" in dead.reason
    worker.client.close()
    worker.outbox.close()
    status = _status_json(folder)
    assert status["dead"] == 1 and status["pending"] == 0
    assert status["dead_letters"] == [{"id": hostile, "kind": "ticket", "reason": dead.reason}]


def test_a_record_the_central_keeps_failing_on_is_isolated_and_set_aside(
        make_central: type[CentralProcess], tmp_path: Path) -> None:
    central = make_central(f"rate=0,paths=/v1/records,poison={POISON}")
    worker = _kiosk(central, tmp_path / "kiosk")
    good = [worker.outbox.enqueue(RecordKind.RATING, {"score": 4}) for _ in range(3)]
    poisoned = worker.outbox.enqueue(RecordKind.RATING, {"score": 2}, visit=POISON)
    good += [worker.outbox.enqueue(RecordKind.RATING, {"score": 5}) for _ in range(3)]
    rounds = _drain_until_settled(worker, 3 * GIVE_UP_AFTER)
    assert sorted(_central_ids(central, worker.outbox.identity.device_id)) == sorted(good)
    [dead] = worker.outbox.dead_letters()
    assert dead.id == poisoned and "HTTP 500" in dead.reason and "retry-dead" in dead.reason
    assert rounds <= 10, rounds
    assert not worker.poison.isolating()  # back to whole batches
    worker.client.close()
    worker.outbox.close()


def test_a_central_failing_on_everything_keeps_the_records(
        make_central: type[CentralProcess], tmp_path: Path) -> None:
    central = make_central("rate=1,kinds=500,paths=/v1/records")
    worker = _kiosk(central, tmp_path / "kiosk")
    ids = [worker.outbox.enqueue(RecordKind.RATING, {"score": 4}) for _ in range(3)]
    for _ in range(8):  # more than enough to set a record aside were others delivered
        worker.drain()
    assert worker.outbox.dead_letters() == [] and worker.outbox.status().pending == len(ids)
    worker.client.close()
    worker.outbox.close()
