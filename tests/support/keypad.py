"""A citizen's hands on the tactile keypad: key events only, never a touch.

:class:`KeypadHands` presses the keys the ``[keypad]`` configuration gives each action
(arrows, select, back, help, volume) on the real window, through Qt's key events (the
path a USB keypad takes). To know where it is, it looks at what has the keypad's focus
(as a blind citizen hears it): :meth:`KeypadHands.focus` presses "down" until the
control named has the focus. On the on-screen keyboard it steers the keyboard's own
highlight with the arrows to the key of each character, then presses select; a letter
with diacritics ("ế" on "e") is typed as a blind citizen is told to: select held on its
key (with the auto-repeats a real keyboard sends) opens the alternatives, the arrows
move along them until the spoken focus is on the letter, select types it. Capitals
press the keyboard's shift key first.

:class:`RecordingCache` is the guide's real prompt cache (espeak-ng synthesises every
sentence), recording each sentence it was asked to say, in order.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.core.config import KeypadConfig
from kiosk.ui.kiosk.audio.cache import PromptCache
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.keypad import KeyMap
from kiosk.ui.qt.vkb_nav import is_alternative, keyboard_key, letter, letters

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


NONE = Qt.KeyboardModifier.NoModifier
REPEAT_DELAY_MS, REPEAT_EVERY_MS = 300, 33  # a keyboard's auto-repeat (X11's defaults ~)


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

    def hold(self, action: str, hold_ms: int = 800) -> None:
        """Hold the key of ``action`` as a real keyboard does: the press, then after the
        auto-repeat delay a release and a press every ``REPEAT_EVERY_MS``, both marked
        auto-repeat (what Qt's xcb and Wayland backends deliver), then the release."""
        key = self.key_of(action)
        code, text = int(key.value), "\r" if key == Qt.Key.Key_Return else ""
        view = self.window.view
        QTest.simulateEvent(view, True, code, NONE, text, False)
        QTest.qWait(REPEAT_DELAY_MS)
        held = REPEAT_DELAY_MS
        while held < hold_ms:
            QTest.simulateEvent(view, False, code, NONE, text, True)
            QTest.simulateEvent(view, True, code, NONE, text, True)
            QTest.qWait(REPEAT_EVERY_MS)
            held += REPEAT_EVERY_MS
        QTest.simulateEvent(view, False, code, NONE, text, False)
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

    def _focused_item(self) -> QQuickItem | None:
        item = self.window.keypad.navigator.property("item")
        return item if isinstance(item, QQuickItem) else None

    def _set_case(self, upper: bool) -> None:
        """Select the keyboard's shift key until its letters are the case wanted."""
        for _ in range(3):
            sample = next((k for k in self._eyes._keys() if _kind(k) == "Key"
                           and str(k.property("text")).isalpha()), None)
            if sample is None or bool(sample.property("uppercased")) == upper:
                return
            shift = next(k for k in self._eyes._keys() if _kind(k) == "ShiftKey")
            self._walk_to(shift)
            self.press("select")
            QTest.qWait(QGuiApplication.styleHints().mouseDoubleClickInterval() + 50)
        raise AssertionError("The shift key did not change the keyboard's case.")

    def _choose(self, char: str) -> None:
        """Arrows along the open alternatives until the focus (as spoken) is on ``char``."""
        wait_until(lambda: (item := self._focused_item()) is not None and is_alternative(item),
                   3, f"the alternatives holding {char!r}")
        for _ in range(20):
            item = self._focused_item()
            assert item is not None and is_alternative(item), "the alternatives closed"
            if letter(item) == char:
                return
            row = letters(item)
            self.press("right" if row.index(char) > row.index(letter(item)) else "left")
        raise AssertionError(f"The arrows did not reach {char!r} among the alternatives.")

    def type(self, text: str) -> None:
        """Type ``text`` (letters with or without diacritics, capitals, digits on the
        digit pad, spaces) by keys."""
        wait_until(self._eyes.keyboard_up, 3, "the on-screen keyboard")
        for char in text:
            if char.isalpha():
                self._set_case(char.isupper())
            found = self._eyes._letter_key(char)
            if found is None:
                raise AssertionError(f"The on-screen keyboard shows no key for {char!r}.")
            key, alternative = found
            self._walk_to(key)
            if alternative:
                self.hold("select")
                self._choose(char)
            self.press("select")
