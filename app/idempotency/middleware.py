"""Pure ASGI middleware for the API: `Idempotency-Key` on POSTs, and the `RateLimit-*` headers."""

from __future__ import annotations

import json
import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import OPEN_TRANSACTION
from app.errors import (
    PROBLEM_JSON,
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_DETAIL,
    UNAVAILABLE_TITLE,
    UNAVAILABLE_TYPE,
    is_database_outage,
    problem_body,
)
from app.idempotency import service
from app.idempotency.rate_limits import count_request, rate_limit_detail
from app.security import hash_token

log = logging.getLogger("between.idempotency")

API_PREFIX = "/api/v1/"
IDEMPOTENCY_HEADER = "idempotency-key"
# Answers that do not settle a request: auth not established (401, 403), not counted (429) or
# our failure (5xx). The key's row is rolled back with the request, so that a retry with the key runs.
_NOT_STORED = {401, 403, 429}
RETRY_IN_PROGRESS_SECONDS = 1


def _bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, credentials = authorization.partition(" ")
    credentials = credentials.strip()
    if scheme.lower() != "bearer" or not credentials:
        return None
    return credentials


def _key_problem(key: str) -> str | None:
    if not key:
        return "The Idempotency-Key header is empty. Send a unique value per operation, such as a UUID."
    if len(key) > service.MAX_KEY_LENGTH:
        return (
            f"The Idempotency-Key header is {len(key)} characters long; keep it to "
            f"{service.MAX_KEY_LENGTH} or fewer (a UUID works well)."
        )
    if not key.isascii() or not key.isprintable():
        return "The Idempotency-Key header may contain only printable ASCII characters (a UUID works well)."
    return None


