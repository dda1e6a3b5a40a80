"""The documents screen's hands: what the citizen taps there, posted to the visit.

A context object (``papers``) beside the presenter, so the presenter stays small; like
it, it touches no device: the visit's effects reach the camera (``kiosk.ui.kiosk.
wiring``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from kiosk.core.visit.documents import (
    BlackWhiteToggled,
    DocumentSelected,
    OriginalChosen,
    PageDeleted,
    TakePage,
)
from kiosk.ui.kiosk.presenter import VisitPresenter


class PapersDesk(QObject):
    """Slots of the documents screen."""

    def __init__(self, presenter: VisitPresenter) -> None:
        super().__init__()
        self._presenter = presenter

    @Slot()
    def take_now(self) -> None:
        """Take the page under the camera now."""
        self._presenter.post(TakePage())

    @Slot(str)
    def delete_page(self, page: str) -> None:
        """Delete a page (to take it again)."""
        self._presenter.post(PageDeleted(page))

    @Slot(int)
    def choose(self, index: int) -> None:
        """Take this paper now."""
        self._presenter.post(DocumentSelected(index))

    @Slot()
    def toggle_black_white(self) -> None:
        """Switch this paper between colour and black and white."""
        self._presenter.post(BlackWhiteToggled())

    @Slot()
    def bring_original(self) -> None:
        """This paper's original goes to the counter instead."""
        self._presenter.post(OriginalChosen())
