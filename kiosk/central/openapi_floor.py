"""OpenAPI paths of the service-center floor: display, voice, statistics, counters, staff.

Merged into the document of :mod:`kiosk.central.openapi`: the lobby board (JSON, its
server-sent event stream and the HTML pages), the spoken calls, the day's statistics,
"call next", staff sign-in, the citizen look-up and the service's own health probe.
"""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}
_TEXT = {400: "Malformed request", 401: "Missing, bad, stale or replayed signature",
         403: "Forbidden", 404: "Not found", 413: "Body too large",
         429: "Too many attempts; wait", 503: "Unavailable; retry after Retry-After"}
_STR = {"type": "string"}
_INT = {"type": "integer"}
_NUM_OR_NULL = {"type": "number", "nullable": True}
_CENTER = {"name": "center", "in": "path", "required": True,
           "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"}}
_DAY_QUERY = {"name": "day", "in": "query", "required": False,
              "description": "YYYY-MM-DD (default: today in Vietnam)",
              "schema": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}}


def _errors(*codes: int, text: dict[int, str] | None = None) -> dict[str, Any]:
    words = {**_TEXT, **(text or {})}
    return {str(c): {"description": words[c],
                     "content": {"application/json": {"schema": _ERROR}}} for c in codes}


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _html(operation: str) -> dict[str, Any]:
    return {"get": {"operationId": operation, "parameters": [_CENTER, _DAY_QUERY],
                    "responses": {"200": {"description": "The page", "content": {
                        "text/html": {"schema": {"type": "string"}}}}, **_errors(400)}}}


_BOARD = _object(
    ["center", "day", "version", "generated_at", "now_serving", "recent_calls", "services"],
    {"center": _STR, "day": _STR, "version": _STR, "generated_at": _STR,
     "now_serving": {"type": "array", "items": _object(
         ["counter", "label", "service", "number", "called_at", "calls"],
         {"counter": _STR, "label": _STR, "service": _STR, "number": _INT,
          "called_at": _STR, "call_id": _STR, "calls": _INT})},
     "recent_calls": {"type": "array", "items": _object(
         ["label", "counter", "service", "at", "recall"],
         {"id": _STR, "label": _STR, "counter": _STR, "service": _STR, "at": _STR,
          "recall": {"type": "boolean"}})},
     "services": {"type": "array", "items": _object(
         ["service", "waiting", "next"],
         {"service": _STR, "name_vi": _STR, "name_en": _STR, "waiting": _INT,
          "next": {"type": "array", "items": _STR}, "longest_wait_min": {"type": "number"},
          "avg_wait_min": _NUM_OR_NULL, "served": _INT})},
     "serving_counters": {
         "type": "object", "additionalProperties": {"type": "array", "items": _STR},
         "description": "queue service → the counters serving it: called from its queue "
                        "today, or a staff member handling it signed in there now"}})

_FIGURES = {"called": _INT, "served": _INT, "no_shows": _INT, "ratings": _INT,
            "avg_wait_min": _NUM_OR_NULL, "p90_wait_min": _NUM_OR_NULL,
            "avg_rating": _NUM_OR_NULL}
_STATS = _object(
    ["center", "day", "services", "counters", "ratings"],
    {"center": _STR, "day": _STR, "version": _STR, "generated_at": _STR,
     "devices_out_of_service": _INT,
     "services": {"type": "array", "items": _object(["service"], {
         "service": _STR, "name_vi": _STR, "name_en": _STR, "issued": _INT, "waiting": _INT,
         "transferred_out": _INT, "submissions": _INT, **_FIGURES})},
     "counters": {"type": "array", "items": _object(["counter"], {
         "counter": _STR, "avg_handling_min": _NUM_OR_NULL, **_FIGURES})},
     "ratings": _object(["count"], {"count": _INT, "average": _NUM_OR_NULL,
                                    "by_score": {"type": "object"},
                                    "without_ticket": _INT})})

_DEVICES = _object(["chain_gaps", "failing_devices", "devices"], {
    "chain_gaps": {"type": "array", "items": {"type": "object"}},
    "failing_devices": {"type": "array", "items": {"type": "object"}},
    "devices": {"type": "array", "items": _STR}})

_CALL_NEXT = _object(["found", "center", "day", "counter"], {
    "found": {"type": "boolean"}, "center": _STR, "day": _STR, "counter": _STR,
    "service": _STR, "number": _INT, "label": _STR, "waited_s": _INT})

_SIGN_IN = _object(["user", "name", "services", "counter", "session", "session_s"], {
    "user": _STR, "name": _STR, "services": {"type": "array", "items": _STR},
    "counter": _STR, "session": _STR, "session_s": _INT})

