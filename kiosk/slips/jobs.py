"""The data printed on a queue ticket and on a receipt and appointment slip.

Later this comes from the outbox and the central service; ``demo_ticket`` and
``demo_receipt`` give realistic synthetic data (no real person) for the CLI and tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.core.vn_time import VIETNAM as VN_TZ  # slips show Vietnam time (kiosk.core.vn_time)


@dataclass(frozen=True)
class TicketData:
    """A queue ticket: the number, the service and where the citizen is in the queue.

    ``counter`` names the counters serving the queue ("3, 4"; "" when unknown: the slip
    then sends the citizen to the hall's display); ``file_code`` is the submission's
    short code ("K7QM-3FXA", :mod:`kiosk.core.file_code`), "" for a ticket without one.
    """

    number: str
    service_vi: str
    service_en: str
    issued_at: dt.datetime
    people_ahead: int
    wait_minutes: int
    counter: str
    track_url: str
    file_code: str = ""


@dataclass(frozen=True)
class ReceivedDocument:
    """One paper handed in: its name and how many copies (e.g. "1 bản chính / 1 original")."""

    name_vi: str
    copies: str


@dataclass(frozen=True)
class ReceiptData:
    """A receipt and appointment slip for one submitted file."""

    submission_code: str
    procedure_vi: str
    procedure_en: str
    applicant: str
    received_at: dt.datetime
    working_days: int
    documents: tuple[ReceivedDocument, ...]
    staff: str
    fee_vnd: int
    lookup_url: str
    # who decides: the agency and, from today's address, its unit ("Công an cấp xã –
    # Phường Ô Chợ Dừa, Thành phố Hà Nội")
    competent: str = ""
    # printed instead of the amount when the catalog does not know it (fee_known false):
    # set by the province, or still to be checked; never "free"
    fee_note: str = ""


def demo_ticket(now: dt.datetime | None = None) -> TicketData:
    """A synthetic queue ticket for demos and tests."""
    issued = now or dt.datetime(2026, 11, 23, 9, 15, tzinfo=VN_TZ)
    return TicketData(
        number="A-042",
        service_vi="Chứng thực bản sao, chữ ký",
        service_en="Certified copies and signatures",
        issued_at=issued,
        people_ahead=7,
        wait_minutes=25,
        counter="3, 4",
        track_url="https://dichvucong.example.vn/hang-doi/DEMO/A-042",
        file_code="K7QM-3FXA",
    )


def demo_receipt(now: dt.datetime | None = None) -> ReceiptData:
    """A synthetic receipt (the applicant is a made-up sample citizen)."""
    received = now or dt.datetime(2026, 11, 23, 9, 40, tzinfo=VN_TZ)
    return ReceiptData(
        submission_code="000.00.12.H29-261123-0042",
        procedure_vi="Đăng ký thường trú",
        procedure_en="Permanent residence registration",
        applicant="Nguyễn Thị Hường",
        received_at=received,
        working_days=7,
        documents=(
            ReceivedDocument("Tờ khai thay đổi thông tin cư trú (CT01)", "1 bản chính"),
            ReceivedDocument("Giấy tờ chứng minh chỗ ở hợp pháp", "1 bản sao"),
            ReceivedDocument("Văn bản đồng ý của chủ hộ", "1 bản chính"),
        ),
        staff="Trần Văn Bình",
        fee_vnd=20000,
        lookup_url="https://dichvucong.example.vn/tra-cuu/000.00.12.H29-261123-0042",
        competent="Công an cấp xã – Phường Ô Chợ Dừa, Thành phố Hà Nội",
    )
