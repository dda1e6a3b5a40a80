"""Typed errors of the staff counter; every message is one plain sentence, never personal."""

from __future__ import annotations

from kiosk.core.errors import KioskError


class CounterError(KioskError):
    """Base of the errors raised by ``kiosk.counter``."""


class CentralUnreachableError(CounterError):
    """The central service cannot be reached now (network, 5xx, or it is busy)."""


class SignInRefusedError(CounterError):
    """The central service refused a staff sign-in.

    ``reason`` is ``wrong_pin`` (401), ``not_allowed`` (403) or ``locked`` (429).
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class CentralRefusedError(CounterError):
    """The central service refused a counter request for good (``status`` is the 4xx)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class CitizenNotFoundError(CounterError):
    """The central service holds no submission for the ID number asked about."""


class BadInputError(CounterError):
    """What the staff member typed is not valid (an ID needs 12 digits, a CAN 6)."""


class CardNotGenuineError(CounterError):
    """The card on the counter reader failed its chip's authenticity checks."""


class DeviceRefusedError(CounterError):
    """The central service does not accept this counter's device signature."""
