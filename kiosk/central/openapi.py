"""The central service's published OpenAPI 3.0 document (served at ``/openapi.json``).

The sync core (enrollment, records, leases, look-ups by id) is here; the floor
endpoints (board, stream, voice, statistics, call next, staff sign-in, citizen look-up,
health) come from :mod:`kiosk.central.openapi_floor`.
"""

from __future__ import annotations

from typing import Any

from kiosk.central.roles import ROLES
from kiosk.wire.protocol import MAX_BATCH, QUEUE_EVENTS, RecordKind

_ERROR = {"$ref": "#/components/schemas/Error"}
_DEVICE_READ = ("Signed by the device itself, or by a counter or technician device of its "
                "center (403 otherwise).")
_SIGNED_HEADERS = [
    {"name": name, "in": "header", "required": True, "schema": {"type": "string"},
     "description": text}
    for name, text in (
        ("Signature-Input", 'RFC 9421: kiosk=("@method" "@path" "@query" "content-digest");'
                            'created=…;keyid="<device id>";alg="ed25519";nonce="…"'),
        ("Signature", "RFC 9421: kiosk=:<base64 Ed25519 signature>:"),
        ("Content-Digest", "RFC 9530: sha-256=:<base64>:"),
    )
]


def _errors(*codes: int) -> dict[str, Any]:
    text = {400: "Malformed request", 401: "Missing, bad, stale or replayed signature",
            403: "Forbidden", 404: "Not found",
            409: "Conflicting replay, or numbers used up; nothing stored",
            413: "Body too large", 422: "Invalid records; nothing stored",
            429: "Too many attempts; retry after Retry-After",
            503: "Database unavailable; retry after Retry-After"}
    return {str(c): {"description": text[c],
                     "content": {"application/json": {"schema": _ERROR}}} for c in codes}


def _ok(schema: dict[str, Any], code: int = 200, text: str = "OK") -> dict[str, Any]:
    return {str(code): {"description": text, "content": {"application/json": {"schema": schema}}}}


def _path_param(name: str, pattern: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "string", "pattern": pattern}}


_RECORD = {
    "type": "object",
    "required": ["id", "device", "seq", "kind", "created_at", "payload", "prev", "hash", "sig"],
    "properties": {
        "id": {"type": "string", "description": "UUIDv7; also the idempotency key"},
        "device": {"type": "string"},
        "seq": {"type": "integer", "minimum": 1},
        "kind": {"type": "string", "enum": [str(k) for k in RecordKind]},
        "visit": {"type": "string", "nullable": True},
        "created_at": {"type": "string", "description": "UTC, e.g. 2026-01-31T08:00:00.000000Z"},
        "payload": {"type": "object"},
        "prev": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "sig": {"type": "string"},
    },
}


# OpenAPI links (what one answer lets a client ask next): schemathesis follows them to
# test sequences across routes. (path, method, status) -> {name: (operationId, params)}
_LINKS: dict[tuple[str, str, str], dict[str, tuple[str, dict[str, str]]]] = {
    ("/v1/enroll", "post", "201"): {
        "EnrolledDeviceChain": ("chainReport", {"device_id": "$response.body#/device_id"}),
        "EnrolledDeviceHealth": ("deviceHealth", {"device_id": "$response.body#/device_id"}),
    },
    ("/v1/records", "post", "200"): {
        "StoredSubmission": ("submissionStatus",
                             {"record_id": "$response.body#/results/0/id"}),
    },
    ("/v1/tickets/leases", "post", "201"): {
        "LeasedDayTickets": ("ticketReconciliation", {"day": "$response.body#/day"}),
        "LeasedDayQueue": ("queueState", {"day": "$response.body#/day"}),
    },
}


def _with_links(paths: dict[str, Any]) -> dict[str, Any]:
    for (path, method, status), links in _LINKS.items():
        paths[path][method]["responses"][status]["links"] = {
            name: {"operationId": operation, "parameters": params}
            for name, (operation, params) in links.items()}
    return paths


