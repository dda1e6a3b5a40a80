"""The documents step: each paper the procedure asks for, taken page by page under the
kiosk's document camera, or brought as the original to the counter (issue 20).

Shown after the form when the kiosk has a document camera (``[documents] camera``) and
the procedure lists documents ("Giấy tờ cần mang"). The camera takes a page by itself
when the sheet lies still and sharp (``kiosk.devices.documents.capture``); "Chụp ngay"
takes it at once. The ID card itself needs no copy when the chip was read: the chip's
signed card data sheet stands for it (docs/attachments.md). Events, effects and what
each event does to the visit's data live here; the stage table is in ``machine``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from kiosk.core.procedures import Procedure
from kiosk.core.visit.events import Effect, Event, SubmittedPaper
from kiosk.core.visit.state import DocumentSlot

if TYPE_CHECKING:
    from kiosk.core.visit.machine import Visit

# The card itself, shown at the counter: the chip's data sheet replaces its copy.
_ID_CARD = re.compile(r"^Thẻ căn cước( \(xuất trình\)| đang sử dụng)$")
MAX_PAGES = 10  # pages per document (the attachment cap allows ~20 cleaned pages)


@dataclass(frozen=True)
class PageTaken(Event):
    """The document camera took a page (id of the picture the app keeps)."""

    page: str


@dataclass(frozen=True)
class TakePage(Event):
    """The citizen tapped "take now" (the camera takes the next frame)."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class PageDeleted(Event):
    """The citizen deleted a page (to take it again, or because it was the wrong one)."""

    page: str
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class DocumentSelected(Event):
    """The citizen chose which paper to take now."""

    index: int
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class OriginalChosen(Event):
    """The citizen will bring this paper's original to the counter instead."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class BlackWhiteToggled(Event):
    """The citizen switched this paper between colour (seals, photos) and black and
    white (text: a page of ~30 KB instead of ~200 KB)."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class DocumentCamera(Effect):
    """Switch the document camera on (documents step) or off."""

    on: bool


@dataclass(frozen=True)
class TakePageNow(Effect):
    """Take the next frame's page whether or not it lies still."""


@dataclass(frozen=True)
class DropPages(Effect):
    """Forget these pages' pictures (deleted, or the paper is brought instead)."""

    pages: tuple[str, ...]


def slots_for(procedure: Procedure, identity_source: str) -> list[DocumentSlot]:
    """The procedure's papers as the documents step starts them."""
    return [DocumentSlot(d.vi, d.en, optional="(nếu có)" in d.vi,
                         chip=identity_source == "chip" and bool(_ID_CARD.match(d.vi)))
            for d in procedure.documents]


def all_done(slots: list[DocumentSlot]) -> bool:
    """Whether every paper is taken, brought, covered by the chip, or optional."""
    return all(slot.status != "missing" for slot in slots)


def _next_open(visit: Visit) -> None:
    """Move to the next paper still missing (after the current one), if any."""
    data = visit.data
    count = len(data.documents)
    for step in range(1, count + 1):
        index = (data.document_index + step) % count
        if data.documents[index].status == "missing":
            data.document_index = index
            return


def _current(visit: Visit) -> DocumentSlot | None:
    data = visit.data
    return data.documents[data.document_index] if data.documents else None


def _page_taken(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, PageTaken)
    slot = _current(visit)
    if slot is None or len(slot.pages) >= MAX_PAGES:
        visit.data.notice = "pages_full" if slot is not None else ""
        return [DropPages((event.page,))]
    slot.pages.append(event.page)
    slot.original = False
    return []


def _take(visit: Visit, event: Event) -> list[Effect]:
    return [TakePageNow()] if _current(visit) is not None else []


def _deleted(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, PageDeleted)
    for slot in visit.data.documents:
        if event.page in slot.pages:
            slot.pages.remove(event.page)
            return [DropPages((event.page,))]
    return []


def _selected(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, DocumentSelected)
    if 0 <= event.index < len(visit.data.documents):
        visit.data.document_index = event.index
    return []


def _original(visit: Visit, event: Event) -> list[Effect]:
    slot = _current(visit)
    if slot is None:
        return []
    dropped = tuple(slot.pages)
    slot.pages.clear()
    slot.original = True
    _next_open(visit)
    return [DropPages(dropped)] if dropped else []


def _black_white(visit: Visit, event: Event) -> list[Effect]:
    slot = _current(visit)
    if slot is not None:
        slot.black_white = not slot.black_white
    return []


APPLY_DOCUMENTS = {PageTaken: _page_taken, TakePage: _take, PageDeleted: _deleted,
                   DocumentSelected: _selected, OriginalChosen: _original,
                   BlackWhiteToggled: _black_white}


def submitted_documents(slots: list[DocumentSlot]) -> tuple[SubmittedPaper, ...]:
    """Each paper for the submission: file id, name, status, page ids, black and white."""
    return tuple(SubmittedPaper(f"doc-{n}", f"{slot.name_vi} / {slot.name_en}", slot.status,
                                tuple(slot.pages), slot.black_white)
                 for n, slot in enumerate(slots, 1))
