"""The pages the document camera took in this visit, kept in memory only, and their
thumbnails for the documents screen (``image://pages/<id>``).

The visit holds page ids; the pictures (cleaned A4 pages, personal) live here until the
submission turns them into PDFs, the citizen deletes them, or the visit is wiped. The
camera worker adds pages from its thread, the screen's image provider reads them from
Qt's; a lock guards the dict. Nothing is written to disk.
"""

from __future__ import annotations

import itertools
import threading

import cv2
import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

THUMB_WIDTH = 240


class PageStore:
    """Page id → the page's picture (BGR), for one kiosk."""

    def __init__(self) -> None:
        self._pages: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def add(self, page: np.ndarray) -> str:
        """Keep ``page``; its new id."""
        with self._lock:
            page_id = f"page-{next(self._ids)}"
            self._pages[page_id] = page
            return page_id

    def pages(self, ids: tuple[str, ...]) -> list[np.ndarray]:
        """The pictures of ``ids`` that are still kept, in that order."""
        with self._lock:
            return [self._pages[i] for i in ids if i in self._pages]

    def drop(self, ids: tuple[str, ...]) -> None:
        """Forget these pages."""
        with self._lock:
            for page_id in ids:
                self._pages.pop(page_id, None)

    def clear(self) -> None:
        """Forget every page (the visit ended)."""
        with self._lock:
            self._pages.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._pages)

    def thumbnail(self, page_id: str, width: int = THUMB_WIDTH) -> QImage:
        """A small picture of the page (grey placeholder when it is gone)."""
        with self._lock:
            page = self._pages.get(page_id)
        if page is None:
            image = QImage(width, width * 297 // 210, QImage.Format.Format_RGB888)
            image.fill(0xE2E8F0)
            return image
        height = round(page.shape[0] * width / page.shape[1])
        small = cv2.resize(page, (width, height), interpolation=cv2.INTER_AREA)
        rgb = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
        return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class PageImages(QQuickImageProvider):
    """``image://pages/<id>``: the documents screen's page thumbnails."""

    def __init__(self, store: PageStore) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self.store = store

    def requestImage(self, page_id: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802
        """The thumbnail of ``page_id`` (Qt's callback)."""
        return self.store.thumbnail(page_id.split("?")[0])
