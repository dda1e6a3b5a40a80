"""What a diagnostic check reports: a status, a short summary, facts, and what to do.

Every check carries one sentence in Vietnamese and one in English telling a
non-expert what to do. ``facts`` hold only non-personal values (reader names, ATRs,
counts, sizes, versions); the exporter masks anything that looks like an ID number
as a second line of defence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """A check's verdict, from best to worst."""

    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"


_RANK = {Status.OK: 0, Status.WARNING: 1, Status.FAILED: 2}
NOTHING_TO_DO = ("Không cần làm gì.", "Nothing to do.")


def worst(statuses: list[Status]) -> Status:
    """The most serious of ``statuses`` (OK for none)."""
    return max(statuses, key=_RANK.__getitem__, default=Status.OK)


@dataclass(frozen=True)
class Check:
    """The result of one check.

    ``name`` is a stable dotted id (``printer.status``); ``summary`` one line of what
    was found; ``action_vi`` / ``action_en`` one sentence each saying what to do.
    """

    name: str
    status: Status
    summary: str
    action_vi: str = NOTHING_TO_DO[0]
    action_en: str = NOTHING_TO_DO[1]
    facts: dict[str, Any] = field(default_factory=dict)
    duration_ms: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", capitalized(self.summary))

    @property
    def family(self) -> str:
        """The check family: the part of ``name`` before the first dot."""
        return self.name.split(".", 1)[0]

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "status": str(self.status),
            "summary": self.summary,
            "action_vi": self.action_vi,
            "action_en": self.action_en,
            "facts": self.facts,
            "duration_ms": round(self.duration_ms, 1),
        }


def capitalized(text: str) -> str:
    """``text`` with a capital first letter, unless it starts with a name that keeps its
    spelling (a URL, a path, a version, a program such as ``pcscd``)."""
    first = text.split(" ", 1)[0]
    if not first or not first[0].islower() or not first.isalpha() or first in KEEP_CASE:
        return text
    return text[0].upper() + text[1:]


KEEP_CASE = frozenset({"pcscd", "vpcd", "espeak", "cups", "systemd"})
"""Lower-case program names a summary may start with."""


def ok(name: str, summary: str, **facts: Any) -> Check:
    """A passing check."""
    return Check(name, Status.OK, summary, facts=facts)


def warning(name: str, summary: str, action: tuple[str, str], **facts: Any) -> Check:
    """A check that works but needs a look; ``action`` is (Vietnamese, English)."""
    return Check(name, Status.WARNING, summary, action[0], action[1], facts)


def failed(name: str, summary: str, action: tuple[str, str], **facts: Any) -> Check:
    """A failing check; ``action`` is (Vietnamese, English)."""
    return Check(name, Status.FAILED, summary, action[0], action[1], facts)


@dataclass(frozen=True)
class Report:
    """Every check of one diagnostics run."""

    checks: tuple[Check, ...]
    started_at: dt.datetime
    duration_ms: float
    device_id: str | None = None

    @property
    def status(self) -> Status:
        """The worst status of all checks."""
        return worst([c.status for c in self.checks])

    def by_name(self, name: str) -> Check:
        """The check called ``name``; KeyError when the run did not include it."""
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)

    def counts(self) -> dict[str, int]:
        """How many checks have each status."""
        return {str(s): sum(1 for c in self.checks if c.status is s) for s in Status}

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "status": str(self.status),
            "started_at": self.started_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration_ms": round(self.duration_ms, 1),
            "device_id": self.device_id,
            "counts": self.counts(),
            "checks": [c.to_json_dict() for c in self.checks],
        }
