"""The citizen's view of a file: ``/f/{code}`` (HTML, phone-sized) and its JSON.

Only what is not personal: the procedure, the unit that decides, the steps with their
days, the due date and whether the file is on time. No name, ID number, address, staff
name or place; the code is the file's 128-bit tracking code (``kiosk.core.file_code``).
A wrong or malformed code gets one and the same answer. Vietnamese first, English below.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from kiosk.central import file_rules as rules
from kiosk.central.storage import Database
from kiosk.core.file_code import grouped, parse_tracking_code
from kiosk.core.procedures import Catalog, CatalogError
from kiosk.core.vn_time import today_vn

STEPS: dict[str, tuple[str, str]] = {
    rules.ACCEPTED: ("Đã tiếp nhận", "Received"),
    rules.FORWARDED: ("Đã chuyển cơ quan giải quyết", "Sent to the deciding unit"),
    rules.IN_PROCESSING: ("Đang giải quyết", "Being processed"),
    rules.MORE_DOCS: ("Cần bổ sung giấy tờ", "More documents needed"),
    rules.DOCS_SUPPLIED: ("Đã bổ sung giấy tờ", "Documents supplied"),
    rules.RESULT_READY: ("Đã có kết quả, mời nhận", "Result ready for collection"),
    rules.REFUSED: ("Từ chối giải quyết", "Refused"),
    rules.RETURNED: ("Đã trả kết quả", "Result handed over"),
    rules.WITHDRAWN: ("Đã rút hồ sơ", "Withdrawn"),
    rules.DUE_EXTENDED: ("Gia hạn thời gian giải quyết", "Processing time extended"),
}
STANDING: dict[str, tuple[str, str]] = {
    "on_time": ("Đúng hạn", "On time"),
    "late": ("Quá hạn", "Late"),
    "paused": ("Tạm dừng tính thời gian (chờ bổ sung)", "Clock paused (awaiting documents)"),
    "withdrawn": ("Không tính hạn", "Not counted"),
}


def file_status(db: Database, catalog: Catalog, text: str,
                today: dt.date | None = None) -> dict[str, Any] | None:
    """The public status of the file with tracking code ``text``, or None."""
    code = parse_tracking_code(text)
    if code is None:
        return None
    with db.reader() as tx:
        found = tx.one("SELECT file_id, procedure_code, unit FROM files WHERE code = ?", (code,))
        if found is None:
            return None
        events = tx.all("SELECT kind, step, day, due, paused_on, decided_on FROM file_events "
                        "WHERE file_id = ? ORDER BY n", (found[0],))
    _kind, step, _day, due, paused_on, decided_on = events[-1]
    state = rules.FileState(step, dt.date.fromisoformat(due),
                            paused_on and dt.date.fromisoformat(paused_on),
                            decided_on and dt.date.fromisoformat(decided_on))
    try:
        procedure = catalog.get(str(found[1]))
        names = {"vi": procedure.name_vi, "en": procedure.name_en}
    except CatalogError:
        names = {"vi": str(found[1]), "en": str(found[1])}
    return {"code": code, "procedure": str(found[1]), "procedure_name": names,
            "unit": str(found[2]), "step": step, "due": due,
            "standing": rules.standing(state, today or today_vn()),
            "history": [{"kind": e[0], "day": e[2]} for e in events]}


def _vn_date(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%d/%m/%Y")


_STYLE = """body{font-family:"Noto Sans",sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:30rem;margin:0 auto;padding:1rem}h1{font-size:1.25rem;margin:.2rem 0}
.en{color:#56606b;font-size:.9rem}.card{background:#fff;border-radius:.6rem;padding:1rem;
margin:.8rem 0;box-shadow:0 1px 3px #0002}.big{font-size:1.35rem;font-weight:700}
.on_time{color:#0a6b2d}.late{color:#b3261e}.paused,.withdrawn{color:#8a5a00}
ol{padding-left:1.2rem;margin:.3rem 0}li{margin:.35rem 0}.code{font-size:.85rem}
.code b{font-family:"DejaVu Sans Mono",monospace;font-weight:400;word-break:break-all}"""


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="robots" content="noindex"><title>{html.escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>")


def not_found_page() -> str:
    """The one answer for a wrong, unknown or malformed code."""
    return _page("Không tìm thấy hồ sơ / File not found", (
        '<div class="card"><h1>Không tìm thấy hồ sơ</h1><div class="en">File not found</div>'
        "<p>Vui lòng kiểm tra lại mã hồ sơ in trên giấy tiếp nhận.</p>"
        '<p class="en">Please check the file code printed on your receipt.</p></div>'))


def status_page(status: dict[str, Any]) -> str:
    """The phone-sized page of one file's status (nothing personal)."""
    e = html.escape
    step_vi, step_en = STEPS[status["step"]]
    stand_vi, stand_en = STANDING[status["standing"]]
    history = "".join(
        f"<li>{_vn_date(h['day'])}: {e(STEPS[h['kind']][0])} "
        f"<span class=\"en\">/ {e(STEPS[h['kind']][1])}</span></li>"
        for h in status["history"])
    body = (
        f'<div class="card"><div class="en">Hồ sơ / File</div>'
        f'<h1>{e(status["procedure_name"]["vi"])}</h1>'
        f'<div class="en">{e(status["procedure_name"]["en"])}</div>'
        f'<p>Cơ quan giải quyết / Deciding unit: {e(status["unit"])}</p></div>'
        f'<div class="card"><div>Bước hiện tại <span class="en">/ Current step</span></div>'
        f'<div class="big" id="step">{e(step_vi)}</div><div class="en">{e(step_en)}</div>'
        f'<p>Hẹn trả kết quả <span class="en">/ Due</span>: '
        f'<b id="due">{_vn_date(status["due"])}</b></p>'
        f'<div class="big {status["standing"]}" id="standing">{e(stand_vi)}</div>'
        f'<div class="en">{e(stand_en)}</div></div>'
        f'<div class="card"><div>Quá trình <span class="en">/ History</span></div>'
        f"<ol>{history}</ol></div>"
        f'<p class="code">Mã hồ sơ / File code: <b>{grouped(status["code"])}</b></p>')
    return _page(f"Hồ sơ {grouped(status['code'])[:11]}…", body)
