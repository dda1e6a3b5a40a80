"""API fuzzing with schemathesis against our own OpenAPI document: never a 5xx.

Every documented operation is exercised except the board's server-sent event stream,
which never ends by itself (a request would only stop at the client's timeout); its
first event is checked in tests/display. Signed operations are sent twice per case: with
the generated (fuzzed) signature headers, and signed for real by an enrolled device, so
their bodies reach the handlers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kiosk.central.openapi import openapi_document
from kiosk.sync.keys import DeviceIdentity
from kiosk.wire.httpsig import sign_request
from tests.support.central_servers import CentralProcess, enrolled_kiosk

# a central service process (uvicorn) on 127.0.0.1
pytestmark = [pytest.mark.integration, pytest.mark.slow]

STREAM = "/v1/centers/{center}/board/stream"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture(scope="module")
def device(server: CentralProcess, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[DeviceIdentity]:
    """An enrolled device whose key signs the fuzzed requests."""
    yield enrolled_kiosk(server, Path(tmp_path_factory.mktemp("fuzz-device")))


def test_published_document_is_the_served_one(server: CentralProcess) -> None:
    assert httpx.get(server.url + "/openapi.json").json() == openapi_document()


def test_every_route_is_documented(tmp_path: Path) -> None:
    from starlette.routing import Route

    from kiosk.central.app import create_app

    app = create_app(f"sqlite:///{tmp_path}/central.db")
    routes = {r.path for r in getattr(app, "routes", []) if isinstance(r, Route)}
    documented = set(openapi_document()["paths"]) | {"/openapi.json"}
    assert len(routes) > 15 and routes - documented == set()


def _signed_call(case: schemathesis.Case, server: CentralProcess, ident: DeviceIdentity
                 ) -> httpx.Response:
    body = b"" if case.body is None or not isinstance(case.body, dict | list | str | int
                                                      | float | bool) else json.dumps(
        case.body).encode()
    path = case.formatted_path
    headers = sign_request(ident.signing_key, ident.device_id, method=case.method.upper(),
                           path=path, query="", body=body)
    return httpx.request(case.method.upper(), server.url + path, content=body,
                         headers={**headers, "Content-Type": "application/json"}, timeout=10)


@schema.exclude(path=STREAM).parametrize()
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_answers_5xx(case: schemathesis.Case, server: CentralProcess,
                               device: DeviceIdentity) -> None:
    case.call_and_validate(base_url=server.url, checks=CHECKS, timeout=10)
    if any(p.get("name") == "Signature-Input" for p in
           case.operation.definition.raw.get("parameters", [])):
        case.validate_response(_signed_call(case, server, device), checks=CHECKS)
