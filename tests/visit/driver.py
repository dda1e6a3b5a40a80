"""Drive a Visit the way the app will: real chip reads, real QR parsing, real printing.

The driver carries out the visit's effects synchronously in the test's thread:

- ``StartCardRead``: a full read of the emulated card on the reader through
  :class:`LoopbackTransport` (the same APDUs a real reader would carry), with the
  card session's listener feeding ``IdentityReady`` / ``FaceReady`` back into the
  visit, and ``CardRemoved`` / ``ReadFailed`` when the read stops;
- ``PrintTicket``: the ticket layout printed on the virtual printer (``sim://``), so
  paper out is the printer's own answer;
- ``Submit``: stands in for the outbox and the central queue (not part of this slice):
  it records the effect and hands out ticket numbers per queue service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.core.competence import CenterArea
from kiosk.core.config import CenterConfig
from kiosk.core.errors import CardRemovedError, KioskError
from kiosk.core.models import QrIdentity
from kiosk.core.procedures import Catalog
from kiosk.core.visit.events import (
    AddressPicked,
    AlertTechnician,
    AuthenticityFailed,
    CardRemoved,
    CardTapped,
    Effect,
    Event,
    FaceReady,
    IdentityReady,
    PrinterNotReady,
    PrintTicket,
    QrDecoded,
    ReadFailed,
    StartCardRead,
    StoreRating,
    Submit,
    Submitted,
    TicketInfo,
    TicketPrinted,
)
from kiosk.core.visit.machine import Visit
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_session import ReadListener, read_card
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import load_sample
from kiosk.slips.jobs import TicketData
from kiosk.slips.layouts import ticket_document

TODAY = dt.date(2026, 11, 23)


def sample_qr(name: str) -> QrIdentity:
    """The sample citizen's QR identity, parsed by the real CCCD QR parser."""
    return parse_cccd_qr(load_sample(name).qr_text, today=TODAY)


@dataclass
class Driver:
    """A kiosk without Qt: the visit, a card slot, a printer URL and a clock."""

    catalog: Catalog
    printer_url: str = "sim://"
    now: float = 1000.0
    card: EmulatedCard | None = None
    visit: Visit = field(init=False)
    effects: list[Effect] = field(default_factory=list)
    submissions: list[Submit] = field(default_factory=list)
    ratings: list[StoreRating] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)
    _pending: list[Event] = field(default_factory=list)
    area: CenterArea = field(default_factory=CenterArea)  # where the center stands

    def __post_init__(self) -> None:
        self.visit = Visit(self.catalog, now=self.now, area=self.area)

    def send(self, event: Event, after: float = 1.0) -> None:
        """Let ``after`` seconds pass, then deliver ``event`` and run its effects."""
        self.now += after
        self._pending.append(event)
        while self._pending:
            effects = self.visit.handle(self._pending.pop(0), self.now)
            self.effects += effects
            for effect in effects:
                self._run(effect)

    def tap(self, card: EmulatedCard) -> None:
        """Lay ``card`` on the reader."""
        self.card = card
        self.send(CardTapped())

    def pick_split_wards(self) -> int:
        """Pick, as the citizen would on the form, the first candidate of every address
        whose old ward was split (keeping the street part); the number picked."""
        picked = 0
        for name, address in list(self.visit.data.addresses.items()):
            if address.status == "ambiguous":
                self.send(AddressPicked(name, address.candidates[0].ward.code, address.street))
                picked += 1
        return picked

    def show_qr(self, name: str) -> None:
        """Hold the sample's card QR in front of the camera."""
        self.send(QrDecoded(sample_qr(name)))

    def _run(self, effect: Effect) -> None:
        if isinstance(effect, StartCardRead):
            self._read(effect)
        elif isinstance(effect, Submit):
            self.submissions.append(effect)
            number = self._numbers.get(effect.queue_service, 0) + 1
            self._numbers[effect.queue_service] = number
            ticket = TicketInfo(number, effect.queue_service, "A", number - 1, 5 * (number - 1),
                                f"https://example.invalid/q/{effect.queue_service}{number}")
            self._pending.append(Submitted(f"HS-{len(self.submissions):04d}", ticket))
        elif isinstance(effect, PrintTicket):
            self._print(effect)
        elif isinstance(effect, StoreRating):
            self.ratings.append(effect)
        elif isinstance(effect, AlertTechnician):
            self.alerts.append(effect.reason)

    def _read(self, effect: StartCardRead) -> None:
        assert self.card is not None, "a read started with no card on the reader"
        id_number, date_of_birth, issue_date = effect.access_fields()
        plan = access_plan(AccessInputs(id_number=id_number, date_of_birth=date_of_birth,
                                        issue_date=issue_date))
        listener = ReadListener(
            on_identity=lambda identity, auth: self._pending.append(
                IdentityReady(identity, genuine=not auth.failed)),
            on_face=lambda face: self._pending.append(FaceReady(face)),
        )
        try:
            result = read_card(LoopbackTransport(self.card), plan, listener=listener)
            if result.authenticity.failed:
                self._pending.append(AuthenticityFailed())
        except CardRemovedError:
            self._pending.append(CardRemoved())
        except KioskError as exc:
            self._pending.append(ReadFailed(type(exc).__name__))

    def _print(self, effect: PrintTicket) -> None:
        info = effect.ticket
        ticket = TicketData(f"{info.service}{info.number:03d}", "Dịch vụ", "Service",
                            dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), info.people_ahead,
                            info.wait_minutes, info.counter_group, info.status_url)
        printer = ReceiptPrinter(self.printer_url)
        try:
            outcome = printer.print_document(ticket_document(ticket, CenterConfig()))
        finally:
            printer.close()
        if outcome.printed:
            self._pending.append(TicketPrinted())
        else:
            self._pending.append(PrinterNotReady(outcome.state.value))
