"""The one place where device threads become Qt signals.

Devices call their callbacks on their own threads (the card session's
:class:`~kiosk.devices.chip.card_session.ReadListener`, the
:class:`~kiosk.devices.card.reader.ReaderWatcher`, the QR sources' ``ScanCallback``).
:class:`DeviceBridge` gives each of them a callback that only emits a signal; Qt
queues the signal to the receivers' thread, so slots run on the UI thread and never
race a widget. Nothing here reads a device itself.

Signals carry personal data (identities, faces, QR payloads) as Python objects:
they are never logged.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from kiosk.core.models import FaceImage, Identity
from kiosk.devices.card.reader import ReaderEvent, ReaderEventKind
from kiosk.devices.chip.authenticity import Authenticity
from kiosk.devices.chip.card_session import ReadListener
from kiosk.devices.qr.events import ScanEvent

log = logging.getLogger(__name__)


class DeviceBridge(QObject):
    """Signals for every device event the visit cares about."""

    card_inserted = Signal(str)  # reader name
    card_removed = Signal(str)
    reader_added = Signal(str)
    reader_removed = Signal(str)
    read_step = Signal(str)  # e.g. "reading DG13" (no personal data)
    read_progress = Signal(str, int, int)  # file, bytes done, bytes total
    identity_ready = Signal(object, bool)  # Identity, nothing failed so far
    face_ready = Signal(object)  # FaceImage
    face_unreadable = Signal(str)  # why DG2's image could not be decoded (no personal data)
    qr_scanned = Signal(object)  # ScanEvent

    def read_listener(self) -> ReadListener:
        """A card-session listener whose callbacks (on the reading thread) emit signals."""
        return ReadListener(
            on_step=self.read_step.emit,
            on_identity=self._identity,
            on_face=self._face,
            on_face_unreadable=self.face_unreadable.emit,
            on_progress=self.read_progress.emit,
        )

    def _identity(self, identity: Identity, authenticity: Authenticity) -> None:
        self.identity_ready.emit(identity, not authenticity.failed)

    def _face(self, face: FaceImage) -> None:
        self.face_ready.emit(face)

    def on_reader_event(self, event: ReaderEvent) -> None:
        """The :class:`~kiosk.devices.card.reader.ReaderWatcher` callback."""
        signal = {
            ReaderEventKind.CARD_INSERTED: self.card_inserted,
            ReaderEventKind.CARD_REMOVED: self.card_removed,
            ReaderEventKind.READER_ADDED: self.reader_added,
            ReaderEventKind.READER_REMOVED: self.reader_removed,
        }[event.kind]
        signal.emit(event.reader)

    def on_scan(self, event: ScanEvent) -> None:
        """The ``ScanCallback`` for the camera and the QR scanners."""
        self.qr_scanned.emit(event)
