"""What the kiosks collected for one citizen, as the counter shows and prints it.

The central service's lookup answer is parsed into :class:`Submission` objects (their
``repr`` is masked: they hold personal data). :func:`submission_view` turns one into
what the counter screen shows: the procedure, the pre-filled form with the catalog's
field labels and where each value came from, the authenticity result and the ticket.
Pure functions, no Qt, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.desk.errors import CentralRefusedError
from kiosk.core.procedures import Catalog, CatalogError, Procedure
from kiosk.core.vn_time import short_stamp_text, stamp_text

# authenticity values the screen knows how to say (anything else shows as "unknown")
AUTHENTICITY = frozenset({"ok", "failed", "chain_unverified", "not_checked", "unknown"})


@dataclass(frozen=True)
class Submission:
    """One submission the kiosk recorded for the citizen (personal: never logged)."""

    record_id: str
    created_at: dt.datetime
    procedure: str
    citizen: dict[str, str] = field(repr=False)
    form: dict[str, str] = field(repr=False)
    sources: dict[str, str] = field(repr=False)
    authenticity: str
    identity_source: str
    ticket_label: str = ""
    ticket_service: str = ""
    ticket_number: int = 0
    file_code: str = ""  # the short code the citizen reads out ("K7QM-3FXA")
    # address fields in today's units: {"on_card", "street", "ward", "province", ...}
    addresses: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    competent: dict[str, Any] | None = None  # the unit that decides, with its code
    # files the visit attached: {"file", "name", "size", "complete"} (docs/attachments.md)
    attachments: tuple[dict[str, Any], ...] = ()

    def __repr__(self) -> str:
        return f"Submission(record_id={self.record_id}, procedure={self.procedure})"

    @property
    def full_name(self) -> str:
        """The citizen's name as the kiosk recorded it."""
        return self.citizen.get("full_name") or self.form.get("full_name", "")

    @property
    def id_number(self) -> str:
        """The citizen's ID number as the kiosk recorded it."""
        return self.citizen.get("id_number") or self.form.get("id_number", "")


def _authenticity(value: Any) -> str:
    if isinstance(value, dict) and "passive" in value:  # the kiosk's chip checks
        checks = [str(value.get(k, "")) for k in ("passive", "active", "chip")]
        if "failed" in checks:
            return "failed"
        return {"verified": "ok", "chain_unverified": "chain_unverified"}.get(
            checks[0], "not_checked")
    if isinstance(value, dict):  # a detailed verdict: its overall status
        value = value.get("status") or value.get("verdict") or value.get("result")
    text = str(value or "unknown").lower()
    if text in ("passed", "genuine", "verified", "true"):
        text = "ok"
    return text if text in AUTHENTICITY else "unknown"


