"""How far the chip read has come, as the reading screen shows it (pure, no Qt).

The card session reports its steps ("unlocking the chip", "reading DG13", ...) and the
bytes of each file as they arrive. :class:`ReadProgress` turns them into the three
steps a citizen sees — unlock, identity, photo — and one fraction for the progress
bar, which only ever moves forward. Step names and file names carry no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

PHASES = ("unlock", "identity", "photo")
# Where each phase starts and ends on the progress bar.
SPANS = {"unlock": (0.0, 0.2), "identity": (0.2, 0.8), "photo": (0.8, 1.0)}
# The files read for the identity, in order: each takes a third of the identity's span
# (EF.COM stands in for the SOD when the SOD cannot be read).
IDENTITY_ORDER = {"EF.SOD": 0, "EF.COM": 0, "DG1": 1, "DG13": 2}
IDENTITY_FILES = tuple(IDENTITY_ORDER)
IDENTITY_FILE_COUNT = 3


def phase_of(step: str) -> str:
    """The phase a card-session step belongs to ("" for none, e.g. waiting)."""
    if step.startswith(("connecting", "unlocking")):
        return "unlock"
    if step.startswith("reading ") and step[len("reading "):] in IDENTITY_FILES:
        return "identity"
    if step.startswith(("reading", "checking")):
        return "photo"  # after the identity: the security checks, then the face
    return ""


@dataclass
class ReadProgress:
    """The current phase and the progress bar's fraction (0..1) of one chip read."""

    phase: str = ""
    fraction: float = 0.0

    def reset(self) -> None:
        """A new read begins."""
        self.phase, self.fraction = "", 0.0

    def step(self, step: str) -> bool:
        """The session entered ``step``; True when what the screen shows changed."""
        phase = phase_of(step)
        if not phase or PHASES.index(phase) < PHASES.index(self.phase or PHASES[0]):
            return False  # waiting for the card, or a second unlock after the identity
        changed = phase != self.phase
        self.phase = phase
        low, high = SPANS[phase]
        if phase == "unlock":
            start = low + 0.05
        elif phase == "identity":  # each identity file starts a third further on
            order = IDENTITY_ORDER.get(step[len("reading "):], 0)
            start = low + (high - low) * order / IDENTITY_FILE_COUNT
        else:
            start = low
        return self._advance(start) or changed

    def progress(self, file: str, done: int, total: int) -> bool:
        """``done`` of ``total`` bytes of ``file`` were read; True when the bar moved."""
        if total <= 0:
            return False
        part = min(1.0, done / total)
        if file in IDENTITY_ORDER:
            share = (IDENTITY_ORDER[file] + part) / IDENTITY_FILE_COUNT
            low, high = SPANS["identity"]
        elif file == "DG2":
            share = part
            low, high = SPANS["photo"]
        else:
            return False
        return self._advance(low + (high - low) * share)

    def _advance(self, fraction: float) -> bool:
        if fraction <= self.fraction:
            return False
        self.fraction = min(1.0, fraction)
        return True
