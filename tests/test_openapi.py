"""The OpenAPI document is accurate. Schemathesis takes /openapi.json and sends each operation in it
generated requests, valid and invalid, with an administrator's token of every scope, to the app
served for real (tests/live_api.py). No answer may be a server error, and every answer must be
declared: its status, its content type, its headers and its body's schema.

Generated values are often swapped for known ones, found by the parameter's name: identifiers of
the seeded groups, people, meetings, introductions and so on, and values the document cannot
describe (time zones, slugs), so that requests get past the 404s and 422s to the rules behind.
Operations added later are tested without a change here.

20 requests per operation: about 40 seconds for 70 operations on two cores, on either database.
"""

from __future__ import annotations

import os
import uuid
import zlib
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from tests.live_api import LiveApi, live_api  # noqa: F401  (the fixture)

# Generated requests per operation: about two thirds valid, one third invalid (missing or
# malformed parameters, bodies that break the schema, no token). The same seed makes the same
# requests, so a run is repeatable; OPENAPI_SEED=n explores others (and OPENAPI_EXAMPLES=n more of them).
EXAMPLES = int(os.environ.get("OPENAPI_EXAMPLES", "20"))
SEED = int(os.environ.get("OPENAPI_SEED", "0"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# The document the app serves at /openapi.json (the first test checks that the live server serves
# exactly this), read when the tests are collected: pytest needs the operations before fixtures run.
DOCUMENT = create_app().openapi()
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
OPERATIONS = list(SCHEMA.get_all_operations())


def test_the_live_server_serves_this_document(live_api: LiveApi) -> None:  # noqa: F811
    response = httpx.get(f"{live_api.url}/openapi.json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT
    unreadable = [result.err() for result in OPERATIONS if not isinstance(result, Ok)]
    assert not unreadable, unreadable


def test_every_operation_declares_the_problems_it_may_answer_with() -> None:
    assert "HTTPValidationError" not in DOCUMENT["components"]["schemas"]
    for result in OPERATIONS:
        operation = result.ok()
        responses = operation.definition.raw["responses"]
        assert {"401", "403", "422", "429"} <= set(responses), operation.label
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (operation.label, status)
                assert response["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }, (operation.label, status)


def _known_value(generated: Any, choices: list[Any]) -> Any:
    """A known value in place of the generated one most of the time, the generated one otherwise
    (an unknown identifier must get a documented 404 too). Chosen by the generated value, so that
    Hypothesis replays and shrinks a failure with the same choice. A value of another type, or an
    identifier that is not a UUID, stays: it is invalid on purpose and must get a documented 422."""
    if not isinstance(generated, type(choices[0])):
        return generated
    if isinstance(choices[0], str) and _is_uuid(choices[0]) and not _is_uuid(generated):
        return generated
    index = zlib.crc32(repr(generated).encode()) % (len(choices) + 1)
    return choices[index] if index < len(choices) else generated


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def use_known_values(case: schemathesis.Case, known: dict[str, list[Any]]) -> None:
    containers = [case.path_parameters, case.query, case.body if isinstance(case.body, dict) else None]
    for container in containers:
        for name, value in list((container or {}).items()):
            if name in known:
                container[name] = _known_value(value, known[name])  # type: ignore[index]
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and zlib.crc32(key.encode()) % 3:
        # Mostly one key per request, as a client makes them: generated keys are few ("0", "A"),
        # and one reused with another body only gets the idempotency layer's 422.
        request = repr((case.method, case.path_parameters, case.query, case.body))
        case.headers["Idempotency-Key"] = str(uuid.uuid5(uuid.NAMESPACE_URL, request))


# Deletions last, so that what they delete is there for the operations before them.
@pytest.mark.parametrize(
    "operation",
    sorted(
        (r.ok() for r in OPERATIONS if isinstance(r, Ok)), key=lambda operation: operation.method.lower() == "delete"
    ),
    ids=lambda operation: operation.label,
)
def test_operation_answers_as_documented(operation: schemathesis.APIOperation, live_api: LiveApi) -> None:  # noqa: F811
    requests = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck), print_blob=False
    )
    @seed(SEED)
    @given(case=requests)
    def answers_as_documented(case: schemathesis.Case) -> None:
        use_known_values(case, live_api.known)
        try:
            case.call_and_validate(base_url=live_api.url, headers=live_api.headers, checks=CHECKS)
        except Exception as failure:
            failure.add_note(f"The server's log, with the traceback of any 500: {live_api.log}")
            raise

    answers_as_documented()
