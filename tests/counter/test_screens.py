"""The counter window alone (no central service): keys, language, what each panel shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.core.desk.answers import CalledTicket, StaffAccount
from kiosk.core.desk.requests import CallNext, Request, SignIn
from kiosk.core.procedures import load_catalog
from kiosk.demo.counter_screenshots import demo_submission
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.kiosk.window import UiError
from tests.support.shown import shown


@pytest.fixture
def window(qapp: object) -> Iterator[CounterWindow]:
    made = CounterWindow(load_catalog())
    made.view.show()
    made.settle()
    yield made
    made.close()


def _press(window: CounterWindow, key: Qt.Key) -> None:
    QTest.keyClick(window.view, key)
    window.settle()


def test_keys_do_nothing_before_sign_in(window: CounterWindow) -> None:
    asked: list[Request] = []
    window.presenter.requests.connect(asked.append)
    for key in (Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F4, Qt.Key.Key_F9):
        _press(window, key)
    assert asked == []
    assert window.item("signin_view").isVisible()


def test_escape_closes_the_transfer_list_before_it_clears_the_citizen(
        window: CounterWindow) -> None:
    p = window.presenter
    p.signed_in_as(StaffAccount("demo", "Synthetic Staff", ("HT", "CT"), "3"))
    p.ticket_called(CalledTicket("HT", 1, "HT001"))
    p.find("001190012687", "typed")
    p.looked_up(p.serial, [demo_submission(load_catalog())])
    window.settle()
    _press(window, Qt.Key.Key_F8)
    assert window.item("transfer_list").isVisible()
    _press(window, Qt.Key.Key_Escape)
    with pytest.raises(UiError):
        window.item("transfer_list")  # closed
    assert p.submissions != []
    _press(window, Qt.Key.Key_Escape)
    assert p.submissions == [] and p.citizen == {}
    assert window.qml_warnings == []


def test_english_for_staff_who_want_it(window: CounterWindow) -> None:
    p = window.presenter
    assert shown(window.item("bar_title")) == "Quầy tiếp nhận hồ sơ"
    window.presenter.switch_language("en")
    window.settle()
    assert str(window.item("bar_title").property("text")) == "Reception counter"
    p.signed_in_as(StaffAccount("demo", "Synthetic Staff", ("HT",), "7"))
    window.settle()
    assert str(window.item("bar_title").property("text")) == "Counter 7"
    assert str(window.item("action_next").property("keys")) == "F2"
    # calling with a ticket still being served is refused with a message, not a request
    p.ticket_called(CalledTicket("HT", 4, "HT004"))
    asked: list[Request] = []
    p.requests.connect(asked.append)
    _press(window, Qt.Key.Key_F2)
    assert not any(isinstance(r, CallNext) for r in asked)
    assert p.message == "call.finish_first"
    assert str(window.item("status_message").property("text")).startswith("Complete, skip")


def test_sign_in_from_the_keyboard_alone(window: CounterWindow) -> None:
    asked: list[Request] = []
    window.presenter.requests.connect(asked.append)
    assert window.item("signin_user_input").hasActiveFocus()
    for text in ("demo", "2468", "3"):  # user, Enter, PIN, Enter, counter, Enter
        for char in text:
            QTest.keyClick(window.view, char)
        _press(window, Qt.Key.Key_Return)
    assert asked == [SignIn("demo", "2468", "3")]
    assert "2468" not in repr(asked[0])  # the PIN never shows in a log line
    assert window.presenter.busy == "sign_in"
