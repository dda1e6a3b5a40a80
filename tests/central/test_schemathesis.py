"""API fuzzing with schemathesis against our own OpenAPI document: never a 5xx.

Every documented operation is exercised except the board's server-sent event stream,
which never ends by itself (a request would only stop at the client's timeout); its
first event is checked in tests/display. Signed operations are sent twice per case: with
the generated (fuzzed) signature headers, and signed for real by an enrolled device, so
their bodies reach the handlers.

Stateful sequences follow the document's OpenAPI links across routes (enroll -> the
device's chain and health, records -> the submission, a lease -> the day's tickets and
queue): signed operations are signed for real, and every other enrolment carries a real
code and key, so the sequences reach past the refusals.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kiosk.central.enroll_limits import EnrollThrottle
from kiosk.central.openapi import openapi_document
from kiosk.central.storage import Database
from kiosk.sync.keys import DeviceIdentity
from kiosk.wire.httpsig import sign_request
from tests.support.central_servers import CentralProcess, enrolled_kiosk, issue_code

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


def _signed(case: schemathesis.Case) -> bool:
    return any(p.get("name") == "Signature-Input"
               for p in case.operation.definition.raw.get("parameters", []))


def _forget_enroll_tries(server: CentralProcess) -> None:
    db = Database(server.database_url, pool_size=1)
    try:
        EnrollThrottle(db).reset()  # the stateless run's wrong codes fill the limit
    finally:
        db.close()


def test_stateful_sequences_never_answer_5xx(server: CentralProcess, device: DeviceIdentity
                                             ) -> None:
    _forget_enroll_tries(server)
    machine = schema.as_state_machine()

    class Sequences(machine):  # type: ignore[misc, valid-type]
        def before_call(self, case: schemathesis.Case) -> None:
            if (case.operation.path == "/v1/enroll" and isinstance(case.body, dict)
                    and len(str(case.body.get("code"))) % 2):
                # a real code and key (chosen by the drawn data, so a replay repeats it):
                # the links to the enrolled device then lead somewhere
                case.body = {"code": issue_code(server.database_url),
                                 "public_key": base64.b64encode(bytes(range(32))).decode()}

        def call(self, case: schemathesis.Case, **kwargs: object) -> schemathesis.Response:
            if _signed(case):
                return schemathesis.Response.from_any(_signed_call(case, server, device))
            return case.call(base_url=server.url, timeout=10)

        def validate_response(self, response: schemathesis.Response, case: schemathesis.Case,
                              additional_checks: object = None, **kwargs: object) -> None:
            case.validate_response(response, checks=CHECKS)

    try:
        Sequences.run(settings=settings(
            max_examples=25, stateful_step_count=6, deadline=None, database=None,
            phases=[Phase.generate],  # a live server's state does not replay for shrinking
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    finally:
        _forget_enroll_tries(server)
