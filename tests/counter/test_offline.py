"""Offline: queue actions wait in the outbox and reach the central service once, later."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.central.storage import Database
from tests.support.central_servers import ROOT, CentralProcess
from tests.support.enrolled_devices import Device

from .harness import Counter, board

# a central service process stopped and started under the counter
pytestmark = [pytest.mark.integration]


def _restart_on_same_port(central: CentralProcess, folder: Path) -> CentralProcess:
    """The central service comes back on the same address (same database)."""
    back = CentralProcess.__new__(CentralProcess)
    back.__dict__.update(central.__dict__)
    back.log = (folder / "back.log").open("wb")
    back.proc = subprocess.Popen(central.proc.args, env={
        **os.environ, "KIOSK_CENTRAL_DATABASE_URL": central.database_url,
        "KIOSK_CENTRAL_FAULTS": "", "KIOSK_CONFIG": "", "PYTHONPATH": str(ROOT)},
        cwd=ROOT, stdout=back.log, stderr=back.log, start_new_session=True)
    back._wait()
    return back


def _stored_events(central: CentralProcess, device_id: str) -> dict[str, str]:
    """Record id → created_at of the device's queue events the central service holds."""
    db = Database(central.database_url, pool_size=1)
    try:
        with db.reader() as tx:
            rows = tx.all("SELECT id, created_at FROM records WHERE device_id = ? "
                          "AND kind = 'queue_event'", (device_id,))
    finally:
        db.close()
    return {str(i): str(c) for i, c in rows}


def test_actions_wait_offline_and_arrive_once(counter: Counter, kiosk: Device,
                                              qtbot: QtBot, tmp_path: Path) -> None:
    for _ in range(2):
        kiosk.issue("HT")
    kiosk.push()
    p = counter.presenter
    counter.sign_in()
    qtbot.waitUntil(lambda: p.signed_in, timeout=10000)
    counter.key(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.text("ticket_label") == "HT001", timeout=10000)
    qtbot.waitUntil(lambda: counter.outbox.depth() == 0, timeout=10000)

    counter.central.stop()  # the network goes
    counter.key(Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: p.busy == "", timeout=10000)
    counter.key(Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: p.ticket is None and p.busy == "", timeout=10000)
    assert [e["event"] for e in counter.events()] == ["called", "recalled", "served"]
    counter.key(Qt.Key.Key_F2)  # calling needs the central service's claim
    qtbot.waitUntil(lambda: p.message == "call.offline", timeout=20000)
    assert counter.text("status_message").startswith("Mất kết nối máy chủ")
    qtbot.waitUntil(lambda: not p.online and p.outbox_depth == 2, timeout=20000)
    assert counter.outbox.depth() == 2  # recalled and served wait, with their true times
    waiting = {w["id"]: w["created_at"] for w in
               (counter.outbox.wire(r) for r in counter.outbox.all_records()[-2:])}

    back = _restart_on_same_port(counter.central, tmp_path)
    try:
        counter.outbox.connection.execute("UPDATE records SET next_attempt_at = 0")
        qtbot.waitUntil(lambda: counter.outbox.depth() == 0, timeout=20000)
        stored = _stored_events(back, counter.identity.device_id)
        assert len(stored) == 3  # nothing duplicated
        # stamped when the keys were pressed, not when the network came back
        assert {i: stored[i] for i in waiting} == waiting
        services = {s["service"]: s for s in board(back)["services"]}
        assert services["HT"]["served"] == 1 and services["HT"]["waiting"] == 1
        counter.key(Qt.Key.Key_F2)  # back online: the next citizen can be called
        qtbot.waitUntil(lambda: counter.text("ticket_label") == "HT002", timeout=10000)
    finally:
        back.stop()
