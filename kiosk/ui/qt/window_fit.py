"""A windowed (demo) screen that fits the screen it opens on.

The kiosk's layout is made for its panel (1080×1920 portrait, 1920×1080 landscape); in
a window on a smaller desktop (a 1920×1080 laptop screen showing the portrait kiosk)
it ran off the bottom. :func:`scale_to_screen` keeps the layout exactly as designed and
scales it down to the screen's available area, aspect kept, never up: the root item
keeps its design size and the window's content item is scaled, so touches, item
positions (``mapToScene``) and screenshots follow the scale. Resizing the window by
hand rescales it (letterboxed). :func:`resize_to_screen` only clamps a window whose
layout adapts to any size (the staff counter) to the available area.

Full screen, :func:`follow_window` lays the kiosk out for the output it is on, whatever
its size and orientation: the design of the output's shape (portrait or landscape),
scaled to fit, and stretched along the other side so the whole output is used. A
full-screen window is given the screen's size *before* it is first shown
(:func:`cover_screen`): cage's first configure leaves the size to the client, so a
window shown at its design size put a first frame of the 1080×1920 layout on a
1280×720 output before cage maximised it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, QSizeF
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


def layout_size(window: QSize, designs: Sequence[QSize]) -> tuple[QSizeF, float]:
    """The root item's size and scale that fill ``window`` with no clipping.

    The design of the window's shape (taller than wide: the portrait one) is scaled by
    the largest factor at which it still fits; the layout then gets the window's size at
    that scale, so it is at least the design in both directions and the screens (which
    lay out with anchors and their own width and height) spread into the extra room.
    """
    portrait = window.height() > window.width()
    design = next((d for d in designs if (d.height() > d.width()) == portrait), designs[0])
    scale = min(window.width() / design.width(), window.height() / design.height())
    return QSizeF(window.width() / scale, window.height() / scale), scale


def follow_window(view: QQuickView, designs: Sequence[QSize]) -> None:
    """Keep the view's layout filling its window at every size (see :func:`layout_size`).

    The view sizes its root to the window on each resize; the root is then given the
    layout size and the content item the scale, so touches and ``mapToScene`` follow.
    """
    view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
    content = view.contentItem()
    content.setTransformOrigin(QQuickItem.TransformOrigin.TopLeft)

    def refollow() -> None:
        root = view.rootObject()
        if root is None or view.width() <= 0 or view.height() <= 0:
            return
        size, scale = layout_size(view.size(), designs)
        content.setScale(scale)
        if root.size() != size:  # the view set it to the window's size: set it back
            root.setSize(size)

    view.widthChanged.connect(refollow)
    view.heightChanged.connect(refollow)
    root = view.rootObject()
    if root is not None:
        root.widthChanged.connect(refollow)
        root.heightChanged.connect(refollow)
    refollow()


def cover_screen(view: QQuickView) -> None:
    """Give a window that is about to be shown full screen its screen's whole geometry."""
    screen = view.screen() or QGuiApplication.primaryScreen()
    view.setGeometry(screen.geometry())