def openapi_document() -> dict[str, Any]:
    """Build the OpenAPI document."""
    from kiosk.central.openapi_files import files_paths
    from kiosk.central.openapi_floor import floor_paths

    day = _path_param("day", r"^\d{4}-\d{2}-\d{2}$")
    center = _path_param("center", "^[A-Za-z0-9._-]{1,64}$")
    device = _path_param("device_id", "^[A-Za-z0-9._-]{1,64}$")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kiosk central service",
            "version": "1.0.0",
            "description": (
                "Intake and numbering for the Public Administration Service Center kiosks. "
                f"Queue events: {', '.join(sorted(QUEUE_EVENTS))}."
            ),
        },
        "paths": _with_links({
            "/v1/ping": {"get": {"operationId": "ping", "responses": _ok({"type": "object"})}},
            "/v1/enroll": {"post": {
                "operationId": "enroll",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["code", "public_key"],
                    "properties": {"code": {"type": "string"},
                                   "public_key": {"type": "string",
                                                  "description": "raw Ed25519, base64"}},
                }}}},
                "responses": {**_ok({"type": "object", "properties": {
                    "device_id": {"type": "string"}, "center": {"type": "string"},
                    "role": {"type": "string", "enum": list(ROLES)}}},
                    201, "Enrolled"), **_errors(400, 403, 413, 429, 503)},
            }},
            "/v1/records": {"post": {
                "operationId": "pushRecords",
                "parameters": _SIGNED_HEADERS,
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["records"],
                    "properties": {"records": {"type": "array", "minItems": 1,
                                               "maxItems": MAX_BATCH, "items": _RECORD}},
                }}}},
                "responses": {**_ok({"type": "object", "properties": {"results": {
                    "type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "string"},
                        "status": {"type": "string", "enum": ["stored", "duplicate"]}}}}}}),
                    **_errors(400, 401, 403, 409, 413, 422, 503)},
            }},
            "/v1/tickets/leases": {"post": {
                "operationId": "leaseTickets",
                "parameters": _SIGNED_HEADERS,
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["service", "size"],
                    "properties": {"service": {"type": "string", "pattern": "^[A-Z0-9]{1,8}$"},
                                   "size": {"type": "integer", "minimum": 1, "maximum": 500},
                                   "day": {"type": "string", "format": "date",
                                           "description": "today (default) to 7 days ahead"}},
                }}}},
                "responses": {**_ok({"type": "object", "properties": {
                    "block": {"type": "string"}, "service": {"type": "string"},
                    "day": {"type": "string"}, "first": {"type": "integer"},
                    "last": {"type": "integer"}}}, 201, "Leased"),
                    **_errors(400, 401, 403, 409, 413, 503)},
            }},
            "/v1/submissions/{record_id}": {"get": {
                "operationId": "submissionStatus",
                "parameters": [_path_param("record_id", "^[A-Za-z0-9._-]{1,64}$")],
                "responses": {**_ok({"type": "object", "properties": {
                    "id": {"type": "string"}, "procedure": {"type": "string"},
                    "status": {"type": "string"}, "received_at": {"type": "string"}}}),
                    **_errors(400, 404, 503)},
            }},
            "/v1/devices/{device_id}/chain": {"get": {
                "operationId": "chainReport", "parameters": [device, *_SIGNED_HEADERS],
                "description": _DEVICE_READ,
                "responses": {**_ok({"type": "object", "properties": {
                    "head_seq": {"type": "integer"}, "max_seq": {"type": "integer"},
                    "missing": {"type": "array", "items": {"type": "integer"},
                                "description": "the first 1000 missing seqs"},
                    "missing_count": {"type": "integer"},
                    "flags": {"type": "array", "items": {"type": "object"}},
                    "intact": {"type": "boolean"}}}), **_errors(400, 401, 403, 404, 503)},
            }},
            "/v1/devices/{device_id}/health": {"get": {
                "operationId": "deviceHealth", "parameters": [device, *_SIGNED_HEADERS],
                "description": _DEVICE_READ,
                "responses": {**_ok({"type": "object"}), **_errors(400, 401, 403, 404, 503)},
            }},
            "/v1/centers/{center}/tickets/{day}": {"get": {
                "operationId": "ticketReconciliation", "parameters": [center, day],
                "responses": {**_ok({"type": "object", "properties": {
                    "leased": {"type": "integer"}, "issued": {"type": "integer"},
                    "problems": {"type": "array", "items": {"type": "object"}}}}),
                    **_errors(400, 503)},
            }},
            "/v1/centers/{center}/queue/{day}": {"get": {
                "operationId": "queueState", "parameters": [center, day],
                "responses": {**_ok({"type": "object"}), **_errors(400, 503)},
            }},
            **floor_paths(_SIGNED_HEADERS),
            **files_paths(_SIGNED_HEADERS),
        }),
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {"type": "string"},
                           "rejected": {"type": "array", "items": {"type": "object"}}},
        }}},
    }
