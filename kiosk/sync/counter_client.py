"""The counter's requests to the central service, signed with the counter's device key.

:class:`CounterClient` is the sync client (:class:`~kiosk.sync.client.CentralClient`:
the same RFC 9421 signatures, TLS and clock-skew handling) with the counter's calls:

- ``POST /v1/staff/sign-in`` ``{"user", "pin", "counter"}`` → the staff account
  (401 wrong user or PIN, 403 not allowed at this center, 429 too many attempts);
- ``POST /v1/staff/sign-out`` ``{"session"}`` → ends the staff session opened here;
- ``POST /v1/counters/next`` ``{"counter", "services"}`` → the ticket claimed for this
  counter for 60 s, or none waiting;
- ``POST /v1/counters/lookup`` ``{"id_number"}`` → the citizen's submissions;
- ``GET /v1/centers/{center}/board`` → the call board (waiting counts per service);
- ``POST /v1/files`` ``{"request_id", "procedure", "submission", "session"}`` → the file
  accepted for a submission (its public tracking ``code``; the same request id again
  gives the same file), ``POST /v1/files/{id}/events`` → one event of its life.

Every call blocks: the app runs them on its task runner. Network trouble, 5xx, 408 and
a signature the service refuses become :class:`CentralUnreachableError` (try again
later); other refusals are typed. Nothing personal is logged.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from typing import Any

import httpx

from kiosk.core.desk.answers import CalledTicket, OpenedFile, StaffAccount
from kiosk.core.desk.errors import (
    CentralRefusedError,
    CentralUnreachableError,
    CitizenNotFoundError,
    DeviceRefusedError,
    SignInRefusedError,
)
from kiosk.core.desk.submissions import Submission, parse_submissions
from kiosk.sync.attachments import signature_valid
from kiosk.sync.client import CentralClient
from kiosk.sync.errors import TransientSyncError

log = logging.getLogger(__name__)

_UNREACHABLE = frozenset({408, 425, 500, 502, 503, 504})
_ID_NUMBER = re.compile(r"^\d{12}$")
# a 401 about the counter's device signature, not about the staff member's PIN
_DEVICE_REFUSED = re.compile(r"sign|digest|device", re.IGNORECASE)


class _ClockCorrectedError(TransientSyncError):
    """The signature was stale; the client now signs with the service's time."""


def _error_text(data: Any) -> str:
    return str(data.get("error", "")) if isinstance(data, dict) else ""


