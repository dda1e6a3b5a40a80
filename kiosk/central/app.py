"""The central service over HTTP: a Starlette app, served by uvicorn.

Every answer is JSON. Refusals are 4xx with ``{"error": "<one sentence>"}`` (and
``rejected`` per record for a refused batch) and change nothing; an unreachable
database is a 503 with ``Retry-After``. Device requests must carry an RFC 9421
signature (see ``kiosk.wire.httpsig``); the OpenAPI document is at ``/openapi.json``.

Counters sign their staff in and out (``POST /v1/staff/sign-in``, ``/sign-out``, see
``staff``) and find a citizen's recent submissions by ID number (``POST
/v1/counters/lookup``, see ``lookup``); ``GET /v1/health`` says whether the database
answers. Each signed route is open only to the device roles ``roles.ROUTES`` names for
it (403 otherwise); a device's chain and health reports, and the list of a center's
devices with problems, are signed reads for the device itself or a counter or
technician device of the same center. Personal fields are stored sealed under the key
file of ``vault`` (see ``sealed_records``).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import re
import sys
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from kiosk.central.answers import error_response, guarded
from kiosk.central.enroll_limits import EnrollThrottle
from kiosk.central.lookup import CitizenLookup
from kiosk.central.openapi import openapi_document
from kiosk.central.reports import CentralReports
from kiosk.central.roles import DeviceRoles, RoleRefusedError, require_action
from kiosk.central.sealed_records import bind_database
from kiosk.central.service import CentralService, RefusedError
from kiosk.central.staff import StaffDirectory
from kiosk.central.stats import device_problems
from kiosk.central.storage import POOL_SIZE, POOL_TIMEOUT_S, Database
from kiosk.central.vault import Vault, VaultError
from kiosk.core.errors import ConfigError
from kiosk.wire.bounded_json import loads_bounded
from kiosk.wire.errors import ProtocolError
from kiosk.wire.httpsig import SignedBy, verify_request
from kiosk.wire.protocol import MAX_BATCH_BYTES, parse_batch

log = logging.getLogger(__name__)

MAX_BODY = 2 * MAX_BATCH_BYTES
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise RefusedError(413, f"request body is larger than {MAX_BODY} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise RefusedError(413, f"request body is larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _json(body: bytes) -> Any:
    try:
        return loads_bounded(body)
    except ProtocolError as exc:
        raise RefusedError(400, str(exc)) from None


# Record batches one worker takes in at once (each uses a database connection and CPU
# for checking signatures and chains); more wait their turn.
INTAKE_AT_ONCE = 2


class CentralApp:
    """Routes bound to one :class:`CentralService`."""

    def __init__(self, service: CentralService, reports: CentralReports) -> None:
        self.service = service
        self.reports = reports
        self.staff = StaffDirectory(service.db, service.vault)
        self.citizens = CitizenLookup(service.db, service.vault, self.staff)
        self.roles = DeviceRoles(service.db)
        self.enroll_throttle = EnrollThrottle(service.db)
        self._intake_turn = asyncio.Semaphore(INTAKE_AT_ONCE)

    async def _signed(self, request: Request, action: str) -> tuple[SignedBy, bytes]:
        """Verify the device signature, then that the device's role may call ``action``."""
        body = await _read_body(request)
        signer = await run_in_threadpool(
            verify_request,
            self.service.public_key,
            method=request.method,
            path=request.url.path,
            query=request.url.query,
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
        )
        await run_in_threadpool(self.service.use_nonce, signer.keyid, signer.nonce)
        try:
            # read once per device (then cached): roles are fixed at enrolment
            require_action((await run_in_threadpool(self.role_of, signer.keyid))[1], action)
        except RoleRefusedError as exc:
            raise RefusedError(403, str(exc)) from None
        return signer, body

    def role_of(self, device_id: str) -> tuple[str, str]:
        """The (center, role) of an enrolled device (401 when it is not enrolled)."""
        found = self.roles.of(device_id)
        if found is None:
            raise RefusedError(401, "the signing device is not enrolled")
        return found

    async def _device_reader(self, request: Request, device_id: str) -> None:
        """A signed read of ``device_id``'s reports: the device itself, or a counter or
        technician device of the same center (403 otherwise)."""
        signer, _body = await self._signed(request, "own_device")
        if signer.keyid == device_id:
            return
        center, role = self.role_of(signer.keyid)
        target = await run_in_threadpool(self.roles.of, device_id)
        try:
            require_action(role, "center_devices")
        except RoleRefusedError as exc:
            raise RefusedError(403, str(exc)) from None
        if target is None or target[0] != center:
            raise RefusedError(403, "a device may read only the devices of its own center")

    async def ping(self, request: Request) -> Response:
        """Liveness probe."""
        return JSONResponse({"ok": True, "service": "kiosk-central"})

    async def openapi(self, request: Request) -> Response:
        """The OpenAPI document."""
        return JSONResponse(openapi_document())

    async def service_health(self, request: Request) -> Response:
        """Readiness: the database answers (503 otherwise)."""

        def probe() -> None:
            with self.service.db.reader() as tx:
                tx.one("SELECT 1")

        await run_in_threadpool(probe)
        return JSONResponse({"ok": True, "database": "ok"})

    async def sign_in(self, request: Request) -> Response:
        """Signed: a staff member signs in at a counter."""
        signer, body = await self._signed(request, "sign_in")
        center = self.role_of(signer.keyid)[0]
        return JSONResponse(await run_in_threadpool(self.staff.sign_in, _json(body),
                                                    signer.keyid, center))

    async def sign_out(self, request: Request) -> Response:
        """Signed: end the staff session opened at this counter."""
        signer, body = await self._signed(request, "sign_out")
        return JSONResponse(await run_in_threadpool(self.staff.sign_out, signer.keyid,
                                                    _json(body)))

    async def lookup(self, request: Request) -> Response:
        """Signed: a citizen's recent submissions at the device's center, by ID number."""
        signer, body = await self._signed(request, "lookup")
        return JSONResponse(await run_in_threadpool(self.citizens.lookup, signer.keyid,
                                                    _json(body)))

    async def attachment(self, request: Request) -> Response:
        """A counter opens a file a submission's visit attached."""
        signer, body = await self._signed(request, "lookup")
        return JSONResponse(await run_in_threadpool(self.citizens.attachment, signer.keyid,
                                                    _json(body)))

    async def enroll(self, request: Request) -> Response:
        """Redeem a one-time enrollment code."""
        body = _json(await _read_body(request))
        address = request.client.host if request.client else "unknown"
        token = await run_in_threadpool(self.enroll_throttle.take, address)
        try:
            answer = await run_in_threadpool(self.service.enroll, body)
        except RefusedError as exc:
            if exc.status != 403:  # only a code looked up and found wrong counts as a guess
                await run_in_threadpool(self.enroll_throttle.give_back, token)
            raise
        await run_in_threadpool(self.enroll_throttle.give_back, token)
        return JSONResponse(answer, status_code=201)

    async def records(self, request: Request) -> Response:
        """Batch intake of signed records, :data:`INTAKE_AT_ONCE` batches at a time.

        Bulk intake is throughput work: batches beyond the limit wait their turn without
        taking CPU, so a kiosk's ticket lease or queue position, or a counter's call,
        is not queued behind a city's backlog in this worker (benchmarks/city.py).
        """
        signer, body = await self._signed(request, "records")
        async with self._intake_turn:
            records = await run_in_threadpool(parse_batch, body)
            results = await run_in_threadpool(self.service.intake, signer.keyid, records)
        return JSONResponse({"results": results})

    async def lease(self, request: Request) -> Response:
        """Lease a block of ticket numbers."""
        signer, body = await self._signed(request, "lease")
        grant = await run_in_threadpool(self.service.lease, signer.keyid, _json(body))
        return JSONResponse(grant, status_code=201)

    async def submission(self, request: Request) -> Response:
        """Submission status look-up (the QR on tickets and receipts)."""
        record_id = request.path_params["record_id"]
        if not _ID.match(record_id):
            raise RefusedError(400, "submission id is malformed")
        found = await run_in_threadpool(self.reports.submission_status, record_id)
        if found is None:
            raise RefusedError(404, "no submission has this id")
        return JSONResponse(found)

    async def chain(self, request: Request) -> Response:
        """Signed: a device's chain report (itself, or a counter/technician of its center)."""
        device_id = request.path_params["device_id"]
        if not _ID.match(device_id):
            raise RefusedError(400, "device id is malformed")
        await self._device_reader(request, device_id)
        report = await run_in_threadpool(self.reports.chain_report, device_id)
        if report is None:
            raise RefusedError(404, "no device has this id")
        return JSONResponse(report)

    async def health(self, request: Request) -> Response:
        """Signed: a device's last health report (as for the chain report)."""
        device_id = request.path_params["device_id"]
        if not _ID.match(device_id):
            raise RefusedError(400, "device id is malformed")
        await self._device_reader(request, device_id)
        report = await run_in_threadpool(self.reports.device_health, device_id)
        if report is None:
            raise RefusedError(404, "this device has not reported its health")
        return JSONResponse(report)

    async def center_devices(self, request: Request) -> Response:
        """Signed: the devices of a center with a chain gap or a failing check (its counters
        and technicians only)."""
        center = request.path_params["center"]
        if not _ID.match(center):
            raise RefusedError(400, "center must be a code")
        signer, _body = await self._signed(request, "center_devices")
        if self.role_of(signer.keyid)[0] != center:
            raise RefusedError(403, "a device may read only the devices of its own center")
        return JSONResponse(await run_in_threadpool(device_problems, self.service.db, center))

    def _center_day(self, request: Request) -> tuple[str, str]:
        center, day = request.path_params["center"], request.path_params["day"]
        if not _ID.match(center) or not _DAY.match(day):
            raise RefusedError(400, "center must be a code and day must be YYYY-MM-DD")
        return center, day

    async def tickets(self, request: Request) -> Response:
        """Ticket reconciliation for a center's day."""
        center, day = self._center_day(request)
        return JSONResponse(await run_in_threadpool(self.reports.ticket_report, center, day))

    async def queue(self, request: Request) -> Response:
        """Queue state for a center's day."""
        center, day = self._center_day(request)
        try:
            state = await run_in_threadpool(self.reports.queue_state, center, day)
        except ValueError:
            raise RefusedError(400, "day is not a real calendar day") from None
        return JSONResponse(state)

    def routes(self) -> list[Route]:
        """The routing table."""
        return [
            Route("/v1/ping", guarded(self.ping), methods=["GET"]),
            Route("/openapi.json", guarded(self.openapi), methods=["GET"]),
            Route("/v1/health", guarded(self.service_health), methods=["GET"]),
            Route("/v1/staff/sign-in", guarded(self.sign_in), methods=["POST"]),
            Route("/v1/staff/sign-out", guarded(self.sign_out), methods=["POST"]),
            Route("/v1/counters/lookup", guarded(self.lookup), methods=["POST"]),
            Route("/v1/counters/attachment", guarded(self.attachment), methods=["POST"]),
            Route("/v1/enroll", guarded(self.enroll), methods=["POST"]),
            Route("/v1/records", guarded(self.records), methods=["POST"]),
            Route("/v1/tickets/leases", guarded(self.lease), methods=["POST"]),
            Route("/v1/submissions/{record_id}", guarded(self.submission), methods=["GET"]),
            Route("/v1/devices/{device_id}/chain", guarded(self.chain), methods=["GET"]),
            Route("/v1/devices/{device_id}/health", guarded(self.health), methods=["GET"]),
            Route("/v1/centers/{center}/tickets/{day}", guarded(self.tickets), methods=["GET"]),
            Route("/v1/centers/{center}/queue/{day}", guarded(self.queue), methods=["GET"]),
            Route("/v1/centers/{center}/devices", guarded(self.center_devices),
                  methods=["GET"]),
        ]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_response(exc.status_code, str(exc.detail))


