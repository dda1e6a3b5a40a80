"""The steps of a file a counter records (issue 18), and the reasons it picks from.

The counter's F10 records that the citizen collected the result (``returned``); F11 opens
the other steps: more documents asked for (pauses the clock), documents supplied (starts
it again), result ready, refused, withdrawn. Those marked ``needs_reason`` take a reason
from ``kiosk/assets/procedures/file_reasons.toml`` (data: keys 1-9), the officer's own
words, or both ("reason — note"). The central's file rules
(``kiosk.central.file_rules``) still decide whether the step may follow the file's
history; this module only shapes what the counter sends.
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kiosk.core.desk.errors import BadInputError
from kiosk.core.errors import ConfigError
from kiosk.core.resources import asset

REASONS_FILE = asset("procedures", "file_reasons.toml")
MAX_REASON = 500  # the central's limit on a reason's length
# (kind, needs a reason), in the order the counter lists them (keys 1-5)
STEPS: tuple[tuple[str, bool], ...] = (
    ("additional_documents_requested", True),
    ("documents_supplied", False),
    ("result_ready", False),
    ("refused", True),
    ("withdrawn", True),
)
RETURNED = "returned"
# steps a file has at most once: their event id is the file's, so a press repeated
# after a lost answer records nothing twice
ONCE = frozenset({"result_ready", "refused", "withdrawn", RETURNED})


@dataclass(frozen=True)
class Reason:
    """One reason of the list, in both languages."""

    vi: str
    en: str


@lru_cache(maxsize=4)
def reasons(path: Path = REASONS_FILE) -> dict[str, tuple[Reason, ...]]:
    """Step kind → its reasons (ConfigError when the data file is broken)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found = {kind: tuple(Reason(str(r["vi"]), str(r["en"])) for r in data[kind]["reasons"])
                 for kind, needs in STEPS if needs}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise ConfigError(f"the file reasons {path} cannot be read: {exc}") from None
    if any(not 0 < len(listed) <= 9 for listed in found.values()):
        raise ConfigError(f"the file reasons {path} need 1 to 9 reasons for each step")
    return found


def reason_text(kind: str, index: int, note: str) -> str | None:
    """The reason the event keeps: reason ``index`` of the list (-1: none) and the
    officer's ``note``; None for a step that takes none. BadInputError when a step that
    needs a reason has neither, or for an unknown step or index."""
    needs = dict(STEPS).get(kind)
    if needs is None:
        raise BadInputError(f"a counter does not record {kind!r} steps")
    note = " ".join(note.split())
    if not needs:
        return None
    listed = reasons()[kind]
    if not -1 <= index < len(listed):
        raise BadInputError("no such reason")
    parts = ([listed[index].vi] if index >= 0 else []) + ([note] if note else [])
    if not parts:
        raise BadInputError("this step needs a reason")
    return " — ".join(parts)[:MAX_REASON]


def event_id(kind: str, file_id: str, nonce: str) -> str:
    """The event's id: the file's for a step it has once, else with the press's ``nonce``."""
    return f"{kind}:{file_id}" if kind in ONCE else f"{kind}:{file_id}:{nonce}"


def new_nonce() -> str:
    """A fresh nonce for one press of the key."""
    return uuid.uuid4().hex[:10]