class CounterClient(CentralClient):
    """The central service's counter API over the device-signed HTTP client."""

    _session = ""  # the staff session the central opened at sign-in (sent with look-ups)

    def _counter_call(self, method: str, path: str, body: Any = None, lane: bool = False
                      ) -> tuple[int, Any]:
        """Send one signed request; return (status, JSON) for 2xx and 4xx answers.

        A signature refused as stale is sent again once, signed with the service's time.
        """
        for attempt in (1, 2):
            try:
                return self._answer(method, path, body, lane)
            except _ClockCorrectedError:
                if attempt == 2:
                    break
            except TransientSyncError:
                break
        raise CentralUnreachableError(
            "The central service cannot be reached now; try again in a moment.")

    def _answer(self, method: str, path: str, body: Any, lane: bool = False
                ) -> tuple[int, Any]:
        content = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"} if body is not None else {}
        http = self._lane if lane else self._http  # call-next: the interactive lane
        try:
            response = http.request(method, path, content=content, headers=headers)
        except httpx.TransportError as exc:
            log.info("central service unreachable", extra={"fields": {
                "path": path, "error": type(exc).__name__}})
            raise TransientSyncError("unreachable") from None
        if response.status_code in _UNREACHABLE:
            raise TransientSyncError(f"answered {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code == 401 and _DEVICE_REFUSED.search(_error_text(data)):
            # the device key, not the staff member: learn the clock skew, or say so
            try:
                self._signature_refused(response, data)
            except TransientSyncError as exc:
                if exc.retry_after == 0.0:
                    raise _ClockCorrectedError(str(exc)) from None
                raise DeviceRefusedError(
                    "The central service does not accept this counter's device signature; "
                    "a technician must check its enrollment.") from None
        if response.status_code < 400 and data is None:
            raise TransientSyncError("not JSON")
        return response.status_code, data

    def sign_in(self, user: str, pin: str, counter: str) -> StaffAccount:
        """Check a staff member's user name and PIN at ``counter``; return the account."""
        status, data = self._counter_call(
            "POST", "/v1/staff/sign-in", {"user": user, "pin": pin, "counter": counter})
        self._session = ""  # whoever was signed in here is no longer
        if status == 401:
            raise SignInRefusedError("The user name or PIN is wrong.", "wrong_pin")
        if status == 403:
            raise SignInRefusedError(
                "This staff account may not sign in at this counter.", "not_allowed")
        if status == 429:
            raise SignInRefusedError(
                "Too many sign-in attempts; wait a few minutes before trying again.", "locked")
        self._refused(status, data)
        try:
            services = tuple(str(s) for s in data["services"])
            # the central's session for this counter: every look-up shows it
            self._session = str(data.get("session") or "")
            return StaffAccount(str(data["user"]), str(data["name"]), services,
                                str(data.get("counter") or counter))
        except (KeyError, TypeError):
            raise CentralRefusedError(
                "The central service sent an unexpected sign-in answer.", status) from None

    def sign_out(self) -> bool:
        """End the staff session opened at this counter; True when the central ended one.

        The session is forgotten here first, so a later look-up never sends it again even
        when the central service cannot be reached (it then lapses there by itself).
        """
        session, self._session = self._session, ""
        if not session:
            return False
        status, data = self._counter_call("POST", "/v1/staff/sign-out", {"session": session})
        self._refused(status, data)
        return bool(isinstance(data, dict) and data.get("signed_out"))

    def call_next(self, counter: str, services: list[str]) -> CalledTicket | None:
        """Claim the longest-waiting ticket of ``services``; None when nobody waits."""
        status, data = self._counter_call(
            "POST", "/v1/counters/next", {"counter": counter, "services": services}, lane=True)
        self._refused(status, data)
        try:
            if not data["found"]:
                return None
            return CalledTicket(str(data["service"]), int(data["number"]), str(data["label"]),
                                int(data.get("waited_s") or 0))
        except (KeyError, TypeError, ValueError):
            raise CentralRefusedError(
                "The central service sent an unexpected call-next answer.", status) from None

    def lookup(self, id_number: str) -> list[Submission]:
        """The submissions the kiosks collected for the citizen with ``id_number``."""
        if not _ID_NUMBER.fullmatch(id_number):
            raise CitizenNotFoundError("An ID number has exactly 12 digits.")
        status, data = self._counter_call("POST", "/v1/counters/lookup",
                                          {"id_number": id_number, "session": self._session})
        if status == 401 and self._session:
            raise CentralRefusedError(
                "The staff session at this counter has ended; sign out and sign in again.",
                status)
        if status == 404:
            return []
        self._refused(status, data)
        return parse_submissions(data)

    def open_attachment(self, record_id: str, file: str) -> tuple[OpenedFile, bytes]:
        """A file the submission ``record_id`` attached, checked: (what to show, bytes).

        The central service joined the parts and checked their SHA-256; here the kiosk's
        detached signature is checked against its enrolled key (docs/attachments.md).
        """
        status, data = self._counter_call("POST", "/v1/counters/attachment", {
            "session": self._session, "submission": record_id, "file": file})
        self._refused(status, data)
        try:
            content = base64.b64decode(str(data["data"]), validate=True)
            signature = str(data.get("signature") or "")
            state = ("unsigned" if not signature else "verified" if signature_valid(
                content, signature, str(data.get("public_key") or "")) else "not_verified")
            return OpenedFile(file, str(data["name"]), state), content
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise CentralRefusedError("The central service sent an unexpected file.",
                                      status) from None

    def accept_file(self, procedure: str, submission: str) -> dict[str, Any]:
        """Accept the file of ``submission`` (once: the request id is derived from it)."""
        status, data = self._counter_call("POST", "/v1/files", {
            "request_id": f"submission:{submission}", "procedure": procedure,
            "submission": submission, "session": self._session})
        self._refused(status, data)
        if not isinstance(data, dict) or not isinstance(data.get("code"), str):
            raise CentralRefusedError("The central service sent an unexpected file.", status)
        return data

    def file_event(self, file_id: str, event_id: str, kind: str, reason: str | None = None,
                   days: int | None = None) -> dict[str, Any]:
        """Record one event of a file's life (the same ``event_id`` again changes nothing)."""
        body: dict[str, Any] = {"event_id": event_id, "kind": kind, "session": self._session}
        body.update({k: v for k, v in (("reason", reason), ("days", days)) if v is not None})
        status, data = self._counter_call("POST", f"/v1/files/{file_id}/events", body)
        self._refused(status, data)
        if not isinstance(data, dict):
            raise CentralRefusedError("The central service sent an unexpected event.", status)
        return data

    def board(self, center: str) -> dict[str, Any]:
        """The center's call board today (waiting counts per service)."""
        status, data = self._counter_call("GET", f"/v1/centers/{center}/board")
        self._refused(status, data)
        if not isinstance(data, dict):
            raise CentralRefusedError("The central service sent an unexpected board.", status)
        return data

    @staticmethod
    def _refused(status: int, data: Any) -> None:
        if status >= 400:
            raise CentralRefusedError(
                f"The central service refused the request ({status}): "
                f"{_error_text(data) or 'no reason given'}.", status)
