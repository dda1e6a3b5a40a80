"""What the procedure screen shows of a card holder's files (issue 18).

When a citizen taps their card (or shows its QR) before choosing a procedure, the app
asks the central service for their files (``kiosk.ui.kiosk.holder_watch``, off the UI
thread) and hands the answer here; the procedure screen shows it above the procedures
(``HolderFiles.qml``), so a new procedure is one tap away. ``state`` is ``""`` (nothing
asked: no card read in this visit), ``loading``, ``shown`` (``files`` holds rows),
``none`` (the holder has no file) or ``unavailable`` (offline or refused: the screen
says the status cannot be fetched now, and the visit goes on). Rows carry codes for the
step and standing (the QML words them with ``qsTrId``) and Vietnam calendar dates.
Nothing here touches a device or the network; :meth:`HolderFilesModel.clear` forgets
everything when the visit is wiped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

STATES = ("", "loading", "shown", "none", "unavailable")


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return ""


def file_rows(files: list[dict[str, Any]], language: str) -> list[dict[str, str]]:
    """The central's answer as the screen's rows, in ``language`` (pure)."""
    rows = []
    for file in files:
        names = file.get("procedure_name") or {}
        name = names.get(language) or names.get("vi") or str(file.get("procedure", ""))
        rows.append({"procedure": str(name), "step": str(file.get("step", "")),
                     "standing": str(file.get("standing", "")),
                     "due": _date(str(file.get("due", ""))),
                     "received": _date(str(file.get("received", ""))),
                     "code": str(file.get("file_code") or "")})
    return rows


class HolderFilesModel(QObject):
    """The card holder's files as QML properties (``holderFiles`` in the screens)."""

    changed = Signal()

    def __init__(self, language: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._state = ""
        self._files: list[dict[str, Any]] = []

    def _get_state(self) -> str:
        return self._state

    def _get_files(self) -> list[dict[str, str]]:
        return file_rows(self._files, self._language())

    state = Property(str, _get_state, notify=changed)
    files = Property(list, _get_files, notify=changed)

    def loading(self) -> None:
        """A look-up was started for the card just read."""
        self._state, self._files = "loading", []
        self.changed.emit()

    def show(self, files: list[dict[str, Any]] | None) -> None:
        """The answer: the files, or None when they could not be fetched."""
        self._files = list(files or [])
        self._state = "unavailable" if files is None else ("shown" if files else "none")
        self.changed.emit()

    @Slot()
    def clear(self) -> None:
        """Forget the holder's files (the visit was wiped)."""
        self._state, self._files = "", []
        self.changed.emit()

    @Slot()
    def language_switched(self) -> None:
        """The rows are worded again in the visit's new language."""
        self.changed.emit()