def _strings(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def _time(text: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _addresses(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, dict)}


def _unit_text(unit: Any) -> str:
    """"Phường Ô Chợ Dừa (00190)" from ``{"name", "code"}``; '' when not a unit."""
    if not isinstance(unit, dict) or not unit.get("name"):
        return ""
    return f"{unit['name']} ({unit['code']})" if unit.get("code") else str(unit["name"])


def address_note(address: dict[str, Any] | None, value: str) -> dict[str, str]:
    """An address row's extras: the card's old text (when it differs) and the codes."""
    if not address:
        return {"on_card": "", "units": ""}
    on_card = str(address.get("on_card") or "")
    units = ", ".join(t for t in (_unit_text(address.get("ward")),
                                  _unit_text(address.get("province"))) if t)
    return {"on_card": on_card if on_card != value else "", "units": units}


def competent_text(unit: dict[str, Any] | None) -> str:
    """The competent unit as the counter shows it ("Phường X (code), Thành phố Y (code)")."""
    if not unit:
        return ""
    parts = [_unit_text(unit), _unit_text(unit.get("province"))]
    return ", ".join(dict.fromkeys(t for t in parts if t))  # a province decides: once


def _attachments(value: Any) -> tuple[dict[str, Any], ...]:
    if not isinstance(value, list):
        return ()
    return tuple({"file": str(a["file"]), "name": str(a["name"]), "size": int(a["size"]),
                  "complete": bool(a.get("complete"))}
                 for a in value if isinstance(a, dict) and {"file", "name", "size"} <= set(a))


def file_rows(submission: Submission) -> list[dict[str, Any]]:
    """The attached files as the counter lists them: name, size in KB, whether whole."""
    return [{"file": a["file"], "name": a["name"], "size": f"{max(1, a['size'] // 1024)} KB",
             "complete": a["complete"]} for a in submission.attachments]


def parse_submissions(data: Any) -> list[Submission]:
    """The lookup answer ``{"submissions": [...]}`` as submissions, newest first."""
    try:
        items = data["submissions"]
        found = []
        for item in items:
            ticket = item.get("ticket") or {}
            found.append(Submission(
                record_id=str(item["record_id"]),
                created_at=_time(item["created_at"]),
                procedure=str(item["procedure"]),
                citizen=_strings(item.get("citizen")),
                form=_strings(item.get("form")),
                sources=_strings(item.get("sources")),
                authenticity=_authenticity(item.get("authenticity")),
                identity_source=str(item.get("identity_source") or ""),
                ticket_label=str(ticket.get("label", "")),
                ticket_service=str(ticket.get("service", "")),
                ticket_number=int(ticket.get("number") or 0),
                file_code=str(item.get("file_code") or ""),
                addresses=_addresses(item.get("addresses")),
                competent=(item["competent_unit"]
                           if isinstance(item.get("competent_unit"), dict) else None),
                attachments=_attachments(item.get("attachments")),
            ))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise CentralRefusedError(
            "The central service sent an unexpected lookup answer.", 200) from None
    return sorted(found, key=lambda s: s.created_at, reverse=True)


def _procedure(catalog: Catalog, code: str) -> Procedure | None:
    try:
        return catalog.get(code)
    except CatalogError:
        return None


def submission_view(submission: Submission, catalog: Catalog, language: str) -> dict[str, Any]:
    """What the counter screen shows of ``submission`` (labels in ``language``)."""
    procedure = _procedure(catalog, submission.procedure)
    english = language == "en"
    rows: list[dict[str, str]] = []
    specs = procedure.fields if procedure is not None else ()
    named = {spec.name for spec in specs}
    for spec in specs:
        value = submission.form.get(spec.name, "")
        rows.append({"name": spec.name, "label": spec.label_en if english else spec.label_vi,
                     "value": value, "source": submission.sources.get(spec.name, ""),
                     **address_note(submission.addresses.get(spec.name), value)})
    for name, value in submission.form.items():  # fields the catalog no longer lists
        if name not in named:
            rows.append({"name": name, "label": name, "value": value,
                         "source": submission.sources.get(name, ""),
                         **address_note(submission.addresses.get(name), value)})
    return {
        "record_id": submission.record_id,
        "procedure_code": submission.procedure,
        "procedure": (procedure.name(language) if procedure is not None
                      else submission.procedure),
        "processing_days": procedure.processing_days if procedure is not None else -1,
        "received": stamp_text(submission.created_at),
        "full_name": submission.full_name,
        "id_number": submission.id_number,
        "authenticity": submission.authenticity,
        "identity_source": submission.identity_source or "unknown",
        "ticket": submission.ticket_label,
        "file_code": submission.file_code,
        "competent": competent_text(submission.competent),
        "fields": rows,
        "files": file_rows(submission),
    }


def summary_view(submission: Submission, catalog: Catalog, language: str) -> dict[str, str]:
    """One line of the submission list: when, which procedure, which ticket."""
    procedure = _procedure(catalog, submission.procedure)
    return {
        "record_id": submission.record_id,
        "received": short_stamp_text(submission.created_at),
        "procedure": procedure.name(language) if procedure else submission.procedure,
        "ticket": submission.ticket_label,
        "file_code": submission.file_code,
    }
