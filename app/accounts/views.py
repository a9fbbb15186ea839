from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts import service
from app.accounts.api_tokens import count_active_tokens
from app.accounts.models import Account
from app.accounts.schemas import AccountUpdate, LoginForm, NewPassword, PasswordChange, PasswordResetRequest
from app.db import DbSession
from app.deps import (
    SESSION_COOKIE,
    AppSettings,
    CurrentAccount,
    MaybeAccount,
    app_settings,
    csrf_protect,
    optional_account,
)
from app.errors import InvalidInput
from app.members import service as members
from app.web import empty_form, is_secure, parse_form, redirect, render, safe_next

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


def set_session_cookie(request: Request, response: Response, token: str) -> Response:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=is_secure(request),
        max_age=app_settings(request).session_days * 86400,
        path="/",
    )
    return response


@router.get("/login")
async def login_page(request: Request, account: MaybeAccount, next: str = "") -> Response:
    if account is not None:
        return redirect(safe_next(next))
    return render(request, "accounts/login.html", {"form": empty_form({"next": next})})


@router.post("/login")
async def login(request: Request, session: DbSession, settings: AppSettings) -> Response:
    form = await parse_form(request, LoginForm)
    if form.data is None:
        return render(request, "accounts/login.html", {"form": form}, status_code=422)
    client_ip = request.client.host if request.client else "unknown"
    account = await service.authenticate(
        session,
        form.data.email,
        form.data.password,
        client_ip,
        attempts_per_15_minutes=settings.login_attempts_per_15_minutes,
    )
    if account is None:
        form.values.pop("password", None)
        form.add_errors(
            {"password": "This email and password do not match an account. Check both, or reset your password."}
        )
        return render(request, "accounts/login.html", {"form": form}, status_code=422)
    if account.email_verified_at is None:
        form.values.pop("password", None)
        return render(request, "accounts/login.html", {"form": form, "unverified": account.email}, status_code=422)
    token = await service.start_session(
        session, account, request.headers.get("user-agent", ""), days=settings.session_days
    )
    response = redirect(safe_next(form.values.get("next")), f"Welcome back, {account.display_name}.")
    return set_session_cookie(request, response, token)


@router.post("/logout")
async def logout(request: Request, session: DbSession) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await service.end_session(session, token)
    response = redirect(links.home(), "You are signed out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/password-reset")
async def password_reset_page(request: Request) -> Response:
    return render(request, "accounts/password_reset.html", {"form": empty_form()})


@router.post("/password-reset")
async def password_reset(request: Request, session: DbSession, settings: AppSettings) -> Response:
    form = await parse_form(request, PasswordResetRequest)
    if form.data is None:
        return render(request, "accounts/password_reset.html", {"form": form}, status_code=422)
    await service.request_password_reset(session, form.data.email, minutes=settings.password_reset_minutes)
    return render(request, "accounts/password_reset_sent.html", {"email": form.data.email})


@router.get("/password-reset/{token}")
async def choose_password_page(request: Request, session: DbSession, token: str) -> Response:
    usable = await service.reset_token_is_usable(session, token)
    return render(
        request,
        "accounts/choose_password.html",
        {"form": empty_form(), "usable": usable, "expired_message": service.EXPIRED_RESET},
        status_code=200 if usable else 410,
    )


@router.post("/password-reset/{token}")
async def choose_password(request: Request, session: DbSession, token: str) -> Response:
    form = await parse_form(request, NewPassword)
    context = {"form": form, "usable": True, "expired_message": service.EXPIRED_RESET}
    if form.data is None:
        return render(request, "accounts/choose_password.html", context, status_code=422)
    try:
        tokens_revoked = await service.reset_password(session, token, form.data.password)
    except InvalidInput:
        return render(request, "accounts/choose_password.html", {**context, "usable": False}, status_code=410)
    message = "Your password is changed. Please sign in with it."
    if tokens_revoked:
        message += (
            f" To be safe, {_tokens_revoked(tokens_revoked)}; create a new one under "
            "Settings → API tokens for any integration that needs it."
        )
    return redirect(links.login(), message)


def _tokens_revoked(count: int) -> str:
    return "your API token was revoked" if count == 1 else f"your {count} API tokens were revoked"


async def _settings_page(
    request: Request,
    session: AsyncSession,
    account: Account,
    account_form: object = None,
    password_form: object = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "accounts/settings.html",
        {
            "account_form": account_form or empty_form({"display_name": account.display_name}),
            # Revoking the API tokens is ticked until the person unticks it.
            "password_form": password_form or empty_form({"revoke_api_tokens": "yes"}),
            "active_api_tokens": await count_active_tokens(session, account),
        },
        status_code=status_code,
    )


@router.get("/settings")
async def settings_page(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    return await _settings_page(request, session, account)


@router.post("/settings/account")
async def update_account(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, AccountUpdate)
    if form.data is None:
        return await _settings_page(request, session, account, account_form=form, status_code=422)
    await members.rename(session, account, form.data.display_name)
    return redirect(links.settings(), "Your name is saved.")


@router.post("/settings/password")
async def change_password(
    request: Request, session: DbSession, account: CurrentAccount, settings: AppSettings
) -> Response:
    form = await parse_form(request, PasswordChange)
    if form.data is not None:
        try:
            changed = await service.change_password(
                session, account, form.data, request.headers.get("user-agent", ""), session_days=settings.session_days
            )
        except InvalidInput as error:
            form.add_errors(error.field_errors)
        else:
            message = "Your password is changed. Other browsers are signed out"
            if changed.api_tokens_revoked:
                message += f", and {_tokens_revoked(changed.api_tokens_revoked)}"
            response = redirect(links.settings(), message + ".")
            return set_session_cookie(request, response, changed.session_token)
    for secret in ("current_password", "password", "password_again"):
        form.values.pop(secret, None)
    return await _settings_page(request, session, account, password_form=form, status_code=422)
