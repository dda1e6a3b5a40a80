"""The live camera preview on the screens: the latest small frame and the last decode.

:class:`CameraPreview` holds what the QR camera sees, for QML. The camera worker hands
it frames with :meth:`CameraPreview.on_frame` (the ``on_frame`` callback of the camera
scanner); conversion to a small :class:`QImage` happens right there, on the camera's
thread, and only while some screen wants the preview (:meth:`CameraPreview.want`). The
UI thread then learns of the new frame through a queued signal and bumps
``frame_number``, which QML puts into the image URL so the ``Image`` reloads::

    Image { source: "image://camera/" + cameraPreview.frame_number; cache: false }

:class:`CameraImageProvider` (registered as ``image://camera/``) serves the latest
frame, or a neutral placeholder when there is none. The decode overlay uses
``decode_corners``: the last decoded QR's four corners as fractions of the frame
(x0, y0, ... x3, y3), and ``decoded``, True for :data:`DECODE_SHOW_S` after a decode.

The frame shows a citizen's card: it is personal data. It is never written anywhere,
and it is dropped when no screen wants the preview any more (the visit left the
identify screen, or was wiped).

Used by the identify screen and by the technician's camera diagnostics::

    preview = CameraPreview()
    install_preview(engine, preview)           # image://camera/ and `cameraPreview`
    CameraScanner(source, on_scan, on_frame=preview.on_frame)
    preview.want("diagnostics", True)          # ... and False when the screen closes
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import cv2
import numpy as np
from PySide6.QtCore import Property, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage
from PySide6.QtQml import QQmlEngine
from PySide6.QtQuick import QQuickImageProvider

PROVIDER_ID = "camera"
PREVIEW_WIDTH = 640  # frames are downsized to this width (keeping the aspect ratio)
MAX_FPS = 12.0  # at most this many preview frames a second reach the screen
STALE_S = 1.0  # no frame for this long: the camera shows nothing (placeholder)
DECODE_SHOW_S = 1.5  # the framing guide stays green this long after a decode
PLACEHOLDER_COLOR = "#1e293b"

Corners = Sequence[tuple[int, int]]


def preview_image(frame: np.ndarray, width: int = PREVIEW_WIDTH) -> QImage:
    """A small RGB copy of a BGR (or grey) camera ``frame``, at most ``width`` wide.

    ``ValueError`` for a frame that is not an 8-bit grey, BGR or BGRA picture.
    """
    if frame.dtype != np.uint8 or frame.ndim not in (2, 3) or frame.size == 0:
        raise ValueError(f"a preview frame must be 8-bit grey or BGR, not {frame.dtype} "
                         f"{frame.shape}")
    height, full_width = frame.shape[:2]
    if full_width > width:
        height = max(1, round(height * width / full_width))
        frame = cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)
    if frame.ndim == 2:
        rgb = cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
    elif frame.shape[2] == 4:
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGRA2RGB)
    elif frame.shape[2] == 3:
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    else:
        raise ValueError(f"a preview frame must be grey or BGR, not shape {frame.shape}")
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    # QImage only borrows the buffer: copy() gives it its own before rgb goes away.
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def placeholder_image(width: int = PREVIEW_WIDTH, height: int = PREVIEW_WIDTH * 9 // 16
                      ) -> QImage:
    """The neutral picture shown while the camera delivers nothing."""
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor(PLACEHOLDER_COLOR))
    return image


class CameraPreview(QObject):
    """The latest preview frame and decode, shared by the camera thread and the screens.

    Thread rules: :meth:`on_frame` may be called from any thread (it is the camera
    worker's callback); everything else, properties included, belongs to the UI thread.
    """

    frame_changed = Signal()
    live_changed = Signal()
    decode_changed = Signal()
    active_changed = Signal()
    _arrived = Signal(bool)  # worker → UI thread (queued): a frame came, with a decode?

    def __init__(self, max_fps: float = MAX_FPS, width: int = PREVIEW_WIDTH,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval = 1.0 / max_fps if max_fps > 0 else 0.0
        self._width = width
        self._clock = clock
        self._lock = threading.Lock()
        self._wanted: set[str] = set()
        self._accepting = False  # read by the camera thread (under the lock)
        self._image: QImage | None = None
        self._corners: tuple[float, ...] = ()
        self._converted_at = -1e9
        self._frame_number = 0
        self._frame_at = -1e9  # UI-thread time of the last frame shown
        self._decoded_at = -1e9
        self._live = False
        self._decoded = False
        self._shown_corners: list[float] = []
        self._placeholder = placeholder_image(width)
        self._watch = QTimer(self)
        self._watch.setInterval(250)
        self._watch.timeout.connect(self._check_stale)
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)

    # -- who wants it ----------------------------------------------------------------

    def want(self, owner: str, on: bool) -> None:
        """Start (``on``) or stop wanting the preview for ``owner`` (e.g. "identify").

        Frames are converted only while some owner wants them; when the last one lets
        go, the frame and decode are dropped (they show a citizen's card).
        """
        before = bool(self._wanted)
        if on:
            self._wanted.add(owner)
        else:
            self._wanted.discard(owner)
        now_active = bool(self._wanted)
        if now_active == before:
            return
        with self._lock:
            self._accepting = now_active
        if now_active:
            self._watch.start()
        else:
            self._watch.stop()
            self.clear()
        self.active_changed.emit()

    def clear(self) -> None:
        """Drop the frame and the decode (the placeholder shows again)."""
        with self._lock:
            self._image = None
            self._corners = ()
        self._frame_at = self._decoded_at = -1e9
        self._set_live(False)
        self._set_decode(False, [])
        self._frame_number += 1
        self.frame_changed.emit()

    # -- the camera thread -------------------------------------------------------------

    def on_frame(self, frame: np.ndarray, corners: Corners | None = None) -> None:
        """Take a BGR camera frame (any thread); ``corners``: a QR decoded in it.

        Returns at once when no screen wants the preview or a frame was taken less than
        1 / max_fps ago (a frame with a decode always goes through). Otherwise the frame
        is downsized and converted here, on the calling thread.
        """
        now = self._clock()
        with self._lock:
            if not self._accepting:
                return
            if corners is None and now - self._converted_at < self._interval:
                return
            self._converted_at = now
        try:
            image = preview_image(frame, self._width)
        except ValueError:
            return
        fractions: tuple[float, ...] = ()
        if corners:
            height, width = frame.shape[:2]
            fractions = tuple(v for x, y in corners for v in (x / width, y / height))
        with self._lock:
            if not self._accepting:
                return
            self._image = image
            if fractions:
                self._corners = fractions
        self._arrived.emit(bool(fractions))

    def latest(self) -> QImage:
        """The latest preview frame, or the placeholder (any thread)."""
        with self._lock:
            return self._image if self._image is not None else self._placeholder

    # -- UI thread ---------------------------------------------------------------------

    @Slot(bool)
    def _on_arrived(self, decoded: bool) -> None:
        if not self._wanted:
            return
        now = self._clock()
        self._frame_at = now
        self._frame_number += 1
        self._set_live(True)
        if decoded:
            self._decoded_at = now
            with self._lock:
                corners = list(self._corners)
            self._set_decode(True, corners)
        self.frame_changed.emit()

    def _check_stale(self) -> None:
        now = self._clock()
        if self._decoded and now - self._decoded_at > DECODE_SHOW_S:
            self._set_decode(False, self._shown_corners)
        if self._live and now - self._frame_at > STALE_S:
            with self._lock:
                self._image = None
            self._set_live(False)
            self._frame_number += 1
            self.frame_changed.emit()

    def _set_live(self, live: bool) -> None:
        if live != self._live:
            self._live = live
            self.live_changed.emit()

    def _set_decode(self, decoded: bool, corners: list[float]) -> None:
        if decoded != self._decoded or corners != self._shown_corners:
            self._decoded, self._shown_corners = decoded, corners
            self.decode_changed.emit()

    # -- properties ---------------------------------------------------------------------

    def _get_frame_number(self) -> int:
        return self._frame_number

    def _get_live(self) -> bool:
        return self._live

    def _get_decoded(self) -> bool:
        return self._decoded

    def _get_corners(self) -> list[float]:
        return list(self._shown_corners)

    def _get_active(self) -> bool:
        return bool(self._wanted)

    frame_number = Property(int, _get_frame_number, notify=frame_changed)
    """Bumped on every new frame (and when it is dropped): put it in the image URL."""
    live = Property(bool, _get_live, notify=live_changed)
    """True while frames keep coming (one within :data:`STALE_S`)."""
    decoded = Property(bool, _get_decoded, notify=decode_changed)
    """True for :data:`DECODE_SHOW_S` after a QR was decoded."""
    decode_corners = Property(list, _get_corners, notify=decode_changed)
    """The last decode's corners as fractions of the frame: x0, y0, ..., x3, y3."""
    active = Property(bool, _get_active, notify=active_changed)
    """True while some screen wants the preview."""


class CameraImageProvider(QQuickImageProvider):
    """Serves ``image://camera/<anything>``: the preview's latest frame."""

    def __init__(self, preview: CameraPreview) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._preview = preview

    def requestImage(self, _id: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802
        """The latest frame (scaled down to ``requested`` when one is given)."""
        image = self._preview.latest()
        if requested.isValid() and requested.width() > 0 and requested.height() > 0:
            image = image.scaled(requested, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        return image


def install_preview(engine: QQmlEngine, preview: CameraPreview) -> CameraImageProvider:
    """Register ``image://camera/`` and the ``cameraPreview`` context object on ``engine``.

    Keep the returned provider referenced as long as the engine lives.
    """
    provider = CameraImageProvider(preview)
    engine.addImageProvider(PROVIDER_ID, provider)
    engine.rootContext().setContextProperty("cameraPreview", preview)
    return provider
