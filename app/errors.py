"""Domain errors. Services raise them; one handler turns them into a page or a JSON problem."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from pydantic import BaseModel, Field
from sqlalchemy import exc as sa_exc

PROBLEM_JSON = "application/problem+json"


class AppError(Exception):
    status_code = 400
    title = "Something is not right"
    type_slug = "bad-request"

    def __init__(
        self, detail: str, *, field_errors: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field_errors = field_errors or {}
        self.headers = headers or {}

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        return problem_body(
            self.status_code, self.type_slug, self.title, self.detail, instance=instance, field_errors=self.field_errors
        )


class AccessDenied(AppError):
    """Who is asking may not do this, or may not know the thing exists. Never caught by a page: the
    one handler renders it (a sign-in redirect, a refusal, or "not found")."""


class RuleBroken(AppError):
    """What was asked breaks a rule of the product (a taken address, a pair already introduced).
    Pages catch these and show them next to the field they are about, keeping what was typed."""

    def on_field(self, default: str, form_names: Mapping[str, str] | None = None) -> dict[str, str]:
        """Where a form shows it: the fields it names (by the form's name for them, where the form
        calls a field differently from the service), or `default`."""
        if not self.field_errors:
            return {default: self.detail}
        return {(form_names or {}).get(field, field): message for field, message in self.field_errors.items()}


class BadRequest(AppError):
    pass


class Unauthorized(AccessDenied):
    status_code = 401
    title = "Sign-in needed"
    type_slug = "unauthorized"


class Forbidden(AccessDenied):
    status_code = 403
    title = "Not allowed"
    type_slug = "forbidden"


class CsrfFailed(Forbidden):
    title = "This form has expired"
    type_slug = "csrf-failed"


class NotFound(AccessDenied):
    status_code = 404
    title = "Not found"
    type_slug = "not-found"


class Gone(AppError):
    """Something that existed and is closed for good: an answered or expired invitation."""

    status_code = 410
    title = "No longer available"
    type_slug = "gone"


class Conflict(RuleBroken):
    status_code = 409
    title = "Conflict"
    type_slug = "conflict"


class InvalidInput(RuleBroken):
    """Input that is well-formed but breaks a rule (a taken slug, a wrong password)."""

    status_code = 422
    title = "Please check what you entered"
    type_slug = "invalid-input"


class TooManyRequests(AppError):
    status_code = 429
    title = "Too many attempts"
    type_slug = "rate-limited"


# --- the database out of reach -------------------------------------------------------------------

RETRY_AFTER_SECONDS = 5
UNAVAILABLE_TYPE = "database-unavailable"
UNAVAILABLE_TITLE = "We can't reach our database right now"
UNAVAILABLE_DETAIL = (
    "We can't reach our database right now, so nothing from this request was saved. "
    f"Please send it again in {RETRY_AFTER_SECONDS} seconds (the Retry-After header says so too)."
)
# SQLSTATEs that say the connection, not the statement, failed: class 08 (connection exception),
# the server shutting down, crashed or starting up (57P01-57P03), too many connections (53300).
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
# SQLite's words for a database file that cannot be used at the moment (the lock held past the busy
# timeout, the file or its disk gone), as opposed to a statement's own mistake.
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database file", "disk i/o error")


def is_database_outage(error: BaseException) -> bool:
    """Whether `error` (or what caused it) says the database could not be reached or used at all:
    refused or dropped connections, a server shutting down, a pool with no free connection. A
    request's own mistakes (a unique violation, a deadlock, bad SQL) are not outages."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _says_unreachable(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _says_unreachable(error: BaseException) -> bool:
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free in time
        return True
    if isinstance(error, sa_exc.DBAPIError):
        return error.connection_invalidated or (error.orig is not None and _says_unreachable(error.orig))
    if isinstance(error, ConnectionError):  # refused, reset, broken pipe
        return True
    if isinstance(error, psycopg.InterfaceError):  # "the connection is closed"
        return True
    if isinstance(error, psycopg.OperationalError):
        sqlstate = error.sqlstate
        # No SQLSTATE: the server never answered (refused, unreachable, closed unexpectedly).
        return sqlstate is None or sqlstate.startswith(_CONNECTION_SQLSTATES)
    if isinstance(error, sqlite3.OperationalError):
        return str(error).lower().startswith(_SQLITE_UNAVAILABLE)
    return False


