"""Helpers the introductions rules share: the people of a group, a pair's one spelling, which pairs
cannot be proposed, field errors."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable

from sqlalchemy import and_, case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.errors import InvalidInput
from app.groups.models import Group, Membership
from app.introductions.models import OPEN_STATUSES, DoNotPair, Introduction, IntroductionStatus


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


class PairRefusal(enum.StrEnum):
    under_way = "under_way"  # proposed, or both said yes
    declined_before = "declined_before"  # a "no" is not asked again
    do_not_pair = "do_not_pair"  # the group's list


def pair_refusal_message(refusal: PairRefusal, names: str) -> str:
    """Why `names` cannot be proposed, in the words the facilitator reads."""
    if refusal == PairRefusal.under_way:
        return f"{names} already have an introduction under way."
    if refusal == PairRefusal.declined_before:
        return f"An introduction of {names} did not go ahead before; Between does not propose it again."
    return f"{names} are on this group's do-not-pair list."


async def pair_refusals(
    session: AsyncSession, group: Group, account_id: int, others: Iterable[int] | None = None
) -> dict[int, PairRefusal]:
    """The people `account_id` cannot be proposed to meet (all of them, or those of `others`), and
    why: an introduction under way or declined before, in any group (a "no" is about the person, not
    the room, and one pair is enough to be introduced once), or this group's do-not-pair list."""
    wanted = None if others is None else list(others)
    with_them = or_(Introduction.person_a_id == account_id, Introduction.person_b_id == account_id)
    other = case((Introduction.person_a_id == account_id, Introduction.person_b_id), else_=Introduction.person_a_id)
    statement = select(other, Introduction.status).where(
        with_them, Introduction.status.in_([*OPEN_STATUSES, IntroductionStatus.declined])
    )
    if wanted is not None:
        statement = statement.where(other.in_(wanted))
    refusals: dict[int, PairRefusal] = {}
    for other_id, status in (await session.execute(statement.distinct())).all():
        if status in OPEN_STATUSES:
            refusals[other_id] = PairRefusal.under_way
        else:
            refusals.setdefault(other_id, PairRefusal.declined_before)
    listed_other = case((DoNotPair.person_a_id == account_id, DoNotPair.person_b_id), else_=DoNotPair.person_a_id)
    listed = select(listed_other).where(
        DoNotPair.group_id == group.id, or_(DoNotPair.person_a_id == account_id, DoNotPair.person_b_id == account_id)
    )
    if wanted is not None:
        listed = listed.where(listed_other.in_(wanted))
    for other_id in (await session.execute(listed)).scalars():
        refusals.setdefault(other_id, PairRefusal.do_not_pair)
    return refusals
