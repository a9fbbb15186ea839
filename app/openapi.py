"""What the OpenAPI document says about errors: the problems (RFC 9457, application/problem+json)
that the API answers with, so that the document holds for every answer, not only the happy ones.

Every API operation may answer 401 (no token or a bad one), 403 (scope or role), 422 (malformed
input, or input that breaks a rule), 429 (rate limit) and 503 (the database out of reach for a
moment). Besides, one with a path parameter may answer 404 (an unknown identifier, or one that is
not the caller's to see); one that takes a `cursor` or a body 400 (a cursor that is not valid, a
body that is not UTF-8). Every POST may answer 409, which app/idempotency/openapi.py declares with
the `Idempotency-Key` header. Anything else a route may answer it declares itself, with
`responses=problem_responses(...)` (app/errors.py): a PUT or PATCH that can conflict, a 404 for an
identifier given in the query.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI

from app.errors import PROBLEM_DESCRIPTIONS, Problem, problem_responses

API_PREFIX = "/api/"
EVERY_OPERATION = (401, 403, 422, 429, 503)
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}}
}
BAD_BODY = "The request body is not UTF-8 text, so it cannot be read as JSON."


def _problem(status: int, description: str | None = None) -> dict[str, Any]:
    response = problem_responses(status)[status]
    if description:
        response["description"] = description
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response


def _statuses(operation: dict[str, Any]) -> dict[int, str | None]:
    parameters = operation.get("parameters", [])
    statuses: dict[int, str | None] = dict.fromkeys(EVERY_OPERATION)
    if any(parameter.get("in") == "path" for parameter in parameters):
        statuses[404] = None
    bad_request = []
    if any(parameter.get("in") == "query" and parameter.get("name") == "cursor" for parameter in parameters):
        bad_request.append(PROBLEM_DESCRIPTIONS[400])
    if "requestBody" in operation:
        bad_request.append(BAD_BODY)
    if bad_request:
        statuses[400] = " Or: ".join(bad_request)
    return statuses


def _is_fastapi_validation_error(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref", "").endswith("/HTTPValidationError")


def add_problems(document: dict[str, Any]) -> dict[str, Any]:
    for path, operations in document.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            # FastAPI's own 422 describes its default error body, which the API never sends.
            if "422" in responses and _is_fastapi_validation_error(responses["422"]):
                del responses["422"]
            for status, description in _statuses(operation).items():
                responses.setdefault(str(status), _problem(status, description))
            operation["responses"] = dict(sorted(responses.items()))

    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    # FastAPI's error models, unless something still refers to them.
    for unused in ("HTTPValidationError", "ValidationError"):
        elsewhere = json.dumps([document.get("paths"), {k: v for k, v in schemas.items() if k != unused}])
        if unused in schemas and f'"#/components/schemas/{unused}"' not in elsewhere:
            del schemas[unused]
    return document


def document_problems(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        app.openapi_schema = add_problems(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
