"""``kiosk run --report-items``: where a finger could touch, as an outside driver reads it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.item_report import ItemReport, reachable_items
from tests.support.fingers import Fingers


def scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def named(window: KioskWindow, prefix: str) -> list[QQuickItem]:
    found, pending = [], [window.view.contentItem()]
    while pending:
        item = pending.pop()
        if item.objectName().startswith(prefix):
            found.append(item)
        pending.extend(item.childItems())
    return found


def test_the_report_lists_what_a_finger_can_reach_where_it_is(window: KioskWindow) -> None:
    items = reachable_items(window.view)
    rect = scene_rect(window.item("start"))
    assert items["start"] == {"x": round(rect.x()), "y": round(rect.y()),
                              "w": round(rect.width()), "h": round(rect.height())}
    # The on-screen keyboard waits below the window's edge: no finger reaches it.
    assert window.has_item("keyboard") and "keyboard" not in items
    # The idle countdown's cover exists but is hidden.
    assert window.has_item("countdown") and "countdown" not in items
    window.tap("start")
    window.tap("choose_vi")
    window.settle(200)
    items = reachable_items(window.view)
    assert "choose_vi" not in items and items["procedure_list"]["moving"] == 0
    box = QRectF(*(items["procedure_list"][k] for k in ("x", "y", "w", "h")))
    rows = named(window, "procedure_")
    shown = [row for row in rows if row.objectName() in items and row.objectName()
             != "procedure_list"]
    # Rows outside the list's clip are made (cached) but a finger cannot reach them.
    hidden = [row for row in rows if not box.contains(scene_rect(row).center())]
    assert shown and hidden
    assert all(box.contains(scene_rect(row).center()) for row in shown)
    assert not any(row.objectName() in items for row in hidden)


def test_the_report_file_follows_the_screens(window: KioskWindow, qtbot: QtBot,
                                             tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    report = ItemReport(window.view, path, lambda: str(window.visit.stage), interval_ms=50)
    try:
        qtbot.waitUntil(path.exists, timeout=5000)
        first = json.loads(path.read_text())
        assert first["stage"] == "attract" and "start" in first["items"]
        assert first["window"]["w"] == window.view.width()
        assert first["window"]["h"] == window.view.height()
        window.tap("start")
        qtbot.waitUntil(lambda: json.loads(path.read_text())["stage"] == "language",
                        timeout=5000)
        assert "choose_vi" in json.loads(path.read_text())["items"]
        # Names and places only: nothing shown on the screen is written.
        assert set(json.loads(path.read_text())) == {"stage", "window", "items", "focus"}
    finally:
        report.stop()


def test_the_report_counts_what_the_focused_field_holds_never_what(
        window: KioskWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """A driver tapping keys can see each one arrive (the count), not the digits."""
    path = tmp_path / "items.json"
    report = ItemReport(window.view, path, lambda: str(window.visit.stage), interval_ms=50)
    fingers = Fingers(window)
    try:
        for name in ("start", "choose_vi", "procedure_CT-BANSAO"):
            fingers.tap(name)
        fingers.tap("id_field")
        fingers.type("0010")

        def focus() -> dict[str, object]:
            return dict(json.loads(path.read_text()).get("focus", {}))
        qtbot.waitUntil(lambda: focus() == {"name": "id_field", "length": 4}, timeout=5000)
        assert "0010" not in path.read_text()
    finally:
        report.stop()
