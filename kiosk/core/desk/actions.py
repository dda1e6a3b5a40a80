"""A counter's actions on the ticket in front of it, as queue-event record payloads.

Mapping (see ``kiosk/central/queue_day.py``): call → ``called``, recall →
``recalled``, complete → ``served``, skip (citizen absent, may be recalled) →
``skipped``, no-show → ``cancelled`` with ``reason: "no_show"``, transfer →
``cancelled`` with ``reason: "transfer"`` and ``to_service``. Each record carries the
counter's number and is stamped with the moment the staff member pressed the key
(its true time), whether or not the central service is reachable then. Pure: no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.core.desk.errors import BadInputError

_SERVICE = re.compile(r"^[A-Z0-9]{1,8}$")
_COUNTER = re.compile(r"^[A-Za-z0-9]{1,8}$")


class QueueAction(StrEnum):
    """What a staff member can do with the current ticket."""

    CALL = "call"
    RECALL = "recall"
    SKIP = "skip"
    COMPLETE = "complete"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"


# action → (queue event, cancellation reason)
EVENTS: dict[QueueAction, tuple[str, str]] = {
    QueueAction.CALL: ("called", ""),
    QueueAction.RECALL: ("recalled", ""),
    QueueAction.SKIP: ("skipped", ""),
    QueueAction.COMPLETE: ("served", ""),
    QueueAction.NO_SHOW: ("cancelled", "no_show"),
    QueueAction.TRANSFER: ("cancelled", "transfer"),
}
# actions after which the counter holds no ticket any more
ENDS_TICKET = frozenset({QueueAction.COMPLETE, QueueAction.NO_SHOW, QueueAction.TRANSFER})


@dataclass(frozen=True)
class TicketAtCounter:
    """The ticket a counter is dealing with and what happened to it last."""

    service: str
    number: int
    label: str
    state: str = "called"  # called | skipped
    calls: int = 1


def check_counter(counter: str) -> str:
    """A counter number as the central service takes it: 1-8 letters or digits."""
    counter = counter.strip()
    if not _COUNTER.fullmatch(counter):
        raise BadInputError("A counter number is 1 to 8 letters or digits, e.g. 3.")
    return counter


def event_payload(action: QueueAction, ticket: TicketAtCounter, center: str, counter: str,
                  to_service: str = "") -> dict[str, Any]:
    """The ``queue_event`` payload for ``action`` on ``ticket`` at ``counter``."""
    event, reason = EVENTS[action]
    payload: dict[str, Any] = {"event": event, "number": ticket.number,
                               "service": ticket.service, "center": center,
                               "counter": check_counter(counter)}
    if reason:
        payload["reason"] = reason
    if action is QueueAction.TRANSFER:
        if not _SERVICE.fullmatch(to_service) or to_service == ticket.service:
            raise BadInputError("A transfer needs another service's code.")
        payload["to_service"] = to_service
    return payload


def after(action: QueueAction, ticket: TicketAtCounter) -> TicketAtCounter | None:
    """The counter's ticket once ``action`` is done (None: the counter is free)."""
    if action in ENDS_TICKET:
        return None
    if action is QueueAction.SKIP:
        return TicketAtCounter(ticket.service, ticket.number, ticket.label, "skipped",
                               ticket.calls)
    if action is QueueAction.RECALL:
        return TicketAtCounter(ticket.service, ticket.number, ticket.label, "called",
                               ticket.calls + 1)
    return ticket
