"""Touching the kiosk window by an item's name, and reading what an item shows.

For tests that drive :class:`~kiosk.ui.kiosk.window.KioskWindow` directly (the finger
tests of whole visits use :class:`tests.support.fingers.Fingers` instead).
"""

from __future__ import annotations

from kiosk.ui.kiosk.window import KioskWindow

from .shown import shown

MIN_TOUCH_PX = 120  # ≥ 15 mm on a 21.5-27" 1080p panel (Theme.touch)


def tap(window: KioskWindow, name: str) -> None:
    """Touch the middle of the item named ``name`` like a finger would (press, release)."""
    window.tap(name)


def text_of(window: KioskWindow, name: str) -> str:
    """The text the item named ``name`` shows, no-break spaces read as spaces."""
    return shown(window.item(name))