class FieldProblem(BaseModel):
    field: str = Field(description="The field, dotted for nested ones (`past_companies.0.name`).")
    message: str = Field(description="What is wrong with it, for a person.")


class Problem(BaseModel):
    """The body of every API error (RFC 9457), sent as application/problem+json."""

    type: str = Field(description="What kind of problem, as a relative URI: `/problems/not-found`.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time and what to do about it.")
    instance: str | None = Field(default=None, description="The path that was asked for.")
    errors: list[FieldProblem] | None = Field(default=None, description="One entry per field that is not right.")


def problem_responses(*statuses: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """For a route's `responses=`: the problems it may answer with, beyond those every API route
    may (see app/openapi.py). Descriptions by status: `problem_responses(409, s409="...")`."""
    return {
        status: {
            "description": descriptions.get(f"s{status}", PROBLEM_DESCRIPTIONS.get(status, "A problem.")),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


PROBLEM_DESCRIPTIONS = {
    400: "The cursor is not valid: start again from the first page.",
    401: "No API token was sent, or it is not valid (mistyped or revoked).",
    403: "The token lacks the scope this needs, or its account the role (facilitator, administrator).",
    404: "Nothing has this identifier, or it is not yours to see: to outsiders, a group's people, "
    "meetings and introductions do not exist.",
    409: "The request conflicts with the current state of things.",
    422: "The request is malformed or breaks a rule; `errors` names each field that is not right.",
    429: "Too many requests: wait as long as the `Retry-After` header says, then try again.",
    503: "We can't reach our database for a moment, so nothing from this request was saved: wait as long as the "
    "`Retry-After` header says, then send it again.",
}


def problem_body(
    status: int,
    type_slug: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    field_errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An RFC 9457 problem document; `errors` lists field messages when there are any."""
    body: dict[str, Any] = {
        "type": f"/problems/{type_slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if field_errors:
        body["errors"] = [{"field": name, "message": message} for name, message in field_errors.items()]
    return body


def too_long(limit: int, text: object = None) -> str:
    """What a field says when more was typed than it keeps: the limit, and how much there is now
    (nothing is cut: what was typed stays in the form to be shortened)."""
    wrote = f"; you wrote {len(text)}" if isinstance(text, str) else ""
    return f"Keep this to {limit} characters or fewer{wrote}."


def humanize_validation_errors(
    errors: Sequence[Mapping[str, Any]],
    skip_locations: tuple[str, ...] = ("body", "query", "path", "form"),
) -> dict[str, str]:
    """Pydantic's error list as one plain-language message per field (the first one wins)."""
    messages: dict[str, str] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        if location and location[0] in skip_locations:  # where it was sent; a field may be called "body"
            location = location[1:]
        if error.get("type") == "json_invalid":
            location = []  # its location is a character position, not a field
        field = ".".join(location) or "request"
        messages.setdefault(field, _human_message(error))
    return messages


def _human_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    message = str(error.get("msg", ""))
    if kind == "missing":
        return "Please fill this in."
    if kind == "string_too_short":
        if ctx.get("min_length", 1) <= 1:
            return "Please fill this in."
        return f"Please enter at least {ctx['min_length']} characters."
    if kind == "string_too_long":
        return too_long(int(ctx.get("max_length", 0)), error.get("input"))
    if kind in ("int_parsing", "int_type"):
        return "Please enter a whole number."
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        words = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}
        bounds = " and ".join(f"{words.get(name, name)} {value}" for name, value in ctx.items())
        return f"Please enter a number {bounds}."
    if kind in ("enum", "literal_error"):
        return f"Please choose one of: {ctx.get('expected', 'the listed options')}."
    if kind in ("value_error", "assertion_error"):
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if "valid email address" in message:  # EmailStr's own words, with the parser's detail
            return "Please enter an email address like name@example.org."
        return message
    if kind == "json_invalid":
        return "The request body is not valid JSON."
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "The request body must be a JSON object, sent with Content-Type: application/json."
    if kind == "extra_forbidden":
        return "This field is not recognised."
    if kind in ("bool_parsing", "bool_type"):
        return "Please answer yes or no (true or false)."
    if kind in ("uuid_parsing", "uuid_type"):
        return "This is not a valid identifier."
    if kind == "string_type":
        return "Please enter text."
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
