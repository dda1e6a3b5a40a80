"""The process's Qt application, created once with the stations' settings."""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication

from kiosk.ui.qt.emit_guard import guard_emit_refcount


def qt_application(offscreen: bool = False) -> QGuiApplication:
    """The process's QGuiApplication, created with the kiosk's settings if needed."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Software rendering: identical pixels on every kiosk PC and offscreen.
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    guard_emit_refcount()  # PySide6 6.12.0 would abort the process after ~100 visits
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    return QGuiApplication(["kiosk"])