def create_app(database_url: str, faults: str = "", key_file: str = "",
               pool_size: int = POOL_SIZE, pool_timeout_s: float = POOL_TIMEOUT_S,
               direct_url: str = "", status_per_minute: int = 30) -> ASGIApp:
    """Build the ASGI app on the database at ``database_url``.

    ``key_file`` holds the data and index keys (default: see ``vault.default_key_file``);
    it is created on first start. ``faults`` (tests only) is a fault-injection spec, see
    ``kiosk.central.faults``. ``pool_size`` bounds this process's database connections;
    a request waits ``pool_timeout_s`` at most for one, then is answered 503;
    ``direct_url``: see :class:`Database` (pgbouncer); ``status_per_minute``: the public
    file status page's rate limit per client address (see ``files_api``).
    Raises :class:`VaultError` for an unsafe or wrong key file.
    """
    from kiosk.central.display import display_routes
    from kiosk.central.files_api import files_routes
    from kiosk.central.ticket_position import position_routes

    db = Database(database_url, pool_size=pool_size, pool_timeout_s=pool_timeout_s,
                  direct_url=direct_url)
    vault = Vault.for_database(database_url, key_file)
    bind_database(db, vault)
    central = CentralApp(CentralService(db, vault), CentralReports(db))
    app: ASGIApp = Starlette(
        routes=[*central.routes(), *display_routes(central),
                *files_routes(central, status_per_minute),
                *position_routes(db, central.service.events)],
        exception_handlers={HTTPException: _http_error},
    )
    if faults:
        from kiosk.central.faults import FaultInjector

        app = FaultInjector.from_spec(app, faults)
    return app


