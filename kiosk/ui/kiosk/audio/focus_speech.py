"""Spoken focus: while the keypad is in use, the kiosk says what has the focus.

:class:`FocusSpeech` listens to the keypad's :class:`~kiosk.ui.qt.focus_nav.FocusNavigator`
and says, in the visit's language, through the guide's offline voice
(:meth:`~kiosk.ui.kiosk.audio.guide.AudioGuide.say`, synthesised and played on its
worker thread, never on the UI thread):

- on a new screen, its title once (the first heading), then the focused control;
- on every focus move, the control alone: its accessible name, its role ("nút",
  "ô nhập"), its state (chosen, required, the problem) and its value. A new focus cuts
  the sentence before it short;
- a typed value is personal: the loudspeaker hears only "filled in", the headphones the
  value itself (the guide picks the private variant while headphones are in);
- "help" says the screen's title and its instructions again; volume up/down change
  the voice's loudness and say the new level;
- on the on-screen keyboard, each highlighted key (function keys by what they do; a
  letter with alternatives says "hold for accents"); when a held select opens the
  alternatives, all of them, how to choose, then each chosen one spelled ("ế, e mũ,
  dấu sắc": :mod:`~kiosk.ui.kiosk.audio.letters`). Help on the keyboard repeats how
  to use it.

The words come from the installed translator (``kiosk/assets/i18n/access_*.ts``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, qtTrId
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtQuick import QQuickItem

from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.letters import spell
from kiosk.ui.kiosk.keypad_visit import VisitKeypad
from kiosk.ui.kiosk.presenter import VisitPresenter
from kiosk.ui.qt.focus_nav import is_text_input
from kiosk.ui.qt.vkb_nav import has_alternatives, is_alternative, letter, letters

VOLUME_STEP = 0.15
STATE_DELAY_MS = 60  # the screen shows the new state first
Role = QAccessible.Role


def _clean(text: str) -> str:
    """Screen text as it is spoken: no-break spaces and line breaks become spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def key_words(item: QQuickItem) -> str:
    """What an on-screen keyboard key is called: its letter, or what a function key does."""
    if is_alternative(item):
        return spell(letter(item))
    key = item.property("key")
    named = {
        int(Qt.Key.Key_Return.value): qtTrId("access.key.enter"),
        int(Qt.Key.Key_Backspace.value): qtTrId("access.key.backspace"),
        int(Qt.Key.Key_Shift.value): qtTrId("access.key.shift"),
        int(Qt.Key.Key_Space.value): qtTrId("access.key.space"),
        int(Qt.Key.Key_Context1.value): qtTrId("access.key.symbol"),  # the symbol page
    }
    if isinstance(key, int) and key in named:
        return named[key]
    if item.objectName() == "changeLanguageKey":
        return qtTrId("access.key.language")
    text = str(item.property("displayText") or item.property("text") or "")
    if not text and item.property("functionKey"):
        return qtTrId("access.key.hide")  # the only function key without words
    role = qtTrId("access.role.key")
    if has_alternatives(item):
        accents = qtTrId("access.key.accents")
        return f"{text}, {role}, {accents}"
    return f"{text}, {role}"


def on_keyboard(item: QQuickItem) -> bool:
    """True for a key (or an alternative letter) of the on-screen keyboard."""
    parent = item.parentItem()
    while parent is not None:
        if parent.objectName() == "keyboard":
            return True
        parent = parent.parentItem()
    return False


def join(first: str, then: str) -> str:
    """Two spoken phrases, with a full stop between unless the first ends a sentence."""
    if not first or not then:
        return first or then
    return f"{first} {then}" if first[-1] in ".?!:" else f"{first}. {then}"


def describe(item: QQuickItem) -> tuple[str, str]:
    """(what the loudspeaker may say, what the headphones hear) of a focused control."""
    if on_keyboard(item):
        return key_words(item), ""
    interface = QAccessible.queryAccessibleInterface(item)
    if interface is None:
        return "", ""
    role = interface.role()
    parts = [_clean(interface.text(QAccessible.Text.Name))]
    if is_text_input(item) or role == Role.EditableText:
        parts.append(qtTrId("access.role.field"))
    elif role == Role.CheckBox:
        parts.append(qtTrId("access.role.checkbox"))
    else:
        parts.append(qtTrId("access.role.button"))
    state = interface.state()
    if state.checkable or role == Role.CheckBox:
        parts.append(qtTrId("access.state.checked") if state.checked
                     else qtTrId("access.state.unchecked"))
    description = _clean(interface.text(QAccessible.Text.Description))
    if description:
        parts.append(description)
    public = ", ".join(p for p in parts if p)
    if item.property("secret") is True:  # a PIN digit: only its role out loud
        return qtTrId("access.role.button"), public
    if not is_text_input(item):
        return public, ""
    value = _clean(str(item.property("text") or ""))
    if not value:
        empty = qtTrId("access.value.empty")
        return f"{public}, {empty}", ""
    hidden = qtTrId("access.value.hidden")
    return f"{public}, {hidden}", f"{public}, {value}"


