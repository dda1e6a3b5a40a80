"""Sign-in and the queue keys, end to end: counter window → outbox → real central service."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.core.desk.errors import DeviceRefusedError, SignInRefusedError
from kiosk.demo.staff import DEMO_PIN, DEMO_USER
from kiosk.sync.counter_client import CounterClient
from kiosk.sync.keys import DeviceIdentity
from tests.support.central_servers import CentralProcess, enrolled_kiosk
from tests.support.enrolled_devices import Device

from .harness import Counter, board

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def test_wrong_pin_is_refused_then_the_right_one_signs_in(counter: Counter,
                                                          qtbot: QtBot) -> None:
    p = counter.presenter
    counter.sign_in(pin="0000")
    qtbot.waitUntil(lambda: p.busy == "", timeout=10000)
    assert not p.signed_in and p.message == "signin.wrong_pin"
    assert counter.text("status_message") == "Tên đăng nhập hoặc mã PIN không đúng."
    counter.sign_in()
    qtbot.waitUntil(lambda: p.signed_in, timeout=10000)
    assert counter.text("bar_title") == "Quầy số 3"
    assert "Cán bộ thử nghiệm" in counter.text("bar_staff")
    # the services default to the account's: the demo account handles every one
    assert all(s["selected"] for s in p.services)
    assert counter.window.qml_warnings == []


def test_sign_in_needs_the_central_service(counter: Counter, qtbot: QtBot) -> None:
    counter.central.stop()
    counter.sign_in()
    qtbot.waitUntil(lambda: counter.presenter.busy == "", timeout=15000)
    assert not counter.presenter.signed_in
    assert counter.presenter.message == "signin.offline"


def test_call_next_is_recorded_and_the_board_shows_it(counter: Counter, kiosk: Device,
                                                      qtbot: QtBot) -> None:
    kiosk.issue("HT")
    kiosk.push()
    counter.sign_in()
    qtbot.waitUntil(lambda: counter.presenter.signed_in, timeout=10000)
    counter.key(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.text("ticket_label") == "HT001", timeout=10000)
    assert counter.events() == [{"event": "called", "number": 1, "service": "HT",
                                 "center": "DEMO", "counter": "3"}]
    qtbot.waitUntil(lambda: counter.outbox.depth() == 0, timeout=10000)
    serving = board(counter.central)["now_serving"]
    assert [(s["counter"], s["label"]) for s in serving] == [("3", "HT001")]
    # nobody else waits: a clear message, no record
    counter.key(Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: counter.presenter.ticket is None, timeout=5000)
    counter.key(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.presenter.message == "call.nobody", timeout=10000)
    assert [e["event"] for e in counter.events()] == ["called", "served"]


def test_every_action_is_the_right_queue_event(counter: Counter, kiosk: Device,
                                               qtbot: QtBot) -> None:
    for _ in range(3):
        kiosk.issue("HT")
    kiosk.push()
    counter.sign_in()
    p = counter.presenter
    qtbot.waitUntil(lambda: p.signed_in, timeout=10000)

    def press(key: Qt.Key, label: str = "") -> None:
        count = len(counter.events())
        counter.key(key)
        qtbot.waitUntil(lambda: len(counter.events()) == count + 1 and p.busy == "",
                        timeout=10000)
        if label:
            assert counter.text("ticket_label") == label

    press(Qt.Key.Key_F2, "HT001")
    press(Qt.Key.Key_F3)  # recall
    press(Qt.Key.Key_F6)  # skip: the citizen may come back
    assert p.ticket is not None and p.ticket.state == "skipped"
    press(Qt.Key.Key_F3)  # recall brings the skipped ticket back
    press(Qt.Key.Key_F4)  # complete
    assert p.ticket is None
    press(Qt.Key.Key_F2, "HT002")
    press(Qt.Key.Key_F7)  # no-show
    press(Qt.Key.Key_F2, "HT003")
    counter.key(Qt.Key.Key_F8)  # transfer: choose the service in the list
    assert counter.window.item("transfer_list").isVisible()
    # each other service under a digit key, in the catalog's order of services
    keys = str(counter.window.item("transfer_CT").property("keys"))
    assert keys.isdigit()
    counter.key(getattr(Qt.Key, f"Key_{keys}"))  # CT's key
    qtbot.waitUntil(lambda: p.ticket is None and p.busy == "", timeout=10000)
    shape = [(e["event"], e["number"], e.get("reason", ""), e.get("to_service", ""))
             for e in counter.events()]
    assert shape == [("called", 1, "", ""), ("recalled", 1, "", ""), ("skipped", 1, "", ""),
                     ("recalled", 1, "", ""), ("served", 1, "", ""),
                     ("called", 2, "", ""), ("cancelled", 2, "no_show", ""),
                     ("called", 3, "", ""), ("cancelled", 3, "transfer", "CT")]
    assert all(e["counter"] == "3" and e["center"] == "DEMO" for e in counter.events())
    qtbot.waitUntil(lambda: counter.outbox.depth() == 0, timeout=10000)
    services = {s["service"]: s for s in board(counter.central)["services"]}
    assert services["HT"]["served"] == 1 and services["HT"]["waiting"] == 0
    assert services["CT"]["next"] == ["HT003"]  # the transferred citizen waits there now
    # and the next counter asking for CT gets that citizen, keeping the number
    p.toggle_service("HT")
    counter.key(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.text("ticket_label") == "HT003", timeout=10000)
    assert counter.window.qml_warnings == []


def test_a_counter_taken_over_resumes_its_ticket(counter: Counter, kiosk: Device,
                                                 qtbot: QtBot, tmp_path: Path) -> None:
    kiosk.issue("HT")
    kiosk.push()
    counter.sign_in(counter="5")
    qtbot.waitUntil(lambda: counter.presenter.signed_in, timeout=10000)
    counter.key(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.text("ticket_label") == "HT001", timeout=10000)
    qtbot.waitUntil(lambda: counter.outbox.depth() == 0, timeout=10000)
    # the PC is restarted (or a colleague takes counter 5 on another PC)
    other = Counter(counter.central, tmp_path / "other")
    try:
        other.sign_in(counter="5")
        qtbot.waitUntil(lambda: other.presenter.ticket is not None, timeout=10000)
        assert other.text("ticket_label") == "HT001"
        assert other.presenter.message == "call.resumed"
        other.key(Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: other.presenter.ticket is None, timeout=10000)
        assert [e["event"] for e in other.events()] == ["served"]
    finally:
        other.close()
    # another counter number does not take it
    fresh = Counter(counter.central, tmp_path / "fresh")
    try:
        fresh.sign_in(counter="6")
        qtbot.waitUntil(lambda: fresh.presenter.signed_in, timeout=10000)
        fresh.window.settle(500)
        assert fresh.presenter.ticket is None
    finally:
        fresh.close()


def test_a_stale_clock_is_corrected_and_a_stranger_device_is_named(
        central: CentralProcess, tmp_path: Path) -> None:
    identity = enrolled_kiosk(central, tmp_path / "desk", "DEMO", "counter")
    with CounterClient(central.url, identity) as client:
        assert client.auth is not None
        client.auth.clock = lambda: time.time() - 3600  # a PC whose clock battery died
        account = client.sign_in(DEMO_USER, DEMO_PIN, "2")  # re-signed once, transparently
        assert account.counter == "2"
        with pytest.raises(SignInRefusedError) as refused:
            client.sign_in(DEMO_USER, "9999", "2")
        assert refused.value.reason == "wrong_pin"
    stranger = DeviceIdentity("k-stranger", "DEMO", central.url, Ed25519PrivateKey.generate(),
                              os.urandom(32))
    with CounterClient(central.url, stranger) as client, pytest.raises(DeviceRefusedError):
        client.sign_in(DEMO_USER, DEMO_PIN, "2")
