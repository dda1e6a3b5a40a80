"""What the counter screens see and where the staff member's intentions go.

:class:`CounterPresenter` adds the slots and results to the counter's state
(:class:`~kiosk.ui.counter.presenter_state.CounterState`: who is signed in, at which
counter, the services handled, the ticket at the desk, the waiting counts, and the
citizen looked up, personal data). Screens read its properties and call its slots;
every piece of work (central service, outbox, reader, printer) leaves on the
``requests`` signal as a :mod:`~kiosk.core.desk.requests` value and its outcome comes
back through the result methods (``signed_in_as``, ``ticket_called``, ...), always on
the UI thread. Nothing here touches a device, the network or the disk.

Messages are keys (``call.nobody``, ``signin.wrong_pin``, ...) the QML turns into
translated text. The citizen's data is wiped from here (and so from the screen) when
the next ticket is called, on sign-out, or ``WIPE_S`` seconds after it was shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from kiosk.core.desk.actions import QueueAction, TicketAtCounter, after, check_counter
from kiosk.core.desk.answers import CalledTicket, OpenedFile, StaffAccount
from kiosk.core.desk.errors import BadInputError
from kiosk.core.desk.file_steps import RETURNED, new_nonce, reason_text
from kiosk.core.desk.requests import (
    CallNext,
    LookUp,
    OpenFile,
    PrintReceipt,
    ReadCard,
    RecordAction,
    RecordFileEvent,
    RefreshBoard,
    ScannedText,
    SignIn,
    SignOut,
)
from kiosk.core.desk.submissions import Submission
from kiosk.core.procedures import Catalog
from kiosk.core.vn_time import now_vn
from kiosk.ui.counter.presenter_state import BOARD_EVERY_S, CounterState

log = logging.getLogger(__name__)

WIPE_S = 300.0  # a citizen's data leaves the screen this long after it was shown
_ID = re.compile(r"^\d{12}$")
_CAN = re.compile(r"^\d{6}$")



class CounterPresenter(CounterState):
    """The staff counter as QML properties (see ``presenter_state``) and slots."""

    def __init__(self, catalog: Catalog, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None,
                 wall: Callable[[], dt.datetime] = now_vn) -> None:
        super().__init__(catalog, clock, parent, wall)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def start_clock(self) -> None:
        """Tick every second (header clock, citizen wipe timeout, waiting counts refresh)."""
        self._timer.start()

    # -- staff intentions: session ---------------------------------------------------
    @Slot(str)
    def switch_language(self, language: str) -> None:
        """Vietnamese (default) or English for the staff member."""
        if language in ("vi", "en") and language != self._language:
            self._language = language
            self.language_changed.emit()
            self.changed.emit()
            self.citizen_changed.emit()

    @Slot(str, str, str)
    def sign_in(self, user: str, pin: str, counter: str) -> None:
        """User name, PIN and counter number from the sign-in form."""
        if self._pending:
            return
        if not user.strip() or not pin:
            self.say("signin.missing", "error")
            return
        try:
            counter = check_counter(counter)
        except BadInputError:
            self.say("signin.bad_counter", "error")
            return
        self.say("")
        self._ask(SignIn(user.strip(), pin, counter), "sign_in")

    @Slot()
    def sign_out(self) -> None:
        """End the session (refused while a called citizen is still at the desk)."""
        if self.ticket is not None and self.ticket.state == "called":
            self.say("signout.finish_first", "warn")
            return
        was_signed_in = self.account is not None
        self.clear_citizen()
        self.account, self.ticket, self._services, self._pending = None, None, [], ""
        self.say("signout.done")
        if was_signed_in:  # the central ends the session too (best effort, off the UI thread)
            self.requests.emit(SignOut())

    @Slot(str)
    def toggle_service(self, code: str) -> None:
        """Handle (or stop handling) the queue service ``code``."""
        if code not in self._names:
            return
        if code in self._services:
            self._services.remove(code)
        else:
            self._services.append(code)
        self.changed.emit()

    # -- staff intentions: the queue -------------------------------------------------
    @Slot()
    def call_next(self) -> None:
        """Call the longest-waiting citizen of the services handled."""
        if self.account is None or self._pending:
            return
        if self.ticket is not None and self.ticket.state == "called":
            self.say("call.finish_first", "warn")
            return
        if not self._services:
            self.say("call.no_services", "warn")
            return
        self.clear_citizen()  # the next citizen never sees the previous one's data
        self.say("")
        self._ask(CallNext(self._counter, tuple(self._services)), "call")

    def _act(self, action: QueueAction, to_service: str = "") -> None:
        ticket = self.ticket
        if self.account is None or ticket is None or self._pending:
            return
        if action is not QueueAction.RECALL and ticket.state != "called":
            self.say("action.not_called", "warn")
            return
        self._ask(RecordAction(action, ticket, self._counter, dt.datetime.now(dt.UTC),
                               to_service), "action")

    @Slot()
    def recall(self) -> None:
        """Call the same ticket again (also brings back a skipped one)."""
        self._act(QueueAction.RECALL)

    @Slot()
    def skip(self) -> None:
        """The citizen is not here yet; the ticket may be recalled later."""
        self._act(QueueAction.SKIP)

    @Slot()
    def complete(self) -> None:
        """The citizen has been served."""
        self._act(QueueAction.COMPLETE)

    @Slot()
    def no_show(self) -> None:
        """The citizen never came: the ticket is cancelled."""
        self._act(QueueAction.NO_SHOW)

    @Slot(str)
    def transfer(self, service: str) -> None:
        """Send the citizen to another service's queue, keeping the number."""
        if self.ticket is not None and service == self.ticket.service:
            self.say("transfer.same", "warn")
            return
        self._act(QueueAction.TRANSFER, service)

    # -- staff intentions: the citizen -----------------------------------------------
    @Slot(str)
    def look_up(self, text: str) -> None:
        """12 digits: look the ID number up; 6 digits: the CAN to read the card on the reader.

        A card QR's text (fields separated by ``|``), as a keyboard-wedge scanner types it
        into the box, is looked up by the ID number it holds.
        """
        if "|" in text and self.account is not None:
            self._ask(ScannedText(text.strip()))
            return
        digits = "".join(text.split())
        if _ID.fullmatch(digits):
            self.find(digits, "typed")
        elif _CAN.fullmatch(digits):
            self._can = digits
            if self._card_present:
                self._read_card()
            else:
                self._set_lookup("need_card")
        else:
            self.say("lookup.bad_input", "error")

    def find(self, id_number: str, source: str) -> None:
        """Look up ``id_number`` (typed, or from a QR or the chip)."""
        if self.account is None:
            return
        self.serial += 1
        self._set_lookup("searching")
        self._ask(LookUp(id_number, source, self.serial))

    def _read_card(self) -> None:
        can, self._can = self._can, ""
        self.serial += 1
        self._set_lookup("reading")
        self._ask(ReadCard(can, self.serial))

    @Slot(int)
    def select_submission(self, index: int) -> None:
        """Show another of the citizen's submissions."""
        if 0 <= index < len(self.submissions):
            self._selected = index
            self.opened, self._opening = None, ""
            self._shown_at = self._clock()
            self.citizen_changed.emit()

    @Slot()
    def print_receipt(self) -> None:
        """Print the receipt and appointment slip of the submission shown."""
        if self.account is None or self._pending:
            return
        if not self.submissions:
            self.say("print.no_citizen", "warn")
            return
        self._ask(PrintReceipt(self.submissions[self._selected], self.account.name), "print")

    @Slot()
    def hand_over_result(self) -> None:
        """Record that the citizen collected the result of the shown submission's file."""
        self.record_file_event(RETURNED, -1, "")

    @Slot(str, int, str)
    def record_file_event(self, kind: str, reason: int, note: str) -> None:
        """Record a step of the shown submission's file, with reason ``reason`` of the
        list (-1: none) and the officer's ``note`` (``kiosk.core.desk.file_steps``)."""
        if self.account is None or self._pending:
            return
        if not self.submissions:
            self.say("print.no_citizen", "warn")
            return
        try:
            text = None if kind == RETURNED else reason_text(kind, reason, note)
        except BadInputError:
            self.say("file.needs_reason", "warn")
            return
        self._ask(RecordFileEvent(self.submissions[self._selected], kind, text, new_nonce()),
                  "file")

    @Slot()
    def clear_citizen(self) -> None:
        """Drop the citizen's data from the screen and from memory."""
        self.submissions = []
        self._selected, self._can = 0, ""
        self.opened, self._opening = None, ""
        self._set_lookup("")

    @Slot(str)
    def open_file(self, file: str) -> None:
        """Open a file the shown submission attached (the card data sheet, a document)."""
        if self.account is None or not self.submissions:
            return
        self.opened, self._opening = None, file
        self._shown_at = self._clock()
        self.citizen_changed.emit()
        self._ask(OpenFile(self.submissions[self._selected].record_id, file, self.serial))

    @Slot()
    def close_file(self) -> None:
        """Put the opened file away (its pages leave memory)."""
        self.opened, self._opening = None, ""
        self.citizen_changed.emit()

    def file_opened(self, serial: int, opened: OpenedFile) -> None:
        """The file asked for, checked and drawn."""
        if serial != self.serial or not self.submissions or self._opening != opened.file:
            return  # the citizen changed meanwhile: show nothing of theirs
        self.opened, self._opening = opened, ""
        self.citizen_changed.emit()

    def file_failed(self, serial: int) -> None:
        """The file could not be fetched or drawn."""
        if serial == self.serial:
            self._opening = ""
            self.say("attachment.failed", "error")
            self.citizen_changed.emit()

    def _set_lookup(self, state: str) -> None:
        self._lookup = state
        self.citizen_changed.emit()

    @Slot()
    def tick(self) -> None:
        """One second passed: the clock; wipe a citizen shown too long; refresh the counts."""
        self.show_time()
        now = self._clock()
        if self.submissions and now - self._shown_at >= WIPE_S:
            self.clear_citizen()
            self.say("lookup.wiped")
        if self.account is not None and now - self._board_at >= BOARD_EVERY_S:
            self._board_at = now
            self.requests.emit(RefreshBoard(self._counter))

    # -- results (called by the app on the UI thread) ---------------------------------
    def signed_in_as(self, account: StaffAccount) -> None:
        """The central service accepted the sign-in."""
        self.account, self._counter, self._pending = account, account.counter, ""
        self._online = True  # it just answered
        self._services = [s for s in account.services if s in self._names]
        self._board_at = self._clock()
        self._adopt = self.ticket is None
        self.say("signin.welcome")
        self.requests.emit(RefreshBoard(self._counter))

    def finished(self, key: str, level: str = "error") -> None:
        """The awaited request ended with the message ``key``."""
        self._pending = ""
        self.say(key, level)

    def ticket_called(self, called: CalledTicket | None) -> None:
        """The call-next answer (None: nobody waits) once the call record is stored."""
        self._pending = ""
        if called is None:
            self.say("call.nobody")
            return
        self.ticket = TicketAtCounter(called.service, called.number, called.label)
        self.say("call.called")
        self.requests.emit(RefreshBoard(self._counter))

    def action_stored(self, action: QueueAction) -> None:
        """The queue event of ``action`` is in the outbox."""
        self._pending = ""
        if self.ticket is not None:
            self.ticket = after(action, self.ticket)
        self.say(f"action.{action}")
        self.requests.emit(RefreshBoard(self._counter))

    def board_loaded(self, waiting: dict[str, int],
                     serving: TicketAtCounter | None = None) -> None:
        """Waiting tickets per service, from the central service's board.

        Right after sign-in, a ticket the board shows being served at this counter (the
        app was restarted, or a colleague handed the counter over) becomes the current one.
        """
        self._waiting = waiting
        if self._adopt and self.ticket is None and serving is not None:
            self.ticket = serving
            self.say("call.resumed")
        self._adopt = False
        self.changed.emit()

    def set_online(self, online: bool) -> None:
        """Whether the central service answers."""
        if online != self._online:
            self._online = online
            self.changed.emit()

    def set_depth(self, depth: int) -> None:
        """How many records wait in the outbox to go to the central service."""
        if depth != self._depth:
            self._depth = depth
            self.changed.emit()

    def set_card_present(self, present: bool) -> None:
        """A card was laid on (or lifted off) the counter reader."""
        self._card_present = present
        self.changed.emit()
        if present and self._can and self.account is not None:
            self._read_card()
        elif present and self.account is not None and not self.submissions:
            self._set_lookup("need_can")

    def looked_up(self, serial: int, found: list[Submission]) -> None:
        """The lookup answer for request ``serial``."""
        if serial != self.serial or self.account is None:
            return  # an older lookup, or the citizen was wiped meanwhile
        self.submissions, self._selected = found, 0
        self._shown_at = self._clock()
        self._set_lookup("found" if found else "none")

    def lookup_failed(self, serial: int, key: str) -> None:
        """The lookup (or the card read before it) failed with the message ``key``."""
        if serial != self.serial:
            return
        self._set_lookup("failed")
        self.say(key, "error")
