"""The kiosk's HTTP client for the central service (httpx, HTTP/2 when offered).

Every request after enrollment is signed with the device key (``httpsig``). TLS
certificates are verified, against a custom CA bundle when one is configured. Answers
are sorted into :class:`TransientSyncError` (network trouble, 5xx, 408, 429 — retry,
honouring ``Retry-After``) and :class:`PermanentSyncError` (any other 4xx).

A 401 is the exception among 4xx: it speaks of the request's signature, not of the
records, so it never turns records into dead letters. When the signature was refused
as stale, the client learns the server's time from its ``Date`` header and signs with
the corrected time from then on (kiosks without a working clock battery wake up far in
the past); any other 401 is retried slowly (``AUTH_RETRY_S``) while technicians look.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import ssl
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import httpx

from kiosk.core.errors import KioskError
from kiosk.sync.errors import PermanentSyncError, SyncError, TransientSyncError
from kiosk.sync.keys import DeviceIdentity
from kiosk.wire.httpsig import sign_request

log = logging.getLogger(__name__)

TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
AUTH_RETRY_S = 60.0


class DeviceSignatureAuth(httpx.Auth):
    """httpx auth that adds RFC 9421 signature headers made with the device key."""

    requires_request_body = True

    def __init__(self, identity: DeviceIdentity, clock: Callable[[], float] = time.time) -> None:
        self.identity = identity
        self.clock = clock
        self.offset = 0.0  # server time minus our time, learnt from a refused signature

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Sign ``request`` in place and send it."""
        headers = sign_request(
            self.identity.signing_key,
            self.identity.device_id,
            method=request.method,
            path=request.url.path,
            query=request.url.query.decode("ascii"),
            body=request.content,
            created=int(self.clock() + self.offset),
        )
        request.headers.update(headers)
        yield request


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    moment = time.time() if now is None else now
    return max(0.0, when.timestamp() - moment)


@dataclass(frozen=True)
class RecordResult:
    """The central service's verdict on one record of a batch."""

    id: str
    status: str  # stored | duplicate | rejected
    reason: str = ""


@dataclass(frozen=True)
class LeaseGrant:
    """A block of ticket numbers granted by the central service."""

    block: str
    service: str
    day: str
    first: int
    last: int


def tls_verify(ca_bundle: str, error: type[KioskError] = SyncError) -> ssl.SSLContext | bool:
    """httpx's ``verify`` for a central: the system's CAs, or ``ca_bundle``'s when named
    (one that cannot be read raises ``error``, a sentence naming the file)."""
    if not ca_bundle:
        return True
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError):
        raise error(f"the CA bundle {ca_bundle} cannot be read") from None


