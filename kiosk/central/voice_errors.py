"""Errors of the spoken call announcements (see ``voice`` and ``voice_gate``)."""

from __future__ import annotations

from kiosk.core.errors import KioskError


class VoiceError(KioskError):
    """The announcement cannot be produced (bad number, or espeak-ng missing or failing)."""


class VoiceBusyError(VoiceError):
    """Too many new announcements were asked for: retry after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
