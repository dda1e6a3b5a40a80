"""The tactile keypad on the kiosk window: focus scopes, the visit's clock, configuration.

:class:`VisitKeypad` puts a :class:`~kiosk.ui.qt.focus_nav.FocusNavigator` on the kiosk
window (QML sees it as ``keypadFocus``) and ties it to the visit:

- every keypad key tells the visit the citizen is there (``KeypadUsed``: the longer idle
  time of ``[keypad]`` from then on); while the idle countdown shows, any key only
  answers it ("press any key to continue") and does nothing else;
- where focus may go, modal first: the technician's PIN pad, the countdown, then the
  screen with the header (language, large text, contrast, sound) after it;
- a new screen focuses its first control; back on the attract screen the keypad mode
  ends with the visit (the next citizen may not use it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickItem, QQuickView

from kiosk.core.config import KeypadConfig
from kiosk.core.visit.events import Effect, KeypadUsed, Wiped
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.presenter import VisitPresenter
from kiosk.ui.qt.focus_nav import FocusNavigator
from kiosk.ui.qt.keypad import KeyMap

SCREEN_ITEMS = ("screen", "header")  # objectNames in Main.qml, in the order focus visits


def _find(view: QQuickView, name: str) -> QQuickItem | None:
    root = view.rootObject()
    if root is None:
        return None
    if root.objectName() == name:
        return root
    found = root.findChild(QQuickItem, name)
    return found if isinstance(found, QQuickItem) else None


class VisitKeypad(QObject):
    """The keypad's focus on the kiosk window, following the visit."""

    def __init__(self, view: QQuickView, presenter: VisitPresenter,
                 config: KeypadConfig | None = None) -> None:
        super().__init__(presenter)
        self._view = view
        self._presenter = presenter
        self.config = config or KeypadConfig()
        self.navigator = FocusNavigator(view, KeyMap(self.config), self.scopes, self)
        self.navigator.before_key = self._key_seen
        self._counting = False
        presenter.stage_changed.connect(self._stage_changed)
        presenter.countdown_changed.connect(self._countdown_changed)
        presenter.effects.connect(self._effects)
        self.configure(self.config)

    def configure(self, config: KeypadConfig) -> None:
        """Use ``config``'s keys and times (``[keypad]``)."""
        self.config = config
        self.navigator.filter.keymap = KeyMap(config)
        visit = self._presenter.visit
        visit.keypad_idle_s, visit.keypad_countdown_s = config.idle_s, config.countdown_s

    def scopes(self) -> list[list[QQuickItem]]:
        """Where focus may go, modal first (see the module's docstring)."""
        scopes: list[list[QQuickItem]] = []
        for modal in ("technician", "countdown", "address_picker"):
            item = _find(self._view, modal)
            if item is not None and item.isVisible():
                scopes.append([item])
        scopes.append([item for name in SCREEN_ITEMS
                       if (item := _find(self._view, name)) is not None])
        return scopes

    def screen(self) -> QQuickItem | None:
        """The current screen (Main.qml's Loader)."""
        return _find(self._view, "screen")

    def _key_seen(self, _action: str) -> bool:
        presenter = self._presenter
        counting = int(presenter.property("countdown")) > 0
        presenter.post(KeypadUsed())
        return counting  # "press any key to continue": this key did only that

    def _stage_changed(self) -> None:
        if self._presenter.visit.stage == Stage.ATTRACT and not self._presenter.visit.data.keypad:
            self.navigator.set_active(False)
        else:
            self.navigator.screen_changed()

    def _effects(self, effects: list[Effect]) -> None:
        if any(isinstance(effect, Wiped) for effect in effects):
            self.navigator.set_active(False)  # the citizen has gone: so has the keypad mode

    def _countdown_changed(self) -> None:
        # the countdown came (its button is the only control) or went (back to the screen)
        showing = int(self._presenter.property("countdown")) > 0
        if showing != self._counting:
            self._counting = showing
            self.navigator.screen_changed()
