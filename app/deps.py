"""Dependencies that routes declare: the database session, who is asking, and with which rights."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import BackgroundTasks, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.accounts import api_tokens
from app.accounts import service as accounts
from app.accounts.models import Account
from app.accounts.schemas import Scope
from app.config import Settings
from app.db import DbSession, Sessions
from app.errors import CsrfFailed, Forbidden, TooManyRequests, Unauthorized
from app.idempotency.rate_limits import RateLimit, count_and_authenticate, rate_limit_detail
from app.security import csrf_token_is_valid, hash_token
from app.web import CSRF_COOKIE, CSRF_FIELD

SESSION_COOKIE = "between_session"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Viewer:
    """What pages show about the signed-in person. A copy, so that an error page can still be
    drawn after the request's transaction was rolled back (which expires ORM objects)."""

    public_id: uuid.UUID
    email: str
    display_name: str
    is_admin: bool


def app_settings(request: Request) -> Settings:
    """The settings the app was created with (create_app keeps them in app.state): routes read them
    here and pass what a service needs, so services do not reach for configuration themselves."""
    settings: Settings = request.app.state.settings
    return settings


async def _app_settings(request: Request) -> Settings:
    # A coroutine, so that FastAPI calls it on the event loop instead of in its thread pool.
    return app_settings(request)


AppSettings = Annotated[Settings, Depends(_app_settings)]


async def app_sessions(request: Request) -> Sessions:
    """Transactions beside the request's own: a streamed answer reads its batches after the route
    has returned (and the request's session is closed), each in a short transaction, so that no
    connection is held while the client downloads; a read that must record something (an export
    in the audit log) writes it in a transaction of its own."""
    sessions: Sessions = request.app.state.sessions
    return sessions


AppSessions = Annotated[Sessions, Depends(app_sessions)]


async def optional_account(request: Request, session: DbSession) -> Account | None:
    token = request.cookies.get(SESSION_COOKIE)
    account = await accounts.account_for_session(session, token) if token else None
    if account is not None:
        request.state.viewer = Viewer(account.public_id, account.email, account.display_name, account.is_admin)
    return account


MaybeAccount = Annotated[Account | None, Depends(optional_account)]


async def required_account(account: MaybeAccount) -> Account:
    if account is None:
        raise Unauthorized("Please sign in to continue.")
    return account


CurrentAccount = Annotated[Account, Depends(required_account)]


def _same_origin(request: Request, origin: str) -> bool:
    own = {f"{request.url.scheme}://{request.url.netloc}"}
    base_url = app_settings(request).base_url
    if base_url:
        parts = urlsplit(base_url)
        own.add(f"{parts.scheme}://{parts.netloc}")
    return origin.rstrip("/") in own


async def csrf_protect(request: Request) -> None:
    """Cookie-authenticated pages: every state-changing request carries the form's CSRF token,
    and when the browser says where it comes from, it must come from this site."""
    if request.method not in UNSAFE_METHODS:
        return
    reason = "This form has expired or did not come from this site. Go back, reload the page and try again."
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise CsrfFailed(reason)
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(request, origin):
        raise CsrfFailed(reason)
    submitted = request.headers.get("x-csrf-token")
    if submitted is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else None
    if not csrf_token_is_valid(request.cookies.get(CSRF_COOKIE), submitted):
        raise CsrfFailed(reason)


_bearer = HTTPBearer(auto_error=False, description="A personal API token from Settings → API tokens.")


def _api_account(needed: Scope):
    async def dependency(
        request: Request,
        session: DbSession,
        background: BackgroundTasks,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Account:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None:
            raise Unauthorized("Send a personal API token as 'Authorization: Bearer <token>'.", headers=challenge)
        # Counted first, committed at once (a request counts even if it fails), and the token read
        # with it, before `session` takes a pooled connection: never one held while waiting for
        # another. A POST with an Idempotency-Key was counted by its middleware already (None:
        # nothing counted); it, or a count that failed, authenticates in the request's transaction.
        rate_limit: RateLimit | None
        found: tuple[Account, api_tokens.TokenInUse] | None
        counted = None
        if hasattr(request.state, "rate_limit"):
            rate_limit = request.state.rate_limit
        else:
            counted = await count_and_authenticate(
                request.app.state.sessions.write,
                hash_token(credentials.credentials),
                request.app.state.settings.api_requests_per_minute,
            )
            rate_limit = counted.rate_limit if counted is not None else None
        if counted is not None:
            row = counted.authenticated
            found = None if row is None else (await api_tokens.account_of(session, row), api_tokens.token_of(row))
        else:
            found = await api_tokens.authenticate_token(session, credentials.credentials)
        if found is None:
            raise Unauthorized("This API token is not valid: it may be mistyped or revoked.", headers=challenge)
        account, token = found
        if rate_limit is not None:
            request.state.rate_limit = rate_limit  # the RateLimit-* headers of the response
            if rate_limit.exceeded:
                raise TooManyRequests(
                    rate_limit_detail(rate_limit), headers={"Retry-After": str(rate_limit.reset_seconds)}
                )
        if api_tokens.needs_use_recorded(token):
            # After the response, on a connection of its own: an API read stays a read, and a
            # request never holds one pooled connection while waiting for another.
            background.add_task(api_tokens.record_use, request.app.state.sessions.write, token)
        if not api_tokens.token_grants(token, needed):
            raise Forbidden(
                f"This token lacks the '{needed.value}' scope. Create a token with it on the API tokens page."
            )
        return account

    return dependency


ApiReader = Annotated[Account, Depends(_api_account(Scope.read))]
ApiWriter = Annotated[Account, Depends(_api_account(Scope.write))]
# Registering and managing webhook endpoints.
ApiWebhooks = Annotated[Account, Depends(_api_account(Scope.webhooks))]
