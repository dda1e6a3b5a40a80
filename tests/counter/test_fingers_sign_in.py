"""The counter's sign-in as staff do it: clicks into each box and key presses only.

No QML property is set and no presenter slot is called: the harness's ``sign_in`` clicks
each box, selects what it holds and types. What reaches the outbox is checked.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.enrolled_devices import Device

from .harness import Counter

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def test_typed_counter_number_replaces_the_prefilled_one(counter: Counter, kiosk: Device,
                                                         qtbot: QtBot) -> None:
    kiosk.issue("HT")
    kiosk.push()
    counter.sign_in(counter="7")
    qtbot.waitUntil(lambda: counter.presenter.signed_in, timeout=10000)
    assert counter.text("bar_title") == "Quầy số 7"
    counter.key(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: counter.text("ticket_label") == "HT001", timeout=10000)
    assert counter.events() == [{"event": "called", "number": 1, "service": "HT",
                                 "center": "DEMO", "counter": "7"}]


def test_a_mistyped_pin_is_refused_and_nothing_reaches_the_outbox(counter: Counter,
                                                                   qtbot: QtBot) -> None:
    counter.sign_in(pin="2467")
    qtbot.waitUntil(lambda: counter.presenter.busy == "", timeout=10000)
    assert not counter.presenter.signed_in
    assert counter.text("status_message") == "Tên đăng nhập hoặc mã PIN không đúng."
    counter.key(Qt.Key.Key_F2)  # the queue keys do nothing while signed out
    counter.window.settle(200)
    assert counter.events() == []
