"""The receipt and appointment slip for a submission taken in at the counter.

The due date is counted in working days (``kiosk.slips.working_days``) from
the day the counter receives the file, using the procedure's processing time in
``kiosk/assets/procedures/catalog.toml``; the papers listed are the procedure's required
documents. The applicant's name is personal: the slip is printed, never logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.core.desk.submissions import Submission
from kiosk.core.procedures import Catalog
from kiosk.core.vn_time import now_vn, to_vn
from kiosk.slips.jobs import ReceiptData, ReceivedDocument

COPIES_VI = "1 bản"


def receipt_for(submission: Submission, catalog: Catalog, staff_name: str, lookup_url: str,
                now: dt.datetime | None = None) -> ReceiptData:
    """The slip's data for ``submission``, received now by ``staff_name``.

    Raises :class:`~kiosk.core.procedures.CatalogError` when the catalog no longer has the
    submission's procedure (its processing time is then unknown).
    """
    procedure = catalog.get(submission.procedure)
    received = now_vn() if now is None else to_vn(now)
    return ReceiptData(
        submission_code=submission.file_code or submission.record_id,  # the code said aloud
        procedure_vi=procedure.name_vi,
        procedure_en=procedure.name_en,
        applicant=submission.full_name,
        received_at=received,
        working_days=procedure.processing_days,
        documents=tuple(ReceivedDocument(d.vi, COPIES_VI) for d in procedure.documents),
        staff=staff_name,
        fee_vnd=procedure.fee_vnd,
        lookup_url=lookup_url,
        competent=competent_line(procedure.agency_vi, submission.competent),
        fee_note=("" if procedure.fee_known
                  else f"{procedure.fee_note_vi} / {procedure.fee_note_en}"),
    )


def competent_line(agency: str, unit: dict[str, Any] | None) -> str:
    """The agency that decides and its unit in today's names ("Sở Tư pháp – Thành phố
    Hà Nội"); the agency alone when the kiosk sent no unit."""
    if not unit or not unit.get("name"):
        return agency
    province = unit.get("province") if isinstance(unit.get("province"), dict) else None
    names = [str(unit["name"])]
    if province and province.get("name") and province.get("name") != unit["name"]:
        names.append(str(province["name"]))
    return f"{agency} – {', '.join(names)}"
