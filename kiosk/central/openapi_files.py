"""OpenAPI paths of the file's life (issue 18): counter calls, public status, dashboard.

Merged into the document of :mod:`kiosk.central.openapi`; the routes are in
``kiosk.central.files_api`` and ``kiosk.central.dashboard``.
"""

from __future__ import annotations

from typing import Any

from kiosk.central.file_rules import KINDS

_ERROR = {"$ref": "#/components/schemas/Error"}
_TEXT = {400: "Malformed request", 401: "Missing, bad, stale or replayed signature, or no "
         "staff session", 403: "Forbidden", 404: "Not found", 409: "Id used for another event",
         413: "Body too large", 422: "The event cannot follow the file's history",
         429: "Too many look-ups from this address; retry after Retry-After",
         503: "Unavailable; retry after Retry-After"}
_STR = {"type": "string"}
_NULL_STR = {"type": "string", "nullable": True}
_KEY = {"type": "string", "pattern": "^[A-Za-z0-9._:-]{8,80}$"}
_FILE_ID = {"name": "file_id", "in": "path", "required": True, "schema": _STR}
_CODE = {"name": "code", "in": "path", "required": True, "schema": _STR,
         "description": "the receipt's tracking code (26 base32 characters; dashes and "
                        "spaces ignored)"}
_CENTER = {"name": "center", "in": "path", "required": True,
           "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"}}
_REPORT_QUERY = [
    {"name": "as_of", "in": "query", "required": False, "description": "YYYY-MM-DD",
     "schema": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}},
    {"name": "days", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 366}}]
_EVENT = {"type": "object", "required": ["n", "event_id", "kind", "step", "at", "day", "due"],
          "properties": {"n": {"type": "integer"}, "event_id": _STR, "kind": _STR,
                         "step": _STR, "at": _STR, "day": _STR, "actor": _STR, "place": _STR,
                         "source": _STR, "reason": _NULL_STR, "due": _STR,
                         "paused_on": _NULL_STR, "decided_on": _NULL_STR}}
_FILE = {"type": "object", "required": ["file_id", "code", "center", "procedure", "step", "due",
                                        "events"],
         "properties": {"file_id": _STR, "code": _STR, "center": _STR, "procedure": _STR,
                        "unit": _STR, "working_days": {"type": "integer"},
                        "submission": _NULL_STR, "step": _STR, "due": _STR,
                        "events": {"type": "array", "items": _EVENT}}}
_STATUS = {"type": "object", "required": ["code", "procedure", "step", "due", "standing"],
           "properties": {"code": _STR, "procedure": _STR, "procedure_name": {"type": "object"},
                          "unit": _STR, "step": _STR, "due": _STR, "standing": _STR,
                          "history": {"type": "array", "items": {"type": "object"}}}}

_HOLDER = {"type": "object", "required": ["files"], "properties": {"files": {
    "type": "array", "items": {"type": "object", "required": [
        "procedure", "step", "due", "standing", "received"], "properties": {
        "file_code": _NULL_STR, "procedure": _STR, "procedure_name": {"type": "object"},
        "step": _STR, "due": _STR, "standing": _STR, "received": _STR}}}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): {"description": _TEXT[c],
                     "content": {"application/json": {"schema": _ERROR}}} for c in codes}


def _json(status: int, schema: dict[str, Any]) -> dict[str, Any]:
    return {str(status): {"description": "OK",
                          "content": {"application/json": {"schema": schema}}}}


def _html(operation: str, parameters: list[dict[str, Any]], *codes: int) -> dict[str, Any]:
    page = {"content": {"text/html": {"schema": {"type": "string"}}}}
    answers = {"200": {"description": "The page", **page}}
    answers.update({str(c): {"description": _TEXT[c], **page} for c in codes if c in (404, 429)})
    answers.update(_errors(*[c for c in codes if c not in (404, 429)]))
    return {"get": {"operationId": operation, "parameters": parameters, "responses": answers}}


def files_paths(signed_headers: list[dict[str, Any]]) -> dict[str, Any]:
    """The paths of the file routes (``signed_headers``: the RFC 9421 headers)."""
    signed_errors = _errors(400, 401, 403, 413, 503)
    return {
        "/v1/files": {"post": {
            "operationId": "acceptFile", "parameters": signed_headers,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["request_id", "procedure", "session"],
                "properties": {"request_id": _KEY, "procedure": _STR, "session": _STR,
                               "submission": _STR}}}}},
            "responses": {**_json(201, _FILE), **signed_errors}}},
        "/v1/files/{file_id}/events": {"post": {
            "operationId": "fileEvent", "parameters": [_FILE_ID, *signed_headers],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["event_id", "kind", "session"],
                "properties": {"event_id": _KEY, "kind": {"type": "string", "enum": list(KINDS)},
                               "session": _STR, "reason": _STR,
                               "days": {"type": "integer"}}}}}},
            "responses": {**_json(201, _EVENT), **signed_errors, **_errors(404, 409, 422)}}},
        "/v1/files/{file_id}": {"get": {
            "operationId": "readFile", "parameters": [_FILE_ID, *signed_headers],
            "responses": {**_json(200, _FILE), **signed_errors, **_errors(404)}}},
        "/f/{code}": _html("fileStatusPage", [_CODE], 404, 429),
        "/v1/public/files/{code}": {"get": {
            "operationId": "fileStatus", "parameters": [_CODE],
            "responses": {**_json(200, _STATUS), **_errors(404, 429)}}},
        "/v1/kiosk/files": {"post": {
            "operationId": "holderFiles", "parameters": signed_headers,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["id_number"],
                "properties": {"id_number": {"type": "string", "pattern": r"^\d{12}$"}}}}}},
            "responses": {**_json(200, _HOLDER), **signed_errors, **_errors(429)}}},
        "/dashboard": _html("cityDashboard", _REPORT_QUERY, 400, 503),
        "/dashboard/{center}": _html("centerDashboard", [_CENTER, *_REPORT_QUERY], 400, 503),
        "/v1/report": {"get": {
            "operationId": "cityReport", "parameters": _REPORT_QUERY,
            "responses": {**_json(200, {"type": "object"}), **_errors(400, 503)}}},
        "/v1/centers/{center}/report": {"get": {
            "operationId": "centerReport", "parameters": [_CENTER, *_REPORT_QUERY],
            "responses": {**_json(200, {"type": "object"}), **_errors(400, 503)}}},
    }