_SUBMISSION = _object(
    ["record_id", "created_at", "procedure", "citizen", "form", "sources", "authenticity",
     "identity_source", "ticket"],
    {"record_id": _STR, "created_at": _STR, "procedure": _STR,
     "citizen": {"type": "object", "description": "as the kiosk sent it (id_number, "
                                                  "full_name, identified_by)"},
     "form": {"type": "object"},
     "sources": {"type": "object", "description": "form field → where its value came from"},
     "authenticity": {"nullable": True,
                      "description": "as the kiosk sent it (any JSON); null when it sends none"},
     "identity_source": {"type": "string", "nullable": True},
     "file_code": {"type": "string", "nullable": True,
                   "description": "the short code the citizen was shown (K7QM-3FXA)"},
     "addresses": {"type": "object", "description": (
         "form field → the address in today's units: on_card (as read), status, street, "
         "ward {name, code}, province {name, code}, text (docs/addresses.md)")},
     "competent_unit": {"type": "object", "nullable": True, "description": (
         "the unit that decides (level, name, code, province), from today's address")},
     "ticket": {"type": "object", "nullable": True, "required": ["service", "number", "label"],
                "properties": {"service": _STR, "number": _INT, "label": _STR}},
     "attachments": {"type": "array", "items": _object(
         ["file", "name", "media", "size", "sha256", "parts", "complete"],
         {"file": _STR, "name": _STR, "media": _STR, "size": _INT, "sha256": _STR,
          "parts": _INT, "complete": {"type": "boolean"}})}})

_ATTACHED = _object(
    ["file", "name", "media", "size", "sha256", "data", "signature", "device_id",
     "public_key"],
    {"file": _STR, "name": _STR, "media": _STR, "size": _INT, "sha256": _STR,
     "data": {"type": "string", "description": "the file, base64"},
     "signature": {"type": "string", "description": (
         "base64 Ed25519 signature of the file by the kiosk (the card data sheet); "
         "empty when unsigned")},
     "device_id": _STR, "public_key": {"type": "string", "description": "the kiosk's key"}})


_POSITION = _object(
    ["center", "day", "service", "number", "label", "ahead", "wait_minutes", "basis",
     "waiting", "counters", "serving_counters", "version"],
    {"center": _STR, "day": _STR, "service": _STR, "number": _INT, "label": _STR,
     "ahead": _INT, "wait_minutes": _INT,
     "basis": {"type": "string", "enum": ["history", "default"]}, "waiting": _INT,
     "counters": {"type": "array", "items": _STR},
     "serving_counters": {"type": "object", "additionalProperties": {
         "type": "array", "items": _STR}}, "version": _STR})


