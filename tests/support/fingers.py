"""A finger on the real window: taps, swipes and the on-screen keyboard's keys.

Finger tests drive the kiosk (or counter) window only through input events, as a
citizen would: :class:`Fingers` presses and releases the mouse at the middle of items
(found by ``objectName``), drags lists, and types by tapping the Qt Virtual Keyboard's
keys — shift for capitals, a long press for Vietnamese letters with diacritics (the
vi_VN layout keeps them as a key's alternatives: "ệ" on "e", "đ" on "d"), the symbol
page for digits and punctuation, ⏎ and the hide key. Nothing here sets a QML property
or calls a presenter slot; a finger that cannot reach something (hidden, off screen,
under the keyboard) is an :class:`AssertionError` saying so.

:func:`wait_until` runs the event loop until a condition holds (chip reads, the outbox
and printing run off the UI thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.ui.qt.qml_window import QmlWindow, UiError

from . import waiting

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def wait_until(condition: Callable[[], object], timeout_s: float = 10.0,
               what: str = "the condition") -> None:
    """Run the event loop until ``condition()`` is true; AssertionError after ``timeout_s``."""
    waiting.wait_until(condition, timeout_s, 0.02, what,
                       pause=lambda seconds: QTest.qWait(int(seconds * 1000)))


def _kind(item: QQuickItem) -> str:
    """A Qt Virtual Keyboard item's QML type: "Key", "ShiftKey", "EnterKey", …"""
    return item.metaObject().className().split("_QMLTYPE")[0].split("_QML_")[0]


def _walk(item: QQuickItem) -> Iterator[QQuickItem]:
    """``item`` and every visible item under it."""
    pending = [item]
    while pending:
        current = pending.pop()
        if not isinstance(current, QQuickItem):
            continue  # a stale wrapper PySide handed back for a dying item
        if current.isVisible():
            yield current
            pending.extend(current.childItems())


