"""Personal API tokens: shown once, stored as a hash, revocable, scoped."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.api_tokens.models import ApiToken
from app.api_tokens.schemas import Scope, TokenCreate
from app.db import utcnow
from app.errors import NotFound
from app.security import hash_token, new_token

TOKEN_PREFIX = "btw_"
# Recording every use would turn each API read into a write; once a few minutes is enough.
LAST_USED_PRECISION = timedelta(minutes=5)


def token_grants(token: ApiToken, needed: Scope) -> bool:
    """`write` includes `read`: a client that may change things may also look at them."""
    granted = set(token.scopes.split())
    return needed in granted or (needed == Scope.read and Scope.write in granted)


async def create_token(session: AsyncSession, account: Account, data: TokenCreate) -> tuple[ApiToken, str]:
    secret = new_token(TOKEN_PREFIX)
    token = ApiToken(account_id=account.id, name=data.name, token_hash=hash_token(secret),
                     token_prefix=secret[: len(TOKEN_PREFIX) + 6],
                     scopes=" ".join(scope.value for scope in data.scopes))
    session.add(token)
    await session.flush()
    return token, secret


async def list_tokens(session: AsyncSession, account: Account) -> list[ApiToken]:
    statement = (select(ApiToken).where(ApiToken.account_id == account.id)
                 .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc()))
    return list((await session.execute(statement)).scalars())


async def revoke_token(session: AsyncSession, account: Account, token_id: uuid.UUID) -> ApiToken:
    statement = select(ApiToken).where(ApiToken.public_id == token_id, ApiToken.account_id == account.id)
    token = (await session.execute(statement)).scalar_one_or_none()
    if token is None:
        raise NotFound("There is no such token among yours.")
    token.revoked_at = token.revoked_at or utcnow()
    await session.flush()
    return token


async def authenticate_token(session: AsyncSession, secret: str) -> tuple[Account, ApiToken] | None:
    statement = (select(Account, ApiToken).join(ApiToken, ApiToken.account_id == Account.id)
                 .where(ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None)))
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        return None
    account, token = row
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        token.last_used_at = now
    return account, token
