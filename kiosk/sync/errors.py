"""Typed errors of the outbox, the sync link and the central service.

Messages are one plain sentence and never carry personal data.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.core.errors import KioskError


class SyncError(KioskError):
    """Base of the errors raised by ``kiosk.sync``."""


class OutboxFormatError(SyncError):
    """The outbox is in a format this version cannot read (written by a newer kiosk)."""


class KeyStoreError(SyncError):
    """The device's keys are missing, unreadable or unsafe (e.g. readable by others)."""


class NotEnrolledError(SyncError):
    """The kiosk has no device identity yet: run ``kiosk enroll CODE --central URL``."""


class EnrollmentError(SyncError):
    """The central service refused or could not complete an enrollment."""


class OutboxFault(StrEnum):
    """Why the outbox cannot take records."""

    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    CORRUPT = "corrupt"
    IO_ERROR = "io_error"


class OutboxUnavailableError(SyncError):
    """The outbox cannot store a record durably; nothing was acknowledged.

    ``fault`` says why, so the UI can stop taking submissions with the right notice.
    """

    def __init__(self, message: str, fault: OutboxFault) -> None:
        super().__init__(message)
        self.fault = fault


class NoTicketNumberError(SyncError):
    """No leased ticket number is left and the central service cannot be reached."""


class TransientSyncError(SyncError):
    """The central service could not take the request now; retry later.

    ``retry_after`` is the server's wish in seconds (from ``Retry-After``), if any;
    ``status`` the HTTP status when the service answered (None: it was not reached).
    """

    def __init__(self, message: str, retry_after: float | None = None,
                 status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class PermanentSyncError(SyncError):
    """The central service rejected the request for good (a 4xx answer).

    ``rejected`` maps record ids to the reason when the service named the culprits.
    """

    def __init__(self, message: str, status: int, rejected: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.rejected = rejected or {}
