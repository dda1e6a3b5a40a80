"""Structured logging that never contains personal data.

Modules log with ``logging.getLogger(__name__)`` and pass facts as ``extra={"fields":
{...}}``; :func:`setup_logging` installs one handler writing JSON lines or plain text.

Under systemd, when stderr is the journal (``$JOURNAL_STREAM`` names it), each line
starts with its syslog priority (``<4>`` for a warning, as sd-daemon(3) describes) so
``journalctl -p warning`` finds it, and carries no timestamp of its own: the journal
stamps every line. No warning is repeated while the state does not change
(:mod:`kiosk.core.log_repeats`).

Personal data must never be logged in the first place. As a second line of defence,
:class:`PersonalDataFilter` masks anything that looks like a CCCD number (12 digits),
an old CMND number (9 digits) or an MRZ line before a record is written, in the message
and in the structured fields alike.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import re
import sys
import time
from typing import Any, TextIO

from kiosk.core.log_repeats import RepeatFilter

_ID_LIKE = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")
_MRZ_LIKE = re.compile(r"[A-Z0-9<]{30,}")
MASK = "‹masked›"


def mask_personal(text: str) -> str:
    """Mask ID-number-like digit runs and MRZ-like lines in ``text``."""
    return _MRZ_LIKE.sub(MASK, _ID_LIKE.sub(MASK, text))


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal(value)
    if isinstance(value, dict):
        return {k: _mask_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_value(v) for v in value]
    return value


class PersonalDataFilter(logging.Filter):
    """Masks ID numbers and MRZ text in every record that passes through."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and fields with personal data masked."""
        message = record.getMessage()
        record.msg = mask_personal(message)
        record.args = None
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = _mask_value(fields)
        return True


# sd-daemon(3) priorities: what journald reads from a "<N>" at the start of a line
_PRIORITIES = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4),
               (logging.INFO, 6))


def syslog_priority(levelno: int) -> int:
    """The syslog priority of a Python log level (7, debug, below INFO)."""
    return next((priority for level, priority in _PRIORITIES if levelno >= level), 7)


def writes_to_journal(stream: TextIO) -> bool:
    """Whether ``stream`` is systemd's journal: ``$JOURNAL_STREAM`` names its device:inode.

    The variable alone is not enough (systemd.exec(5)): a child whose stderr was
    redirected inherits it too.
    """
    named = os.environ.get("JOURNAL_STREAM", "")
    try:
        stat = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):  # StringIO, a closed stream
        return False
    return bool(named) and named == f"{stat.st_dev}:{stat.st_ino}"


def _journal_lines(record: logging.LogRecord, text: str) -> str:
    """Each line of ``text`` with the record's priority prefix (a traceback stays one level)."""
    prefix = f"<{syslog_priority(record.levelno)}>"
    return "\n".join(prefix + line for line in text.splitlines() or [""])


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and structured fields."""

    def __init__(self, journal: bool = False) -> None:
        super().__init__()
        self.journal = journal

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as a JSON line."""
        payload: dict[str, Any] = {} if self.journal else {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z"}
        payload |= {
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            payload.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            payload["error"] = record.exc_info[0].__name__
        line = json.dumps(payload, ensure_ascii=False, default=str)
        return _journal_lines(record, line) if self.journal else line


class TextFormatter(logging.Formatter):
    """Human-readable lines: ``time level logger: message key=value ...``.

    For the journal: ``<N>level logger: message key=value ...`` (it keeps the time).
    """

    def __init__(self, journal: bool = False) -> None:
        super().__init__()
        self.journal = journal

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as one text line."""
        base = f"{record.levelname:<7} {record.name}: " + record.getMessage()
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict) and fields:
            base += " " + " ".join(f"{k}={v}" for k, v in fields.items())
        if self.journal:
            return _journal_lines(record, base)
        return f"{self.formatTime(record, '%H:%M:%S')} {base}"


_repeats: list[tuple[logging.StreamHandler[TextIO], RepeatFilter]] = []  # flushed at exit


@atexit.register
def _flush_repeats() -> None:
    for handler, repeats in _repeats:
        if not getattr(handler.stream, "closed", False):  # a test's stream may be gone
            repeats.flush()


def setup_logging(level: str = "INFO", fmt: str = "text", stream: TextIO | None = None) -> None:
    """Install the kiosk's single log handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        # Ours from an earlier call, and bare stderr handlers that libraries install
        # with logging.basicConfig() at import (python-escpos does): they would print
        # every record twice and without the personal-data filter.
        if getattr(handler, "_kiosk", False) or type(handler) is logging.StreamHandler:
            root.removeHandler(handler)
    out = stream or sys.stderr
    journal = writes_to_journal(out)
    handler = logging.StreamHandler(out)
    handler._kiosk = True  # type: ignore[attr-defined]
    handler.addFilter(PersonalDataFilter())
    repeats = RepeatFilter(handler.handle)  # after masking: it compares what is written
    handler.addFilter(repeats)
    _repeats[:] = [(handler, repeats)]
    handler.setFormatter(JsonFormatter(journal) if fmt == "json" else TextFormatter(journal))
    root.addHandler(handler)
    root.setLevel(level.upper())


def fields(**values: Any) -> dict[str, Any]:
    """Build ``extra`` for a structured log call: ``log.info(msg, extra=fields(a=1))``."""
    return {"fields": values}
