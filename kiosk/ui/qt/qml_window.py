"""One QQuickView showing a QML file: what the kiosk and counter windows share.

:class:`QmlWindow` owns the view (resizing its root to the window), logs QML warnings
(and keeps them for tests), loads the root QML file with a plain error, shows the
window full screen without chrome or as a normal window, finds items by
``objectName`` (also in popups), lets a frame pass (:meth:`QmlWindow.settle`) and
renders the window to a PNG file; tests and benchmarks touch items like a finger.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPointF, QSize, Qt, QTimer, QUrl
from PySide6.QtQml import QQmlError
from PySide6.QtQuick import QQuickItem, QQuickView

from kiosk.core.errors import KioskError
from kiosk.ui.qt.window_fit import (
    cover_screen,
    follow_window,
    refit,
    resize_to_screen,
    scale_to_screen,
)

log = logging.getLogger(__name__)


class UiError(KioskError):
    """The screens could not be built (a QML file failed to load)."""


class QmlWindow:
    """A window showing one QML file; subclasses set context objects, then :meth:`load`."""

    fullscreen_default = True
    what = "The screens"  # for messages: "The kiosk screens could not be loaded: ..."
    # A window (not full screen) fits the screen: "scale" keeps the designed layout and
    # scales it down; "resize" shrinks a layout that follows its size (window_fit).
    windowed_fit = "scale"
    # Full screen, a layout made for these sizes (portrait, landscape) is scaled and
    # stretched to fill whatever output the window is on (window_fit.follow_window);
    # none: the root simply takes the window's size.
    layouts: tuple[tuple[int, int], ...] = ()

    def __init__(self) -> None:
        self._fitted = False
        self.view = QQuickView()
        self.view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
        self.qml_warnings: list[str] = []
        self.view.engine().warnings.connect(self._warned)

    def load(self, qml: Path) -> None:
        """Show ``qml`` in the view; a file that does not load is a :class:`UiError`."""
        self.view.setSource(QUrl.fromLocalFile(str(qml)))
        if self.view.status() == QQuickView.Status.Error:
            first = self.view.errors()[0].toString() if self.view.errors() else "unknown"
            raise UiError(f"{self.what} could not be loaded: {first}.")

    def _warned(self, warnings: list[QQmlError]) -> None:
        for warning in warnings:
            text = warning.toString()
            self.qml_warnings.append(text)
            log.warning("qml warning", extra={"fields": {"text": text}})

    def show(self, fullscreen: bool | None = None) -> None:
        """Show the window: full screen without window chrome, or a normal window that
        fits the screen's available area (see :mod:`kiosk.ui.qt.window_fit`)."""
        if self.fullscreen_default if fullscreen is None else fullscreen:
            self.view.setFlags(Qt.WindowType.FramelessWindowHint)
            # The screen's size before the first frame: never a design-sized first frame
            # that the compositor then resizes (stale frames under Wayland).
            cover_screen(self.view)
            if self.layouts and not self._fitted:
                self._fitted = True
                follow_window(self.view, [QSize(w, h) for w, h in self.layouts])
            self.view.showFullScreen()
            log.info("window shown full screen", extra={"fields": {
                "width": self.view.width(), "height": self.view.height(),
                "scale": round(self.view.contentItem().scale(), 3)}})
            return
        if self._fitted:
            self.view.show()
            return
        self._fitted = True
        design = scale_to_screen(self.view) if self.windowed_fit == "scale" else None
        if design is None:
            resize_to_screen(self.view)
        self.view.show()
        # the window manager's frame is known now: fit (and centre) again with it
        if design is not None:
            refit(self.view, design)
        else:
            resize_to_screen(self.view)
        log.info("window fitted to the screen", extra={"fields": {
            "width": self.view.width(), "height": self.view.height(),
            "scale": round(self.view.contentItem().scale(), 3)}})

    def close(self) -> None:
        """Close the window and unload the screens before their context objects go."""
        self.view.close()
        self.view.setSource(QUrl())
        self.view.engine().clearComponentCache()

    def item(self, name: str) -> QQuickItem:
        """The QML item with ``objectName`` ``name`` (for tests and screenshots)."""
        # Walk the visual tree from the content item (the root and the popups' overlay):
        # items made by a Repeater or a ListView are not QObject children of their view.
        pending = [self.view.contentItem()]
        while pending:
            item = pending.pop()
            if not isinstance(item, QQuickItem):
                continue  # PySide at times hands back a stale wrapper for a dying item
            if item.objectName() == name:
                return item
            pending.extend(item.childItems())
        raise UiError(f"{self.what} have no item named {name!r}.")

    def has_item(self, name: str) -> bool:
        """True when the window shows an item called ``name``."""
        try:
            self.item(name)
        except UiError:
            return False
        return True

    def tap(self, name: str) -> None:
        """Touch the middle of the item ``name`` as a finger would (tests, benchmarks).

        A hidden item or one whose middle is off screen is a :class:`UiError`: a finger
        could not touch it either.
        """
        from PySide6.QtTest import QTest  # only tests and benchmarks touch; not at start-up

        self.settle()
        item = self.item(name)
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        if not item.isVisible():
            raise UiError(f"{name} is not visible.")
        if not (0 <= centre.x() < self.view.width() and 0 <= centre.y() < self.view.height()):
            raise UiError(f"{name} is off screen.")
        QTest.mouseClick(self.view, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, centre)
        self.settle()

    def settle(self, ms: int = 40) -> None:
        """Run the event loop for ``ms`` so bindings, loaders and layout catch up.

        Positioners (Column, Row, Grid) lay out in the scene graph's polish step, which
        runs with the next frame, not on ``processEvents``: a short real wait lets a
        frame pass, so item positions read afterwards are where a finger would land.
        """
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
