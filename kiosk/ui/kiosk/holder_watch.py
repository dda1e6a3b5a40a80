"""Look up a card holder's files when their card is read before a procedure is chosen.

The issue 18 flow: a citizen taps their card (or shows its QR) on the attract or welcome
screen; the identity read lands the visit on the procedure screen with no procedure yet.
:class:`HolderFilesWatch` sees that stage with an ID number from the chip or the QR,
asks the central service once per visit on the :class:`~kiosk.ui.qt.tasks.TaskRunner`
(``lookup`` is :class:`kiosk.sync.holder_files.HolderFilesLookup`, handed in by the run),
and gives the answer to the :class:`~kiosk.ui.kiosk.holder_files.HolderFilesModel` on
the UI thread. The visit never waits for it. On the visit's ``Wiped`` effect the list is
cleared and an answer still on its way is dropped (a generation number); so too when
the citizen goes back to the attract screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.core.visit.events import Effect, Wiped
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.holder_files import HolderFilesModel
from kiosk.ui.kiosk.presenter import VisitPresenter
from kiosk.ui.qt.tasks import TaskRunner

# id number → the holder's files, or None when they cannot be fetched now
Lookup = Callable[[str], list[dict[str, Any]] | None]


class HolderFilesWatch(QObject):
    """Starts the holder's look-up once per visit and feeds the model."""

    def __init__(self, presenter: VisitPresenter, model: HolderFilesModel, tasks: TaskRunner,
                 lookup: Lookup) -> None:
        super().__init__(presenter)
        self._presenter = presenter
        self._model = model
        self._tasks = tasks
        self._lookup = lookup
        self._generation = 0
        self._asked = False
        presenter.stage_changed.connect(self._stage_changed)
        # a QR shown on the procedure screen itself identifies without a new stage
        presenter.view_changed.connect(self._stage_changed)
        presenter.effects.connect(self._effects)

    def _holder_id(self) -> str | None:
        data = self._presenter.visit.data
        if data.procedure is not None:
            return None  # the card was read for a procedure already chosen: no detour
        if data.identity is not None:
            return data.identity.id_number
        return data.qr_identity.id_number if data.qr_identity is not None else None

    def _stage_changed(self) -> None:
        if self._presenter.visit.stage == Stage.ATTRACT and self._model.state:
            self._forget()  # back to the start: the next citizen sees nothing of these
            return
        if self._asked or self._presenter.visit.stage != Stage.CHOOSE_PROCEDURE:
            return
        number = self._holder_id()
        if not number:
            return
        self._asked = True
        generation = self._generation
        self._model.loading()

        def done(files: list[dict[str, Any]] | None) -> None:
            if generation == self._generation:
                self._model.show(files)

        def failed(_error: Exception) -> None:
            if generation == self._generation:
                self._model.show(None)

        self._tasks.run(lambda: self._lookup(number), done, failed, name="holder files")

    def _effects(self, effects: list[Effect]) -> None:
        if any(isinstance(e, Wiped) for e in effects):
            self._forget()

    def _forget(self) -> None:
        self._generation += 1
        self._asked = False
        self._model.clear()