async def _send_problem(
    send: Send,
    scope: Scope,
    status: int,
    type_slug: str,
    title: str,
    detail: str,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    body = json.dumps(
        problem_body(
            status, type_slug, title, detail, instance=scope["path"], field_errors={field: detail} if field else None
        )
    ).encode()
    raw = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    raw += [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class IdempotencyKeys:
    """Stripe's semantics for POSTs under /api/v1 that carry an `Idempotency-Key` header: the same
    key and request replay the first response; the same key with another request is a 422; while
    the first request runs, a retry gets a 409 with Retry-After.

    Such a request runs in a transaction begun here, which holds its key's row and is handed to the
    route's session dependency (db.OPEN_TRANSACTION); its answer is written into the row and
    committed with its work before the first byte of the answer is sent. See app/idempotency/service.py."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        raw_key = headers.get(IDEMPOTENCY_HEADER)
        token = _bearer_token(headers.get("authorization"))
        if raw_key is None or token is None:  # without a token the API answers 401 anyway
            await self.app(scope, receive, send)
            return
        # Keys belong to a token; only the token's hash is kept, as for the token itself.
        owner = hash_token(token)
        sealer = service.ResponseSealer(token)
        key = raw_key.strip()
        problem = _key_problem(key)
        if problem is not None:
            await _send_problem(
                send, scope, 422, "invalid-input", "Please check what you sent", problem, field="Idempotency-Key"
            )
            return

        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left, or the body was too large (the size limit answers 413)
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        app_state = scope["app"].state
        sessions = app_state.sessions
        # Retries count against the rate limit like any request. The token dependency sees that this
        # one was counted, also when nothing was (an unknown token): it must not count again, on
        # another connection, while this request's transaction holds the database.
        try:
            rate_limit = await count_request(sessions.write, owner, app_state.settings.api_requests_per_minute)
        except (SQLAlchemyError, ConnectionError) as error:
            if not is_database_outage(error):
                raise
            await _send_unavailable(send, scope)
            return
        scope.setdefault("state", {})["rate_limit"] = rate_limit
        if rate_limit is not None and rate_limit.exceeded:
            await _send_problem(
                send,
                scope,
                429,
                "rate-limited",
                "Too many requests",
                rate_limit_detail(rate_limit),
                headers={"Retry-After": str(rate_limit.reset_seconds)},
            )
            return
        request_fingerprint = service.fingerprint(
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            body,
            headers.get("content-type", ""),
        )
        # Begun before the request runs, committed (or rolled back) before its answer is sent.
        session = sessions.write()
        try:
            try:
                outcome = await service.claim(session, owner, key, request_fingerprint)
            except (SQLAlchemyError, ConnectionError) as error:
                if not is_database_outage(error):
                    raise
                await _send_unavailable(send, scope)
                return
            if isinstance(outcome, service.Claimed):
                await self._run(scope, _replaying(body, receive), send, session, outcome, sealer)
                return
        finally:
            await _close(session)  # rolls back what was not committed

        if isinstance(outcome, service.Replay):
            replayed = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in outcome.headers.items()]
            answer = sealer.open(outcome.body)
            replayed += [(b"content-length", str(len(answer)).encode()), (b"idempotent-replayed", b"true")]
            await send({"type": "http.response.start", "status": outcome.status_code, "headers": replayed})
            await send({"type": "http.response.body", "body": answer})
            return
        if isinstance(outcome, service.Mismatch):
            await _send_problem(
                send,
                scope,
                422,
                "idempotency-key-reused",
                "This key was used for a different request",
                "This Idempotency-Key was already used for a different request (another address "
                "or body). Use a new key for each new operation; repeat a key only to retry the "
                "very same request.",
            )
            return
        if isinstance(outcome, service.InProgress):
            await _send_problem(
                send,
                scope,
                409,
                "idempotency-key-in-use",
                "The first request is still running",
                "A request with this Idempotency-Key is still being processed. Retry in a moment to get its answer.",
                headers={"Retry-After": str(RETRY_IN_PROGRESS_SECONDS)},
            )
            return
        if isinstance(outcome, service.TokenGone):
            await self.app(scope, _replaying(body, receive), send)  # the API explains the 401
            return

    async def _run(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        session: AsyncSession,
        claimed: service.Claimed,
        sealer: service.ResponseSealer,
    ) -> None:
        """Runs the request in the transaction that holds its key's row, and holds its answer back
        until that transaction has ended (the caller closes the session, rolling back what is left)."""
        start: Message | None = None
        chunks: list[bytes] = []
        answered = False

        async def send_when_settled(message: Message) -> None:
            nonlocal start, answered
            if answered or message["type"] not in ("http.response.start", "http.response.body"):
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
            else:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    answered = True
                    assert start is not None, "ASGI sends the start of a response before its body"
                    await _settle(scope, send, session, claimed, sealer, start, b"".join(chunks))

        scope[OPEN_TRANSACTION] = session
        try:
            await self.app(scope, receive, send_when_settled)
        finally:
            del scope[OPEN_TRANSACTION]


async def _settle(
    scope: Scope,
    send: Send,
    session: AsyncSession,
    claimed: service.Claimed,
    sealer: service.ResponseSealer,
    start: Message,
    body: bytes,
) -> None:
    """Commits the request's work with its answer, then sends the answer. An answer that settles
    nothing is sent once both are rolled back; an answer that could not be committed, never."""
    status = start["status"]
    committed = True
    try:
        if status not in _NOT_STORED and status < 500:
            kept_headers = {}
            for name, value in start.get("headers", []):
                decoded = name.decode("latin-1").lower()
                if decoded in service.REPLAYED_HEADERS:
                    kept_headers[decoded] = value.decode("latin-1")
            await service.record(session, claimed, status, kept_headers, sealer.seal(body))
            await session.commit()
    except (SQLAlchemyError, ConnectionError) as error:
        if is_database_outage(error):
            log.warning("could not commit an idempotent request to %s: the database is out of reach", scope["path"])
            await _close(session)
            await _send_unavailable(send, scope)
            return
        log.exception("could not commit an idempotent request to %s", scope["path"])
        committed = False
    finally:
        await _close(session)
    if not committed:
        await _send_problem(
            send,
            scope,
            500,
            "server-error",
            "Something went wrong on our side",
            "Sorry — this is our mistake, not yours. Retry with the same Idempotency-Key: if what you "
            "sent was saved after all, the retry gives its answer, and if it was not, the retry saves it.",
        )
        return
    await send(start)
    await send({"type": "http.response.body", "body": body})


async def _send_unavailable(send: Send, scope: Scope) -> None:
    """The database is out of reach: nothing of this request was saved and its key is not taken."""
    await _send_problem(
        send,
        scope,
        503,
        UNAVAILABLE_TYPE,
        UNAVAILABLE_TITLE,
        UNAVAILABLE_DETAIL,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def _close(session: AsyncSession) -> None:
    """Rolls back what was not committed and gives the connection back before the app's background
    tasks run (they open their own); what the request loaded stays readable (closing expires nothing)."""
    try:
        await session.close()
    except SQLAlchemyError:  # the pool discards a connection that cannot be reset
        log.warning("could not close the session of an idempotent request", exc_info=True)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The body was read to fingerprint it; the app reads it again from here."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class RateLimitHeaders:
    """Adds `RateLimit-Limit`, `-Remaining` and `-Reset` to API responses, from what the token
    dependency counted (request.state.rate_limit)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                rate_limit = scope.get("state", {}).get("rate_limit")
                if rate_limit is not None:
                    message["headers"] = list(message.get("headers", [])) + [
                        (name.lower().encode(), value.encode()) for name, value in rate_limit.headers().items()
                    ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
