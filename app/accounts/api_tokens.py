"""Personal API tokens: shown once, stored as a hash, revocable, scoped."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import make_transient_to_detached

from app.accounts.models import Account, ApiToken
from app.accounts.schemas import Scope, TokenCreate
from app.audit import service as audit
from app.db import utcnow
from app.errors import NotFound
from app.security import hash_token, new_token

log = logging.getLogger("between.api_tokens")

TOKEN_PREFIX = "btw_"
# Recording every use would turn each API read into a write; once a few minutes is enough.
LAST_USED_PRECISION = timedelta(minutes=5)


@dataclass(frozen=True)
class TokenInUse:
    """What a request needs of the token it came with: read as plain columns, not an ORM entity."""

    id: int
    public_id: uuid.UUID
    scopes: str
    last_used_at: datetime | None


# The columns authentication reads: the account's (to hand the request an Account without loading
# it again) and the token's, labelled apart.
ACCOUNT_COLUMNS = tuple(Account.__table__.c)
TOKEN_COLUMNS = (
    ApiToken.id.label("token_id"),
    ApiToken.public_id.label("token_public_id"),
    ApiToken.scopes.label("token_scopes"),
    ApiToken.last_used_at.label("token_last_used_at"),
)


def token_of(row: Any) -> TokenInUse:
    return TokenInUse(row.token_id, row.token_public_id, row.token_scopes, row.token_last_used_at)


async def account_of(session: AsyncSession, row: Any) -> Account:
    """The account of an authentication row (ACCOUNT_COLUMNS), as a persistent object of `session`
    built from the row, without a statement: services get the Account they always get."""
    account = Account(**{column.key: row._mapping[column] for column in ACCOUNT_COLUMNS})
    make_transient_to_detached(account)  # as if loaded: no changes to flush
    return await session.merge(account, load=False)


def token_grants(token: ApiToken | TokenInUse, needed: Scope) -> bool:
    """`write` includes `read`: a client that may change things may also look at them."""
    granted = set(token.scopes.split())
    return needed in granted or (needed == Scope.read and Scope.write in granted)


async def create_token(session: AsyncSession, account: Account, data: TokenCreate) -> tuple[ApiToken, str]:
    secret = new_token(TOKEN_PREFIX)
    token = ApiToken(
        account_id=account.id,
        name=data.name,
        token_hash=hash_token(secret),
        token_prefix=secret[: len(TOKEN_PREFIX) + 6],
        scopes=" ".join(scope.value for scope in data.scopes),
    )
    session.add(token)
    audit.record(
        session, account, "api_token.created", target=token.name, prefix=token.token_prefix, scopes=token.scopes
    )
    await session.flush()
    return token, secret


async def list_tokens(session: AsyncSession, account: Account) -> list[ApiToken]:
    statement = (
        select(ApiToken)
        .where(ApiToken.account_id == account.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list((await session.execute(statement)).scalars())


async def own_token(session: AsyncSession, account: Account, token_id: uuid.UUID) -> ApiToken:
    statement = select(ApiToken).where(ApiToken.public_id == token_id, ApiToken.account_id == account.id)
    token = (await session.execute(statement)).scalar_one_or_none()
    if token is None:
        raise NotFound("There is no such token among yours.")
    return token


async def revoke_token(session: AsyncSession, account: Account, token_id: uuid.UUID) -> ApiToken:
    token = await own_token(session, account, token_id)
    token.revoked_at = token.revoked_at or utcnow()
    audit.record(session, account, "api_token.revoked", target=token.name, prefix=token.token_prefix)
    await session.flush()
    return token


async def revoke_all_tokens(session: AsyncSession, account: Account, reason: str) -> int:
    """Revokes every token of the account still in use, in one statement, with one audit entry
    (when there were any); returns how many. `reason` says why, as in "password reset"."""
    result = await session.execute(
        update(ApiToken)
        .where(ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    count: int = result.rowcount or 0  # type: ignore[attr-defined]
    if count:
        audit.record(session, account, "api_token.revoked", target="all API tokens", count=count, reason=reason)
        await session.flush()
    return count


async def count_active_tokens(session: AsyncSession, account: Account) -> int:
    statement = (
        select(func.count())
        .select_from(ApiToken)
        .where(ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
    )
    return (await session.execute(statement)).scalar_one()


def authentication(token_hash: Any) -> Any:
    """The account and token of a token hash (a value or a bind parameter), if it is not revoked."""
    return (
        select(*ACCOUNT_COLUMNS, *TOKEN_COLUMNS)
        .select_from(ApiToken)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
    )


async def authenticate_token(session: AsyncSession, secret: str) -> tuple[Account, TokenInUse] | None:
    row = (await session.execute(authentication(hash_token(secret)))).one_or_none()
    return None if row is None else (await account_of(session, row), token_of(row))


def needs_use_recorded(token: ApiToken | TokenInUse) -> bool:
    return token.last_used_at is None or utcnow() - token.last_used_at > LAST_USED_PRECISION


async def record_use(sessionmaker: async_sessionmaker[AsyncSession], token: ApiToken | TokenInUse) -> None:
    """Notes when a token was last used, in a short transaction of its own, so that an API read
    stays a read; the condition lets only one of many simultaneous requests write."""
    now = utcnow()
    try:
        async with sessionmaker() as session, session.begin():
            await session.execute(
                update(ApiToken)
                .where(
                    ApiToken.id == token.id,
                    or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_PRECISION),
                )
                .values(last_used_at=now)
            )
    except SQLAlchemyError:  # bookkeeping only: never worth failing or retrying for
        log.warning("could not record the use of API token %s", token.public_id)
