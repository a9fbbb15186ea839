from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.accounts import api_tokens as service
from app.accounts.schemas import Scope, TokenCreate
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.web import Form, confirm, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


async def _tokens_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    form: Form,
    new_secret: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "api_tokens/index.html",
        {
            "tokens": await service.list_tokens(session, account),
            "form": form,
            "scopes": list(Scope),
            "new_secret": new_secret,
        },
        status_code=status_code,
    )


@router.get("/settings/tokens")
async def tokens_page(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    return await _tokens_page(request, session, account, empty_form({"scopes": ["read"]}))


@router.post("/settings/tokens")
async def create_token(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, TokenCreate)
    if form.data is None:
        if "scopes" in form.errors:
            form.errors["scopes"] = "Choose at least one scope: read, write or webhooks."
        return await _tokens_page(request, session, account, form, status_code=422)
    token, secret = await service.create_token(session, account, form.data)
    # The secret is in this one response only; after it, only its hash exists.
    return await _tokens_page(request, session, account, empty_form({"scopes": ["read"]}), new_secret=secret)


@router.get("/settings/tokens/{token_id}/revoke")
async def confirm_revoke(
    request: Request, session: DbSession, account: CurrentAccount, token_id: uuid.UUID
) -> Response:
    token = await service.own_token(session, account, token_id)
    if token.revoked_at is not None:
        return redirect(links.settings("tokens"), "That token is already revoked.", "info")
    return confirm(
        request,
        title=f"Revoke “{token.name}”?",
        explanation=f"Programs using the token starting with {token.token_prefix} will stop working "
        "at once. This cannot be undone.",
        action=links.settings("tokens", token.public_id, "revoke"),
        yes="Yes, revoke it",
        back=links.settings("tokens"),
        no="No, keep it",
    )


@router.post("/settings/tokens/{token_id}/revoke")
async def revoke(request: Request, session: DbSession, account: CurrentAccount, token_id: uuid.UUID) -> Response:
    token = await service.revoke_token(session, account, token_id)
    return redirect(
        links.settings("tokens"), f"The token “{token.name}” is revoked. Programs using it can no longer connect."
    )
