"""The counter screen's state and how QML reads it (the presenter's half without slots).

:class:`CounterState` holds who is signed in, at which counter, the services handled,
the ticket at the desk, the waiting counts, the link to the central service and the
citizen looked up (personal data), and publishes them as Qt properties. The slots and
results that change them are in :class:`~kiosk.ui.counter.presenter.CounterPresenter`.
"""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal

from kiosk.core.desk.actions import TicketAtCounter
from kiosk.core.desk.answers import OpenedFile, StaffAccount
from kiosk.core.desk.requests import Request
from kiosk.core.desk.submissions import Submission, submission_view, summary_view
from kiosk.core.procedures import Catalog
from kiosk.core.vn_time import clock_text, now_vn

BOARD_EVERY_S = 10.0


def service_names(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Queue service code → (Vietnamese, English) name: the field of its most used procedure."""
    names: dict[str, tuple[str, str]] = {}
    for procedure in sorted(catalog.procedures, key=lambda p: p.rank):
        names.setdefault(procedure.queue_service, (procedure.field_vi, procedure.field_en))
    return dict(sorted(names.items()))


class CounterState(QObject):
    """The staff counter's state, as QML properties."""

    changed = Signal()
    citizen_changed = Signal()
    language_changed = Signal()
    clock_changed = Signal()
    requests = Signal(object)  # Request

    def __init__(self, catalog: Catalog, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None,
                 wall: Callable[[], dt.datetime] = now_vn) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._clock = clock
        self._wall = wall  # the header clock: Vietnam time, whatever the machine's zone
        self._clock_text = clock_text(wall())
        self._names = service_names(catalog)
        self._language = "vi"
        self.account: StaffAccount | None = None
        self._counter = ""
        self._services: list[str] = []
        self.ticket: TicketAtCounter | None = None
        self._pending = ""  # the request awaited: "" | sign_in | call | action | print
        self._message, self._level = "", "info"
        self._waiting: dict[str, int] = {}
        self._online = True
        self._depth = 0
        self._card_present = False
        self._board_at = -BOARD_EVERY_S
        self._adopt = False  # take over the ticket the board shows at this counter
        # the citizen (personal): wiped by clear_citizen()
        self.submissions: list[Submission] = []
        self._selected = 0
        self._lookup = ""  # "" | reading | searching | found | none | need_card | failed
        self._shown_at = 0.0
        self.serial = 0
        self._can = ""
        self.opened: OpenedFile | None = None  # an attached file being looked at
        self._opening = ""  # the file asked for, until it comes

    # -- helpers ---------------------------------------------------------------------
    def _ask(self, request: Request, pending: str = "") -> None:
        if pending:
            self._pending = pending
        self.changed.emit()
        self.requests.emit(request)

    def say(self, key: str, level: str = "info") -> None:
        """Show the message ``key`` (translated by the screen); "" clears it."""
        self._message, self._level = key, level
        self.changed.emit()

    def _name(self, code: str) -> str:
        vi, en = self._names.get(code, (code, code))
        return en if self._language == "en" else vi

    def show_time(self) -> None:
        """Bring the header clock (``HH:MM``, Vietnam time) up to date."""
        text = clock_text(self._wall())
        if text != self._clock_text:
            self._clock_text = text
            self.clock_changed.emit()

    def language_code(self) -> str:
        """The staff member's language now ("vi" or "en")."""
        return self._language

    # -- properties ------------------------------------------------------------------
    def _get_language(self) -> str:
        return self._language

    def _get_signed_in(self) -> bool:
        return self.account is not None

    def _get_staff_name(self) -> str:
        return self.account.name if self.account else ""

    def _get_counter(self) -> str:
        return self._counter

    def _get_services(self) -> list[dict[str, Any]]:
        return [{"code": code, "name": self._name(code), "selected": code in self._services,
                 "waiting": self._waiting.get(code, 0)}
                for code in sorted(self._names, key=lambda c: (c not in self._services, c))]

    def _get_ticket(self) -> dict[str, Any]:
        t = self.ticket
        if t is None:
            return {}
        return {"label": t.label, "service": t.service, "service_name": self._name(t.service),
                "state": t.state, "calls": t.calls}

    def _get_busy(self) -> str:
        return self._pending

    def _get_message(self) -> str:
        return self._message

    def _get_level(self) -> str:
        return self._level

    def _get_online(self) -> bool:
        return self._online

    def _get_depth(self) -> int:
        return self._depth

    def _get_waiting_total(self) -> int:
        return sum(self._waiting.get(code, 0) for code in self._services)

    def _get_lookup_state(self) -> str:
        return self._lookup

    def _get_citizen(self) -> dict[str, Any]:
        if not self.submissions:
            return {}
        return submission_view(self.submissions[self._selected], self.catalog, self._language)

    def _get_history(self) -> list[dict[str, str]]:
        return [summary_view(s, self.catalog, self._language) for s in self.submissions]

    def _get_file_view(self) -> dict[str, Any]:
        """The opened file: name, signature state, pages as data URLs; or what is coming."""
        if self.opened is None:
            return {"opening": self._opening} if self._opening else {}
        return {"file": self.opened.file, "name": self.opened.name,
                "signature": self.opened.signature,
                "pages": ["data:image/png;base64," + base64.b64encode(p).decode("ascii")
                          for p in self.opened.pages]}

    def _get_selected(self) -> int:
        return self._selected

    def _get_card_present(self) -> bool:
        return self._card_present

    def _get_clock_text(self) -> str:
        return self._clock_text

    language = Property(str, _get_language, notify=language_changed)
    signed_in = Property(bool, _get_signed_in, notify=changed)
    staff_name = Property(str, _get_staff_name, notify=changed)
    counter = Property(str, _get_counter, notify=changed)
    services = Property(list, _get_services, notify=changed)
    ticket_view = Property(dict, _get_ticket, notify=changed)
    busy = Property(str, _get_busy, notify=changed)
    message = Property(str, _get_message, notify=changed)
    message_level = Property(str, _get_level, notify=changed)
    online = Property(bool, _get_online, notify=changed)
    outbox_depth = Property(int, _get_depth, notify=changed)
    waiting_total = Property(int, _get_waiting_total, notify=changed)
    card_present = Property(bool, _get_card_present, notify=changed)
    lookup_state = Property(str, _get_lookup_state, notify=citizen_changed)
    citizen = Property(dict, _get_citizen, notify=citizen_changed)
    history = Property(list, _get_history, notify=citizen_changed)
    selected = Property(int, _get_selected, notify=citizen_changed)
    file_view = Property(dict, _get_file_view, notify=citizen_changed)
    clock_text = Property(str, _get_clock_text, notify=clock_changed)
