"""Carry out a visit's effects off the UI thread and feed device events back into it.

:class:`EffectRunner` listens to the presenter's ``effects`` signal and to the
:class:`~kiosk.ui.qt.device_bridge.DeviceBridge`. Every blocking step — reading the chip,
writing the outbox, printing — runs on the :class:`~kiosk.ui.qt.tasks.TaskRunner`; results
come back as visit events on the UI thread. Nothing personal is logged.

What each effect does:

- ``StartCardRead``: a full read (identity, then face) of the card the transport
  factory connects to, keyed by the QR's ID, birth date and issue date, or by a typed
  ID's CAN alone (PACE), in the configured ``[reader] access_order``; a failed chip
  or active authentication afterwards posts ``AuthenticityFailed``, a refused key
  ``ReadFailed`` with the error's type name;
- ``Submit``: the submission record (when there is a citizen) and the ticket go into
  the outbox in the worker thread; the ticket number comes from the leased block
  (:class:`~kiosk.sync.leases.TicketDesk`), so it works offline;
- ``PrintTicket``: the ticket layout on the configured printer; a printer that is not
  ready posts ``PrinterNotReady`` (the on-screen ticket is the fallback);
- ``StoreRating`` and ``AlertTechnician``: records in the outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.core.addresses.places import warm as warm_places
from kiosk.core.config import CenterConfig
from kiosk.core.errors import CardRemovedError, KioskError
from kiosk.core.file_code import file_code
from kiosk.core.models import FaceImage, Identity
from kiosk.core.visit.events import (
    AlertTechnician,
    AuthenticityFailed,
    CardRemoved,
    CardTapped,
    Effect,
    FaceReady,
    FaceUnreadable,
    IdentityReady,
    PrinterNotReady,
    PrintTicket,
    ReadFailed,
    StartCardRead,
    StoreRating,
    Submit,
    SubmitFailed,
    Submitted,
    TicketInfo,
    TicketPrinted,
    Wiped,
)
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.chip.card_session import CardReadResult, ReadOptions, read_card
from kiosk.devices.documents.enhance import black_and_white
from kiosk.devices.documents.pdf import make_pdf
from kiosk.devices.printer.service import PrintOutcome, ReceiptPrinter
from kiosk.slips.jobs import TicketData
from kiosk.slips.layouts import render_template, ticket_document, ticket_values
from kiosk.sync.attachments import Attachment, append_files, within_caps
from kiosk.sync.leases import TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.ui.kiosk.card_sheet_file import card_sheet
from kiosk.ui.kiosk.document_pages import PageStore
from kiosk.ui.kiosk.presenter import VisitPresenter
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner
from kiosk.wire.protocol import RecordKind

log = logging.getLogger(__name__)

# (service, number) → (people ahead, minutes to wait), or None when unknown.
# kiosk.sync.queue_position.QueuePositionLookup asks the central service.
QueuePosition = Callable[[str, int], tuple[int, int] | None]
# queue service → the counters serving it ("3, 4"), "" when unknown (asked after the
# position: QueuePositionLookup.counters reads the same answer of the central service).
ServingCounters = Callable[[str], str]
NO_POSITION_TEMPLATE = "ticket_no_position"  # kiosk/assets/templates: "see the hall's display"


class EffectRunner(QObject):
    """Runs the effects of one kiosk's visits with real devices and the outbox."""

    def __init__(
        self,
        presenter: VisitPresenter,
        bridge: DeviceBridge,
        tasks: TaskRunner,
        *,
        connect_card: Callable[[], Transport],
        printer: ReceiptPrinter,
        outbox: Outbox,
        desk: TicketDesk,
        center: CenterConfig,
        status_base_url: str,
        queue_position: QueuePosition,
        read_options: ReadOptions | None = None,
        access_order: tuple[str, ...] = ("PACE", "BAC"),
        serving_counters: ServingCounters | None = None,
        pages: PageStore | None = None,
    ) -> None:
        super().__init__(presenter)
        self._pages = pages  # the documents step's pages (window.pages), made PDFs at submit
        self._presenter = presenter
        self._bridge = bridge
        self._tasks = tasks
        self._connect_card = connect_card
        self._printer = printer
        self._outbox = outbox
        self._desk = desk
        self._center = center
        self._status_base = status_base_url.rstrip("/")
        self._queue_position = queue_position
        self._serving_counters = serving_counters or (lambda _service: "")
        self._read_options = read_options or ReadOptions()
        self._access_order = access_order  # [reader] access_order
        # The last chip read's authenticity, sent with that visit's submission so the
        # counter sees how the identity was checked; reset by every new read.
        self._authenticity: dict[str, object] | None = None
        # the chip's card data sheet (signed PDF) of the last read, attached at submission
        # and dropped when the visit is wiped
        self._sheet: Attachment | None = None
        presenter.effects.connect(self.run)
        bridge.card_inserted.connect(lambda _reader: presenter.post(CardTapped()))
        bridge.card_removed.connect(lambda _reader: presenter.post(CardRemoved()))
        bridge.identity_ready.connect(self._identity)
        bridge.face_ready.connect(self._face)
        bridge.face_unreadable.connect(lambda why: presenter.post(FaceUnreadable(why)))
        # The reading screen's steps and progress bar (step and file names, nothing personal).
        bridge.read_step.connect(presenter.show_read_step)
        bridge.read_progress.connect(presenter.show_read_progress)
        # The address data (today's units) is read once, here, before the first card.
        tasks.run(warm_places, lambda _done: None,
                  lambda error: log.warning("address data unavailable",
                                            extra={"fields": {"error": type(error).__name__}}),
                  name="address data")

    def _identity(self, identity: Identity, ok: bool) -> None:
        self._presenter.post(IdentityReady(identity, ok))

    def _face(self, face: FaceImage) -> None:
        self._presenter.post(FaceReady(face))

    def run(self, effects: list[Effect]) -> None:
        """Start the work each effect asks for (UI-only effects are the screens' business)."""
        for effect in effects:
            if isinstance(effect, StartCardRead):
                self._read(effect)
            elif isinstance(effect, Submit):
                self._submit(effect)
            elif isinstance(effect, PrintTicket):
                self._print(effect)
            elif isinstance(effect, StoreRating):
                payload: dict[str, Any] = {"score": effect.stars}
                if effect.reasons:
                    payload["reasons"] = list(effect.reasons)
                self._record(RecordKind.RATING, payload, "rating")
            elif isinstance(effect, Wiped):  # nothing of the visit stays
                self._sheet, self._authenticity = None, None
            elif isinstance(effect, AlertTechnician):
                log.warning("technician alert", extra={"fields": {"reason": effect.reason}})
                self._record(RecordKind.DEVICE_HEALTH,
                             {"status": "alert", "checks": {"kiosk": effect.reason}}, "alert")

    def _read(self, effect: StartCardRead) -> None:
        id_number, date_of_birth, issue_date = effect.access_fields()
        plan = access_plan(AccessInputs(id_number=id_number, date_of_birth=date_of_birth,
                                        issue_date=issue_date), self._access_order)
        listener = self._bridge.read_listener()
        options = self._read_options

        self._authenticity = None

        def op() -> tuple[CardReadResult, Attachment | None]:
            result = read_card(self._connect_card(), plan, options, listener)
            return result, card_sheet(result, self._outbox.identity)

        def done(read: tuple[CardReadResult, Attachment | None]) -> None:
            result, self._sheet = read
            self._authenticity = result.authenticity.to_json_dict()
            if result.face_unreadable:  # the counter is told why there is no photo
                self._authenticity["face"] = "unreadable"
            if result.authenticity.failed:
                self._presenter.post(AuthenticityFailed())

        def failed(error: KioskError) -> None:
            if isinstance(error, CardRemovedError):
                self._presenter.post(CardRemoved())
            else:
                self._presenter.post(ReadFailed(type(error).__name__))

        self._tasks.run(op, done, failed, name="card read")

    def _submit(self, effect: Submit) -> None:
        # Unique across restarts: the central links a submission to its ticket by visit.
        visit = f"visit-{uuid.uuid4().hex}"
        authenticity = self._authenticity
        self._authenticity = None
        sheet, self._sheet = self._sheet, None

        def op() -> Submitted:
            code, too_large = "", {}
            if effect.citizen:
                payload: dict[str, Any] = {
                    "procedure": effect.procedure_code, "citizen": effect.citizen,
                    "form": effect.form, "sources": effect.sources,
                    "language": effect.language, "file_code": file_code(visit)}
                if effect.addresses:  # each address field in today's units, with codes
                    payload["addresses"] = effect.addresses
                if effect.competent is not None:  # who decides, from the current address
                    payload["competent_unit"] = effect.competent
                files = [sheet] if sheet is not None and effect.citizen.get(
                    "identified_by") == "chip" else []
                files += self._document_files(effect)
                # over the caps: sent without those papers, brought by the citizen instead
                files, left = within_caps(files)
                too_large = {item.file: item.name for item in left}
                if effect.documents:  # each paper: attached, brought, covered by the chip
                    payload["documents"] = [
                        {"file": d.file, "name": d.name,
                         "status": "original" if d.file in too_large else d.status}
                        for d in effect.documents]
                if authenticity is not None and effect.citizen.get("identified_by") == "chip":
                    payload["authenticity"] = authenticity
                if files:  # what the visit attaches (docs/attachments.md)
                    payload["files"] = [{"file": f.file, "name": f.name, "size": len(f.data),
                                         "sha256": f.sha256} for f in files]
                with self._outbox.transaction() as conn:  # the submission and its files
                    code = self._outbox.append(conn, RecordKind.SUBMISSION, payload, visit)
                    append_files(self._outbox, conn, visit, files)
            issued = dt.datetime.now(dt.UTC)
            ticket = self._desk.issue(effect.queue_service, visit, issued)
            position = self._queue_position(ticket.service, ticket.number)
            counters = self._serving_counters(ticket.service) if position is not None else ""
            url = (f"{self._status_base}/v1/submissions/{code}" if code else
                   f"{self._status_base}/v1/centers/{self._center.code}/queue/{ticket.day}")
            # the citizen reads out the short file code, not the record id (a UUID)
            return Submitted(file_code(visit) if code else "", TicketInfo(
                ticket.number, ticket.service, counters,
                None if position is None else position[0],
                None if position is None else position[1], url, issued),
                tuple(too_large))

        self._tasks.run(op, self._presenter.post,
                        lambda error: self._presenter.post(SubmitFailed(type(error).__name__)),
                        name="submit")

    def _document_files(self, effect: Submit) -> list[Attachment]:
        """The papers taken in the documents step as A4 PDFs (worker thread), their
        pages then forgotten."""
        if self._pages is None:
            return []
        made = []
        for paper in effect.documents:
            pages = self._pages.pages(paper.pages)
            if paper.black_white:  # a text paper: one bit per pixel, ~30 KB a page
                pages = [black_and_white(page) for page in pages]
            if paper.status == "attached" and pages:
                made.append(Attachment(paper.file, paper.name, "application/pdf",
                                       make_pdf(pages, paper.name)))
            self._pages.drop(paper.pages)
        return made

    def _print(self, effect: PrintTicket) -> None:
        info = effect.ticket
        procedure = self._presenter.visit.data.procedure
        name_vi = procedure.name_vi if procedure else info.service
        name_en = procedure.name_en if procedure else info.service
        # Unknown position (offline): 0 in the data, but the slip printed is the template
        # that sends the citizen to the hall's display instead of showing numbers.
        # printed in Vietnam time whatever the machine's zone (kiosk.core.vn_time, in the layout)
        ticket = TicketData(f"{info.service}{info.number:03d}", name_vi, name_en,
                            info.issued_at or dt.datetime.now(dt.UTC), info.people_ahead or 0,
                            info.wait_minutes or 0, info.counter_group, info.status_url,
                            effect.submission_code)
        center = self._center

        def op() -> PrintOutcome:
            # The layout reads its template from disk: on the worker, not the UI thread
            # (it stalled the UI 20-30 ms; benchmarks/ui.py).
            document = (ticket_document(ticket, center) if info.people_ahead is not None
                        else render_template(NO_POSITION_TEMPLATE, ticket_values(ticket, center)))
            return self._printer.print_document(document)

        def done(outcome: PrintOutcome) -> None:
            if outcome.printed:
                self._presenter.post(TicketPrinted())
            else:
                self._presenter.post(PrinterNotReady(outcome.state.value))

        self._tasks.run(op, done,
                        lambda error: self._presenter.post(
                            PrinterNotReady(type(error).__name__)), name="print ticket")

    def _record(self, kind: RecordKind, payload: dict[str, Any], name: str) -> None:
        def failed(error: KioskError) -> None:
            log.error("record not stored", extra={"fields": {"kind": str(kind),
                                                             "error": type(error).__name__}})

        self._tasks.run(lambda: self._outbox.enqueue(kind, payload), lambda _id: None, failed,
                        name=name)
