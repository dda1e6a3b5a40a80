"""A file withdrawn or refused at the counter after it was forwarded reaches the
simulated one-gate system exactly once: through its outage, a lost answer, a second
answer to a retry, and a restart of the connector. Real central process and simulated
one-gate process on 127.0.0.1; SQLite and PostgreSQL (the ``server`` fixture)."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path

from kiosk.central.connector import Connector, backlog
from kiosk.central.storage import Database
from tests.central.desk import Kiosk, signed_in
from tests.support.central_servers import CentralProcess
from tests.support.onegate import OneGateProcess

HOUR = 3600.0


def _accept(counter: Kiosk, session: str) -> str:
    answer = counter.post("/v1/files", {"request_id": str(uuid.uuid4()),
                                        "procedure": "LLTP-PHIEU", "session": session})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["file_id"])


def _event(counter: Kiosk, session: str, file_id: str, kind: str, reason: str) -> str:
    event_id = f"{kind}:{file_id}"
    answer = counter.post(f"/v1/files/{file_id}/events", {
        "event_id": event_id, "kind": kind, "session": session, "reason": reason})
    assert answer.status_code == 201, answer.text
    return event_id


def test_withdrawals_and_refusals_reach_the_one_gate_system_once(
        server: CentralProcess, tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter, "quay-notices")
    gate = OneGateProcess(tmp_path)
    db = Database(server.database_url, pool_size=2)
    connector = Connector(db, gate.url, timeout_s=1.0)
    try:
        withdrawn, refused, early = (_accept(counter, session) for _ in range(3))
        # withdrawn before any try to forward it: nothing to tell, ever
        _event(counter, session, early, "withdrawn", "Công dân đề nghị rút hồ sơ")
        connector.forward()
        gate.stop()  # down
        notices = [_event(counter, session, withdrawn, "withdrawn", "Nguyễn Văn A rút hồ sơ"),
                   _event(counter, session, refused, "refused", "Không đủ điều kiện")]
        assert connector.notify() == 0
        waiting = backlog(db, "HCM-01")
        assert waiting["notices_waiting"] == 2
        later = time.time()
        gate.start()
        gate.control(mode="lose_ack")  # it stores them, but its answer is lost
        later += HOUR
        assert connector.notify(now=later) == 0
        connector.close()  # the connector restarts
        connector = Connector(db, gate.url, timeout_s=1.0)
        gate.control(mode="ok")  # the retry is answered "already have it" (200)
        later += HOUR
        assert connector.notify(now=later) == 2
        assert connector.notify(now=later + HOUR) == 0  # nothing sent again
        seen = gate.state()
        assert seen["notices"] == {notices[0]: "withdrawn", notices[1]: "refused"}
        assert all(seen["notice_posts"][n] == 2 for n in notices)  # the lost one, its retry
        assert early not in seen["files"] and not any(early in k for k in seen["notice_posts"])
        assert backlog(db, "HCM-01")["notices_waiting"] == 0
        with db.reader() as tx:
            closed = tx.one("SELECT last_error FROM onegate_notices WHERE file_id = ?",
                            (early,))
        assert closed == ("the file was never forwarded",)
        with sqlite3.connect(tmp_path / "onegate.db") as sim:
            bodies = [json.loads(b) for (b,) in sim.execute("SELECT body FROM notices")]
        # what travels: the file, the step and when; the reason's words stay at the central
        assert all(set(b) == {"event_id", "idempotency_key", "kind", "at"} for b in bodies)
    finally:
        connector.close()
        db.close()
        gate.stop()