GC_THRESHOLDS = (10_000, 10, 10)  # young passes per 10,000 allocations, not 700
SWITCH_INTERVAL_S = 0.001  # a thread waiting for the GIL asks for it after 1 ms, not 5


def tune_worker() -> None:
    """Keep the interpreter's own pauses out of the requests' tail latency.

    * Python's cyclic garbage collector. Measured (benchmarks/city.py, one worker): full
      collections walked everything the worker had imported and took 40-80 ms each,
      3-24 times in 3,000 requests; a request that met one waited for it. Everything
      alive once the app is built lives as long as the process, so it is frozen out of
      every later pass (``gc.freeze``), and young passes run less often; garbage without
      cycles is freed at once, as always.
    * The GIL. A worker's event loop shares it with its thread pool; while a pooled
      request computes (ranking a large center's day, parsing new records), the loop
      waited up to 5 ms for each hand-over before answering a short request. 1 ms costs
      CPU-bound threads a little throughput.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def app_from_env() -> ASGIApp:
    """uvicorn factory: config file + ``KIOSK_CENTRAL_*`` environment (for --workers)."""
    from kiosk.core.config import load_config

    try:
        config = load_config()
        app = create_app(config.central.database_url,
                         os.environ.get("KIOSK_CENTRAL_FAULTS", ""),
                         config.central.key_file, config.central.pool_size,
                         config.central.pool_timeout_s, config.central.direct_database_url,
                         config.central.status_per_minute)
    except (ConfigError, VaultError) as exc:
        raise SystemExit(str(exc)) from None
    tune_worker()  # a worker process of its own: its whole heap is the app's
    return app
