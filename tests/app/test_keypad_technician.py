"""The technician's PIN pad by the keypad's keys, and its digits never said out loud.

The gesture opens the pad (touch, as on every kiosk); then only keys: the arrows walk
the pad's keys in reading order (1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0 ✓ / cancel), select
presses one. The PIN is checked by the real scrypt gate off the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.ui.kiosk.audio.focus_speech import describe
from kiosk.ui.kiosk.window import KioskWindow
from tests.app.conftest import ManualClock
from tests.app.test_technician import PIN, Kiosk, _config
from tests.support.keypad import KeypadHands

pytestmark = [pytest.mark.slow]


@pytest.fixture
def kiosk(window: KioskWindow, clock: ManualClock, tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(window, _config(tmp_path), clock)
    yield k
    k.close()


def test_the_pin_pad_by_keys(kiosk: Kiosk, qtbot: QtBot) -> None:
    hands = KeypadHands(kiosk.window)
    kiosk.open_pin_pad()
    hands.press("down")  # the pad is modal: its first key, nothing of the visit beneath
    controls = [c.objectName() for c in kiosk.window.keypad.navigator.controls()]
    assert controls == [f"pin_key_{k}" for k in "123456789"] + [
        "pin_key_erase", "pin_key_0", "pin_key_ok", "pin_cancel"]
    item = kiosk.window.keypad.navigator.property("item")
    assert isinstance(item, QQuickItem) and item.objectName() == "pin_key_1"
    public, private = describe(item)
    assert "1" not in public and "1" in private  # the loudspeaker hears "button" only
    for digit in PIN:
        hands.focus(f"pin_key_{digit}")
        hands.press("select")
    assert kiosk.tech.pin_length == len(PIN)
    hands.focus("pin_key_ok", "up")
    hands.press("select")
    qtbot.waitUntil(lambda: not kiosk.tech.checking, timeout=10000)
    assert kiosk.tech.mode == "menu"