def floor_paths(signed_headers: list[dict[str, Any]]) -> dict[str, Any]:
    """The paths of the floor endpoints (``signed_headers``: the RFC 9421 headers)."""
    return {
        "/v1/health": {"get": {
            "operationId": "serviceHealth",
            "description": "Readiness: 200 when the database answers.",
            "responses": {**_ok(_object(["ok", "database"], {
                "ok": {"type": "boolean"}, "database": _STR})),
                **_errors(503)}}},
        "/display/{center}": _html("displayPage"),
        "/stats/{center}": _html("statsPage"),
        "/v1/centers/{center}/board": {"get": {
            "operationId": "callBoard", "parameters": [_CENTER, _DAY_QUERY],
            "responses": {**_ok(_BOARD), **_errors(400, 503)}}},
        "/v1/centers/{center}/position": {"get": {
            "operationId": "ticketPosition",
            "parameters": [_CENTER, _DAY_QUERY,
                           {"name": "service", "in": "query", "required": True,
                            "schema": {"type": "string", "pattern": "^[A-Z0-9]{1,8}$"}},
                           {"name": "number", "in": "query", "required": True,
                            "schema": {"type": "string", "pattern": "^[0-9]{1,6}$"}}],
            "description": "Where a ticket stands: people ahead, the estimated wait, its "
                           "basis and the counters serving the service (the kiosk asks it "
                           "as the ticket prints; an interactive call, docs/scale.md).",
            "responses": {**_ok(_POSITION), **_errors(400, 503)}}},
        "/v1/centers/{center}/board/stream": {"get": {
            "operationId": "callBoardStream", "parameters": [_CENTER, _DAY_QUERY],
            "description": "Server-sent events: `board` (data: the board JSON) at once, on "
                           "every change and every 15 s; `trouble` while the database is "
                           "away. Never ends by itself.",
            "responses": {"200": {"description": "Event stream", "content": {
                "text/event-stream": {"schema": {"type": "string"}}}}, **_errors(400)}}},
        "/v1/voice/{label}/{counter}.wav": {"get": {
            "operationId": "spokenCall",
            "parameters": [
                {"name": "label", "in": "path", "required": True,
                 "schema": {"type": "string", "pattern": "^[A-Z]{1,8}[0-9]{1,6}$"}},
                {"name": "counter", "in": "path", "required": True,
                 "schema": {"type": "string", "pattern": "^[A-Za-z0-9]{1,8}$"}}],
            "responses": {"200": {"description": "Vietnamese then English, WAV", "content": {
                "audio/wav": {"schema": {"type": "string", "format": "binary"}}}},
                **_errors(400, 429, 503, text={
                    429: "Too many new announcements; retry after Retry-After",
                    503: "espeak-ng is missing or failed"})}}},
        "/v1/centers/{center}/stats": {"get": {
            "operationId": "dayStatistics", "parameters": [_CENTER, _DAY_QUERY],
            "responses": {**_ok(_STATS), **_errors(400, 503)}}},
        "/v1/counters/next": {"post": {
            "operationId": "callNext", "parameters": signed_headers,
            "requestBody": _body(_object(["counter", "services"], {
                "counter": {"type": "string", "pattern": "^[A-Za-z0-9]{1,8}$"},
                "services": {"type": "array", "minItems": 1, "maxItems": 16,
                             "items": {"type": "string", "pattern": "^[A-Z0-9]{1,8}$"}}})),
            "description": "Signed by a counter device, for the counter its signed-in staff "
                           "member opened the session at (403 otherwise).",
            "responses": {**_ok(_CALL_NEXT), **_errors(400, 401, 403, 413, 503)}}},
        "/v1/staff/sign-in": {"post": {
            "operationId": "staffSignIn", "parameters": signed_headers,
            "description": "Signed by a counter device. 401 for an unknown user, a wrong "
                           "PIN or an account of another center alike; 429 after 5 attempts "
                           "in 5 minutes at this device (20 across the center); 403 for a "
                           "disabled account or a device that is not a counter.",
            "requestBody": _body(_object(["user", "pin", "counter"], {
                "user": {"type": "string", "maxLength": 64},
                "pin": {"type": "string", "maxLength": 64},
                "counter": {"type": "string", "pattern": "^[A-Za-z0-9]{1,8}$"}})),
            "responses": {**_ok(_SIGN_IN), **_errors(
                400, 401, 403, 413, 429, 503,
                text={401: "Bad signature, or wrong user name or PIN",
                      403: "Account disabled, or not a counter device"})}}},
        "/v1/staff/sign-out": {"post": {
            "operationId": "staffSignOut", "parameters": signed_headers,
            "description": "Signed by the counter device that opened the session: ends it.",
            "requestBody": _body(_object(["session"], {
                "session": {"type": "string", "minLength": 1, "maxLength": 128}})),
            "responses": {**_ok(_object(["signed_out"], {"signed_out": {"type": "boolean"}})),
                          **_errors(400, 401, 403, 413, 503)}}},
        "/v1/centers/{center}/devices": {"get": {
            "operationId": "centerDevices", "parameters": [_CENTER, *signed_headers],
            "description": "Signed by a counter or technician device of this center: its "
                           "devices, those with a chain gap and those failing a check.",
            "responses": {**_ok(_DEVICES), **_errors(400, 401, 403, 503)}}},
        "/v1/counters/lookup": {"post": {
            "operationId": "citizenLookup", "parameters": signed_headers,
            "description": "Signed by a counter's device with a staff member signed in "
                           "there (`session` from the sign-in): the submissions of the last "
                           "30 days at the device's center for this ID number, newest "
                           "first. 401 without a live session of this device. Every "
                           "look-up is audited (who, counter, blind index, when).",
            "requestBody": _body(_object(["id_number", "session"], {
                "id_number": {"type": "string", "pattern": r"^\d{12}$"},
                "session": {"type": "string", "maxLength": 128}})),
            "responses": {**_ok(_object(["submissions"], {
                "submissions": {"type": "array", "items": _SUBMISSION}})),
                **_errors(400, 401, 403, 413, 503)}}},
        "/v1/counters/attachment": {"post": {
            "operationId": "openAttachment", "parameters": signed_headers,
            "description": "Signed by a counter's device with a staff member signed in: one "
                           "file a submission of that center attached, joined from its parts "
                           "and checked against its SHA-256 (409 while parts are missing or "
                           "when they do not add up; docs/attachments.md).",
            "requestBody": _body(_object(["session", "submission", "file"], {
                "session": {"type": "string", "maxLength": 128},
                "submission": {"type": "string", "maxLength": 100},
                "file": {"type": "string", "maxLength": 100}})),
            "responses": {**_ok(_ATTACHED), **_errors(400, 401, 403, 404, 409, 413, 503, text={
                409: "The file's parts have not all arrived, or do not add up"})}}},
    }
