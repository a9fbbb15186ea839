"""create_app(): routers, static files, middleware and the one error handler."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import health, links
from app.accounts import token_views
from app.accounts import views as account_views
from app.accounts.api import router as accounts_api
from app.audit_log import views as audit_views
from app.audit_log.api import router as audit_api
from app.calendars import views as calendar_views
from app.config import PROJECT_ROOT, Settings, get_settings
from app.contacts import reading as contacts_reading
from app.contacts import views as contact_views
from app.contacts.api import router as contacts_api
from app.dashboard import views as dashboard_views
from app.dashboard.api import router as dashboard_api
from app.db import Sessions, create_engine
from app.directory import views as directory_views
from app.directory.api import router as directory_api
from app.errors import (
    PROBLEM_JSON,
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_DETAIL,
    UNAVAILABLE_TITLE,
    UNAVAILABLE_TYPE,
    AppError,
    humanize_validation_errors,
    is_database_outage,
    problem_body,
)
from app.groups import views as group_views
from app.groups.api import router as groups_api
from app.idempotency.middleware import IdempotencyKeys, RateLimitHeaders
from app.idempotency.openapi import document_idempotency_keys
from app.input_checks import refuse_nul_characters
from app.insights import views as insights_views
from app.insights.api import router as insights_api
from app.introductions import views as introductions_views
from app.introductions.api import router as introductions_api
from app.landings import views as landing_views
from app.landings.api import router as landings_api
from app.mailbox import views as mailbox_views
from app.matching import views as matching_views
from app.matching.api import router as matching_api
from app.meeting_day import views as meeting_day_views
from app.meetings import views as meeting_views
from app.meetings.api import router as meetings_api
from app.members import invitation_views
from app.members import views as member_views
from app.members.api import invitations_router as invitations_api
from app.members.api import invites_router as invites_api
from app.members.api import router as members_api
from app.openapi import document_problems
from app.photos import processing as photo_processing
from app.photos import views as photo_views
from app.photos.api import router as photos_api
from app.privacy import views as privacy_views
from app.privacy.api import router as privacy_api
from app.profiles import views as profile_views
from app.profiles.api import router as profiles_api
from app.reach import views as reach_views
from app.reach.api import router as reach_api
from app.roster import views as roster_views
from app.roster.api import router as roster_api
from app.web import render
from app.webhooks import views as webhook_views
from app.webhooks.api import router as webhooks_api
from app.worker import run_forever

log = logging.getLogger("between")

API_PREFIX = "/api/"

_HTTP_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Sign-in needed"),
    403: ("forbidden", "Not allowed"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("too-large", "Too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    429: ("rate-limited", "Too many requests"),
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX) or request.url.path in ("/healthz", "/readyz")


def _error_response(
    request: Request,
    status: int,
    type_slug: str,
    title: str,
    detail: str,
    field_errors: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        body = problem_body(status, type_slug, title, detail, instance=request.url.path, field_errors=field_errors)
        return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)
    if status == 401:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(links.login(next=path), status_code=303)
    response = render(request, "error.html", {"status": status, "title": title, "detail": detail}, status_code=status)
    response.headers.update(headers or {})
    return response


async def _app_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, AppError)
    return _error_response(
        request, error.status_code, error.type_slug, error.title, error.detail, error.field_errors, error.headers
    )


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    fields = humanize_validation_errors(error.errors())
    summary = "; ".join(f"{name}: {message}" for name, message in fields.items())
    return _error_response(
        request, 422, "invalid-input", "Please check what you sent", summary or "The request is not valid.", fields
    )


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    type_slug, title = _HTTP_TITLES.get(error.status_code, ("error", "Something went wrong"))
    detail = error.detail if isinstance(error.detail, str) else title
    if error.status_code == 404:
        detail = "There is nothing at this address. It may have moved, or the link may be mistyped."
    elif error.status_code == 405:
        detail = "This address does not accept that kind of request."
    elif error.status_code == 400 and detail == "There was an error parsing the body":
        detail = "The request body could not be read. Send JSON, encoded as UTF-8."
    return _error_response(
        request, error.status_code, type_slug, title, detail, headers=getattr(error, "headers", None)
    )


async def _database_error(request: Request, error: Exception) -> Response:
    """Errors from the database, answered here rather than by the last-resort handler (which makes
    the server close the connection): an outage is a 503 that keeps the client's connection open
    for when the database is back; anything else is our mistake, a 500."""
    if is_database_outage(error):
        return _database_unavailable(request, error)
    return await _server_error(request, error)


def _database_unavailable(request: Request, error: Exception) -> Response:
    log.warning("database unreachable on %s %s: %s", request.method, request.url.path, _one_line(error))
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if _wants_json(request):
        return _error_response(request, 503, UNAVAILABLE_TYPE, UNAVAILABLE_TITLE, UNAVAILABLE_DETAIL, headers=headers)
    sent_something = request.method not in ("GET", "HEAD", "OPTIONS")
    response = render(
        request,
        "unavailable.html",
        {
            "sent_something": sent_something,
            "retry_url": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        },
        status_code=503,
    )
    response.headers.update(headers)
    return response


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


async def _server_error(request: Request, error: Exception) -> Response:
    if is_database_outage(error):  # from a middleware, outside the handlers above
        return _database_unavailable(request, error)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return _error_response(
        request,
        500,
        "server-error",
        "Something went wrong on our side",
        "Sorry — this is our mistake, not yours. Nothing you entered was saved. Please try again in a minute.",
    )


MAX_BODY_BYTES = 4 * 1024 * 1024  # the largest thing anyone sends is a 2 MB spreadsheet
# Routes that take larger files: a member's contacts (LinkedIn's export of 30,000 connections is ~4 MB).
LARGER_BODIES = dict.fromkeys(
    ("/api/v1/me/contacts/import", "/me/contacts/import"), contacts_reading.MAX_FILE_BYTES + 64 * 1024
) | dict.fromkeys(("/api/v1/me/photo", "/profile/photo"), photo_processing.MAX_BYTES + 64 * 1024)


class BodySizeLimit:
    """Refuses request bodies over MAX_BODY_BYTES before anything reads them (a 413, not a
    slow upload followed by a refusal); counts chunked bodies as they arrive."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = LARGER_BODIES.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        too_large = started = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                too_large = True
                return {"type": "http.disconnect"}  # the app stops reading; we answer below
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_large and not started:
                return  # whatever the app says about the cut-off body, the 413 below says it better
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        megabytes = LARGER_BODIES.get(scope["path"], self.limit) // (1024 * 1024)
        detail = f"What you sent is larger than {megabytes} MB. Please send a smaller file."
        body = json.dumps(problem_body(413, "too-large", "Too large", detail, instance=scope["path"])).encode()
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
        if not scope["path"].startswith(API_PREFIX):
            body = (
                f"<!doctype html><html lang=en><meta charset=utf-8><title>Too large · Between</title>"
                f"<body style='font-family:system-ui;max-width:34rem;margin:4rem auto;padding:0 1rem'>"
                f"<h1>Too large</h1><p>{detail}</p><p><a href='javascript:history.back()'>Go back</a></p>"
            ).encode()
            headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


