"""The counter window: the staff screens (QML), the presenter, translations, screenshots.

:class:`CounterWindow` builds one QQuickView showing
``kiosk/screens/qml/counter/CounterMain.qml`` with one context object, ``desk`` (the
:class:`~kiosk.counter.presenter.CounterPresenter`). Staff read Vietnamese by default;
the language switch installs the English catalogs and re-evaluates every text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, Qt, QTimer, QUrl
from PySide6.QtQml import QQmlError
from PySide6.QtQuick import QQuickItem, QQuickView

from kiosk.app import QML_DIR, UiError
from kiosk.counter.presenter import CounterPresenter
from kiosk.procedures import Catalog
from kiosk.screens.i18n import Translations

log = logging.getLogger(__name__)

COUNTER_QML = QML_DIR / "counter" / "CounterMain.qml"
SIZES: dict[str, tuple[int, int]] = {"hd": (1366, 768), "fullhd": (1920, 1080)}


class CounterWindow:
    """One staff counter screen (window) and its presenter."""

    def __init__(self, catalog: Catalog, size: str = "hd",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.presenter = CounterPresenter(catalog, clock)
        self.view = QQuickView()
        self.view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
        self.view.setTitle("Kiosk — quầy / counter")
        self.view.setMinimumSize(QSize(1200, 680))
        self.qml_warnings: list[str] = []
        self.view.engine().warnings.connect(self._warned)
        self.view.rootContext().setContextProperty("desk", self.presenter)
        self.translations = Translations(self.view.engine())
        self.translations.use(self.presenter.language_code())
        self.presenter.language_changed.connect(
            lambda: self.translations.use(self.presenter.language_code()))
        self.view.resize(*SIZES.get(size, SIZES["hd"]))
        self.view.setSource(QUrl.fromLocalFile(str(COUNTER_QML)))
        if self.view.status() == QQuickView.Status.Error:
            first = self.view.errors()[0].toString() if self.view.errors() else "unknown"
            raise UiError(f"The counter screens could not be loaded: {first}.")

    def _warned(self, warnings: list[QQmlError]) -> None:
        for warning in warnings:
            text = warning.toString()
            self.qml_warnings.append(text)
            log.warning("qml warning", extra={"fields": {"text": text}})

    def show(self, fullscreen: bool = False) -> None:
        """Show the window (a normal desk window unless ``fullscreen``)."""
        if fullscreen:
            self.view.setFlags(Qt.WindowType.FramelessWindowHint)
            self.view.showFullScreen()
        else:
            self.view.show()

    def close(self) -> None:
        """Close the window and unload the screens before the presenter goes."""
        self.view.close()
        self.view.setSource(QUrl())
        self.view.engine().clearComponentCache()

    def item(self, name: str) -> QQuickItem:
        """The QML item with ``objectName`` ``name`` (for tests and screenshots)."""
        pending = [self.view.contentItem()]  # the root and the popups' overlay
        while pending:
            item = pending.pop()
            if item.objectName() == name:
                return item
            pending.extend(item.childItems())
        raise UiError(f"The counter screen has no item named {name!r}.")

    def settle(self, ms: int = 40) -> None:
        """Run the event loop for ``ms`` so bindings and layout catch up (a frame passes)."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def grab(self, path: Path) -> Path:
        """Render the window to a PNG file at ``path``."""
        self.settle()
        image = self.view.grabWindow()
        if image.isNull() or not image.save(str(path)):
            raise UiError(f"The screenshot {path} could not be written.")
        return path