def screen_title(screen: QQuickItem | None) -> str:
    """The first heading shown on ``screen`` (the Loader of the current screen)."""
    pending = [screen] if screen is not None else []
    while pending:
        item = pending.pop(0)
        if not item.isVisible():
            continue
        interface = QAccessible.queryAccessibleInterface(item)
        if interface is not None and interface.role() == Role.Heading:
            return _clean(interface.text(QAccessible.Text.Name))
        pending.extend(sorted(item.childItems(), key=lambda child: child.y()))
    return ""


class FocusSpeech(QObject):
    """Says the keypad's focus through ``guide`` (see the module's docstring)."""

    def __init__(self, keypad: VisitKeypad, guide: AudioGuide,
                 presenter: VisitPresenter) -> None:
        super().__init__(keypad)
        self._keypad = keypad
        self._guide = guide
        self._presenter = presenter
        self._new_screen = True  # the next focus is said after the screen's title
        self._last: tuple[str, str, str] = ("", "", "")  # the control last said
        self._in_row = False  # the focus is on a letter's alternatives
        self._counting = False  # the idle countdown shows
        navigator = keypad.navigator
        navigator.item_changed.connect(self._focused)
        navigator.acted.connect(self._acted)
        navigator.active_changed.connect(self._mode_changed)
        presenter.stage_changed.connect(self._screen_changed)
        presenter.countdown_changed.connect(self._countdown)
        QGuiApplication.inputMethod().visibleChanged.connect(self._keyboard)

    def _language(self) -> str:
        return str(self._presenter.property("language"))

    def _active(self) -> bool:
        return bool(self._keypad.navigator.property("active"))

    def _mode_changed(self) -> None:
        self._guide.keypad_mode = self._active()
        self._new_screen = True

    def _screen_changed(self) -> None:
        self._new_screen = True

    def _countdown(self) -> None:
        counting = int(self._presenter.property("countdown")) > 0
        if counting != self._counting:
            self._counting = counting
            # it came: "press any key" and its button; it went: the screen's title again
            self._new_screen = self._new_screen or self._active()

    def _title(self) -> str:
        return screen_title(self._keypad.screen())

    def _focused(self) -> None:
        item = self._keypad.navigator.property("item")
        if not self._active() or not isinstance(item, QQuickItem):
            return
        public, private = describe(item)
        row, self._in_row = self._in_row, is_alternative(item)
        if self._in_row and not row:  # just opened: all of them first, and how to choose
            choices = qtTrId("access.alternatives").replace("%1", ", ".join(letters(item)))
            public = join(choices, public)
        said = (item.objectName(), public, private)
        if said == self._last and not self._new_screen and item.objectName():
            return  # the same control made again (a list redrawn): nothing new to say
        self._last = said
        queue = False
        if self._new_screen:
            self._new_screen, queue = False, True  # after a notice the guide is saying
            if int(self._presenter.property("countdown")) > 0:
                title = qtTrId("access.any_key")
            else:
                title = self._title()
            public, private = join(title, public), join(title, private) if private else ""
        self._say(public, private, queue)

    def _say(self, words: str, private: str = "", queue: bool = False) -> None:
        self._guide.say(_clean(words), self._language(), _clean(private), queue=queue)

    def _acted(self, action: str) -> None:
        if action == "select":
            QTimer.singleShot(STATE_DELAY_MS, self._state_after_select)
        elif action == "help" and QGuiApplication.inputMethod().isVisible():
            self._say(qtTrId("access.keyboard"))  # how to type, on the keyboard
        elif action == "help":
            self._say(join(self._title(), self._guide.current_prompt()))
        elif action in ("volume_up", "volume_down"):
            level = self._guide.change_volume(VOLUME_STEP if action == "volume_up"
                                              else -VOLUME_STEP)
            self._say(qtTrId("access.volume").replace("%1", str(round(level * 100))))

    def _state_after_select(self) -> None:
        """A box ticked or a choice made stays focused: say its new state."""
        item = self._keypad.navigator.property("item")
        if not self._active() or not isinstance(item, QQuickItem) or self._new_screen:
            return
        interface = QAccessible.queryAccessibleInterface(item)
        if interface is not None and interface.state().checkable:
            public, private = describe(item)
            self._last = (item.objectName(), public, private)
            self._say(public, private)

    def _keyboard(self) -> None:
        if self._active() and QGuiApplication.inputMethod().isVisible():
            self._say(qtTrId("access.keyboard"))
