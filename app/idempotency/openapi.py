"""Says in the OpenAPI document that POST operations accept an `Idempotency-Key` header (the
middleware, not the routes, handles it, so FastAPI would not know)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.errors import problem_responses
from app.idempotency.middleware import API_PREFIX
from app.idempotency.service import LOCK_WAIT, MAX_KEY_LENGTH

IDEMPOTENCY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "A unique value per operation (a UUID works well), up to 255 characters. A retry with the same key "
        "and the same request gets the first response again, marked `Idempotent-Replayed: true`, and does "
        "nothing twice; the same key with a different request is a 422; a retry that comes while the first "
        f"request is still running waits for its answer, up to {LOCK_WAIT.seconds} seconds, then gets a 409 with "
        "`Retry-After`. Keys are kept 24 hours, per token."
    ),
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": "^[\\x21-\\x7E]([\\x20-\\x7E]*[\\x21-\\x7E])?$",
    },
}


IN_PROGRESS = (
    "A request with the same `Idempotency-Key` is still running (or the operation itself "
    "conflicts with the current state of things): retry after `Retry-After` seconds."
)


def document_idempotency_keys(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path, operations in schema.get("paths", {}).items():
            post = operations.get("post")
            if not path.startswith(API_PREFIX) or post is None:
                continue
            parameters = post.setdefault("parameters", [])
            if not any(p.get("name") == "Idempotency-Key" for p in parameters):
                parameters.append(IDEMPOTENCY_PARAMETER)
            in_progress = problem_responses(409, s409=IN_PROGRESS)[409]
            in_progress["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before retrying.",
                    "schema": {"type": "integer", "minimum": 0},
                }
            }
            post.setdefault("responses", {}).setdefault("409", in_progress)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
