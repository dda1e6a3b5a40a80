"""What the technician screens ask for: the work that blocks, run by the wiring.

The presenter (``presenter.py``) runs nothing that blocks: it emits one of these on
its ``requests`` signal, the wiring (``wiring.py``) runs the work on the app's
:class:`~kiosk.ui.qt.tasks.TaskRunner` and hands the outcome back to the presenter's
slots on the UI thread, as the kiosk and counter presenters do with theirs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckPin:
    """Check this PIN against the gate (hashing takes a moment)."""

    pin: str


@dataclass(frozen=True)
class RunChecks:
    """Run one check family; with ``test_page`` the printer family prints its test page."""

    family: str
    test_page: bool = False


TechnicianRequest = CheckPin | RunChecks
