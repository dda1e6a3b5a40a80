"""Where a window's named items are, written to a JSON file for an outside driver.

Development and test only (``kiosk run --report-items FILE``): the real-window smoke
(``tests/app/real_window.py``) drives the kiosk under Xvfb with ``xdotool`` clicks and
needs to know where a finger would land. :class:`ItemReport` looks at the window a few
times a second and, when what it sees changed, rewrites ``FILE`` atomically::

    {"stage": "review", "window": {"x": 0, "y": 0, "w": 1080, "h": 1920, "dpr": 1.0},
     "items": {"consent": {"x": 40, "y": 1500, "w": 1000, "h": 120},
               "procedure_list": {"x": 48, "y": 607, "w": 984, "h": 1125, "moving": 0}, ...}}

Item rectangles are in window coordinates (logical pixels; multiply by ``dpr`` for the
X server's). Only items a finger could reach are listed: named, visible, not faded out,
their middle inside the window and inside every clipping list or page above them.
Only names and geometry are written, never a text: nothing a citizen typed or a card
holds reaches the file. The field with the keyboard's focus is named with how many
characters it holds (``"focus": {"name": "id_field", "length": 7}``), so a driver can
tell that a key it tapped arrived.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRectF, QTimer
from PySide6.QtQuick import QQuickItem, QQuickView

log = logging.getLogger(__name__)


def reachable_items(view: QQuickView) -> dict[str, dict[str, int]]:
    """The named items whose middle a finger could touch: objectName → x, y, w, h.

    A list or page (a Flickable) also tells whether it is ``moving`` (1) or at rest
    (0): a tap on a gliding list only stops it.

    A name used twice keeps the item painted last (found last in the tree walk).
    """
    window = QRectF(0, 0, view.width(), view.height())
    found: dict[str, dict[str, int]] = {}
    pending: list[tuple[QQuickItem, QRectF]] = [(view.contentItem(), window)]
    while pending:
        item, clip = pending.pop(0)
        if not item.isVisible() or item.opacity() <= 0.0:
            continue  # nor anything inside it
        rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
        name = item.objectName()
        if name and rect.width() > 0 and rect.height() > 0 and clip.contains(rect.center()):
            found[name] = {"x": round(rect.x()), "y": round(rect.y()),
                           "w": round(rect.width()), "h": round(rect.height())}
            if item.metaObject().indexOfProperty("moving") >= 0:  # a list or page
                found[name]["moving"] = int(bool(item.property("moving")))
        inner = clip.intersected(rect) if item.clip() else clip
        pending.extend((child, inner) for child in item.childItems())
    return found


def focused_field(view: QQuickView) -> dict[str, Any]:
    """The item with the keyboard's focus: its name and, for a text field, its length."""
    item = view.activeFocusItem()
    if item is None:
        return {}
    found: dict[str, Any] = {"name": item.objectName()}
    if item.metaObject().indexOfProperty("length") >= 0:
        found["length"] = int(item.property("length") or 0)
    return found


class ItemReport(QObject):
    """Rewrites ``path`` with the reachable items whenever they (or the stage) change."""

    def __init__(self, view: QQuickView, path: Path, stage: Callable[[], str],
                 interval_ms: int = 150) -> None:
        super().__init__()
        self._view = view
        self._path = path
        self._stage = stage
        self._last = ""
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.write)
        self._timer.start()
        log.info("reporting item positions for a test driver")

    def snapshot(self) -> dict[str, Any]:
        """What the file holds: the stage, the window's geometry, the items, the focus."""
        view = self._view
        return {"stage": self._stage(),
                "window": {"x": view.x(), "y": view.y(), "w": view.width(),
                           "h": view.height(), "dpr": view.devicePixelRatio()},
                "items": reachable_items(view),
                "focus": focused_field(view)}

    def write(self) -> None:
        """Rewrite the file (write, then rename) when the snapshot changed."""
        if not self._view.isVisible():
            return
        text = json.dumps(self.snapshot(), sort_keys=True)
        if text == self._last:
            return
        temporary = self._path.with_name(self._path.name + ".tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self._path)
        except OSError as exc:
            log.warning("item report not written", extra={"fields": {
                "error": type(exc).__name__}})
            return
        self._last = text

    def stop(self) -> None:
        """Stop looking."""
        self._timer.stop()
