"""Carry out the counter screen's requests off the UI thread and report back.

:class:`CounterEffects` listens to the presenter's ``requests`` and the
:class:`~kiosk.ui.qt.device_bridge.DeviceBridge` (card on the counter reader, QR scans).
Every blocking step runs on the :class:`~kiosk.ui.qt.tasks.TaskRunner`:

- ``SignIn`` → ``POST /v1/staff/sign-in``; no central service, no sign-in (a PIN is
  only ever checked by the central service; nothing about it is kept on the counter);
- ``SignOut`` → ``POST /v1/staff/sign-out``, best effort: the screen has already signed
  out; offline, the session simply lapses at the central service;
- ``CallNext`` → the claim (``POST /v1/counters/next``), then the ``called`` record in
  the outbox; the claim needs the central service, so offline it says so;
- ``RecordAction`` → the queue event in the outbox with the time the key was pressed;
  works offline, the sync worker delivers it later;
- ``LookUp`` / ``ReadCard`` → the chip read with the CAN (PACE), then
  ``POST /v1/counters/lookup``; a QR gives the ID number directly;
- ``PrintReceipt`` → the receipt and appointment slip on the configured printer;
- ``RecordFileEvent`` → one event of the file at the central service (``returned``,
  the file's others with their reason; ``kiosk.core.desk.file_steps``);
- ``RefreshBoard`` → the board's waiting counts.

Nothing personal is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from kiosk.core.config import CenterConfig
from kiosk.core.desk.actions import QueueAction, TicketAtCounter, event_payload
from kiosk.core.desk.answers import CalledTicket, OpenedFile
from kiosk.core.desk.errors import (
    CardNotGenuineError,
    CentralRefusedError,
    CentralUnreachableError,
    CitizenNotFoundError,
    DeviceRefusedError,
    SignInRefusedError,
)
from kiosk.core.desk.file_steps import RETURNED, event_id
from kiosk.core.desk.requests import (
    CallNext,
    LookUp,
    OpenFile,
    PrintReceipt,
    ReadCard,
    RecordAction,
    RecordFileEvent,
    RefreshBoard,
    Request,
    ScannedText,
    SignIn,
    SignOut,
)
from kiosk.core.desk.submissions import Submission
from kiosk.core.errors import AccessDeniedError, CardError, KioskError
from kiosk.devices.chip.access import AccessPlan
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.chip.card_session import ReadOptions, read_card
from kiosk.devices.printer.service import PrintOutcome, ReceiptPrinter
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.devices.qr.events import ScanEvent
from kiosk.slips.layouts import receipt_document
from kiosk.slips.receipts import receipt_for
from kiosk.sync.counter_client import CounterClient
from kiosk.sync.outbox import Outbox
from kiosk.ui.counter.presenter import CounterPresenter
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.pdf_pages import pdf_pages
from kiosk.ui.qt.tasks import TaskRunner
from kiosk.wire.protocol import RecordKind

log = logging.getLogger(__name__)


def _lookup_key(error: KioskError) -> str:
    if isinstance(error, CentralUnreachableError):
        return "lookup.offline"
    if isinstance(error, CardNotGenuineError):
        return "lookup.not_genuine"
    if isinstance(error, AccessDeniedError):
        return "lookup.wrong_can"
    if isinstance(error, CardError):
        return "lookup.card_failed"
    if isinstance(error, CitizenNotFoundError):
        return "lookup.bad_input"
    return "lookup.failed"


class SyncNews(QObject):
    """The sync worker's news (its own thread) as signals the presenter gets on the UI thread."""

    online = Signal(bool)
    depth = Signal(int)

    def connect_to(self, presenter: CounterPresenter) -> None:
        """Show the news on the counter screen."""
        self.online.connect(presenter.set_online)
        self.depth.connect(presenter.set_depth)


