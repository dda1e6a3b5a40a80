"""Qt offscreen with the software renderer, set before pytest-qt creates the app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.ui.kiosk.window import KioskWindow


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """No pytest-qt message capture here: its Python message handler deadlocks.

    Loading QtQuick.VirtualKeyboard starts Qt Multimedia, whose worker thread logs
    (e.g. "Couldn't load pipewire-0.3 library") while the main thread, holding the GIL
    inside QQuickView.setSource, waits for it; the handler needs the GIL. Verified:
    the same test passes with --no-qt-log and hangs without it.
    """
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.no_qt_log)


class ManualClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(params=["portrait", "landscape"])
def window(request: pytest.FixtureRequest, qapp: object, clock: ManualClock
           ) -> Iterator[KioskWindow]:
    win = KioskWindow(load_catalog(), CenterConfig(), request.param, clock)
    win.view.show()
    win.settle()
    yield win
    win.close()
