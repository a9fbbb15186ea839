"""Accounts: passwords, sign-in sessions, password reset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts import api_tokens
from app.accounts.models import Account, AccountToken, TokenPurpose, WebSession
from app.accounts.schemas import PasswordChange
from app.db import utcnow
from app.errors import Conflict, InvalidInput, TooManyRequests
from app.notifications import service as notifications
from app.ratelimit import count_recent, forget, record_hit
from app.security import hash_password, hash_token, new_token, password_needs_rehash, verify_password

LOGIN_WINDOW = timedelta(minutes=15)
RESET_REQUESTS_PER_HOUR = 3


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def get_by_email(session: AsyncSession, email: str) -> Account | None:
    statement = select(Account).where(Account.email == normalize_email(email))
    return (await session.execute(statement)).scalar_one_or_none()


async def create_account(
    session: AsyncSession,
    *,
    email: str,
    display_name: str,
    password: str | None = None,
    is_admin: bool = False,
    verified: bool = True,
) -> Account:
    if await get_by_email(session, email) is not None:
        raise Conflict(
            "An account with this email address already exists.",
            field_errors={"email": "An account with this email address already exists."},
        )
    now = utcnow()
    account = Account(
        email=normalize_email(email),
        display_name=display_name.strip(),
        is_admin=is_admin,
        password_hash=hash_password(password) if password else None,
        password_changed_at=now if password else None,
        email_verified_at=now if verified else None,
    )
    session.add(account)
    await session.flush()
    return account


async def authenticate(
    session: AsyncSession, email: str, password: str, client_ip: str, *, attempts_per_15_minutes: int
) -> Account | None:
    """The account for this email and password, or None. Failed attempts are counted per email
    and per address; past the limit nobody can try again for a while (even with the right password).
    """
    email = normalize_email(email)
    keys = (f"login:email:{email}", f"login:ip:{client_ip}")
    for key in keys:
        # The per-address limit is looser: offices and libraries share one address.
        key_limit = attempts_per_15_minutes * 5 if key.startswith("login:ip:") else attempts_per_15_minutes
        if await count_recent(session, key, LOGIN_WINDOW) >= key_limit:
            raise TooManyRequests(
                "Too many sign-in attempts. Please wait 15 minutes, or reset your password.",
                headers={"Retry-After": str(int(LOGIN_WINDOW.total_seconds()))},
            )
    account = await get_by_email(session, email)
    if account is not None and account.deleted_at is not None:
        account = None
    if not verify_password(account.password_hash if account else None, password):
        for key in keys:
            record_hit(session, key)
        return None
    assert account is not None
    if password_needs_rehash(account.password_hash or ""):
        account.password_hash = hash_password(password)
    await forget(session, keys[0])
    return account


async def start_session(session: AsyncSession, account: Account, user_agent: str = "", *, days: int) -> str:
    """A new sign-in that lasts `days`; returns the token for the browser's cookie."""
    token = new_token()
    session.add(
        WebSession(
            token_hash=hash_token(token),
            account_id=account.id,
            expires_at=utcnow() + timedelta(days=days),
            user_agent=user_agent[:300],
        )
    )
    await session.flush()
    return token


# Every signed-in page asks this: built once, so that a request binds its values only.
_SIGNED_IN = (
    select(Account)
    .join(WebSession, WebSession.account_id == Account.id)
    .where(
        WebSession.token_hash == bindparam("token_hash"),
        WebSession.expires_at > bindparam("now"),
        Account.deleted_at.is_(None),
    )
)


async def account_for_session(session: AsyncSession, token: str) -> Account | None:
    parameters = {"token_hash": hash_token(token), "now": utcnow()}
    return (await session.execute(_SIGNED_IN, parameters)).scalar_one_or_none()


async def end_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(WebSession).where(WebSession.token_hash == hash_token(token)))


async def end_all_sessions(session: AsyncSession, account: Account) -> None:
    await session.execute(delete(WebSession).where(WebSession.account_id == account.id))


