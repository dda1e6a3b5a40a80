"""A windowed (demo) screen that fits the screen it opens on.

The kiosk's layout is made for its panel (1080×1920 portrait, 1920×1080 landscape); in
a window on a smaller desktop (a 1920×1080 laptop screen showing the portrait kiosk)
it ran off the bottom. :func:`scale_to_screen` keeps the layout exactly as designed and
scales it down to the screen's available area, aspect kept, never up: the root item
keeps its design size and the window's content item is scaled, so touches, item
positions (``mapToScene``) and screenshots follow the scale. Resizing the window by
hand rescales it (letterboxed). :func:`resize_to_screen` only clamps a window whose
layout adapts to any size (the staff counter) to the available area.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem, QQuickView


def available_area(view: QQuickView) -> QRect:
    """The part of the window's screen its content may use: the screen without panels
    and docks, less the window manager's frame (known once the window is shown)."""
    screen = view.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    margins = view.frameMargins()
    return area.adjusted(0, 0, -(margins.left() + margins.right()),
                         -(margins.top() + margins.bottom()))


def place(view: QQuickView, size: QSize) -> None:
    """Give the window ``size`` and centre its frame in the screen's available area."""
    view.resize(size)
    screen = view.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    margins = view.frameMargins()
    outer = QSize(size.width() + margins.left() + margins.right(),
                  size.height() + margins.top() + margins.bottom())
    view.setFramePosition(QPoint(area.x() + max(0, (area.width() - outer.width()) // 2),
                                 area.y() + max(0, (area.height() - outer.height()) // 2)))


def scaled_size(view: QQuickView, design: QSize) -> tuple[QSize, float]:
    """The window size and scale that fit ``design`` into the available area."""
    room = available_area(view)
    scale = min(1.0, room.width() / design.width(), room.height() / design.height())
    return QSize(max(1, math.floor(design.width() * scale)),
                 max(1, math.floor(design.height() * scale))), scale


def scale_to_screen(view: QQuickView) -> QSize | None:
    """Keep the view's layout at its current (design) size and scale it to the window.

    The window is sized to fit the screen (:func:`scaled_size`, :func:`place`); any
    later resize rescales. Returns the design size (None without a root item). Call
    once before showing, and :func:`refit` once shown (the frame is known then).
    """
    root = view.rootObject()
    design = QSize(view.width(), view.height())
    if root is None or design.isEmpty():
        return None
    view.setResizeMode(QQuickView.ResizeMode.SizeViewToRootObject)
    root.setSize(design.toSizeF())
    content = view.contentItem()
    content.setTransformOrigin(QQuickItem.TransformOrigin.TopLeft)

    def rescale() -> None:  # resized (here, by hand, or by a window manager)
        if view.width() > 0 and view.height() > 0:
            content.setScale(min(view.width() / design.width(),
                                 view.height() / design.height()))

    view.widthChanged.connect(rescale)
    view.heightChanged.connect(rescale)
    refit(view, design)
    rescale()
    return design


def refit(view: QQuickView, design: QSize) -> float:
    """Size and place the window for ``design`` again (e.g. once its frame is known)."""
    size, scale = scaled_size(view, design)
    place(view, size)
    return scale


def resize_to_screen(view: QQuickView) -> None:
    """Shrink a window whose layout follows its size to the screen's available area."""
    room = available_area(view)
    place(view, QSize(min(view.width(), room.width()), min(view.height(), room.height())))
