"""Structured logging that never contains personal data.

Modules log with ``logging.getLogger(__name__)`` and pass facts as ``extra={"fields":
{...}}``; :func:`setup_logging` installs one handler writing JSON lines or plain text.

Personal data must never be logged in the first place. As a second line of defence,
:class:`PersonalDataFilter` masks anything that looks like a CCCD number (12 digits),
an old CMND number (9 digits) or an MRZ line before a record is written, in the message
and in the structured fields alike.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any, TextIO

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


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and structured fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as a JSON line."""
        payload: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            payload.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            payload["error"] = record.exc_info[0].__name__
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Human-readable lines: ``time level logger: message key=value ...``."""

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as one text line."""
        base = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name}: "
        base += record.getMessage()
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict) and fields:
            base += " " + " ".join(f"{k}={v}" for k, v in fields.items())
        return base


def setup_logging(level: str = "INFO", fmt: str = "text", stream: TextIO | None = None) -> None:
    """Install the kiosk's single log handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        # Ours from an earlier call, and bare stderr handlers that libraries install
        # with logging.basicConfig() at import (python-escpos does): they would print
        # every record twice and without the personal-data filter.
        if getattr(handler, "_kiosk", False) or type(handler) is logging.StreamHandler:
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._kiosk = True  # type: ignore[attr-defined]
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())


def fields(**values: Any) -> dict[str, Any]:
    """Build ``extra`` for a structured log call: ``log.info(msg, extra=fields(a=1))``."""
    return {"fields": values}
