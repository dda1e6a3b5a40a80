"""The on-screen keyboard as the keypad sees it: its highlighted key, a letter's alternatives.

Qt Virtual Keyboard's own arrow-key navigation moves a highlight over its keys; a held
select opens the highlighted letter's alternatives (the vi_VN layout keeps "ế", "ề",
"ệ"… on "e", "đ" on "d") as a row the arrows then move along. These helpers find, in
the keyboard's items (the ``InputPanel`` called "keyboard" in the window), what that
highlight is on, so that the focus ring and the spoken focus follow it
(docs/accessibility.md).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SIGNAL, QObject
from PySide6.QtQml import QQmlProperty
from PySide6.QtQuick import QQuickItem, QQuickView

ALTERNATIVES = "alternativeKeys"  # the objectName Qt Virtual Keyboard gives the row


def _panel(view: QQuickView) -> QQuickItem | None:
    root = view.rootObject()
    panel = root.findChild(QQuickItem, "keyboard") if root is not None else None
    return panel if isinstance(panel, QQuickItem) else None


def alternatives_row(view: QQuickView) -> QQuickItem | None:
    """The list of a letter's alternatives (a ListView), whether it is open or not."""
    panel = _panel(view)
    popup = panel.findChild(QQuickItem, ALTERNATIVES) if panel is not None else None
    if popup is None:
        return None
    return next((child for child in popup.childItems()
                 if child.property("currentIndex") is not None), None)


def alternatives_open(view: QQuickView) -> bool:
    """True while a letter's alternatives show (a held select opened them)."""
    row = alternatives_row(view)
    return row is not None and int(row.property("currentIndex")) >= 0


def watch_alternatives(view: QQuickView, slot: Callable[[], None]) -> bool:
    """Call ``slot`` whenever the chosen alternative changes (opened, moved, closed)."""
    row = alternatives_row(view)
    if row is None:
        return False
    return bool(QObject.connect(row, SIGNAL("currentIndexChanged()"), slot))


def keyboard_key(view: QQuickView) -> QQuickItem | None:
    """The on-screen keyboard's key highlighted by its arrow navigation (or the
    alternative letter chosen, while a letter's alternatives are open), if any."""
    row = alternatives_row(view)
    if row is not None and int(row.property("currentIndex")) >= 0:
        current = QQmlProperty.read(row, "currentItem")
        return current if isinstance(current, QQuickItem) else None
    panel = _panel(view)
    highlight = panel.findChild(QQuickItem, "navigationHighlight") if panel is not None else None
    if highlight is None or not highlight.isVisible():
        return None
    item = highlight.property("highlightItem")
    return item if isinstance(item, QQuickItem) else None


def is_alternative(item: QQuickItem) -> bool:
    """True for one letter of the alternatives row."""
    parent = item.parentItem()
    while parent is not None:
        if parent.objectName() == ALTERNATIVES:
            return True
        parent = parent.parentItem()
    return False


def letter(item: QQuickItem) -> str:
    """The letter an alternative shows (its delegate holds one Text)."""
    return next((str(child.property("text")) for child in item.childItems()
                 if child.property("text") is not None), "")


def letters(item: QQuickItem) -> list[str]:
    """Every letter of the alternatives row ``item`` is in, left to right."""
    content = item.parentItem()
    if content is None:
        return []
    cells = sorted((cell for cell in content.childItems() if letter(cell)),
                   key=lambda cell: cell.x())
    return [letter(cell) for cell in cells]


def has_alternatives(key: QQuickItem) -> bool:
    """True for a letter key whose held select opens alternatives (letters with
    diacritics; punctuation's alternatives are not announced)."""
    if is_alternative(key) or key.metaObject().indexOfProperty("effectiveAlternativeKeys") < 0:
        return False
    if not str(key.property("text") or "").isalpha():
        return False
    value = QQmlProperty.read(key, "effectiveAlternativeKeys")
    if hasattr(value, "toVariant"):
        value = value.toVariant()
    return bool(value)
