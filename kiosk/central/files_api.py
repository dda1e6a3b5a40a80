"""HTTP routes of the file's life (issue 18); added to the central app by :func:`files_routes`.

Signed by a counter device with a staff member signed in (``session``, as the look-up):

* ``POST /v1/files`` ``{"request_id", "procedure", "session", "submission"?}`` — accept a
  file (201); the same ``request_id`` again returns the same file (a retried request
  never makes two). The answer carries the file's ``code`` for the receipt.
* ``POST /v1/files/{file_id}/events`` ``{"event_id", "kind", "session", "reason"?,
  "days"?}`` — append one event (``kiosk.central.file_rules``); the same ``event_id``
  again returns the stored event.
* ``GET /v1/files/{file_id}`` — the file and its events (its own center's only).

Public, rate-limited per address (429 with ``Retry-After``): ``GET /f/{code}`` (the
page the receipt's QR opens) and ``GET /v1/public/files/{code}`` (the same as JSON).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from kiosk.central.answers import guarded
from kiosk.central.files import FileLedger, Who
from kiosk.central.public_status import file_status, not_found_page, status_page
from kiosk.central.rate_limit import RateLimiter
from kiosk.central.service import RefusedError
from kiosk.wire.bounded_json import loads_bounded

if TYPE_CHECKING:
    from kiosk.central.app import CentralApp

_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,80}$")
_PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex"}


def _body(raw: bytes, required: set[str], optional: set[str]) -> dict[str, Any]:
    data = loads_bounded(raw)
    if not isinstance(data, dict) or not required <= set(data) <= required | optional:
        raise RefusedError(400, f"the body needs {', '.join(sorted(required))}"
                           + (f" (and may have {', '.join(sorted(optional))})" if optional else ""))
    for name in required | optional:
        value = data.get(name)
        if name == "days":
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise RefusedError(400, "days must be a whole number")
        elif value is not None and (not isinstance(value, str) or len(value) > 500):
            raise RefusedError(400, f"{name} must be a text of at most 500 characters")
    for name in ("request_id", "event_id"):
        if name in data and not _KEY.match(data[name]):
            raise RefusedError(400, f"{name} must be 8-80 letters, digits or ._:-")
    return data


class FilesApi:
    """The counter's file routes and the public status page over one ledger."""

    def __init__(self, central: CentralApp, status_per_minute: int) -> None:
        self.central = central
        self.ledger = FileLedger(central.service.db)
        self.limiter = RateLimiter(status_per_minute)

    async def _counter(self, request: Request, fields: set[str], optional: set[str]
                       ) -> tuple[dict[str, Any], Who, str, str]:
        signer, raw = await self.central._signed(request, "files")
        data = _body(raw, fields | {"session"}, optional)
        user, counter, center = await run_in_threadpool(
            self.central.staff.session_of, signer.keyid, data["session"])
        return data, Who(user, f"{center} quầy {counter}", "counter"), center, signer.keyid

    async def create(self, request: Request) -> Response:
        """Signed: accept a file at the counter."""
        data, who, center, device = await self._counter(
            request, {"request_id", "procedure"}, {"submission"})
        found = await run_in_threadpool(
            self.ledger.create, data["request_id"], center, data["procedure"], device, who,
            data.get("submission"))
        return JSONResponse(found, status_code=201)

    async def event(self, request: Request) -> Response:
        """Signed: append one event to a file of the counter's center."""
        data, who, center, _device = await self._counter(
            request, {"event_id", "kind"}, {"reason", "days"})
        event = await run_in_threadpool(
            self.ledger.append, request.path_params["file_id"], data["event_id"],
            data["kind"], who, data.get("reason"), data.get("days"), None, center)
        return JSONResponse(event, status_code=201)

    async def read(self, request: Request) -> Response:
        """Signed: a file of the counter's center with its events."""
        signer, _raw = await self.central._signed(request, "files")
        center = self.central.role_of(signer.keyid)[0]
        return JSONResponse(await run_in_threadpool(
            self.ledger.file, request.path_params["file_id"], center))

    async def _public(self, request: Request) -> dict[str, Any] | None:
        address = request.client.host if request.client else "unknown"
        wait = self.limiter.take(address)
        if wait:
            raise RefusedError(429, "too many look-ups from this address; wait a little",
                               retry_after=max(1, round(wait)))
        return await run_in_threadpool(file_status, self.ledger.db, self.ledger.catalog,
                                       request.path_params["code"])

    async def page(self, request: Request) -> Response:
        """Public: the file's status page (one answer for every wrong code)."""
        try:
            found = await self._public(request)
        except RefusedError as exc:
            if exc.status != 429:
                raise
            return HTMLResponse(not_found_page().replace("Không tìm thấy hồ sơ</h1>",
                                "Vui lòng thử lại sau ít phút</h1>"), status_code=429,
                                headers={**_PRIVATE, "Retry-After": str(exc.retry_after)})
        if found is None:
            return HTMLResponse(not_found_page(), status_code=404, headers=_PRIVATE)
        return HTMLResponse(status_page(found), headers=_PRIVATE)

    async def status_json(self, request: Request) -> Response:
        """Public: the file's status as JSON (404 for every wrong code)."""
        found = await self._public(request)
        if found is None:
            raise RefusedError(404, "no file has this code")
        return JSONResponse(found, headers=_PRIVATE)


def files_routes(central: CentralApp, status_per_minute: int = 30) -> list[Route]:
    """The file routes of the central app."""
    from kiosk.central.dashboard import dashboard_routes
    from kiosk.central.holder_files import holder_routes

    api = FilesApi(central, status_per_minute)
    return [
        Route("/v1/files", guarded(api.create), methods=["POST"]),
        Route("/v1/files/{file_id}/events", guarded(api.event), methods=["POST"]),
        Route("/v1/files/{file_id}", guarded(api.read), methods=["GET"]),
        Route("/f/{code}", guarded(api.page), methods=["GET"]),
        Route("/v1/public/files/{code}", guarded(api.status_json), methods=["GET"]),
        *dashboard_routes(central.service.db),
        *holder_routes(central),
    ]
