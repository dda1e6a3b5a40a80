"""The central service's answers to a counter, as plain values (no Qt, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StaffAccount:
    """Who signed in: user name, display name, the services they handle, the counter."""

    user: str
    name: str
    services: tuple[str, ...]
    counter: str

    def __repr__(self) -> str:  # a staff member's name is personal too
        return f"StaffAccount(user=<masked>, services={self.services}, counter={self.counter})"


@dataclass(frozen=True)
class CalledTicket:
    """The ticket the central service handed this counter."""

    service: str
    number: int
    label: str
    waited_s: int = 0


@dataclass(frozen=True)
class OpenedFile:
    """An attached file as the counter shows it (personal: never logged).

    ``signature``: "verified" (the kiosk's enrolled key signed exactly these bytes),
    "not_verified" (signed, but not these bytes or not by that key) or "unsigned".
    ``pages``: each page as PNG bytes, for the screen.
    """

    file: str
    name: str
    signature: str
    pages: tuple[bytes, ...] = field(repr=False, default=())