class Fingers:
    """Touches one window the way a person does (mouse press and release at a point)."""

    def __init__(self, window: QmlWindow, settle_ms: int = 30) -> None:
        self.window = window
        self.settle_ms = settle_ms
        self._last_shift = 0.0

    # -- points and items ------------------------------------------------------------

    def item(self, name: str, timeout_s: float = 5.0) -> QQuickItem:
        """The item called ``name``, once the window shows it (waits for screens to load)."""
        wait_until(lambda: self.window.has_item(name), timeout_s, f"an item named {name!r}")
        return self.window.item(name)

    @staticmethod
    def centre(item: QQuickItem) -> QPoint:
        """The middle of ``item`` in window coordinates."""
        return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()

    def keyboard(self) -> QQuickItem:
        """The on-screen keyboard (the InputPanel called "keyboard")."""
        return self.window.item("keyboard")

    def keyboard_up(self) -> bool:
        """True while the on-screen keyboard shows."""
        return bool(self.keyboard().property("active")) and QGuiApplication.inputMethod(
            ).isVisible()

    def keyboard_top(self) -> float:
        """Where the keyboard starts (window y); the window's height when it is down."""
        if not self.keyboard_up():
            return float(self.window.view.height())
        return float(self.keyboard().mapToScene(QPointF(0, 0)).y())

    def reachable(self, item: QQuickItem) -> bool:
        """True when a finger can touch the middle of ``item``: shown, on screen, uncovered."""
        if not item.isVisible() or item.width() <= 0 or item.height() <= 0:
            return False
        point = self.centre(item)
        view = self.window.view
        if not (0 <= point.x() < view.width() and 0 <= point.y() < view.height()):
            return False
        return self._inside_clips(item, point) and not self._under_keyboard(item, point)

    @staticmethod
    def _inside_clips(item: QQuickItem, point: QPoint) -> bool:
        """False when a clipping parent (a list's frame) hides the point of ``item``."""
        parent = item.parentItem()
        while parent is not None:
            if parent.clip():
                top_left = parent.mapToScene(QPointF(0, 0))
                if not (top_left.x() <= point.x() < top_left.x() + parent.width()
                        and top_left.y() <= point.y() < top_left.y() + parent.height()):
                    return False
            parent = parent.parentItem()
        return True

    def _under_keyboard(self, item: QQuickItem, point: QPoint) -> bool:
        keyboard = self.keyboard()
        if not self.keyboard_up() or keyboard.isAncestorOf(item) or item == keyboard:
            return False
        left = keyboard.mapToScene(QPointF(0, 0)).x()
        return point.y() >= self.keyboard_top() and left <= point.x() < left + keyboard.width()

    def _click(self, point: QPoint) -> None:
        QTest.mouseClick(self.window.view, LEFT, NONE, point)
        QTest.qWait(self.settle_ms)

    def tap(self, name: str) -> None:
        """Tap the middle of the item ``name``; AssertionError if a finger cannot reach it."""
        item = self.item(name)
        self.window.settle()
        if not self.reachable(item):
            raise AssertionError(f"{name} cannot be touched (hidden, off screen or under "
                                 "the keyboard).")
        self._click(self.centre(item))

    # -- lists -----------------------------------------------------------------------

    def swipe_into_view(self, name: str, tries: int = 12) -> int:
        """Drag the list or page holding ``name`` until a finger can reach it.

        Returns how many swipes it took (0: already reachable). A row a list has not
        made yet is found by swiping on (down the list first, then back up).
        """
        direction = -1  # finger moves up: the list shows what is further down
        for swipes in range(tries):
            self.window.settle()
            if self.window.has_item(name):
                item = self.window.item(name)
                if self.reachable(item):
                    return swipes
                flick = self._flickable(item)
                if flick is None:
                    raise AssertionError(f"{name} cannot be touched and is in no list.")
                below = self.centre(item).y() >= flick.mapToScene(QPointF(0, 0)).y()
                direction = -1 if below else 1
            else:
                flick = self._any_flickable()
                if self._at_end(flick, direction):
                    direction = -direction
            self._swipe(flick, direction)
        raise AssertionError(f"{tries} swipes did not bring {name} into reach.")

    @staticmethod
    def _flickable(item: QQuickItem) -> QQuickItem | None:
        parent = item.parentItem()
        while parent is not None and parent.metaObject().indexOfProperty("contentY") < 0:
            parent = parent.parentItem()
        return parent

    def _any_flickable(self) -> QQuickItem:
        screen = self.window.item("screen")
        for item in _walk(screen):
            if item.metaObject().indexOfProperty("contentY") >= 0 and bool(
                    item.property("interactive")):
                return item
        raise AssertionError("The screen has no list to swipe.")

    @staticmethod
    def _at_end(flick: QQuickItem, direction: int) -> bool:
        if direction < 0:
            return bool(flick.property("atYEnd"))
        return bool(flick.property("atYBeginning"))

    def _visible_bottom(self, flick: QQuickItem) -> float:
        bottom = flick.mapToScene(QPointF(0, flick.height())).y()
        return min(bottom, self.keyboard_top())

    def _swipe(self, flick: QQuickItem, direction: int) -> None:
        """A slow drag over 60 % of the list's visible height, then lift (no fling)."""
        top = flick.mapToScene(QPointF(0, 0)).y()
        bottom = self._visible_bottom(flick)
        x = int(flick.mapToScene(QPointF(flick.width() / 2, 0)).x())
        span = (bottom - top) * 0.6
        start = (top + bottom) / 2 - direction * span / 2
        view = self.window.view
        QTest.mousePress(view, LEFT, NONE, QPoint(x, int(start)))
        steps = 12
        for step in range(1, steps + 1):
            QTest.mouseMove(view, QPoint(x, int(start + direction * span * step / steps)), 16)
        # Hold still before lifting (the delay also moves the events' clock): the list
        # stops where the finger did instead of flinging on.
        QTest.mouseRelease(view, LEFT, NONE, QPoint(x, int(start + direction * span)), 250)
        wait_until(lambda: not flick.property("moving"), 3.0, "the list to stop")
        QTest.qWait(self.settle_ms)

    # -- the on-screen keyboard ------------------------------------------------------

    def _keys(self) -> list[QQuickItem]:
        return [k for k in _walk(self.keyboard()) if _kind(k).endswith("Key")
                and k.width() > 0]

    def _key_of(self, kind: str, shown: str = "") -> QQuickItem | None:
        for key in self._keys():
            if _kind(key) == kind and (not shown or key.property("displayText") == shown):
                return key
        return None

    def _press_kind(self, kind: str, shown: str = "") -> None:
        key = self._key_of(kind, shown)
        if key is None:
            raise AssertionError(f"The on-screen keyboard shows no {kind} {shown}".strip()
                                 + ".")
        self._click(self.centre(key))

    def _letter_key(self, char: str) -> tuple[QQuickItem, bool] | None:
        """The key typing ``char`` directly (False) or as a long-press alternative (True)."""
        low = char.lower()
        for key in self._keys():
            if _kind(key) not in ("Key", "SpaceKey"):
                continue
            if key.property("text") in (char, low):
                return key, False
        for key in self._keys():
            if _kind(key) != "Key":
                continue
            if low in self._alternatives(key):
                return key, True
        return None

    @staticmethod
    def _alternatives(key: QQuickItem) -> str:
        from PySide6.QtQml import QQmlProperty

        value = QQmlProperty.read(key, "effectiveAlternativeKeys")
        if hasattr(value, "toVariant"):
            value = value.toVariant()
        if isinstance(value, str):
            return value
        return "".join(str(v) for v in value or [])

    def _find(self, char: str) -> tuple[QQuickItem, bool]:
        """The key for ``char``, turning pages (letters, symbols 1/2, 2/2) as needed."""
        for _ in range(4):
            found = self._letter_key(char)
            if found is not None:
                return found
            self._turn_page()
        raise AssertionError(f"The on-screen keyboard has no key for {char!r}.")

    def _turn_page(self) -> None:
        pages = self._key_of("Key", "1/2") or self._key_of("Key", "2/2")
        mode = self._key_of("SymbolModeKey")
        if pages is not None and pages.property("displayText") == "1/2":
            self._click(self.centre(pages))
        elif mode is not None:
            self._click(self.centre(mode))
        else:
            raise AssertionError("The on-screen keyboard has no symbol page.")

    def _set_case(self, upper: bool) -> None:
        """Tap shift until the letters are the case wanted (a slow second tap: no caps lock)."""
        for _ in range(3):
            letter = next((k for k in self._keys() if _kind(k) == "Key"
                           and str(k.property("text")).isalpha()), None)
            if letter is None or bool(letter.property("uppercased")) == upper:
                return
            since = time.monotonic() - self._last_shift
            interval = QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000
            if since < interval + 0.05:
                QTest.qWait(int((interval + 0.05 - since) * 1000))
            self._press_kind("ShiftKey")
            self._last_shift = time.monotonic()
        raise AssertionError("Shift did not change the keyboard's case.")

    def _long_press(self, key: QQuickItem, char: str) -> None:
        """Hold ``key`` until its alternatives open, slide to ``char``, lift."""
        view = self.window.view
        QTest.mousePress(view, LEFT, NONE, self.centre(key))
        choice: list[QQuickItem] = []

        def shown() -> bool:
            choice[:] = [cell for cell in self._alternative_cells() if any(
                t.property("text") == char for t in cell.childItems())]
            return bool(choice)

        wait_until(shown, 3.0, f"the alternatives of a key ({char!r})")
        target = self.centre(choice[0])
        QTest.mouseMove(view, target, 16)
        QTest.qWait(self.settle_ms)
        QTest.mouseRelease(view, LEFT, NONE, target)
        QTest.qWait(self.settle_ms)

    def _alternative_cells(self) -> list[QQuickItem]:
        """The cells of the open alternatives popup (a ListView inside AlternativeKeys)."""
        for popup in _walk(self.keyboard()):
            if _kind(popup) != "AlternativeKeys":
                continue
            for view in popup.childItems():
                content = view.property("contentItem")
                if view.isVisible() and isinstance(content, QQuickItem):
                    return list(content.childItems())
        return []

    def type(self, text: str) -> None:
        """Type ``text`` on the on-screen keyboard, one key (or long press) per character."""
        if not self.keyboard_up():
            raise AssertionError("The on-screen keyboard is not showing.")
        for char in text:
            key, alternative = self._find(char)
            if char.isalpha():
                self._set_case(char.isupper())
                key, alternative = self._find(char)  # shift redraws the keys
            if alternative:
                self._long_press(key, char)
            else:
                self._click(self.centre(key))

    def enter(self) -> None:
        """The keyboard's ⏎ key."""
        self._press_kind("EnterKey")

    def backspace(self, times: int = 1) -> None:
        """The keyboard's ⌫ key, ``times`` times."""
        for _ in range(times):
            self._press_kind("BackspaceKey")

    def hide_keyboard(self) -> None:
        """The keyboard's own "hide" key."""
        self._press_kind("HideKeyboardKey")
        wait_until(lambda: not self.keyboard_up(), 3.0, "the keyboard to go down")


__all__ = ["Fingers", "UiError", "wait_until"]