HSTS = b"max-age=31536000; includeSubDomains"  # a year: browsers then refuse to fall back to plain http


def _secure_cookie(header: tuple[bytes, bytes]) -> tuple[bytes, bytes]:
    """A Set-Cookie header with `Secure` added, so the browser never sends the cookie over plain http."""
    name, value = header
    if name.lower() != b"set-cookie" or any(part.strip().lower() == b"secure" for part in value.split(b";")):
        return header
    return name, value + b"; Secure"


class SecurityHeaders:
    """Pure ASGI middleware (no body buffering): safe defaults on every response. Over HTTPS (behind
    the TLS proxy too: uvicorn takes the scheme from its trusted proxy headers) every cookie is made
    Secure here, whichever code set it, and HSTS tells browsers to come back over HTTPS only; over
    plain http neither, since browsers ignore HSTS there and local development must keep working."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_docs = scope["path"] in ("/docs", "/docs/oauth2-redirect", "/redoc")
        is_https = scope.get("scheme", "http") == "https"  # optional in ASGI; uvicorn always sets it
        is_api = scope["path"].startswith(API_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ]
                if not is_docs:
                    headers.append(
                        (
                            b"content-security-policy",
                            # blob: the profile page's preview of a photo being chosen, before it is sent.
                            b"default-src 'self'; img-src 'self' data: blob:; "
                            b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                        )
                    )
                if is_https:
                    headers = [_secure_cookie(header) for header in headers]
                    headers.append((b"strict-transport-security", HSTS))
                # API answers are personal: no browser or proxy keeps them, unless the route chose otherwise.
                if is_api and not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None, sessions: Sessions | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.effective_secret_key()  # fail at start, not at the first form, when it is missing

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = None
        if sessions is None:
            engine = create_engine(settings.database_url, **settings.database_pool())
            app.state.sessions = Sessions.for_engine(engine)
            # A served process (not an app under test): what is loaded by now (modules, routes,
            # schemas, mappers: some 200,000 objects) lives as long as the process, and the
            # collector need not walk it again on every full collection, a pause of tenths of a
            # second for every request in flight.
            gc.collect()
            gc.freeze()
        worker: asyncio.Task[Any] | None = None
        stop = asyncio.Event()
        if settings.worker_in_process:
            worker = asyncio.create_task(run_forever(app.state.sessions.write, settings, stop))
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                await worker
            if engine is not None:
                await engine.dispose()

    app = FastAPI(
        title="Between API",
        version="1",
        summary="Peer-support groups for people between jobs.",
        description="Use a personal API token (Settings → API tokens) as a Bearer token. "
        "Errors are RFC 9457 problem documents; lists are cursor-paginated.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    if sessions is not None:
        app.state.sessions = sessions
    app.state.settings = settings

    # Innermost first: replays and the refusal of an oversized body still get the security headers,
    # and bodies are size-checked before the idempotency middleware reads them.
    app.add_middleware(IdempotencyKeys)
    app.add_middleware(RateLimitHeaders)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(ConnectionError, _database_error)
    app.add_exception_handler(Exception, _server_error)

    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    app.include_router(health.router)
    for api in (
        accounts_api,
        profiles_api,
        contacts_api,
        reach_api,
        photos_api,
        groups_api,
        members_api,
        invites_api,
        invitations_api,
        roster_api,
        directory_api,
        meetings_api,
        matching_api,
        audit_api,
        privacy_api,
        introductions_api,
        dashboard_api,
        insights_api,
        landings_api,
        webhooks_api,
    ):
        app.include_router(api, prefix="/api/v1", dependencies=[Depends(refuse_nul_characters)])
    for views in (
        group_views,
        member_views,
        invitation_views,
        directory_views,
        profile_views,
        contact_views,
        reach_views,
        photo_views,
        roster_views,
        meeting_views,
        meeting_day_views,
        calendar_views,
        account_views,
        privacy_views,
        token_views,
        mailbox_views,
        matching_views,
        introductions_views,
        dashboard_views,
        insights_views,
        landing_views,
        audit_views,
        webhook_views,
    ):
        app.include_router(views.router, dependencies=[Depends(refuse_nul_characters)])
    document_idempotency_keys(app)
    document_problems(app)
    return app
