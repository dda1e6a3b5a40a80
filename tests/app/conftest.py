"""Qt offscreen with the software renderer, set before pytest-qt creates the app."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from kiosk.app import KioskWindow
from kiosk.config import CenterConfig
from kiosk.procedures import load_catalog


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
