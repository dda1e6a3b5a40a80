"""The on-time dashboard of a center (``/dashboard/{center}``) and of the city (``/dashboard``).

Server-rendered HTML with an inline SVG chart (no chart library, no script: the page is
the figures of ``kiosk.central.file_figures`` as they are, printable and archivable). The
same numbers as JSON: ``/v1/centers/{center}/report`` and ``/v1/report``; both take
``?as_of=YYYY-MM-DD`` and ``?days=N`` (1-366, default 30), like ``kiosk central report``.
The page names the events it covers (count, last recording time, each center's last
chain position, running digest: ``kiosk.central.file_state``). Vietnamese
first, English below; every day shown is a Vietnam calendar day.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from kiosk.central.answers import guarded
from kiosk.central.dashboard_chart import trend_svg
from kiosk.central.file_figures import ReportCache
from kiosk.central.public_status import STEPS
from kiosk.central.service import RefusedError
from kiosk.central.storage import Database

_CENTER = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_TOTALS = (("received", "Đã tiếp nhận", "Received"),
           ("in_processing", "Đang giải quyết", "In processing"),
           ("awaiting_documents", "Chờ bổ sung", "Awaiting documents"),
           ("result_ready", "Có kết quả", "Result ready"),
           ("returned", "Đã trả", "Returned"), ("refused", "Từ chối", "Refused"),
           ("withdrawn", "Rút hồ sơ", "Withdrawn"))
_ON_TIME = (("decided_on_time", "Giải quyết đúng hạn", "Decided on time"),
            ("decided_late", "Giải quyết quá hạn", "Decided late"),
            ("open_on_time", "Đang giải quyết, trong hạn", "Open, on time"),
            ("open_late", "Đang giải quyết, quá hạn", "Open, late"),
            ("paused", "Tạm dừng (chờ bổ sung)", "Paused (awaiting documents)"))
_STYLE = """body{font-family:"Noto Sans",sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:72rem;margin:0 auto;padding:1rem}.en{color:#56606b;font-size:.85rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.6rem}
.tile{background:#fff;border-radius:.5rem;padding:.6rem;box-shadow:0 1px 3px #0002}
.tile b{display:block;font-size:1.6rem}.late b{color:#b3261e}.ok b{color:#0a6b2d}
table{border-collapse:collapse;background:#fff;width:100%;margin:.4rem 0}
td,th{border-bottom:1px solid #dde1e6;padding:.3rem .5rem;text-align:right}
td:first-child,th:first-child{text-align:left}section{margin:1.2rem 0}
.covers{font-size:.8rem;color:#3b4450}.covers code{word-break:break-all}"""


def _params(request: Request) -> tuple[dt.date | None, int]:
    text = request.query_params.get("as_of")
    days = request.query_params.get("days", "30")
    try:
        as_of = dt.date.fromisoformat(text) if text else None
        count = int(days)
    except ValueError:
        raise RefusedError(400, "as_of must be YYYY-MM-DD and days a number") from None
    if not 1 <= count <= 366:
        raise RefusedError(400, "days must be 1 to 366")
    if as_of is not None and not 2000 <= as_of.year <= 2999:
        raise RefusedError(400, "as_of must be a day of the years 2000 to 2999")
    return as_of, count


def _center(request: Request) -> str | None:
    center = request.path_params.get("center")
    if center is not None and not _CENTER.fullmatch(center):
        raise RefusedError(400, "center must be a code")
    return center


def _tiles(items: tuple[tuple[str, str, str], ...], values: dict[str, int]) -> str:
    e = html.escape
    marks = {"decided_late": "late", "open_late": "late", "decided_on_time": "ok",
             "open_on_time": "ok"}
    return '<div class="tiles">' + "".join(
        f'<div class="tile {marks.get(key, "")}" data-figure="{key}"><b>{values[key]}</b>'
        f'{e(vi)}<div class="en">{e(en)}</div></div>' for key, vi, en in items) + "</div>"


def _table(rows: list[dict[str, Any]], name: str, vi: str, en: str) -> str:
    e = html.escape
    head = ("<tr><th>{}</th><th>Tiếp nhận<div class=en>Received</div></th><th>Đúng hạn"
            "<div class=en>On time</div></th><th>Quá hạn<div class=en>Late</div></th>"
            "<th>Đang quá hạn<div class=en>Open late</div></th></tr>").format(
        f"{e(vi)}<div class=en>{e(en)}</div>")
    body = "".join(
        f"<tr data-{name}=\"{e(str(r[name]))}\"><td>{e(str(r[name]))}</td><td>{r['received']}"
        f"</td><td>{r['decided_on_time']}</td><td>{r['decided_late']}</td>"
        f"<td>{r['open_late']}</td></tr>" for r in rows)
    return f"<table>{head}{body}</table>"


def _attention(report: dict[str, Any]) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(a['file_id'][:8])}</td><td>{e(a['center'])}</td><td>{e(a['procedure'])}"
        f"</td><td>{e(STEPS[a['step']][0])}</td><td>{dt.date.fromisoformat(a['due']):%d/%m/%Y}</td>"
        f"<td>{'Quá hạn / Late' if a['late'] else 'Sắp đến hạn / Due soon'}</td></tr>"
        for a in report["attention"])
    return (f'<p data-figure="attention_count">{report["attention_count"]} hồ sơ / files</p>'
            "<table><tr><th>Hồ sơ</th><th>Trung tâm</th><th>Thủ tục</th><th>Bước</th>"
            f"<th>Hạn</th><th></th></tr>{rows}</table>")


def render_dashboard(report: dict[str, Any]) -> str:
    """The dashboard page of ``report`` (``file_report.compute_report``)."""
    e = html.escape
    scope = "Toàn thành phố / City" if report["scope"] == "city" else report["scope"]
    day = dt.date.fromisoformat(report["as_of"])
    covers, backlog = report["covers"], report["backlog"]
    command = "kiosk central report" + (
        "" if report["scope"] == "city" else f" --center {report['scope']}"
    ) + f" --as-of {day.isoformat()}"
    body = (
        f"<h1>Hồ sơ đúng hạn – {e(scope)}</h1><div class=en>Files on time – as of "
        f"{day:%d/%m/%Y}</div><p>Tính đến ngày {day:%d/%m/%Y}</p>"
        f"<section>{_tiles(_TOTALS, report['totals'])}</section>"
        f"<section>{_tiles(_ON_TIME, report['on_time'])}</section>"
        f"<section><h2>Xu hướng {len(report['trend'])} ngày</h2><div class=en>Trend of the "
        f"last {len(report['trend'])} days</div>{trend_svg(report['trend'])}</section>"
        "<section><h2>Hồ sơ quá hạn hoặc sắp đến hạn (2 ngày làm việc)</h2><div class=en>"
        f"Files late or due within two working days</div>{_attention(report)}</section>"
        f"<section><h2>Theo thủ tục</h2>"
        f"{_table(report['by_procedure'], 'procedure', 'Thủ tục', 'Procedure')}</section>"
        f"<section><h2>Theo cơ quan giải quyết</h2>"
        f"{_table(report['by_unit'], 'unit', 'Cơ quan', 'Deciding unit')}</section>"
        "<section><h2>Liên thông một cửa (hiện tại)</h2><div class=en>One-gate connector "
        "backlog (now)"
        f'</div><p data-figure="backlog_waiting">Chờ chuyển / waiting: {backlog["waiting"]}'
        f' · đã chuyển / forwarded: {backlog["forwarded"]} · chờ báo rút/từ chối / '
        f'withdrawals or refusals to tell: {backlog.get("notices_waiting", 0)}'
        ' · lỗi gần nhất / last error: '
        f'{e(str(backlog["last_error"] or "—"))}</p></section>'
        f'<section class="covers" id="covers">Số liệu tính từ {covers["events"]} sự kiện của '
        f'{covers["files"]} hồ sơ, ghi đến {e(str(covers["through"]))} / computed from '
        f'{covers["events"]} events of {covers["files"]} files through '
        f'{e(str(covers["through"]))}, vị trí cuối của chuỗi / last chain position: '
        f'<code>{e(str(covers.get("positions") or "—"))}</code>, '
        f'<code>{e(covers["digest"])}</code>. '
        "Kiểm tra lại / reproduce: "
        f"<code>{e(command)}</code></section>")
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport"'
            f' content="width=device-width, initial-scale=1"><title>Hồ sơ đúng hạn – {e(scope)}'
            f"</title><style>{_STYLE}</style></head><body><main>{body}</main></body></html>")


def dashboard_routes(db: Database) -> list[Route]:
    """The dashboard pages and their JSON."""

    cache = ReportCache()

    async def report(request: Request) -> dict[str, Any]:
        as_of, days = _params(request)
        return await run_in_threadpool(cache.report, db, _center(request), as_of, days)

    async def page(request: Request) -> Response:
        return HTMLResponse(render_dashboard(await report(request)),
                            headers={"Cache-Control": "no-cache"})

    async def as_json(request: Request) -> Response:
        return JSONResponse(await report(request))

    return [Route("/dashboard", guarded(page), methods=["GET"]),
            Route("/dashboard/{center}", guarded(page), methods=["GET"]),
            Route("/v1/report", guarded(as_json), methods=["GET"]),
            Route("/v1/centers/{center}/report", guarded(as_json), methods=["GET"])]
