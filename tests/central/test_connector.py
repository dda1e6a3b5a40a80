"""The connector to the simulated one-gate system, both over real HTTP on 127.0.0.1:
down, lost acknowledgements, slow answers, 5xx, changes sent twice, restarts of either
side. The connector runs in the test process (its backoff is skipped by asking it to
forward "later": ``now=`` in the future, the only time travel here); the central
service and the one-gate system are processes. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from pathlib import Path

import httpx

from kiosk.central.connector import Connector, backlog
from kiosk.central.files import FileLedger
from kiosk.central.storage import Database
from tests.central.desk import Kiosk, signed_in
from tests.support.central_servers import PYTHON, ROOT, CentralProcess
from tests.support.onegate import OneGateProcess
from tests.support.waiting import wait_until

HOUR = 3600.0


def _accept(counter: Kiosk, session: str, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        began = time.monotonic()
        answer = counter.post("/v1/files", {"request_id": str(uuid.uuid4()),
                                            "procedure": "LLTP-PHIEU", "session": session})
        assert answer.status_code == 201 and time.monotonic() - began < 2.0
        ids.append(answer.json()["file_id"])
    return ids


def _kinds(db: Database, file_id: str) -> list[str]:
    return [e["kind"] for e in FileLedger(db).file(file_id)["events"]]


def test_forwarding_is_exactly_once_through_outages_and_lost_answers(
        server: CentralProcess, tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter)
    gate = OneGateProcess(tmp_path, start=False)  # down: nothing listens on its port
    db = Database(server.database_url, pool_size=2)
    connector = Connector(db, gate.url, timeout_s=1.0)
    try:
        files = _accept(counter, session, 5)  # the counter is never held up
        assert connector.forward() == 0
        waiting = backlog(db, "HCM-01")
        assert waiting["waiting"] >= 5 and waiting["last_error"].startswith("no answer")
        gate.start()
        later = time.time()
        for mode, posts in (("lose_ack", 1), ("slow", 2), ("error", 2), ("ok", 3)):
            gate.control(mode=mode, slow_s=2.5)
            later += HOUR
            connector.forward(now=later)
            seen = gate.state()
            assert sorted(seen["files"]) == sorted(set(seen["files"]) | set(files))
            assert all(seen["posts"].get(f, 0) == posts for f in files), (mode, seen["posts"])
        assert backlog(db, "HCM-01")["waiting"] == 0
        assert connector.forward(now=later + HOUR) == 0  # nothing sent again
        for file_id in files:
            assert _kinds(db, file_id) == ["accepted", "forwarded"]
    finally:
        connector.close()
        db.close()
        gate.stop()


def test_status_events_come_back_once_even_when_sent_twice_or_after_a_restart(
        server: CentralProcess, tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter)
    gate = OneGateProcess(tmp_path)
    db = Database(server.database_url, pool_size=2)
    connector = Connector(db, gate.url, timeout_s=2.0)
    try:
        files = _accept(counter, session, 4)
        connector.forward()
        lost = _accept(counter, session, 1)[0]
        gate.control(mode="lose_ack")
        connector.forward()  # the one-gate system has it; its answer was lost
        withdrawn = files[3]
        assert counter.post(f"/v1/files/{withdrawn}/events", {
            "event_id": str(uuid.uuid4()), "kind": "withdrawn", "session": session,
            "reason": "Công dân rút hồ sơ"}).status_code == 201
        gate.stop()
        gate.start()  # its state survives
        gate.control(mode="twice")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for file_id in [*files[:3], lost]:
            gate.unit_event(file_id, "in_processing", stamp)
            gate.unit_event(file_id, "result_ready", stamp)
        gate.unit_event(withdrawn, "result_ready", stamp)  # refused by the file's rules
        assert connector.pull() == 8
        assert connector.pull() == 0
        for file_id in [*files[:3], lost]:
            assert _kinds(db, file_id) == ["accepted", "forwarded", "in_processing",
                                           "result_ready"]
        assert _kinds(db, withdrawn) == ["accepted", "forwarded", "withdrawn"]
        assert backlog(db, "HCM-01")["rejected_events"] >= 1
        gate.control(mode="ok")
        connector.forward(now=time.time() + HOUR)
        assert gate.state()["posts"][lost] == 1  # acknowledged by its events: not sent again
        public = httpx.get(f"{server.url}/v1/public/files/"
                           f"{FileLedger(db).file(lost)['code']}", timeout=5).json()
        assert public["step"] == "result_ready"
    finally:
        connector.close()
        db.close()
        gate.stop()


def test_the_connector_command_survives_being_killed(tmp_path: Path) -> None:
    server = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    gate = OneGateProcess(tmp_path)
    db = Database(server.database_url, pool_size=2)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": "",
           "KIOSK_CENTRAL_DATABASE_URL": server.database_url,
           "KIOSK_CENTRAL_ONEGATE_URL": gate.url}
    command = [PYTHON, "-m", "kiosk", "central", "connector"]
    runs: list[subprocess.Popen[bytes]] = []
    try:
        counter = Kiosk(server, tmp_path / "counter", role="counter")
        session = signed_in(server, counter)
        gate.control(mode="slow", slow_s=0.3)
        files = _accept(counter, session, 30)
        for _round in range(3):  # killed mid-way, twice, then left to finish
            runs.append(subprocess.Popen(command, env=env, cwd=ROOT))
            time.sleep(1.5)
            runs[-1].kill()
            runs[-1].wait()
        gate.control(mode="ok")
        runs.append(subprocess.Popen(command, env=env, cwd=ROOT))
        wait_until(lambda: backlog(db)["waiting"] == 0, 60, 0.2, "the backlog to drain")
        assert sorted(gate.state()["files"]) == sorted(files)
        for file_id in files:
            assert _kinds(db, file_id) == ["accepted", "forwarded"]
        report = subprocess.run([*command[:-1], "report", "--format", "csv"], env=env,
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
        assert "backlog,,waiting,0\n" in report and "totals,,received,30\n" in report
    finally:
        for run in runs:
            run.kill()
            run.wait()
        db.close()
        gate.stop()
        server.stop()
