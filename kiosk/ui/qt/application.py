"""The process's Qt application, created once with the stations' settings."""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QGuiApplication, QOpenGLContext
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk.ui.qt.emit_guard import guard_emit_refcount

log = logging.getLogger(__name__)


def on_wayland() -> bool:
    """Whether Qt will show its windows as a Wayland client (the kiosk's cage session).

    There the software renderer paints only what changed into Qt's shared-memory
    buffers, and a buffer the Wayland backing store adds later (the compositor still
    holds the other one) starts empty: grim saw black holes and pieces of older
    layouts. Qt Quick's default OpenGL renderer redraws whole frames, so it is kept.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0].startswith("wayland")
    return bool(os.environ.get("WAYLAND_DISPLAY")) and not os.environ.get("DISPLAY")


def qt_application(offscreen: bool = False) -> QGuiApplication:
    """The process's QGuiApplication, created with the kiosk's settings if needed."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Software rendering: identical pixels on every kiosk PC and offscreen; but not as a
    # Wayland client (the cage session), see on_wayland.
    wayland = on_wayland()
    if not wayland:
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    guard_emit_refcount()  # PySide6 6.12.0 would abort the process after ~100 visits
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    app = QGuiApplication(["kiosk"])
    if wayland and not os.environ.get("QT_QUICK_BACKEND") and not QOpenGLContext().create():
        # Without OpenGL (no Mesa EGL) Qt Quick would stop at its first window: the
        # software renderer shows the kiosk, with the stale-frame risk of on_wayland.
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
        log.warning("no OpenGL under Wayland: software rendering")
    return app
