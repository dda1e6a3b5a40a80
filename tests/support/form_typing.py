"""A citizen's fingers on the form: typing into a field, then consent and submit.

Shared by the finger tests of the form (tests/app/test_fingers_form.py, the typed ID
number with and without pcscd): everything goes through
:class:`~tests.support.fingers.Fingers` and the on-screen keyboard.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.window import KioskWindow

from .fingers import Fingers, wait_until
from .rig import KioskRig


def type_into(fingers: Fingers, name: str, value: str) -> None:
    """Bring the field into reach, tap it, type ``value`` on the on-screen keyboard."""
    fingers.swipe_into_view(f"field_{name}")
    fingers.tap(f"field_{name}")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    # The keyboard came up: the field being typed into is not under it.
    assert fingers.reachable(fingers.item(f"field_{name}")), f"{name} is under the keyboard"
    fingers.type(value)


class _Kiosk(Protocol):
    window: KioskWindow
    fingers: Fingers


def pick_split_wards(rig: _Kiosk) -> int:
    """Tap, for each address on the form whose old ward was split in 2025, the first of
    the current wards offered (the citizen's choice); the number of taps."""
    taps = 0
    for name, address in list(rig.window.visit.data.addresses.items()):
        if address.status == "ambiguous":
            button = f"address_{name}_{address.candidates[0].ward.code}"
            rig.fingers.swipe_into_view(button)
            rig.fingers.tap(button)
            taps += 1
    return taps


def submit_from_review(rig: KioskRig) -> None:
    """Consent, submit, and wait for the ticket."""
    fingers, visit = rig.fingers, rig.window.visit
    wait_until(lambda: visit.stage == Stage.REVIEW, 5, "the review screen")
    fingers.swipe_into_view("consent")
    fingers.tap("consent")
    fingers.swipe_into_view("action")
    fingers.tap("action")
    wait_until(lambda: visit.data.ticket_printed or visit.data.print_fallback, 15,
               "the ticket")
    wait_until(lambda: "ticket" in rig.kinds(), 5, "the ticket record")
