"""The documents step's camera: switched on and off by the visit, its pages kept in the
window's page store and announced to the visit (``PageTaken``) on the UI thread.

The scanner (``kiosk.devices.documents.scanner.DocumentScanner``) runs on its own
thread; starting and stopping it go through the station's camera-switch executor (a
stop waits for the worker), never the UI thread. Deleted pages, pages of a paper
brought as the original, and every page of a wiped visit leave the store here.
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np
from PySide6.QtCore import QObject, Signal

from kiosk.core.visit.documents import DocumentCamera, DropPages, PageTaken, TakePageNow
from kiosk.core.visit.events import Effect, Wiped
from kiosk.devices.documents.scanner import DocumentScanner
from kiosk.ui.kiosk.document_pages import PageStore
from kiosk.ui.kiosk.presenter import VisitPresenter


class DocumentCameraWiring(QObject):
    """Carries out the documents step's effects with one document scanner."""

    page_taken = Signal(str)  # a page id, from the camera thread to the UI thread

    def __init__(self, presenter: VisitPresenter, pages: PageStore,
                 scanner: DocumentScanner, switch: Executor) -> None:
        super().__init__(presenter)
        self._presenter = presenter
        self._pages = pages
        self._scanner = scanner
        self._switch = switch
        self.closing = False
        scanner.on_page = self._on_page
        self.page_taken.connect(lambda page: presenter.post(PageTaken(page)))
        presenter.effects.connect(self.run)

    def stop(self) -> None:
        """Stop the camera for good (the kiosk is closing; camera-switch thread)."""
        self._scanner.stop()

    def _on_page(self, page: np.ndarray) -> None:
        self.page_taken.emit(self._pages.add(page))

    def run(self, effects: list[Effect]) -> None:
        """The documents step's effects among ``effects``."""
        for effect in effects:
            if isinstance(effect, DocumentCamera) and not self.closing:
                self._switch.submit(self._scanner.start if effect.on else self._scanner.stop)
            elif isinstance(effect, TakePageNow):
                self._scanner.take_now()
            elif isinstance(effect, DropPages):
                self._pages.drop(effect.pages)
            elif isinstance(effect, Wiped):
                self._pages.clear()
