"""The procedure list as a Qt model: grouped by field, most used first, searchable.

With no search text the list opens with the most used procedures, then the whole catalog
grouped by field (lĩnh vực), groups and procedures most used first (so the few procedures
most citizens come for are on the first screen although the catalog has 150+). With
search text it is the finder's answer (:mod:`kiosk.core.finder`): best first, each with
why it matched; empty, with the reason when there is one, when nothing fits (the screen
then says to take a number and ask at the counter). The finder answers a key in a few
milliseconds (docs/performance.md, section "Procedure finder (issue 22)"), so it runs on
the UI thread: a worker thread would cost more than it saves.

Text comes from the catalog data in the current language; the words around it
("7 working days", "Fee: …") are the QML screen's, through Qt's translation system.
The queue-number-only entry is not listed: the screen shows it as its own button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from kiosk.core.finder import Finder
from kiosk.core.procedures import QUEUE_CODE, Catalog, Procedure

_ROLES = ("code", "name", "field", "agency", "days", "fee", "fee_known", "documents", "why",
          "section")
SEARCH_LIMIT = 20
MOST_USED = 10  # procedures in the "most used" group that opens the list
MOST_USED_VI, MOST_USED_EN = "Thường dùng nhất", "Most used"
_FIRST_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def group_digits(amount: int, language: str) -> str:
    """``amount`` with thousands grouped the language's way: 20.000 (vi), 20,000 (en)."""
    text = f"{amount:,}"
    return text if language == "en" else text.replace(",", ".")


def _fee(procedure: Procedure, language: str) -> str:
    """The fee as the list shows it: the amount, "" when free, or the note when not fixed."""
    if not procedure.fee_known:
        return procedure.fee_note_en if language == "en" else procedure.fee_note_vi
    return group_digits(procedure.fee_vnd, language) if procedure.fee_vnd else ""


class ProcedureListModel(QAbstractListModel):
    """The catalog's procedures for the list screen, filtered by the search text."""

    count_changed = Signal()

    def __init__(self, catalog: Catalog, parent: QObject | None = None,
                 finder: Finder | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._finder = finder or Finder(catalog)
        self._language = "vi"
        self._query = ""
        self._rows: list[Procedure] = []
        self._sections: list[str] = []
        self._why: dict[str, tuple[str, str]] = {}
        self._note = ("", "")
        self._was_searching = False
        self._refresh()

    def _refresh(self) -> None:
        why: dict[str, tuple[str, str]] = {}
        note = ("", "")
        if not self._query.strip():
            listed = [p for p in self._catalog.procedures if p.code != QUEUE_CODE]
            top = MOST_USED_EN if self._language == "en" else MOST_USED_VI
            sections = [top] * min(MOST_USED, len(listed))
            rows = listed[:MOST_USED]
            for name, group in self._catalog.grouped(self._language, listed):
                rows += group
                sections += [name] * len(group)
        else:
            result = self._finder.find(self._query, limit=SEARCH_LIMIT, typing=True)
            matches = [m for m in result.matches if m.procedure.code != QUEUE_CODE]
            rows = [m.procedure for m in matches]
            sections = [m.procedure.field_name(self._language) for m in matches]
            why = {m.procedure.code: (m.why_vi, m.why_en) for m in matches}
            note = (result.counter_vi, result.counter_en)
        self._show(rows, sections, why, note)

    def _show(self, rows: list[Procedure], sections: list[str],
              why: dict[str, tuple[str, str]], note: tuple[str, str]) -> None:
        """Put the new list on screen, keeping the delegates of rows that stay.

        Rebuilding the list's delegates is most of a key's cost on the UI thread
        (docs/performance.md, section "Procedure finder (issue 22)"), and from one key to
        the next most results stay: between two searches the rows are removed, moved and
        inserted one by one; only switching between browsing and searching resets the list.
        """
        searching = bool(self._query.strip())
        if searching and self._was_searching:
            # Texts first: data() is asked about inserted rows while the rows change.
            self._sections, self._why, self._note = sections, why, note
            self._update_rows(rows)
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, 0))
        else:
            self.beginResetModel()
            self._was_searching = searching
            self._rows, self._sections, self._why, self._note = rows, sections, why, note
            self.endResetModel()
        self.count_changed.emit()

    def _update_rows(self, rows: list[Procedure]) -> None:
        """Turn the current search results into ``rows`` by removals, moves and inserts."""
        root = QModelIndex()
        keep = set(rows)
        for place in range(len(self._rows) - 1, -1, -1):
            if self._rows[place] not in keep:
                self.beginRemoveRows(root, place, place)
                del self._rows[place]
                self.endRemoveRows()
        for place, procedure in enumerate(rows):
            if place < len(self._rows) and self._rows[place] == procedure:
                continue
            if procedure in self._rows:
                old = self._rows.index(procedure)  # after place: earlier ones are settled
                self.beginMoveRows(root, old, old, root, place)
                self._rows.insert(place, self._rows.pop(old))
                self.endMoveRows()
            else:
                self.beginInsertRows(root, place, place)
                self._rows.insert(place, procedure)
                self.endInsertRows()

    def _get_searching(self) -> bool:
        return bool(self._query.strip())

    def _get_note(self) -> str:
        return self._note[1] if self._language == "en" else self._note[0]

    # True while the list shows search results (best first, no field groups).
    searching = Property(bool, _get_searching, notify=count_changed)
    # Why nothing fits, when the question names something filed elsewhere ("" otherwise).
    note = Property(str, _get_note, notify=count_changed)

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
            "fee": _fee(p, lang),
            "fee_known": p.fee_known,
            "documents": [d.en if en else d.vi for d in p.documents],
            "why": self._why.get(p.code, ("", ""))[1 if en else 0],
            # Search results have no groups (the screen shows none): their field stands in.
            "section": (self._sections[index.row()] if not self._was_searching
                        else p.field_name(lang)),
        }
        offset = role - _FIRST_ROLE
        return values[_ROLES[offset]] if 0 <= offset < len(_ROLES) else None

    @Slot(str)
    def set_query(self, query: str) -> None:
        """Show the procedures ``query`` asks for (everyday words, typos, no diacritics)."""
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
        """The listed procedure codes, in display order (the most used appear twice)."""
        return [p.code for p in self._rows]
