"""A citizen's hands on the tactile keypad: key events only, never a touch.

:class:`KeypadHands` presses the keys the ``[keypad]`` configuration gives each action
(arrows, select, back, help, volume) on the real window, through Qt's key events (the
path a USB keypad takes). To know where it is, it looks at what has the keypad's focus
(as a blind citizen hears it): :meth:`KeypadHands.focus` presses "down" until the
control named has the focus. On the on-screen keyboard it steers the keyboard's own
highlight with the arrows to the key of each character, then presses select.

:class:`RecordingCache` is the guide's real prompt cache (espeak-ng synthesises every
sentence), recording each sentence it was asked to say, in order.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.core.config import KeypadConfig
from kiosk.ui.kiosk.audio.cache import PromptCache
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.focus_nav import keyboard_key
from kiosk.ui.qt.keypad import KeyMap

from .fingers import Fingers, _kind, wait_until


class RecordingCache(PromptCache):
    """A :class:`PromptCache` that remembers every sentence it synthesised, in order."""

    def __init__(self, folder: Path, speed_wpm: int = 175) -> None:
        super().__init__(folder, speed_wpm)
        self.texts: list[str] = []
        self._lock = threading.Lock()

    def get(self, text: str, voice: str) -> Path:
        """Synthesise (or find) ``text``, and note that it was asked for."""
        with self._lock:
            self.texts.append(text)
        return super().get(text, voice)


class KeypadHands:
    """Presses the keypad's keys on one kiosk window."""

    def __init__(self, window: KioskWindow, config: KeypadConfig | None = None) -> None:
        self.window = window
        self.keymap = KeyMap(config or KeypadConfig())
        self._eyes = Fingers(window)  # to find keyboard keys by their letter (never taps)

    def key_of(self, action: str) -> Qt.Key:
        """The first key the configuration gives ``action``."""
        return Qt.Key(self.keymap.keys(action)[0])

    def press(self, action: str, hold_ms: int = 0) -> None:
        """Press and release the key of ``action`` (held ``hold_ms``)."""
        key = self.key_of(action)
        QTest.keyPress(self.window.view, key)
        if hold_ms:
            QTest.qWait(hold_ms)
        QTest.keyRelease(self.window.view, key)
        self.window.settle(60)

    def focused(self) -> str:
        """The objectName of the control with the keypad's focus ("" if none)."""
        item = self.window.keypad.navigator.property("item")
        return item.objectName() if isinstance(item, QQuickItem) else ""

    def focus(self, name: str, action: str = "down", limit: int = 40) -> int:
        """Press ``action`` until ``name`` has the focus; how many presses it took."""
        for presses in range(limit):
            if self.focused() == name:
                return presses
            self.press(action)
        raise AssertionError(f"{limit} presses of {action} did not reach {name!r} "
                             f"(at {self.focused()!r}).")

    def pick_split_wards(self) -> int:
        """By keys, what :func:`tests.support.form_typing.pick_split_wards` does by touch:
        for each address whose old ward was split in 2025, the first current ward offered
        is focused and selected; the number of wards picked."""
        picked = 0
        for name, address in list(self.window.visit.data.addresses.items()):
            if address.status == "ambiguous":
                self.focus(f"address_{name}_{address.candidates[0].ward.code}")
                self.press("select")
                wait_until(lambda name=name: self.window.visit.data.addresses[name].status
                           != "ambiguous", 3, "the ward picked")
                picked += 1
        return picked

    def wait_for_focus(self, name: str, timeout_s: float = 5.0) -> None:
        """A new screen focuses its first control by itself: wait for it to be ``name``."""
        wait_until(lambda: self.focused() == name, timeout_s, f"the focus on {name!r}")

    # -- the on-screen keyboard ------------------------------------------------------

    def _key_for(self, char: str) -> QQuickItem:
        for key in self._eyes._keys():
            if _kind(key) in ("Key", "SpaceKey") and key.property("text") in (char, char.lower()):
                return key
        raise AssertionError(f"The on-screen keyboard shows no key {char!r}.")

    def _walk_to(self, target: QQuickItem, limit: int = 30) -> None:
        for _ in range(limit):
            current = keyboard_key(self.window.view)
            if current is None:
                self.press("right")  # the first arrow lights the keyboard's first key
                continue
            if current == target:
                return
            here = current.mapToScene(QPointF(current.width() / 2, current.height() / 2))
            there = target.mapToScene(QPointF(target.width() / 2, target.height() / 2))
            if abs(there.y() - here.y()) > current.height() / 2:
                self.press("down" if there.y() > here.y() else "up")
            else:
                self.press("right" if there.x() > here.x() else "left")
        raise AssertionError(f"The keyboard's highlight did not reach {target.property('text')!r}.")

    def type(self, text: str) -> None:
        """Type ``text`` (lower-case letters, digits on the digit pad, spaces) by keys."""
        wait_until(self._eyes.keyboard_up, 3, "the on-screen keyboard")
        for char in text:
            self._walk_to(self._key_for(char))
            self.press("select")
