"""The keypad's focus on the real kiosk window: order, wrapping, hidden controls, modal
countdown, the longer idle time, the outline in both colour schemes, the key map.

Key events only (tests.support.keypad); the window is the real one, offscreen, in both
orientations; the visit's clock is the test's (ManualClock).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent, QWindow
from PySide6.QtTest import QTest

from kiosk.core.config import KeypadConfig, load_config
from kiosk.core.errors import ConfigError
from kiosk.core.visit.machine import COUNTDOWN_S, IDLE_S, Stage
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.focus_nav import reading_order
from kiosk.ui.qt.keypad import KeyMap, KeypadFilter
from tests.support.fingers import wait_until
from tests.support.keypad import KeypadHands

from .conftest import ManualClock


def names(window: KioskWindow) -> list[str]:
    """The objectNames of the controls focus may go to now, in order."""
    return [item.objectName() for item in window.keypad.navigator.controls()]


def test_reading_order_keeps_rows_and_lists_together() -> None:
    # a tall button beside a short one is one row; left before right
    rects = [QRectF(500, 0, 100, 200), QRectF(0, 20, 100, 80), QRectF(0, 300, 600, 100)]
    assert reading_order(rects) == [1, 0, 2]
    # a list's rows (the second block) stay together where the list is, in their order,
    # although the third row is scrolled below the button under the list
    rows = [QRectF(0, 100, 500, 100), QRectF(0, 220, 500, 100), QRectF(0, 900, 500, 100)]
    button = QRectF(0, 700, 300, 100)
    lists = QRectF(0, 80, 500, 600)
    assert reading_order([button, *rows], [button, lists, lists, lists]) == [1, 2, 3, 0]


def test_focus_moves_in_reading_order_and_wraps(window: KioskWindow) -> None:
    hands = KeypadHands(window)
    window.tap("start")  # a touch: the keypad is not in use, no outline
    assert not window.keypad.navigator.property("active")
    hands.press("down")  # the first key: the first control of the screen
    order = names(window)
    assert order == ["choose_vi", "choose_en", "back", "toggle_large_text", "toggle_contrast",
                     "toggle_sound", "switch_vi", "switch_en"]
    assert hands.focused() == "choose_vi"
    for expected in order[1:]:
        hands.press("down")
        assert hands.focused() == expected
    hands.press("right")  # right is "next" too: past the last, back to the first
    assert hands.focused() == "choose_vi"
    hands.press("up")  # and before the first, the last
    assert hands.focused() == "switch_en"
    hands.press("left")
    assert hands.focused() == "switch_vi"
    hands.press("select")  # the header's language switch, by key
    assert window.visit.language == "vi"
    hands.press("right")
    hands.press("select")
    assert window.visit.language == "en"
    assert window.qml_warnings == []


def test_focus_never_lands_on_a_hidden_control(window: KioskWindow) -> None:
    hands = KeypadHands(window)
    hands.press("down")
    hands.press("select")  # start
    hands.wait_for_focus("choose_vi")
    hands.press("select")
    hands.wait_for_focus("search")
    hands.focus("queue_only", "down")
    order = names(window)
    assert "search" in order and "procedure_CT-BANSAO" in order
    assert all(window.item(name).isVisible() for name in order)
    hands.focus("procedure_HT-KETHON", "down")
    hands.press("select")
    wait_until(lambda: window.visit.stage == Stage.IDENTIFY, 3, "identify")
    window.settle(150)
    shown = names(window)
    assert hands.focused() == shown[0]
    assert {"id_field", "id_continue", "back", "restart"} <= set(shown)
    assert "id_other_ways" not in shown  # shown only while typing
    for _ in range(len(shown) + 1):  # once round: every stop is a shown control
        hands.press("down")
        item = window.keypad.navigator.property("item")
        assert item is not None and item.isVisible() and item.opacity() > 0.05


def test_the_countdown_is_modal_and_any_key_answers_it(window: KioskWindow,
                                                       clock: ManualClock) -> None:
    hands = KeypadHands(window)
    hands.press("down")
    hands.press("select")
    hands.wait_for_focus("choose_vi")
    # The keypad is in use: the idle time is [keypad] idle_s, not the touch screen's.
    clock.now += IDLE_S + 1
    window.presenter.tick()
    assert window.presenter.countdown == 0
    visit = window.visit
    clock.now += visit.keypad_idle_s - IDLE_S
    window.presenter.tick()
    assert 0 < window.presenter.countdown <= visit.keypad_countdown_s
    assert visit.keypad_countdown_s > COUNTDOWN_S
    window.settle(150)
    assert names(window) == ["stay"]  # nothing under the countdown can be focused
    assert window.item("countdown_any_key").isVisible()
    hands.press("down")  # any key: "I am still here", and nothing else
    assert window.presenter.countdown == 0 and visit.stage == Stage.LANGUAGE
    window.settle(150)
    assert hands.focused() == "choose_vi"


def test_the_keypad_mode_ends_with_the_visit(window: KioskWindow) -> None:
    hands = KeypadHands(window)
    hands.press("down")
    hands.press("select")
    hands.wait_for_focus("choose_vi")
    hands.focus("back")
    hands.press("select")
    assert window.visit.stage == Stage.ATTRACT
    window.presenter.restart()  # the visit is wiped (what the idle countdown does)
    window.settle(150)
    assert not window.keypad.navigator.property("active")
    assert not window.item("focus_ring").isVisible()


def _ring_colours(window: KioskWindow, path: Path) -> set[str]:
    window.grab(path)
    image = QImage(str(path))
    item = window.keypad.navigator.property("item")
    top_left = item.mapToScene(QPointF(0, 0))
    found = set()
    y = int(top_left.y() + item.height() / 2)
    for x in range(int(top_left.x()) - 20, int(top_left.x()) + 4):  # across its left edge
        found.add(QColor(image.pixel(x, y)).name())
    return found


def test_the_outline_shows_in_normal_and_high_contrast(window: KioskWindow,
                                                       tmp_path: Path) -> None:
    hands = KeypadHands(window)
    hands.press("down")
    assert hands.focused() == "start"
    assert window.item("focus_ring").isVisible()
    normal = _ring_colours(window, tmp_path / "normal.png")
    assert {"#000000", "#ffb000"} <= normal  # dark outer line, amber inner line
    hands.focus("toggle_contrast")
    hands.press("select")
    assert window.presenter.high_contrast
    hands.focus("start", "up")
    contrast = _ring_colours(window, tmp_path / "contrast.png")
    assert {"#ffffff", "#00e5ff"} <= contrast  # on black: white outer, cyan inner
    # the outline sits outside the button, never over its words
    assert QImage(str(tmp_path / "contrast.png")).size().width() == window.view.width()


def test_the_key_map_comes_from_the_configuration(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[keypad]\nselect = ["Space"]\nhelp = ["H"]\nidle_s = 300\n',
                    encoding="utf-8")
    config = load_config(str(path), environ={})
    keymap = KeyMap(config.keypad)
    assert keymap.action(0x20) == "select" and keymap.action(ord("H")) == "help"
    assert keymap.action(0x01000004) is None  # Return is no longer select
    assert config.keypad.idle_s == 300
    with pytest.raises(ConfigError, match="not one key Qt knows"):
        KeyMap(KeypadConfig(help=("Helpp",)))
    with pytest.raises(ConfigError, match="both \\[keypad\\] up and \\[keypad\\] down"):
        KeyMap(KeypadConfig(down=("Up",)))
    path.write_text('[keypad]\nheadphones = "maybe"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="headphones must be one of auto, always, never"):
        load_config(str(path), environ={})


def test_a_remapped_keypad_drives_the_window(window: KioskWindow) -> None:
    config = KeypadConfig(down=("2",), up=("8",), select=("5",), back=("0",))
    window.keypad.configure(config)
    hands = KeypadHands(window, config)
    hands.press("down")
    assert hands.focused() == "start"
    hands.press("select")
    assert window.visit.stage == Stage.LANGUAGE


def test_the_on_screen_keyboards_return_is_not_the_keypads_select(qapp: object) -> None:
    # Qt Virtual Keyboard's ⏎ is a Return *sent* to the window (not from a device): it
    # goes on to the box typed into (the form's "next field"), never to the keypad.
    used: list[tuple[str, bool]] = []
    keypad = KeypadFilter(KeyMap(KeypadConfig()), lambda action, down, _r: bool(
        used.append((action, down))) or True)
    window = QWindow()
    window.installEventFilter(keypad)
    QCoreApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                                 Qt.KeyboardModifier.NoModifier))
    assert used == []
    QTest.keyPress(window, Qt.Key.Key_Return)  # a key from the window system: a keypad's
    assert used == [("select", True)]
