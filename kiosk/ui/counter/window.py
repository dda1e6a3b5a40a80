"""The counter window: the staff screens (QML), the presenter, translations, screenshots.

:class:`CounterWindow` builds one QQuickView showing
``kiosk/ui/counter/qml/CounterMain.qml`` with two context objects, ``desk`` (the
:class:`~kiosk.ui.counter.presenter.CounterPresenter`) and ``keypadFocus`` (the keypad's
focus, :class:`~kiosk.ui.qt.focus_nav.FocusNavigator`: the main actions by arrows and
select too; in a text box only up and down leave it, docs/accessibility.md). Staff read
Vietnamese by default; the language switch installs the English catalogs and
re-evaluates every text.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtQuick import QQuickItem

from kiosk.core.config import KeypadConfig
from kiosk.core.procedures import Catalog
from kiosk.core.resources import qml_dir
from kiosk.core.vn_time import now_vn
from kiosk.ui.counter.file_steps import FileStepList
from kiosk.ui.counter.presenter import CounterPresenter
from kiosk.ui.qt.focus_nav import FocusNavigator
from kiosk.ui.qt.i18n import Translations
from kiosk.ui.qt.keypad import KeyMap
from kiosk.ui.qt.qml_window import QmlWindow

log = logging.getLogger(__name__)

COUNTER_QML = qml_dir("counter") / "CounterMain.qml"
SIZES: dict[str, tuple[int, int]] = {"hd": (1366, 768), "fullhd": (1920, 1080)}


class CounterWindow(QmlWindow):
    """One staff counter screen (window) and its presenter."""

    fullscreen_default = False  # a desk window unless asked
    windowed_fit = "resize"  # the desk's layout follows the window's size
    what = "The counter screens"

    def __init__(self, catalog: Catalog, size: str = "hd",
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] = now_vn) -> None:
        self.presenter = CounterPresenter(catalog, clock, wall=wall)
        super().__init__()
        self.view.setTitle("Kiosk — quầy / counter")
        self.view.setMinimumSize(QSize(1200, 680))
        self.view.rootContext().setContextProperty("desk", self.presenter)
        # F11: the steps of a file the counter records and their reasons (data)
        self.file_steps = FileStepList(self.presenter.language_code)
        self.view.rootContext().setContextProperty("fileSteps", self.file_steps)
        self.presenter.language_changed.connect(self.file_steps.language_switched)
        self.keypad = FocusNavigator(self.view, KeyMap(KeypadConfig()), self._focus_scopes)
        self.keypad.typing_passes = True
        self.keypad.actions = frozenset(("up", "down", "left", "right", "select"))
        self.view.rootContext().setContextProperty("keypadFocus", self.keypad)
        self.translations = Translations(self.view.engine())
        self.translations.use(self.presenter.language_code())
        self.presenter.language_changed.connect(
            lambda: self.translations.use(self.presenter.language_code()))
        self.view.resize(*SIZES.get(size, SIZES["hd"]))
        self.load(COUNTER_QML)

    def _focus_scopes(self) -> list[list[QQuickItem]]:
        """Where the keypad's focus goes: the whole desk (it has no modal layer)."""
        root = self.view.rootObject()
        return [[root]] if isinstance(root, QQuickItem) else []

    def use_keypad(self, config: KeypadConfig) -> None:
        """The ``[keypad]`` keys of the configuration."""
        self.keypad.filter.keymap = KeyMap(config)
