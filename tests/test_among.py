"""`among` and `among_ids`: a column among a list of ids of any length, on either database; on
PostgreSQL as one array parameter, so that the statement's text is the same for any number of ids."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import among, among_ids
from tests.factories import make_account

# Built once, as the hot paths' statements are.
_ACCOUNTS_AMONG = select(Account.id).where(among_ids(Account.id, "ids")).order_by(Account.id)


@pytest.mark.parametrize("how_many", [0, 1, 3, 40])
async def test_a_list_of_ids_of_any_length_finds_those_accounts(
    session: AsyncSession, count_queries: Any, how_many: int
) -> None:
    accounts = [await make_account(session) for _ in range(max(how_many, 3))]
    wanted = sorted(account.id for account in accounts[:how_many])
    dialect = session.get_bind().dialect.name
    with count_queries() as counter:
        found = list((await session.execute(_ACCOUNTS_AMONG, {"ids": wanted})).scalars())
        built = list(
            (
                await session.execute(select(Account.id).where(among(Account.id, wanted, dialect)).order_by(Account.id))
            ).scalars()
        )
    assert found == built == wanted
    if dialect == "postgresql":
        assert all("= ANY (" in statement for statement in counter.statements)