async def update_account(session: AsyncSession, account: Account, display_name: str) -> Account:
    account.display_name = display_name
    await session.flush()
    return account


@dataclass(frozen=True)
class PasswordChanged:
    session_token: str  # the new sign-in of the browser that changed it
    api_tokens_revoked: int


async def change_password(
    session: AsyncSession, account: Account, data: PasswordChange, user_agent: str = "", *, session_days: int
) -> PasswordChanged:
    """Changes the password, signs out every browser and, when the person asks, revokes their API
    tokens; the browser that changed it gets a new session."""
    if not verify_password(account.password_hash, data.current_password):
        raise InvalidInput(
            "Your current password is not right.",
            field_errors={"current_password": "This is not your current password."},
        )
    _set_password(account, data.password)
    await end_all_sessions(session, account)
    revoked = await api_tokens.revoke_all_tokens(session, account, "password change") if data.revoke_api_tokens else 0
    return PasswordChanged(
        session_token=await start_session(session, account, user_agent, days=session_days), api_tokens_revoked=revoked
    )


def _set_password(account: Account, password: str) -> None:
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()


async def request_password_reset(session: AsyncSession, email: str, *, minutes: int) -> None:
    """Emails a reset link, good for `minutes`, if the account exists. Says nothing either way, to the
    caller or by timing of the response (the email is sent later by the worker)."""
    email = normalize_email(email)
    key = f"password-reset:{email}"
    if await count_recent(session, key, timedelta(hours=1)) >= RESET_REQUESTS_PER_HOUR:
        return
    record_hit(session, key)
    account = await get_by_email(session, email)
    if account is None:
        return
    token = issue_token(session, account, TokenPurpose.password_reset, timedelta(minutes=minutes))
    await notifications.queue_email(
        session,
        to=account.email,
        template="password_reset",
        context={
            "name": account.display_name,
            "link": links.absolute(links.password_reset(token)),
            "minutes": minutes,
        },
    )


def issue_token(session: AsyncSession, account: Account, purpose: TokenPurpose, lasts: timedelta) -> str:
    """A single-use emailed link's secret; only its hash is kept. The one way such tokens are made."""
    token = new_token()
    session.add(
        AccountToken(token_hash=hash_token(token), purpose=purpose, account_id=account.id, expires_at=utcnow() + lasts)
    )
    return token


async def usable_token(session: AsyncSession, token: str, purpose: TokenPurpose) -> AccountToken | None:
    statement = select(AccountToken).where(
        AccountToken.token_hash == hash_token(token),
        AccountToken.purpose == purpose,
        AccountToken.used_at.is_(None),
        AccountToken.expires_at > utcnow(),
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def use_up_tokens(session: AsyncSession, account: Account, purpose: TokenPurpose) -> None:
    """Marks every open token of this purpose used, so an older emailed link cannot be replayed."""
    await session.execute(
        update(AccountToken)
        .where(AccountToken.account_id == account.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


async def reset_token_is_usable(session: AsyncSession, token: str) -> bool:
    return await usable_token(session, token, TokenPurpose.password_reset) is not None


EXPIRED_RESET = "This reset link has expired or was already used. Ask for a new one below; links work for one hour."


async def reset_password(session: AsyncSession, token: str, new_password: str) -> int:
    """Sets the password from an emailed link and signs every browser out. Every API token is revoked
    too, since a reset is how someone takes back an account another may have been using; returns how
    many were."""
    reset = await usable_token(session, token, TokenPurpose.password_reset)
    if reset is None:
        raise InvalidInput(EXPIRED_RESET)
    account = await session.get_one(Account, reset.account_id)
    _set_password(account, new_password)
    # The person proved they read the mailbox, so the address counts as verified.
    account.email_verified_at = account.email_verified_at or utcnow()
    await use_up_tokens(session, account, TokenPurpose.password_reset)
    await end_all_sessions(session, account)
    return await api_tokens.revoke_all_tokens(session, account, "password reset")
