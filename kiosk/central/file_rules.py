"""The rules of a file's life: which event may follow which, and how the due date moves.

Pure functions over :class:`FileState` (the step, due date, pause and decision a file has
after its last event); ``kiosk.central.files`` stores the state each event leaves on the
event's own row, so the last row of a file says where it stands. The rules:

* ``accepted`` (counter) starts the clock: due = the procedure's working days after the
  day of receipt (``kiosk.core.working_days``: the holidays calendar, swapped days);
* ``forwarded`` (connector, when the one-gate system acknowledged the file);
* ``in_processing``, ``result_ready`` (a decision), ``refused`` (a decision, with its
  reason), ``returned`` (to the citizen, after a result or a refusal), ``withdrawn``
  (by the citizen, with the reason);
* ``additional_documents_requested`` (with the reason: which papers) pauses the clock;
  ``documents_supplied`` resumes it and moves the due date by the working days it was
  paused (one-stop rules: the time to supplement a file is not counted);
* ``due_extended`` (with the reason and ``days``) moves the due date by that many
  working days; it changes no step.

On time: a decided file (result ready or refused) is on time when it was decided on or
before its due date; an open file is late once the day is past its due date, unless its
clock is paused. A withdrawn file counts for neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kiosk.core.working_days import add_working_days, working_days_between

ACCEPTED, FORWARDED, IN_PROCESSING = "accepted", "forwarded", "in_processing"
MORE_DOCS, DOCS_SUPPLIED = "additional_documents_requested", "documents_supplied"
RESULT_READY, REFUSED, RETURNED, WITHDRAWN = "result_ready", "refused", "returned", "withdrawn"
DUE_EXTENDED = "due_extended"
KINDS = (ACCEPTED, FORWARDED, IN_PROCESSING, MORE_DOCS, DOCS_SUPPLIED, RESULT_READY,
         REFUSED, RETURNED, WITHDRAWN, DUE_EXTENDED)
NEEDS_REASON = frozenset({MORE_DOCS, REFUSED, WITHDRAWN, DUE_EXTENDED})
DECISIONS = frozenset({RESULT_READY, REFUSED})
CLOSED = frozenset({RETURNED, WITHDRAWN})
_WORKING = (IN_PROCESSING, MORE_DOCS, RESULT_READY, REFUSED, WITHDRAWN)
NEXT: dict[str, frozenset[str]] = {
    ACCEPTED: frozenset({FORWARDED, *_WORKING}),
    FORWARDED: frozenset(_WORKING),
    IN_PROCESSING: frozenset({MORE_DOCS, RESULT_READY, REFUSED, WITHDRAWN}),
    MORE_DOCS: frozenset({DOCS_SUPPLIED, REFUSED, WITHDRAWN}),
    DOCS_SUPPLIED: frozenset({IN_PROCESSING, MORE_DOCS, RESULT_READY, REFUSED, WITHDRAWN}),
    RESULT_READY: frozenset({RETURNED}),
    REFUSED: frozenset({RETURNED}),
    RETURNED: frozenset(),
    WITHDRAWN: frozenset(),
}
# who may append what: the counter (staff), the connector (the competent unit's system)
BY_COUNTER = frozenset(KINDS) - {ACCEPTED, FORWARDED}
BY_ONEGATE = frozenset({IN_PROCESSING, MORE_DOCS, DOCS_SUPPLIED, RESULT_READY, REFUSED,
                        DUE_EXTENDED})
MAX_EXTENSION_DAYS = 60


class RuleError(ValueError):
    """The event cannot follow the file's history (the message says why)."""


@dataclass(frozen=True)
class FileState:
    """Where a file stands after an event."""

    step: str
    due: dt.date
    paused_on: dt.date | None = None
    decided_on: dt.date | None = None


def start(received: dt.date, working_days: int) -> FileState:
    """The state of a file accepted on ``received`` for a procedure of ``working_days``."""
    return FileState(ACCEPTED, add_working_days(received, working_days))


def apply(state: FileState, kind: str, day: dt.date, reason: str | None,
          days: int | None = None) -> FileState:
    """The state after ``kind`` on ``day``; RuleError when the event cannot follow."""
    if kind not in KINDS or kind == ACCEPTED:
        raise RuleError(f"{kind!r} is not an event a file can receive")
    if kind in NEEDS_REASON and not (reason or "").strip():
        raise RuleError(f"a {kind} event needs its reason")
    if kind == DUE_EXTENDED:
        if state.step in CLOSED or state.decided_on is not None:
            raise RuleError("the due date of a decided or closed file cannot move")
        if days is None or not 1 <= days <= MAX_EXTENSION_DAYS:
            raise RuleError(f"an extension needs days from 1 to {MAX_EXTENSION_DAYS}")
        return replace(state, due=add_working_days(state.due, days))
    if kind not in NEXT[state.step]:
        raise RuleError(f"a file at {state.step} cannot go to {kind}")
    if kind == MORE_DOCS:
        return replace(state, step=kind, paused_on=day)
    if kind == DOCS_SUPPLIED:
        assert state.paused_on is not None
        paused = working_days_between(state.paused_on, day)
        return FileState(kind, add_working_days(state.due, paused))
    if kind in DECISIONS:
        return replace(state, step=kind, decided_on=day)
    return replace(state, step=kind)


def standing(state: FileState, today: dt.date) -> str:
    """``on_time``, ``late``, ``paused`` or ``withdrawn`` for a file in ``state`` on ``today``."""
    if state.step == WITHDRAWN:
        return "withdrawn"
    if state.decided_on is not None:
        return "on_time" if state.decided_on <= state.due else "late"
    if state.paused_on is not None:
        return "paused"
    return "on_time" if today <= state.due else "late"
