"""What the technician screens know of the PIN gate: its state the pad shows
(``PinState``) and one attempt's outcome (``PinOutcome``). The real gate is
:class:`kiosk.diagnostics.technician_pin.PinGate`; the wiring checks PINs with it.
"""

from __future__ import annotations

from typing import Protocol


class PinOutcome(Protocol):
    """One PIN attempt's result (kiosk.diagnostics.technician_pin.Outcome)."""

    @property
    def verdict(self) -> str:
        """open | wrong | locked | not_set | invalid."""
        ...

    @property
    def attempts_left(self) -> int:
        """Wrong PINs still allowed before the lockout."""
        ...

    @property
    def locked_s(self) -> float:
        """Seconds left of the lockout."""
        ...


class PinState(Protocol):
    """What the PIN pad shows of the gate (kiosk.diagnostics.technician_pin.PinGate)."""

    @property
    def dev_pin_in_use(self) -> bool:
        """True when the development PIN opens the menu."""
        ...

    def availability(self) -> str | None:
        """Why no PIN can open the menu now, or None."""
        ...

    def locked_s(self) -> float:
        """Seconds left of the lockout."""
        ...