class CounterEffects(QObject):
    """Runs one counter's requests with the central service, outbox, reader and printer."""

    def __init__(
        self,
        presenter: CounterPresenter,
        bridge: DeviceBridge,
        tasks: TaskRunner,
        *,
        client: CounterClient,
        outbox: Outbox,
        printer: ReceiptPrinter,
        center: CenterConfig,
        status_base_url: str,
        connect_card: Callable[[], Transport],
        read_options: ReadOptions | None = None,
    ) -> None:
        super().__init__(presenter)
        self._presenter = presenter
        self._tasks = tasks
        self._client = client
        self._outbox = outbox
        self._printer = printer
        self._center = center
        self._status_base = status_base_url.rstrip("/")
        self._connect_card = connect_card
        self._read_options = read_options or ReadOptions(read_face=False)
        self.last_print: PrintOutcome | None = None
        self._stopped = False
        self._board_busy = False  # one board request at a time, even on a slow network
        presenter.requests.connect(self.run)
        bridge.card_inserted.connect(lambda _reader: presenter.set_card_present(True))
        bridge.card_removed.connect(lambda _reader: presenter.set_card_present(False))
        bridge.qr_scanned.connect(self._qr_scanned)

    def run(self, request: Request) -> None:
        """Start the work ``request`` asks for; a refused request says so, never crashes."""
        if self._stopped:
            return
        try:
            self._dispatch(request)
        except KioskError as exc:
            log.warning("counter request refused", extra={"fields": {
                "request": type(request).__name__, "error": type(exc).__name__}})
            self._presenter.finished("action.refused")

    def stop(self) -> None:
        """Start no more work (the app is closing: the client and outbox go next)."""
        self._stopped = True

    def _dispatch(self, request: Request) -> None:
        if isinstance(request, SignIn):
            self._sign_in(request)
        elif isinstance(request, SignOut):
            self._sign_out()
        elif isinstance(request, CallNext):
            self._call_next(request)
        elif isinstance(request, RecordAction):
            self._record(request)
        elif isinstance(request, LookUp):
            self._look_up(request)
        elif isinstance(request, ReadCard):
            self._read_card(request)
        elif isinstance(request, PrintReceipt):
            self._print(request)
        elif isinstance(request, RecordFileEvent):
            self._file_event(request)
        elif isinstance(request, RefreshBoard):
            self._board(request)
        elif isinstance(request, ScannedText):
            self._qr_text(request.text)
        elif isinstance(request, OpenFile):
            self._open_file(request)

    # -- session and queue -------------------------------------------------------------
    def _sign_in(self, request: SignIn) -> None:
        def failed(error: KioskError) -> None:
            if isinstance(error, SignInRefusedError):
                key = f"signin.{error.reason}"
            elif isinstance(error, CentralUnreachableError):
                key = "signin.offline"
            elif isinstance(error, DeviceRefusedError):
                key = "signin.device"
            else:
                key = "signin.failed"
            log.info("staff sign-in refused", extra={"fields": {"error": type(error).__name__}})
            self._presenter.finished(key)

        self._tasks.run(lambda: self._client.sign_in(request.user, request.pin, request.counter),
                        self._presenter.signed_in_as, failed, name="sign in")

    def _sign_out(self) -> None:
        def failed(error: KioskError) -> None:
            log.info("staff session not ended at the central service",
                     extra={"fields": {"error": type(error).__name__}})

        self._tasks.run(self._client.sign_out, lambda _ended: None, failed, name="sign out")

    def _call_next(self, request: CallNext) -> None:
        center = self._center.code

        def op() -> CalledTicket | None:
            called = self._client.call_next(request.counter, list(request.services))
            if called is not None:
                ticket = TicketAtCounter(called.service, called.number, called.label)
                self._outbox.enqueue(RecordKind.QUEUE_EVENT, event_payload(
                    QueueAction.CALL, ticket, center, request.counter))
            return called

        def failed(error: KioskError) -> None:
            log.warning("call next failed", extra={"fields": {"error": type(error).__name__}})
            offline = isinstance(error, CentralUnreachableError)
            if offline:
                self._presenter.set_online(False)
            self._presenter.finished("call.offline" if offline else "call.failed")

        self._tasks.run(op, self._presenter.ticket_called, failed, name="call next")

    def _record(self, request: RecordAction) -> None:
        payload = event_payload(request.action, request.ticket, self._center.code,
                                request.counter, request.to_service)

        def failed(error: KioskError) -> None:
            log.error("queue event not stored", extra={"fields": {
                "action": str(request.action), "error": type(error).__name__}})
            self._presenter.finished("action.failed")

        def op() -> int:
            self._outbox.enqueue(RecordKind.QUEUE_EVENT, payload, now=request.at)
            return self._outbox.depth()

        def done(depth: int) -> None:
            self._presenter.set_depth(depth)
            self._presenter.action_stored(request.action)

        self._tasks.run(op, done, failed, name="queue event")

    def _board(self, request: RefreshBoard) -> None:
        if self._board_busy:
            return
        self._board_busy = True
        center = self._center.code

        def op() -> tuple[dict[str, int], TicketAtCounter | None]:
            board = self._client.board(center)
            waiting = {str(s["service"]): int(s.get("waiting", 0))
                       for s in board.get("services", []) if isinstance(s, dict)}
            serving = None
            if self._outbox.depth() == 0:  # the board is up to date with this counter
                for entry in board.get("now_serving", []):
                    if isinstance(entry, dict) and str(entry.get("counter")) == request.counter:
                        serving = TicketAtCounter(str(entry["service"]), int(entry["number"]),
                                                  str(entry["label"]),
                                                  calls=int(entry.get("calls") or 1))
            return waiting, serving

        def failed(error: KioskError) -> None:
            self._board_busy = False
            self._presenter.set_online(False)

        def done(answer: tuple[dict[str, int], TicketAtCounter | None]) -> None:
            self._board_busy = False
            self._presenter.set_online(True)
            self._presenter.board_loaded(*answer)

        self._tasks.run(op, done, failed, name="board")

    # -- the citizen ---------------------------------------------------------------------
    def _qr_scanned(self, event: ScanEvent) -> None:
        self._qr_text(event.text)

    def _qr_text(self, text: str) -> None:
        try:
            identity = parse_cccd_qr(text)
        except KioskError as exc:
            log.info("QR code is not a CCCD", extra={"fields": {"error": type(exc).__name__}})
            self._presenter.say("lookup.not_cccd", "error")
            return
        self._presenter.find(identity.id_number, "qr")

    def _look_up(self, request: LookUp) -> None:
        self._tasks.run(lambda: self._client.lookup(request.id_number),
                        lambda found: self._presenter.looked_up(request.serial, found),
                        lambda error: self._presenter.lookup_failed(request.serial,
                                                                    _lookup_key(error)),
                        name="look up")

    def _read_card(self, request: ReadCard) -> None:
        plan = AccessPlan([], request.can, ("PACE",))
        options = self._read_options

        def op() -> list[Submission]:
            result = read_card(self._connect_card(), plan, options)
            log.info("counter card read", extra={"fields": {
                "access": str(result.access), "failed": result.authenticity.failed}})
            if result.authenticity.failed:  # its data cannot be trusted: look nothing up
                raise CardNotGenuineError(
                    "The card failed its chip's authenticity checks; inspect the card itself.")
            return self._client.lookup(result.identity.id_number)

        def failed(error: KioskError) -> None:
            log.info("counter card lookup failed", extra={"fields": {
                "error": type(error).__name__}})
            self._presenter.lookup_failed(request.serial, _lookup_key(error))

        self._tasks.run(op, lambda found: self._presenter.looked_up(request.serial, found),
                        failed, name="read card")

    def _open_file(self, request: OpenFile) -> None:
        def op() -> OpenedFile:
            opened, data = self._client.open_attachment(request.record_id, request.file)
            return replace(opened, pages=pdf_pages(data))

        def failed(error: KioskError) -> None:
            log.info("attached file not opened", extra={"fields": {
                "error": type(error).__name__}})
            self._presenter.file_failed(request.serial)

        self._tasks.run(op, lambda opened: self._presenter.file_opened(request.serial, opened),
                        failed, name="open file")

    def _receipt_url(self, submission: Submission) -> str:
        """The receipt QR's address: the file's public status page (the file is accepted
        now, once per submission); the submission's status when the central cannot be
        reached, so the receipt is never held back."""
        try:
            code = self._client.accept_file(submission.procedure, submission.record_id)["code"]
        except (CentralUnreachableError, CentralRefusedError, DeviceRefusedError) as exc:
            log.warning("file not accepted at the central", extra={"fields": {
                "error": type(exc).__name__}})
            return f"{self._status_base}/v1/submissions/{submission.record_id}"
        return f"{self._status_base}/f/{code}"

    def _print(self, request: PrintReceipt) -> None:
        submission = request.submission
        catalog = self._presenter.catalog

        def op() -> PrintOutcome:
            receipt = receipt_for(submission, catalog, request.staff_name,
                                  self._receipt_url(submission))
            return self._printer.print_document(receipt_document(receipt, self._center))

        def done(outcome: PrintOutcome) -> None:
            self.last_print = outcome
            self._presenter.finished("print.done" if outcome.printed else "print.not_ready",
                                     "info" if outcome.printed else "error")

        def failed(error: KioskError) -> None:
            log.warning("receipt not printed", extra={"fields": {"error": type(error).__name__}})
            self._presenter.finished("print.not_ready")

        self._tasks.run(op, done, failed, name="print receipt")

    def _file_event(self, request: RecordFileEvent) -> None:
        submission, kind = request.submission, request.kind

        def op() -> None:
            found = self._client.accept_file(submission.procedure, submission.record_id)
            # a step a file has once takes the file's id: pressed twice, recorded once
            self._client.file_event(found["file_id"], event_id(kind, found["file_id"],
                                                               request.nonce),
                                    kind, request.reason)

        def failed(error: KioskError) -> None:
            log.info("file event not recorded", extra={"fields": {
                "kind": kind, "error": type(error).__name__}})
            refused = isinstance(error, CentralRefusedError) and error.status == 422
            self._presenter.finished(
                ("file.not_ready" if kind == RETURNED else "file.step_refused") if refused
                else "file.offline" if isinstance(error, CentralUnreachableError)
                else "file.failed")

        self._tasks.run(op, lambda _none: self._presenter.finished(
            "file.returned" if kind == RETURNED else f"file.recorded.{kind}", "info"),
            failed, name="file event")
