"""Keypad focus: move through a screen's controls in reading order, act on the focused one.

:class:`FocusNavigator` is what the tactile keypad drives (docs/accessibility.md). The
controls are the items that take keyboard focus (``activeFocusOnTab``: every
``BigButton``, field and toggle sets it), visible, not transparent, enabled and inside
the window or a list that can scroll them into view. The window gives the *scopes* to
look in, the first that holds a control wins: a countdown or a PIN pad on top is modal.

- down/right: the next control in reading order (rows top to bottom, each left to right),
  up/left the previous; past the last it wraps to the first (and back);
- select: the focused control's accessibility "press" action (what a screen reader
  uses), else a tap at its middle; on a text field it opens the on-screen keyboard;
- while the on-screen keyboard is up, the arrows and select go to its own key
  navigation (Qt Virtual Keyboard's ``arrowKeyNavigationEnabled``) and back puts it away;
- the focused item is exposed to QML as ``item`` (the focus ring draws around it) and
  ``active`` says whether the keypad is in use (the ring shows only then).

Real Qt focus follows (``forceActiveFocus``), so a screen reader hears the same focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Property, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtQuick import QQuickItem, QQuickView

from kiosk.ui.qt.keypad import ACTIONS, KeyMap, KeypadFilter
from kiosk.ui.qt.vkb_nav import alternatives_open, keyboard_key, watch_alternatives

NEXT = ("down", "right")
PREVIOUS = ("up", "left")
VKB_KEYS = {"up": Qt.Key.Key_Up, "down": Qt.Key.Key_Down, "left": Qt.Key.Key_Left,
            "right": Qt.Key.Key_Right, "select": Qt.Key.Key_Return}
FIRST_FOCUS_MS = 80  # a new screen lays out in the next frame: focus its first control then


def reading_order(rects: Sequence[QRectF], blocks: Sequence[QRectF] | None = None
                  ) -> list[int]:
    """Indexes of ``rects`` in reading order: rows top to bottom, each row left to right.

    A rectangle starts a new row when its top is below the middle of the row's first
    one, so a tall button beside a short one stays on the same row. ``blocks`` (the
    list each control scrolls in, else the control itself) keeps a list's rows together
    where the list is, in their own order, whatever part of them is scrolled away.
    """
    outer = list(blocks) if blocks is not None else list(rects)
    by_top = sorted(range(len(rects)), key=lambda i: (outer[i].top(), outer[i].left(),
                                                      rects[i].top(), rects[i].left()))
    rows: list[list[int]] = []
    for i in by_top:
        if rows and outer[i].top() < outer[rows[-1][0]].center().y():
            rows[-1].append(i)
        else:
            rows.append([i])
    return [i for row in rows for i in sorted(
        row, key=lambda j: (outer[j].left(), rects[j].top(), rects[j].left()))]


def _shown(item: QQuickItem) -> bool:
    """Visible, not transparent, enabled (itself and every parent)."""
    current: QQuickItem | None = item
    while current is not None:
        if not current.isVisible() or current.opacity() < 0.05 or not current.isEnabled():
            return False
        current = current.parentItem()
    return item.width() > 0 and item.height() > 0


def _scroller(item: QQuickItem) -> QQuickItem | None:
    """The list or page (a Flickable) ``item`` scrolls in, if any."""
    parent = item.parentItem()
    while parent is not None and parent.property("contentY") is None:
        parent = parent.parentItem()
    return parent


def scene_rect(item: QQuickItem) -> QRectF:
    """Where ``item`` is in the window."""
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _typing(view: QQuickView) -> bool:
    """True while a text box of ``view`` has the keyboard focus."""
    focused = view.activeFocusItem()
    return isinstance(focused, QQuickItem) and is_text_input(focused)


def is_text_input(item: QQuickItem) -> bool:
    """True for a box the citizen types into (TextField, TextArea, TextInput)."""
    # Properties, not metaObject(): PySide keeps a wrapper of a QML type's metaobject by
    # its address, and hands it back for a new item made at that address later.
    return item.property("cursorPosition") is not None and item.property("readOnly") is not None


class FocusNavigator(QObject):
    """The keypad's focus in one window; ``scopes()`` lists where to look, modal first."""

    item_changed = Signal()
    active_changed = Signal()
    # every keypad action once handled (help, volume: for the spoken focus)
    acted = Signal(str)

    def __init__(self, view: QQuickView, keymap: KeyMap,
                 scopes: Callable[[], list[list[QQuickItem]]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.scopes = scopes
        self.filter = KeypadFilter(keymap, self.key, self)
        view.installEventFilter(self.filter)
        self._item: QQuickItem | None = None
        self._name = ""  # the focused control's objectName, to find it again
        self._typing_in: QQuickItem | None = None  # the box the keyboard types into
        self._watching = False  # following the keyboard's alternatives row
        QGuiApplication.inputMethod().visibleChanged.connect(self._keyboard_shown)
        self._active = False
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(FIRST_FOCUS_MS)
        self._first.timeout.connect(self.focus_first)
        # Another part of the app can see a key before it is handled (the visit's clock).
        self.before_key: Callable[[str], bool] = lambda _action: False
        # A desk with a real keyboard (the counter): in a text box only up and down
        # leave it; the other keys type, move the cursor and submit as usual (and never
        # steer an on-screen keyboard, should one be up).
        self.typing_passes = False
        # The actions this window uses; other keypad keys go on as ordinary keys (the
        # counter has no voice: its Escape, + and - keep their usual meaning).
        self.actions = frozenset(ACTIONS)

    # -- what QML sees -------------------------------------------------------------------
    def _get_item(self) -> QQuickItem | None:
        return self._item

    def _is_active(self) -> bool:
        return self._active

    item = Property(QQuickItem, _get_item, notify=item_changed)
    active = Property(bool, _is_active, notify=active_changed)

    def set_active(self, active: bool) -> None:
        """The keypad is in use (true) or was left for touch, or the visit ended (false)."""
        if active != self._active:
            self._active = active
            self.active_changed.emit()
        if not active:
            self._set_item(None)

    # -- the controls --------------------------------------------------------------------
    def controls(self) -> list[QQuickItem]:
        """The focusable controls of the first scope that has any: each of its roots in
        reading order, one root after the other (the screen, then the header)."""
        for roots in self.scopes():
            ordered: list[QQuickItem] = []
            for root in roots:
                found = self._focusable(root)
                blocks = [scene_rect(_scroller(item) or item) for item in found]
                order = reading_order([scene_rect(item) for item in found], blocks)
                ordered += [found[i] for i in order]
            if ordered:
                return ordered
        return []

    def _focusable(self, root: QQuickItem) -> list[QQuickItem]:
        found: list[QQuickItem] = []
        pending = [root]
        height, width = self.view.height(), self.view.width()
        while pending:
            item = pending.pop()
            if not isinstance(item, QQuickItem) or not item.isVisible() or item.opacity() < 0.05:
                continue
            pending.extend(item.childItems())
            if not item.activeFocusOnTab() or not _shown(item):
                continue
            rect = scene_rect(item)
            in_window = rect.bottom() > 0 and rect.top() < height and rect.right() > 0 \
                and rect.left() < width
            if in_window or _scroller(item) is not None:
                found.append(item)
        return found

    def _set_item(self, item: QQuickItem | None) -> None:
        if item is not None:
            self.reveal(item)
            if not is_text_input(item) or self.typing_passes:  # (a real keyboard types)
                item.forceActiveFocus(Qt.FocusReason.TabFocusReason)
            elif not self.keyboard_up():
                # a box opens the keyboard when it takes the focus: only select does that
                self.view.contentItem().forceActiveFocus(Qt.FocusReason.TabFocusReason)
        self._point_at(item)

    def _point_at(self, item: QQuickItem | None) -> None:
        """``item`` is the focus now; a screen that goes takes its controls with it."""
        if item is self._item:
            return
        if self._item is not None:
            self._item.destroyed.disconnect(self._lost)
        self._item = item
        self._name = item.objectName() if item is not None else ""
        if item is not None:
            item.destroyed.connect(self._lost)
        self.item_changed.emit()

    def _lost(self) -> None:
        self._item = None  # deleted: never touched again
        self.item_changed.emit()
        if self._name:  # a list that made its rows again: the same control, new item
            QTimer.singleShot(0, self._find_again)

    def _find_again(self) -> None:
        if self._item is None and self._active and self._name:
            again = next((c for c in self.controls() if c.objectName() == self._name), None)
            if again is not None:
                self._point_at(again)

    def reveal(self, item: QQuickItem) -> None:
        """Scroll the list or page holding ``item`` until all of it shows (if it can)."""
        flick = _scroller(item)
        if flick is None:
            return
        top = flick.mapToScene(QPointF(0, 0)).y()
        rect = scene_rect(item)
        if top <= rect.top() and rect.bottom() <= top + flick.height():
            return
        y = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        origin = float(flick.property("originY"))
        end = origin + max(0.0, float(flick.property("contentHeight")) - flick.height())
        if rect.bottom() > top + flick.height():  # below: its bottom at the list's bottom
            y = y + item.height() - flick.height() + 24
        else:
            y -= 24
        flick.setProperty("contentY", min(max(y, origin), end))

    def focus_first(self) -> None:
        """Focus the first control of the screen (a new screen or scope came up)."""
        if not self._active:
            return
        controls = self.controls()
        self._set_item(controls[0] if controls else None)

    def screen_changed(self) -> None:
        """The window shows a new screen: its first control gets the focus once laid out."""
        if self._active:
            self._first.start()

    def move(self, step: int) -> None:
        """Focus the control ``step`` (+1 or -1) away in reading order, wrapping around."""
        controls = self.controls()
        if not controls:
            self._set_item(None)
            return
        current = self._item
        if current is None and self.view.activeFocusItem() in controls:
            current = self.view.activeFocusItem()  # go on from where Qt's focus is
        if current is not None and current in controls:
            at = controls.index(current)
            following = controls[(at + step) % len(controls)]
            if self._list_goes_on(current, following, step):
                controls = self.controls()  # the list made its next rows: look again
                at = controls.index(current) if current in controls else at
                following = controls[(at + step) % len(controls)]
            self._set_item(following)
            return
        if current is not None and current.window() is not None:
            # the focused control went (hidden, another scope): the next one after its place
            place = scene_rect(current)
            after = [i for i, item in enumerate(controls)
                     if (scene_rect(item).top(), scene_rect(item).left())
                     > (place.top(), place.left())]
            self._set_item(controls[after[0] if after and step > 0 else 0])
            return
        self._set_item(controls[0] if step > 0 else controls[-1])

    def _list_goes_on(self, item: QQuickItem, following: QQuickItem, step: int) -> bool:
        """Leaving a list that has rows not made yet: scroll it on a row; True if it did."""
        flick = _scroller(item)
        if flick is None or _scroller(following) is flick:
            return False
        if bool(flick.property("atYEnd" if step > 0 else "atYBeginning")):
            return False
        y = float(flick.property("contentY")) + step * item.height()
        flick.setProperty("contentY", y)
        return True

    # -- keys ----------------------------------------------------------------------------
    def keyboard_up(self) -> bool:
        """True while the on-screen keyboard shows."""
        return QGuiApplication.inputMethod().isVisible()

    def key(self, action: str, pressed: bool, repeat: bool) -> bool:
        """A keypad key went down (``pressed``) or up; True: it was used here."""
        if not self._active and not self.typing_passes and _typing(self.view):
            # a keyboard typing into a box before any keypad use (a wedge scanner, a
            # technician's keyboard): ⏎ and the arrows are the box's, not the keypad's
            return False
        if pressed and not repeat and self.before_key(action):
            return True  # e.g. "press any key to continue" took it
        if self.keyboard_up() and action in VKB_KEYS and not self.typing_passes:
            self.filter.send(self.view, VKB_KEYS[action], pressed, repeat)
            if not pressed:
                QTimer.singleShot(0, self._follow_keyboard)
            return True
        if action not in self.actions:
            return False
        if self.typing_passes and action not in ("up", "down") and _typing(self.view):
            return False
        if not pressed:
            return True
        if not self._active:
            self.set_active(True)
        if action in NEXT or action in PREVIOUS:
            self.move(1 if action in NEXT else -1)
        elif action == "select":
            self.select()
        elif action == "back" and self.keyboard_up():
            self._back_on_keyboard()
        self.acted.emit(action)
        return True

    def select(self) -> None:
        """Act on the focused control as a finger would (or open the keyboard on a box)."""
        item = self._item
        if item is None or item not in self.controls():
            self.move(1)
            return
        if is_text_input(item):
            self._typing_in = item
            item.destroyed.connect(self._box_gone)
            item.forceActiveFocus(Qt.FocusReason.TabFocusReason)
            QGuiApplication.inputMethod().show()
            return
        interface = QAccessible.queryAccessibleInterface(item)
        actions = interface.actionInterface() if interface is not None else None
        if actions is not None and "Press" in actions.actionNames():
            actions.doAction("Press")
            return
        from PySide6.QtTest import QTest  # only a control with no press action needs it

        centre = scene_rect(item).center().toPoint()
        QTest.mouseClick(self.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         centre)

    def _back_on_keyboard(self) -> None:
        """Back puts a letter's alternatives away (its key highlighted again, as the
        keyboard's own up arrow does), else the keyboard (focus back on the box)."""
        if alternatives_open(self.view):
            self.filter.send(self.view, Qt.Key.Key_Up, True)
            self.filter.send(self.view, Qt.Key.Key_Up, False)
            QTimer.singleShot(0, self._follow_keyboard)
        else:
            QGuiApplication.inputMethod().hide()  # back on the box (_keyboard_shown)

    def _box_gone(self) -> None:
        self._typing_in = None  # its list made it again: never touched once deleted

    def _keyboard_shown(self) -> None:
        """The keyboard went (back, its own hide key, ⏎ after the last box): the focus
        returns from its keys to the box typed into, if it is still there."""
        if self.keyboard_up() and not self._watching:
            # a held select opens a letter's alternatives with no key event: follow them
            self._watching = watch_alternatives(self.view, self._alternative_moved)
        if self.keyboard_up() or not self._active:
            return
        box, self._typing_in = self._typing_in, None
        if box is not None:
            box.destroyed.disconnect(self._box_gone)
        if box is not None and box in self.controls():
            self._point_at(box)
        elif self._item is not None and not self._item.isVisible():
            self.move(1)

    def _alternative_moved(self) -> None:
        QTimer.singleShot(0, self._follow_keyboard)  # after the keyboard's own handler

    def _follow_keyboard(self) -> None:
        """The on-screen keyboard's highlighted key (or chosen alternative letter) becomes
        the item (ring and speech)."""
        key = keyboard_key(self.view) if self._active and self.keyboard_up() else None
        if key is not None:
            self._point_at(key)

