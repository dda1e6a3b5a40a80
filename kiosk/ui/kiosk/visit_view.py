"""What the form, review, ticket and rating screens show, as plain dicts for QML.

Pure functions of the visit and the language (no Qt). Personal values appear here
because the citizen must see them on the screen; they are never logged.
"""

from __future__ import annotations

from typing import Any

import segno

from kiosk.core.addresses.current import CurrentAddress
from kiosk.core.competence import Verdict, center_name
from kiosk.core.forms import validate
from kiosk.core.procedures import FieldSpec
from kiosk.core.visit import places
from kiosk.core.visit.machine import Stage, Visit
from kiosk.core.visit.state import VisitData
from kiosk.core.vn_time import clock_text

# Screens that remind a citizen whose card is still on the reader to take it back.
TAKE_CARD_STAGES = frozenset({Stage.TICKET, Stage.DONE})


def visit_view(visit: Visit) -> dict[str, Any]:
    """Everything the later screens need, in the visit's language."""
    data = visit.data
    en = visit.language == "en"
    view: dict[str, Any] = {
        "procedure": "", "agency": "", "documents": [], "fields": [], "consent": data.consent,
        "ticket": None, "print_fallback": data.print_fallback,
        "ticket_printed": data.ticket_printed, "submission_code": data.submission_code or "",
        "too_large": _too_large(data, en),
        "identified_by": data.identity_source, "has_face": data.face is not None,
        "face_unreadable": data.face_unreadable,
        # the typed ID stays in its field (e.g. to correct it after the card refused it)
        "typed_id": data.typed_id or "",
        # the card is still on the reader at the end of the visit: remind the citizen
        "take_card_back": data.card_on_reader and visit.stage in TAKE_CARD_STAGES,
    }
    procedure = data.procedure
    if procedure is not None:
        view["procedure"] = procedure.name(visit.language)
        view["agency"] = procedure.agency_en if en else procedure.agency_vi
        view["documents"] = [d.en if en else d.vi for d in procedure.documents]
    # the documents step: each paper, its state and its pages (ids: image://pages/<id>)
    view["papers"] = [{"name": slot.name_en if en else slot.name_vi, "status": slot.status,
                       "pages": list(slot.pages), "optional": slot.optional,
                       "black_white": slot.black_white}
                      for slot in data.documents]
    view["paper_index"] = data.document_index
    form = data.form
    if form is not None:
        # codes (and the length limit): FormScreen words them through the Qt catalogs
        found = validate(form) + places.problems(form, data)
        problems = {p.name: p for p in reversed(found) if p.name in data.problems}
        view["fields"] = [
            {"name": spec.name, "label": spec.label_en if en else spec.label_vi,
             "kind": spec.kind, "choices": list(spec.choices), "required": spec.required,
             "choice_words": list(spec.choices_en if en else spec.choices),
             "value": form.get(spec.name).value, "source": str(form.get(spec.name).source),
             "shown": _shown(spec, form.get(spec.name).value, en),
             "problem": problems[spec.name].code if spec.name in problems else "",
             "problem_limit": problems[spec.name].limit if spec.name in problems else 0,
             "address": _address(data.addresses.get(spec.name)) if spec.kind == "address"
             else None}
            for spec in form.specs
        ]
    view["elsewhere"] = _elsewhere(data.verdict, visit.language, data.checked_on_form)
    ticket = data.ticket
    if ticket is not None:
        view["ticket"] = {"number": f"{ticket.service}{ticket.number:03d}",
                          "counter": ticket.counter_group, "ahead": ticket.people_ahead,
                          "wait": ticket.wait_minutes, "url": ticket.status_url,
                          "qr": qr_rows(ticket.status_url),
                          # Vietnam time, whatever the machine's zone (as on the slip)
                          "issued": (clock_text(ticket.issued_at)
                                     if ticket.issued_at is not None else "")}
    return view


def _address(address: CurrentAddress | None) -> dict[str, Any]:
    """An address field's card text, today's address, and the wards to pick among."""
    if address is None:
        return {"on_card": "", "now": "", "status": "", "street": "", "candidates": []}
    return {"on_card": address.on_card, "now": address.text(), "status": address.status,
            "street": address.street,
            "candidates": [{"code": c.ward.code, "name": c.ward.name,
                            "province": c.province.name} for c in address.candidates]}


def _elsewhere(verdict: Verdict | None, language: str, from_form: bool) -> dict[str, Any]:
    """Where to file instead, when this center cannot take the file."""
    if verdict is None or verdict.accepted:
        return {"level": "", "go_to": [], "from_form": False}
    return {"level": verdict.level, "from_form": from_form,
            "go_to": [center_name(unit, language) + (
                f", {verdict.province.name}" if verdict.province is not None
                and unit != verdict.province else "") for unit in verdict.go_to]}


def _shown(spec: FieldSpec, value: str, en: bool) -> str:
    """The value as the citizen reads it: a choice in the visit's language."""
    if en and value in spec.choices:
        return spec.choices_en[spec.choices.index(value)]
    return value


def qr_rows(text: str) -> list[str]:
    """The QR code of ``text`` as rows of "1" (dark) and "0", quiet zone included."""
    code = segno.make(text, error="m")
    return ["".join("1" if dark else "0" for dark in row) for row in code.matrix_iter(border=2)]


def _too_large(data: VisitData, en: bool) -> list[str]:
    """The names, in the visit's language, of the papers too large to send ("doc-2" is
    the documents step's second paper)."""
    names = []
    for file in data.too_large:
        number = file.removeprefix("doc-")
        if number.isdigit() and 0 < int(number) <= len(data.documents):
            slot = data.documents[int(number) - 1]
            names.append(slot.name_en if en else slot.name_vi)
    return names
