"""The procedure list as a Qt model: grouped by field, most used first, searchable.

Text comes from the catalog data in the current language; the words around it
("7 working days", "Fee: …") are the QML screen's, through Qt's translation system.
The queue-number-only entry is not listed: the screen shows it as its own button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from kiosk.core.procedures import QUEUE_CODE, Catalog, Procedure

_ROLES = ("code", "name", "field", "agency", "days", "fee", "documents")
_FIRST_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def group_digits(amount: int, language: str) -> str:
    """``amount`` with thousands grouped the language's way: 20.000 (vi), 20,000 (en)."""
    text = f"{amount:,}"
    return text if language == "en" else text.replace(",", ".")


class ProcedureListModel(QAbstractListModel):
    """The catalog's procedures for the list screen, filtered by the search text."""

    count_changed = Signal()

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = "vi"
        self._query = ""
        self._rows: list[Procedure] = []
        self._refresh()

    def _refresh(self) -> None:
        self.beginResetModel()
        found = [p for p in self._catalog.search(self._query) if p.code != QUEUE_CODE]
        self._rows = [p for _, group in self._catalog.grouped(self._language, found)
                      for p in group]
        self.endResetModel()
        self.count_changed.emit()

    def rowCount(  # noqa: N802 - Qt's name
        self, parent: QModelIndex | QPersistentModelIndex | None = None
    ) -> int:
        """How many procedures match the search."""
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802 - Qt's name
        """The role names QML delegates use."""
        return {_FIRST_ROLE + i: QByteArray(name.encode()) for i, name in enumerate(_ROLES)}

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = 0
    ) -> Any:
        """One role of one procedure, in the current language."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        lang = self._language
        en = lang == "en"
        values: dict[str, Any] = {
            "code": p.code,
            "name": p.name(lang),
            "field": p.field_name(lang),
            "agency": p.agency_en if en else p.agency_vi,
            "days": p.processing_days,
            "fee": group_digits(p.fee_vnd, lang) if p.fee_vnd else "",
            "documents": [d.en if en else d.vi for d in p.documents],
        }
        offset = role - _FIRST_ROLE
        return values[_ROLES[offset]] if 0 <= offset < len(_ROLES) else None

    @Slot(str)
    def set_query(self, query: str) -> None:
        """Show only procedures matching ``query`` (diacritics ignored)."""
        if query != self._query:
            self._query = query
            self._refresh()

    @Slot(str)
    def set_language(self, language: str) -> None:
        """Show names and groups in ``language``."""
        if language != self._language:
            self._language = language
            self._refresh()

    def codes(self) -> list[str]:
        """The listed procedure codes, in display order."""
        return [p.code for p in self._rows]
