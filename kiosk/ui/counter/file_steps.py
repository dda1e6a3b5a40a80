"""The F11 list of the counter: the steps of a file it records and their reasons.

``fileSteps.steps`` (QML) is one row per step of :data:`kiosk.core.desk.file_steps.STEPS`
(``kind``, ``needs_reason`` and the ``reasons`` of the data file in the staff member's
language); the popup calls ``desk.record_file_event(kind, reason index, note)``. No
device, network or disk here: the reasons are read once, when the window is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.core.desk.file_steps import STEPS, reasons


class FileStepList(QObject):
    """The steps and reasons the F11 popup lists (``fileSteps`` in the counter's QML)."""

    changed = Signal()

    def __init__(self, language: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._reasons = reasons()

    def _get_steps(self) -> list[dict[str, Any]]:
        english = self._language() == "en"
        return [{"kind": kind, "needs_reason": needs,
                 "reasons": [r.en if english else r.vi for r in self._reasons.get(kind, ())]}
                for kind, needs in STEPS]

    steps = Property(list, _get_steps, notify=changed)

    @Slot()
    def language_switched(self) -> None:
        """Word the reasons again in the staff member's new language."""
        self.changed.emit()