class CentralClient:
    """Talks to one central service; signs requests when given a device identity."""

    def __init__(
        self,
        base_url: str,
        identity: DeviceIdentity | None = None,
        ca_bundle: str = "",
        timeout: float = 15.0,
        transport: httpx.BaseTransport | None = None,
        interactive_url: str = "",
    ) -> None:
        for url in (base_url, interactive_url or base_url):
            if not url.startswith(("http://", "https://")):
                raise SyncError("the central service URL must start with https:// or http://")
        self.auth = DeviceSignatureAuth(identity) if identity is not None else None
        self._http = self._client(base_url, ca_bundle, timeout, transport)
        # short interactive calls (a ticket lease, a counter's call-next) go to the
        # central's interactive lane when it has an address of its own (docs/scale.md)
        self._lane = (self._client(interactive_url, ca_bundle, timeout, transport)
                      if interactive_url and interactive_url.rstrip("/") != base_url.rstrip("/")
                      else self._http)

    def _client(self, url: str, ca_bundle: str, timeout: float,
                transport: httpx.BaseTransport | None) -> httpx.Client:
        return httpx.Client(
            base_url=url.rstrip("/"),
            http2=transport is None,
            verify=tls_verify(ca_bundle),
            timeout=timeout,
            auth=self.auth,
            transport=transport,
            headers={"User-Agent": "kiosk-sync/1"},
        )

    def close(self) -> None:
        """Close the connection pools."""
        self._http.close()
        if self._lane is not self._http:
            self._lane.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, body: Any = None, lane: bool = False) -> Any:
        content = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"} if body is not None else {}
        http = self._lane if lane else self._http
        try:
            response = http.request(method, path, content=content, headers=headers)
        except httpx.TransportError as exc:
            raise TransientSyncError(
                f"the central service could not be reached ({type(exc).__name__})"
            ) from None
        if response.status_code in TRANSIENT_STATUS:
            raise TransientSyncError(
                f"the central service answered {response.status_code}",
                parse_retry_after(response.headers.get("Retry-After")),
                response.status_code,
            )
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code == 401 and self.auth is not None:
            self._signature_refused(response, data)
        if response.status_code >= 400:
            reason = data.get("error") if isinstance(data, dict) else None
            rejected: dict[str, str] = {}
            if isinstance(data, dict) and isinstance(data.get("rejected"), list):
                rejected = {
                    str(r.get("id")): str(r.get("reason", ""))
                    for r in data["rejected"] if isinstance(r, dict)
                }
            raise PermanentSyncError(
                f"the central service refused the request ({response.status_code}): "
                f"{reason or 'no reason given'}",
                response.status_code,
                rejected,
            )
        if data is None:
            raise TransientSyncError("the central service sent an answer that is not JSON")
        return data

    def _signature_refused(self, response: httpx.Response, data: Any) -> None:
        assert self.auth is not None
        reason = str(data.get("error", "")) if isinstance(data, dict) else ""
        server_time = None
        with contextlib.suppress(KeyError, TypeError, ValueError):
            server_time = email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp()
        if "too old" in reason and server_time is not None:
            offset = server_time - self.auth.clock()
            if abs(offset - self.auth.offset) > 2:
                self.auth.offset = offset
                log.warning("kiosk clock differs from the central service by %.0f s", offset)
                raise TransientSyncError("the kiosk clock was off; signing with the "
                                         "central service's time now", 0.0)
        raise TransientSyncError(
            f"the central service refused the device signature: {reason or 'no reason'}",
            AUTH_RETRY_S,
        )

    def probe(self) -> str:
        """Ask the service's health endpoint; return the HTTP version negotiated."""
        try:
            response = self._http.get("/v1/ping")
        except httpx.TransportError as exc:
            raise TransientSyncError(
                f"the central service could not be reached ({type(exc).__name__})"
            ) from None
        return response.http_version

    def enroll(self, code: str, public_key: str) -> dict[str, Any]:
        """Redeem a one-time enrollment code; return ``{"device_id", "center"}``."""
        data = self._call("POST", "/v1/enroll", {"code": code, "public_key": public_key})
        if not isinstance(data, dict) or not {"device_id", "center"} <= set(data):
            raise SyncError("the central service sent an unexpected enrollment answer")
        return data

    def push(self, records: list[dict[str, Any]]) -> list[RecordResult]:
        """Send a batch of records; return one result per record, in order."""
        data = self._call("POST", "/v1/records", {"records": records})
        try:
            results = [
                RecordResult(str(r["id"]), str(r["status"]), str(r.get("reason", "")))
                for r in data["results"]
            ]
        except (KeyError, TypeError):
            raise TransientSyncError("the central service sent an odd batch answer") from None
        if [r.id for r in results] != [r["id"] for r in records]:
            raise TransientSyncError("the central service answered for other records")
        return results

    def lease(self, service: str, size: int, day: str | None = None) -> LeaseGrant:
        """Lease a block of ``size`` ticket numbers for ``service`` on ``day`` (default today)."""
        body: dict[str, Any] = {"service": service, "size": size}
        if day is not None:
            body["day"] = day
        data = self._call("POST", "/v1/tickets/leases", body, lane=True)
        try:
            return LeaseGrant(str(data["block"]), str(data["service"]), str(data["day"]),
                              int(data["first"]), int(data["last"]))
        except (KeyError, TypeError, ValueError):
            raise TransientSyncError("the central service sent an unexpected lease") from None
