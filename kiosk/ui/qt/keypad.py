"""The tactile keypad: which keyboard keys are which keypad action (docs/accessibility.md).

A kiosk's accessible keypad (arrows, select, back, help, volume) is a USB keyboard with
few keys, so the keys are read as ordinary key events and mapped to actions by the
``[keypad]`` configuration (:class:`~kiosk.core.config.KeypadConfig`): any keypad that
sends keys works, and a center can remap one without code.

:class:`KeyMap` turns the configured key names into Qt key codes (a name Qt does not
know, or one key given to two actions, is a :class:`~kiosk.core.errors.ConfigError`
saying which); :class:`KeypadFilter` watches a window's key events and hands each
keypad key to a handler, which says whether it used it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QWindow

from kiosk.core.config import KeypadConfig
from kiosk.core.errors import ConfigError

ACTIONS = ("up", "down", "left", "right", "select", "back", "help", "volume_up",
           "volume_down")
# The modifiers a keypad key may carry: none, or "from the numeric keypad".
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)

# (action, pressed, auto-repeat) -> True when the key was used (and goes no further)
KeyHandler = Callable[[str, bool, bool], bool]


def key_code(name: str, action: str) -> int:
    """The Qt key code of the key called ``name`` (``Up``, ``F9``, ``Volume Up``, ``+``)."""
    text = name.strip()
    sequence = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    if text == "+":  # the sequence separator, alone: the plus key
        return int(Qt.Key.Key_Plus.value)
    first: QKeyCombination | None = (
        sequence[0] if sequence.count() == 1 else None)  # type: ignore[index]  # (stubs lack [])
    if (first is None or first.key() == Qt.Key.Key_unknown
            or first.keyboardModifiers() != Qt.KeyboardModifier.NoModifier):
        raise ConfigError(f"The setting [keypad] {action} names {name!r}, which is not one "
                          "key Qt knows (e.g. Up, Return, Escape, F9, Volume Up, +).")
    return int(first.key().value)


class KeyMap:
    """Qt key code → keypad action, from the ``[keypad]`` settings."""

    def __init__(self, config: KeypadConfig) -> None:
        self.config = config
        self._actions: dict[int, str] = {}
        for action in ACTIONS:
            for name in getattr(config, action):
                code = key_code(name, action)
                other = self._actions.setdefault(code, action)
                if other != action:
                    raise ConfigError(f"The key {name!r} is given to both [keypad] {other} "
                                      f"and [keypad] {action}; give each key one action.")

    def action(self, key: int) -> str | None:
        """The action of the key ``key`` (a Qt key code), or None for another key."""
        return self._actions.get(key)

    def keys(self, action: str) -> list[int]:
        """The key codes that do ``action``."""
        return [code for code, named in self._actions.items() if named == action]


def keypad_settings() -> tuple[str, ...]:
    """The names of the ``[keypad]`` settings that are key lists (for the docs' table)."""
    return tuple(f.name for f in fields(KeypadConfig) if f.name in ACTIONS)


class KeypadFilter(QObject):
    """Hands each keypad key pressed in a window to ``handler`` (installed on the window).

    Keys the handler uses stop here; other keys (a counter's typing, the developer's
    F-keys) go on as usual, and so do keys the app sends itself (the on-screen keyboard's
    ⏎ is a Return sent to the window: it is the box's, not the keypad's select).
    :meth:`send` delivers a key past this filter (the on-screen keyboard's own arrow
    navigation receives the canonical arrow and Return keys).
    """

    def __init__(self, keymap: KeyMap, handler: KeyHandler, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self.keymap = keymap
        self._handler = handler
        self._passing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Qt's hook: a keypad key goes to the handler."""
        if self._passing or event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not event.spontaneous():
            # Sent from inside the app, not pressed on a device: the on-screen keyboard's
            # own keys (its ⏎ is a Return sent to the window) go to the box typed into.
            return False
        assert isinstance(event, QKeyEvent)
        if event.modifiers() not in _PLAIN:
            return False
        action = self.keymap.action(event.key())
        if action is None:
            return False
        return self._handler(action, event.type() == QEvent.Type.KeyPress,
                             event.isAutoRepeat())

    def send(self, window: QWindow, key: Qt.Key, pressed: bool, repeat: bool = False) -> None:
        """Deliver ``key`` (press or release) to ``window`` soon, without handling it here.

        As a key from the window system (QTest's path into QWindowSystemInterface): the
        on-screen keyboard's input context only filters those, not events sent to an
        item. ``repeat`` keeps a held key's auto-repeat flag: the on-screen keyboard opens
        a letter's alternatives on a held select only if its repeats say they are
        repeats (as new presses, each one types the letter again). After this event is
        done (a key delivered from inside a key event crashes).
        """
        QTimer.singleShot(0, lambda: self._deliver(window, key, pressed, repeat))

    def _deliver(self, window: QWindow, key: Qt.Key, pressed: bool, repeat: bool) -> None:
        from PySide6.QtTest import QTest  # only the on-screen keyboard needs it

        code = int(key.value)
        text = "\r" if key == Qt.Key.Key_Return else ""  # as QTest.keyPress gives them
        self._passing = True
        try:
            QTest.simulateEvent(window, pressed, code, Qt.KeyboardModifier.NoModifier, text,
                                repeat)
        finally:
            self._passing = False
