"""Who may be introduced: members pause introductions; facilitators keep a do-not-pair list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.audit import service as audit
from app.errors import NotFound
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import require_facilitator
from app.introductions.models import DoNotPair
from app.introductions.people import invalid, members, ordered
from app.introductions.schemas import MAX_DO_NOT_PAIR_NOTE
from app.members import service as members_service


async def set_paused(session: AsyncSession, account: Account, group: Group, paused: bool) -> Membership:
    """A member pauses (or resumes) new introductions in a group; those under way go on."""
    return await members_service.pause_introductions(session, account, group, paused)


@dataclass
class DoNotPairView:
    entry: DoNotPair
    person_a: Account
    person_b: Account


async def __pair_of_people(
    session: AsyncSession, group: Group, a_id: uuid.UUID, b_id: uuid.UUID
) -> tuple[Account, Account]:
    if a_id == b_id:
        raise invalid("person_b_id", "Choose two different people.")
    people = await members(session, group, [a_id, b_id])
    for person_id, field in ((a_id, "person_a_id"), (b_id, "person_b_id")):
        if person_id not in people:
            message = "This person is not a member of this group."
            raise NotFound(message, field_errors={field: message})
    return ordered(people[a_id][0], people[b_id][0])


async def add_do_not_pair(
    session: AsyncSession, actor: Account, group: Group, a_id: uuid.UUID, b_id: uuid.UUID, note: str = ""
) -> DoNotPair:
    """Two people the facilitators will not introduce (adding them again updates the note)."""
    await require_facilitator(session, actor, group)
    note = (note or "").strip()
    if len(note) > MAX_DO_NOT_PAIR_NOTE:
        raise invalid("note", f"Keep the note to {MAX_DO_NOT_PAIR_NOTE} characters or fewer; you wrote {len(note)}.")
    first, second = await __pair_of_people(session, group, a_id, b_id)
    entry = (
        await session.execute(
            select(DoNotPair).where(
                DoNotPair.group_id == group.id, DoNotPair.person_a_id == first.id, DoNotPair.person_b_id == second.id
            )
        )
    ).scalar_one_or_none()
    if entry is None:
        entry = DoNotPair(
            group_id=group.id, person_a_id=first.id, person_b_id=second.id, note=note, created_by_account_id=actor.id
        )
        session.add(entry)
    else:
        entry.note = note
    audit.record(
        session,
        actor,
        "introduction.do_not_pair_added",
        group_id=group.id,
        target=f"{first.public_id} {second.public_id}",
    )
    await session.flush()
    return entry


async def remove_do_not_pair(
    session: AsyncSession, actor: Account, group: Group, a_id: uuid.UUID, b_id: uuid.UUID
) -> None:
    await require_facilitator(session, actor, group)
    first, second = await __pair_of_people(session, group, a_id, b_id)
    entry = (
        await session.execute(
            select(DoNotPair).where(
                DoNotPair.group_id == group.id, DoNotPair.person_a_id == first.id, DoNotPair.person_b_id == second.id
            )
        )
    ).scalar_one_or_none()
    if entry is None:
        raise NotFound("These two are not on the do-not-pair list.")
    await session.delete(entry)
    audit.record(
        session,
        actor,
        "introduction.do_not_pair_removed",
        group_id=group.id,
        target=f"{first.public_id} {second.public_id}",
    )
    await session.flush()


async def list_do_not_pair(session: AsyncSession, actor: Account, group: Group) -> list[DoNotPairView]:
    await require_facilitator(session, actor, group)
    person_a, person_b = aliased(Account), aliased(Account)
    rows = await session.execute(
        select(DoNotPair, person_a, person_b)
        .join(person_a, person_a.id == DoNotPair.person_a_id)
        .join(person_b, person_b.id == DoNotPair.person_b_id)
        .where(DoNotPair.group_id == group.id)
        .order_by(DoNotPair.created_at, DoNotPair.id)
    )
    return [DoNotPairView(*row) for row in rows.all()]


@dataclass
class GroupSetting:
    group: Group
    paused: bool


async def my_groups(session: AsyncSession, viewer: Account) -> list[GroupSetting]:
    """The groups the viewer is an active member of, whether they paused introductions in each."""
    rows = await session.execute(
        select(Group, Membership.introductions_paused_at)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.account_id == viewer.id, Membership.status == MembershipStatus.active)
        .order_by(Group.name)
    )
    return [GroupSetting(group, paused_at is not None) for group, paused_at in rows.all()]
