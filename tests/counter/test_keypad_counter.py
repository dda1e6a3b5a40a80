"""The counter's main actions by the keypad's keys: focus, select, the queue event sent.

Staff sign in typing on the keyboard as they do; then only the keypad's keys (arrows
and select, the ``[keypad]`` defaults) call the next citizen and complete the ticket.
The central service is the real one in its own process (tests/counter/conftest.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.support.enrolled_devices import Device

from .harness import Counter

pytestmark = [pytest.mark.integration]


def _activate(counter: Counter) -> None:
    """The desk's window is the one with the keyboard (other tests' windows may linger)."""
    counter.window.view.requestActivate()
    counter.window.settle(100)


def _focused(counter: Counter) -> str:
    item = counter.window.keypad.property("item")
    return item.objectName() if isinstance(item, QQuickItem) else ""


def _focus(counter: Counter, name: str, limit: int = 60) -> None:
    for _ in range(limit):
        if _focused(counter) == name:
            return
        counter.key(Qt.Key.Key_Down)
    raise AssertionError(f"down did not reach {name!r} (at {_focused(counter)!r})")


def test_call_next_and_complete_by_keypad(counter: Counter, kiosk: Device,
                                          qtbot: QtBot) -> None:
    kiosk.issue("HT")
    kiosk.push()
    _activate(counter)
    counter.sign_in()
    p = counter.presenter
    qtbot.waitUntil(lambda: p.signed_in, timeout=10000)
    counter.window.settle(100)
    _focus(counter, "action_next")
    assert counter.window.item("focus_ring").isVisible()
    counter.key(Qt.Key.Key_Return)  # select
    qtbot.waitUntil(lambda: counter.text("ticket_label") == "HT001", timeout=10000)
    _focus(counter, "action_complete")
    counter.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: p.ticket is None and p.busy == "", timeout=10000)
    assert [e["event"] for e in counter.events()] == ["called", "served"]
    assert counter.window.qml_warnings == []


def test_in_a_text_box_the_keys_type(counter: Counter) -> None:
    """Left, right and Return keep their meaning while staff type (sign-in form)."""
    _activate(counter)
    user = counter.window.item("signin_user_input")
    user.forceActiveFocus()
    # A desk types on its real keyboard (kiosk run sets no on-screen keyboard for it);
    # in this test process QT_IM_MODULE may bring one up: put it away.
    QGuiApplication.inputMethod().hide()
    counter.window.settle()
    QTest.keyClick(counter.window.view, "a")
    QTest.keyClick(counter.window.view, "b")
    QTest.keyClick(counter.window.view, Qt.Key.Key_Left)
    QTest.keyClick(counter.window.view, "x")
    counter.window.settle()
    assert str(user.property("text")).endswith("axb")
    counter.key(Qt.Key.Key_Down)  # down leaves the box for the next control
    assert _focused(counter) == "signin_pin_input"
    assert counter.window.view.activeFocusItem().objectName() == "signin_pin_input"
