"""No warning repeated while the state does not change.

A kiosk left with a problem (no sound device, the central unreachable, a printer out of
paper) would otherwise write the same warning at every retry: thousands of identical
lines a day in the journal, hiding the one line that says something new.

:class:`RepeatFilter` lets the first warning (or error) through and holds back the
identical ones that follow: same logger, level, message (arguments filled in) and
structured fields. The state is taken to have changed when the same logger says
something else (any level); the held-back repeats are then summed up in one line,
"<message> (repeated N more times)". A warning that goes on longer than ``period_s``
(an hour by default) is let through again with ``repeated=N``, so the journal still
shows that the problem lasts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_PERIOD_S = 3600.0
_SUMMARY = "_kiosk_repeat_summary"
_MAX_LOGGERS = 1024  # a bound on memory: loggers are module names, far fewer in practice

Key = tuple[int, str, str]


@dataclass
class _Held:
    """One warning the logger keeps repeating: when it was last let through, how often held."""

    record: logging.LogRecord
    logged_at: float
    held: int = 0


def _key(record: logging.LogRecord) -> Key:
    fields = getattr(record, "fields", None)
    return record.levelno, record.getMessage(), repr(fields) if fields else ""


class RepeatFilter(logging.Filter):
    """Holds back identical warnings of a logger until its state changes (or hourly).

    ``emit`` writes a summary line (the handler's ``handle``: it runs the handler's
    filters, this one lets summaries through).
    """

    def __init__(self, emit: Callable[[logging.LogRecord], Any] | None = None, *,
                 level: int = logging.WARNING, period_s: float = DEFAULT_PERIOD_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.emit = emit
        self.level = level
        self.period_s = period_s
        self._clock = clock
        self._lock = threading.RLock()  # RLock: a summary comes back through filter()
        self._by_logger: dict[str, dict[Key, _Held]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        """Whether ``record`` is written now (False: an identical repeat, counted)."""
        if getattr(record, _SUMMARY, False):
            return True
        key = _key(record)
        with self._lock:
            known = self._by_logger.get(record.name, {})
            for other in [k for k in known if k != key]:
                self._summarise(known.pop(other))  # the logger moved on: a new state
            if record.levelno < self.level:
                return True
            now = self._clock()
            held = known.get(key)
            if held is None:
                if record.name not in self._by_logger and len(self._by_logger) >= _MAX_LOGGERS:
                    self._by_logger.pop(next(iter(self._by_logger)))
                self._by_logger.setdefault(record.name, {})[key] = _Held(record, now)
                return True
            if now - held.logged_at >= self.period_s:
                if held.held:
                    fields = dict(getattr(record, "fields", None) or {})
                    fields["repeated"] = held.held
                    record.fields = fields
                held.logged_at, held.held = now, 0
                return True
            held.held += 1
            return False

    def flush(self) -> None:
        """Write the summaries of every warning held back so far (at exit)."""
        with self._lock:
            for known in self._by_logger.values():
                for held in known.values():
                    self._summarise(held)
            self._by_logger.clear()

    def _summarise(self, held: _Held) -> None:
        if not held.held or self.emit is None:
            return
        first = held.record
        summary = logging.LogRecord(first.name, first.levelno, first.pathname, first.lineno,
                                    "%s (repeated %d more times)",
                                    (first.getMessage(), held.held), None)
        summary.fields = getattr(first, "fields", None)
        setattr(summary, _SUMMARY, True)
        held.held = 0
        self.emit(summary)
