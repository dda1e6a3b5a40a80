"""Layouts as data: the TOML templates in kiosk/assets/templates turned into Documents.

A template is a list of ``[[block]]`` tables. ``type`` is one of text, pair, rule,
big_number, qr, barcode, image, feed, list, code_pages, cut; text fields may hold
``{placeholders}`` (plain names only) filled from the job's values. ``list`` repeats
its ``text`` for each entry of a list value with ``{index}`` and ``{item}``.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kiosk.core.config import CenterConfig
from kiosk.core.resources import asset
from kiosk.core.vn_time import date_text, stamp_text, today_vn
from kiosk.devices.printer.document import (
    Align,
    Barcode,
    BigNumber,
    Block,
    CodePageTable,
    Cut,
    Document,
    Feed,
    Pair,
    Picture,
    Qr,
    Rule,
    Text,
)
from kiosk.devices.printer.errors import JobDataError, TemplateError
from kiosk.devices.printer.profiles import PrinterProfile, TextMode
from kiosk.devices.printer.vietnamese import LOWER_LETTERS
from kiosk.slips.jobs import ReceiptData, TicketData
from kiosk.slips.working_days import WEEKDAYS_EN, WEEKDAYS_VI, add_working_days

TEMPLATE_DIR = asset("templates")
Values = Mapping[str, str | Sequence[str]]

_FIELDS: dict[str, set[str]] = {
    "text": {"text", "align", "bold", "scale"},
    "pair": {"label", "value", "bold"},
    "rule": {"char"},
    "big_number": {"text"},
    "qr": {"data", "module"},
    "barcode": {"data"},
    "feed": {"lines"},
    "image": {"path", "double"},
    "list": {"items", "text"},
    "code_pages": set(),
    "cut": set(),
}
_FORMATTER = string.Formatter()


@functools.lru_cache(maxsize=16)
def load_template(
    name: str, directory: Path | None = None
) -> tuple[str, tuple[dict[str, Any], ...]]:
    """The kind and blocks of template ``name`` (file ``<name>.toml``), checked."""
    path = (directory or TEMPLATE_DIR) / f"{name}.toml"
    if not path.is_file():
        raise TemplateError(f"layout template {path} does not exist")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"layout template {path.name} is not valid TOML: {exc}") from None
    blocks = data.get("block")
    if not isinstance(blocks, list) or not blocks:
        raise TemplateError(f"layout template {path.name} has no [[block]] entries")
    for number, block in enumerate(blocks, 1):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind not in _FIELDS:
            raise TemplateError(
                f"block {number} of {path.name} has type {kind!r}; use one of {', '.join(_FIELDS)}"
            )
        extra = set(block) - _FIELDS[kind] - {"type"}
        if extra:
            raise TemplateError(
                f"block {number} of {path.name} has unknown field(s) {sorted(extra)}"
            )
    return str(data.get("kind", name)), tuple(blocks)


def fill(pattern: str, values: Values, where: str) -> str:
    """``pattern`` with its ``{name}`` placeholders replaced (values are not re-read)."""
    out: list[str] = []
    try:
        parsed = list(_FORMATTER.parse(pattern))
    except ValueError as exc:
        raise TemplateError(f"{where}: bad placeholder in {pattern!r}: {exc}") from None
    for literal, name, spec, conversion in parsed:
        out.append(literal)
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise TemplateError(f"{where}: placeholder {{{name}}} must be a plain name")
        if name not in values or not isinstance(values[name], str):
            raise TemplateError(f"{where}: no text value for placeholder {{{name}}}")
        out.append(str(values[name]))
    return "".join(out)


def _align(value: Any, where: str) -> Align:
    try:
        return Align(str(value))
    except ValueError:
        raise TemplateError(f"{where}: align must be left, center or right") from None


def _int(value: Any, low: int, high: int, where: str) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise TemplateError(f"{where}: expected a whole number from {low} to {high}")
    return value


def render_template(name: str, values: Values, code_pages: Sequence[str] = ()) -> Document:
    """Fill template ``name`` with ``values`` into a Document."""
    kind, blocks = load_template(name)
    out: list[Block] = []
    for number, block in enumerate(blocks, 1):
        out.extend(_render_block(block, values, f"{name} block {number}", code_pages))
    return Document(kind, tuple(out))


def _render_block(
    block: Mapping[str, Any], values: Values, where: str, code_pages: Sequence[str]
) -> list[Block]:
    """The document blocks one template block stands for (a list block gives several)."""
    kind_ = block["type"]
    if kind_ == "text":
        return [
            Text(
                fill(block.get("text", ""), values, where),
                _align(block.get("align", "left"), where),
                bool(block.get("bold", False)),
                _int(block.get("scale", 1), 1, 8, where),
            )
        ]
    if kind_ == "pair":
        return [
            Pair(
                fill(block.get("label", ""), values, where),
                fill(block.get("value", ""), values, where),
                bool(block.get("bold", False)),
            )
        ]
    if kind_ == "rule":
        return [Rule(str(block.get("char", "-"))[:1] or "-")]
    if kind_ == "big_number":
        return [BigNumber(fill(block.get("text", ""), values, where))]
    if kind_ == "qr":
        return [
            Qr(
                fill(block.get("data", ""), values, where),
                _int(block.get("module", 6), 1, 16, where),
            )
        ]
    if kind_ == "barcode":
        return [Barcode(fill(block.get("data", ""), values, where))]
    if kind_ == "image":
        return [_picture(block, where)]
    if kind_ == "feed":
        return [Feed(_int(block.get("lines", 1), 0, 10, where))]
    if kind_ == "list":
        return _list_lines(block, values, where)
    if kind_ == "code_pages":
        return [CodePageTable(page) for page in code_pages]
    return [Cut()]


def _picture(block: Mapping[str, Any], where: str) -> Picture:
    """An image block: a file inside the template folder, never outside it."""
    path = (TEMPLATE_DIR / str(block.get("path", ""))).resolve()
    if TEMPLATE_DIR.resolve() not in path.parents or not path.is_file():
        raise TemplateError(f"{where}: image {block.get('path')!r} is not in {TEMPLATE_DIR}")
    return Picture(str(path), bool(block.get("double", True)))


def _list_lines(block: Mapping[str, Any], values: Values, where: str) -> list[Block]:
    """A list block: its text once per entry of a list value, with {index} and {item}."""
    items = values.get(str(block.get("items", "")))
    if isinstance(items, str) or items is None:
        raise TemplateError(f"{where}: {block.get('items')!r} is not a list value")
    return [
        Text(
            fill(block.get("text", "{item}"), {**values, "index": str(index), "item": item}, where)
        )
        for index, item in enumerate(items, 1)
    ]


# -- values of each layout ----------------------------------------------------------------


def _when(moment: dt.datetime) -> str:
    return stamp_text(moment)  # Vietnam time, whatever zone the moment was given in


def _center(center: CenterConfig) -> dict[str, str]:
    return {
        "center_name_vi": center.name_vi,
        "center_name_en": center.name_en,
        "center_code": center.code,
    }


COUNTER_ON_DISPLAY = "Xem màn hình / See the display"  # the counters are not known


def ticket_values(ticket: TicketData, center: CenterConfig) -> dict[str, str | list[str]]:
    """Placeholder values of the queue ticket (``file_code_lines``: the code, if any)."""
    if ticket.people_ahead < 0 or ticket.wait_minutes < 0:
        raise JobDataError("people ahead and waiting time cannot be negative")
    return {
        **_center(center),
        "number": ticket.number,
        "service_vi": ticket.service_vi,
        "service_en": ticket.service_en,
        "issued": _when(ticket.issued_at),
        "people_ahead": str(ticket.people_ahead),
        "wait_minutes": str(ticket.wait_minutes),
        "counter": ticket.counter or COUNTER_ON_DISPLAY,
        "track_url": ticket.track_url,
        "file_code_lines": [ticket.file_code] if ticket.file_code else [],
    }


def format_vnd(amount: int) -> str:
    """An amount in đồng the Vietnamese way: 20.000 đ (0 is "Miễn phí / Free")."""
    if amount < 0:
        raise JobDataError("a fee cannot be negative")
    return "Miễn phí / Free" if amount == 0 else f"{amount:,}".replace(",", ".") + " đ"


def receipt_values(receipt: ReceiptData, center: CenterConfig) -> dict[str, str | list[str]]:
    """Placeholder values of the receipt and appointment slip (ready date in working days)."""
    ready = add_working_days(today_vn(receipt.received_at), receipt.working_days)
    return {
        **_center(center),
        "submission_code": receipt.submission_code,
        "procedure_vi": receipt.procedure_vi,
        "procedure_en": receipt.procedure_en,
        "applicant": receipt.applicant,
        "received": _when(receipt.received_at),
        "documents": [f"{d.name_vi} - {d.copies}" for d in receipt.documents],
        "ready_on": date_text(ready),
        "ready_weekday_vi": WEEKDAYS_VI[ready.weekday()],
        "ready_weekday_en": WEEKDAYS_EN[ready.weekday()],
        "working_days": str(receipt.working_days),
        "fee": receipt.fee_note or format_vnd(receipt.fee_vnd),
        "staff": receipt.staff,
        "lookup_url": receipt.lookup_url,
        "competent": receipt.competent or "—",
    }


def testpage_values(
    profile: PrinterProfile, mode: TextMode, link: str, now: dt.datetime
) -> dict[str, str]:
    """Placeholder values of the technician's test page."""
    return {
        "profile": profile.key,
        "mode": mode.value,
        "paper": f"{profile.width_mm:g} mm, {profile.width_px} dots, {profile.columns} cols",
        "connection": link,
        "printed_at": _when(now),
        "letters_lower": " ".join(LOWER_LETTERS),
        "letters_upper": " ".join(letter.upper() for letter in LOWER_LETTERS),
        "qr_text": "Thử mã QR: Đường Lê Lợi, Huế",
        "barcode": "KIOSK-TEST-0123",
    }


def ticket_document(ticket: TicketData, center: CenterConfig) -> Document:
    """The queue ticket as a Document."""
    return render_template("ticket", ticket_values(ticket, center))


def receipt_document(receipt: ReceiptData, center: CenterConfig) -> Document:
    """The receipt and appointment slip as a Document."""
    return render_template("receipt", receipt_values(receipt, center))


def testpage_document(
    profile: PrinterProfile, mode: TextMode, link: str, now: dt.datetime
) -> Document:
    """The technician's test page, with the code-page tables of the mode."""
    pages = {TextMode.TCVN3: ["TCVN-3-1", "TCVN-3-2"], TextMode.CP1258: ["CP1258"]}.get(mode, [])
    return render_template("testpage", testpage_values(profile, mode, link, now), pages)
