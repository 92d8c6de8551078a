"""Fuzzing of the whole API schema with schemathesis: every operation of /api/v1/openapi.json
gets inputs generated from its schema (valid ones, valid ones naming the world's ids, and
invalid ones), sent to the project's WSGI application over a small published world. No
answer may be a server error, and every answer must be one the schema documents: its
status, content type, headers and body.

Deterministic (`derandomize`) and bounded (`EXAMPLES` per operation and mode) to stay under a
minute in CI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .api_world import world_build

EXAMPLES = 10
# Ids of the world, so that valid inputs also reach answers with figures, not only 404s.
KNOWN = {
    "territory_id": "departement:32",
    "month": "2025-12",
    "network": "instagram",
    "category": "departement",
    "methodology_id": "v1",
}
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
def test_every_operation_answers_as_documented_whatever_it_is_sent(settings_override, wsgi):
    world_build()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = _operations(schema)
    assert len(operations) >= 15  # the whole schema, not a part of it
    for operation in operations:
        _fuzz(operation, GenerationMode.POSITIVE, CHECKS)
        parameters = operation.definition.raw.get("parameters", [])
        names = {p["name"] for p in parameters}
        if known := {name: value for name, value in KNOWN.items() if name in names}:
            _fuzz(operation, GenerationMode.POSITIVE, CHECKS, path_parameters=known)
        if any(p["in"] != "header" for p in parameters):  # any header is valid: no invalid input
            _fuzz(operation, GenerationMode.NEGATIVE, [*CHECKS, negative_data_rejection])


def _fuzz(operation, mode, checks, **fixed) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call()
        case.validate_response(response, checks=checks)

    run()


@pytest.fixture
def wsgi():
    """Requests through the real WSGI handler keep the test's database connection, as
    Django's test client does: closing it would end the test's transaction (PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def settings_override(settings):
    settings.API_THROTTLE_RATE = "1000000/min"  # the fuzzer's requests all come from one address
    return settings
