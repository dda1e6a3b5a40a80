"""API fuzzing with schemathesis against our own OpenAPI document: never a 5xx."""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kiosk.central.openapi import openapi_document
from tests.sync.servers import CentralProcess

schema = schemathesis.openapi.from_dict(openapi_document())


def test_published_document_is_the_served_one(server: CentralProcess) -> None:
    assert httpx.get(server.url + "/openapi.json").json() == openapi_document()


@schema.parametrize()
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_answers_5xx(case: schemathesis.Case, server: CentralProcess) -> None:
    case.call_and_validate(
        base_url=server.url,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                response_schema_conformance],
        timeout=10,
    )
