"""Helpers the introductions rules share: the people of a group, a pair's one spelling, field errors."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.errors import InvalidInput
from app.groups.models import Group, Membership
from app.introductions.models import Introduction


def invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, field_errors={field: message})


def ordered(first: Account, second: Account) -> tuple[Account, Account]:
    """A pair has one spelling: the smaller account id is person A."""
    return (first, second) if first.id < second.id else (second, first)


def pair(first_id: int, second_id: int):
    low, high = sorted((first_id, second_id))
    return and_(Introduction.person_a_id == low, Introduction.person_b_id == high)


async def members(
    session: AsyncSession, group: Group, person_ids: list[uuid.UUID], *, lock: bool = False
) -> dict[uuid.UUID, tuple[Account, Membership]]:
    """People of the group by public id, with their memberships (locked, when proposing, so that
    two facilitators proposing at once cannot both slip under someone's cap)."""
    statement = (
        select(Account, Membership)
        .join(Membership, Membership.account_id == Account.id)
        .where(Account.public_id.in_(person_ids), Membership.group_id == group.id)
        .order_by(Membership.id)
    )
    if lock:
        statement = statement.with_for_update(of=Membership).execution_options(populate_existing=True)
    return {account.public_id: (account, membership) for account, membership in await session.execute(statement)}
