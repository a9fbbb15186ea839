"""The group's reach, with consent: the switch per group, and a member's warm paths to the
companies on their list.

A warm path is another active member of a group the viewer is active in who works at the company
now, worked there, or shared their reach with that group and knows people there. What others see
of a member's contacts is a count per company, only in a group where the member said yes, and
never a name: the contacts themselves are never read here, only counted.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.audit import service as audit
from app.contacts.models import Contact
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import get_group, require_active_member
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Tag, TagKind
from app.profiles.schemas import Visibility
from app.profiles.tags import canonical
from app.reach.models import ReachShare


def share_is_current(membership: Any) -> ColumnElement[bool]:
    """A yes given during the membership it is read with: someone who left a group and joins it
    again shares nothing there until they say yes again."""
    return or_(membership.joined_at.is_(None), ReachShare.shared_at >= membership.joined_at)


# --- the switch, per group ----------------------------------------------------------------------


@dataclass
class SharingSetting:
    group: Group
    shared_at: datetime | None


async def sharing_settings(session: AsyncSession, account: Account) -> list[SharingSetting]:
    """Each group the person is active in, and whether they share their reach with it."""
    rows = await session.execute(
        select(Group, ReachShare.shared_at)
        .join(Membership, Membership.group_id == Group.id)
        .outerjoin(
            ReachShare,
            and_(ReachShare.group_id == Group.id, ReachShare.account_id == account.id, share_is_current(Membership)),
        )
        .where(Membership.account_id == account.id, Membership.status == MembershipStatus.active)
        .order_by(Group.name, Group.id)
    )
    return [SharingSetting(group, shared_at) for group, shared_at in rows.all()]


async def set_sharing(session: AsyncSession, account: Account, group_id: uuid.UUID, shared: bool) -> SharingSetting:
    """Turn sharing with one group on or off; it takes effect with the next page anyone opens."""
    group = await get_group(session, group_id)
    membership = await require_active_member(session, account, group)
    existing = (
        await session.execute(
            select(ReachShare).where(ReachShare.group_id == group.id, ReachShare.account_id == account.id)
        )
    ).scalar_one_or_none()
    if existing is not None and membership.joined_at and existing.shared_at < membership.joined_at:
        # A yes from an earlier membership of the group: it has not counted since the person left.
        await session.execute(delete(ReachShare).where(ReachShare.id == existing.id))
        existing = None
    if shared and existing is None:
        existing = ReachShare(group_id=group.id, account_id=account.id)
        session.add(existing)
        await session.flush()
        audit.record(session, account, "reach.shared", group_id=group.id, target=str(account.public_id))
    elif not shared and existing is not None:
        await session.execute(delete(ReachShare).where(ReachShare.id == existing.id))
        audit.record(session, account, "reach.withdrawn", group_id=group.id, target=str(account.public_id))
        existing = None
    return SharingSetting(group, existing.shared_at if existing else None)


async def forget_reach(session: AsyncSession, account: Account) -> None:
    """Account deletion: the person's yes to every group goes with them."""
    await session.execute(delete(ReachShare).where(ReachShare.account_id == account.id))


# At most this many people a company: the closest ties first.
PATHS_SHOWN = 12

# --- warm paths -----------------------------------------------------------------------------------


@dataclass
class Job:
    start_year: int | None
    end_year: int | None


@dataclass
class Path:
    """One member who can help with one company."""

    account_id: int
    person_id: uuid.UUID
    name: str
    group_names: list[str]
    # The groups the path runs through (where both are active; for a count, where it was shared).
    group_ids: list[int] = field(default_factory=list)
    works_there: bool = False
    jobs: list[Job] = field(default_factory=list)
    # How many people there the member knows, where they shared their reach; None otherwise.
    knows: int | None = None
    # They paused introductions in every group the path runs through: not to be asked for now.
    paused: bool = False


@dataclass
class CompanyReach:
    tag_id: int
    name: str
    label: str
    paths: list[Path]
    # People in the viewer's groups who can help there besides those shown.
    more: int = 0


@dataclass
class Reach:
    companies: list[CompanyReach]
    has_groups: bool


def open_to_members(field_name: str) -> ColumnElement[bool]:
    level = func.coalesce(Profile.visibility[field_name].as_string(), Visibility.members.value)
    return level != Visibility.facilitators.value


async def target_companies(session: AsyncSession, account: Account) -> list[tuple[int, str, str]]:
    """(tag id, name, label) of the companies on the person's own list, by label."""
    rows = await session.execute(
        select(Tag.id, Tag.name, Tag.label)
        .join(ProfileTag, ProfileTag.tag_id == Tag.id)
        .join(Profile, Profile.id == ProfileTag.profile_id)
        .where(Profile.account_id == account.id, ProfileTag.relation == ProfileTagRelation.target_company)
        .order_by(Tag.label)
    )
    return [(row.id, row.name, row.label) for row in rows.all()]


async def my_reach(
    session: AsyncSession, viewer: Account, *, company_tag_ids: list[int] | None = None, helper_id: int | None = None
) -> Reach:
    """The viewer's warm paths to each company on their list: everyone in their groups who works or
    worked there, and the members who shared their reach and know the most people there (up to
    PATHS_SHOWN a company, with how many more there are). Six statements whatever the number of
    members or contacts: the contacts are counted and ranked per company by the database, through
    the index on company and owner, and only the people shown are read."""
    companies = await target_companies(session, viewer)
    if company_tag_ids is not None:
        companies = [company for company in companies if company[0] in company_tag_ids]
    mine = aliased(Membership)
    my_groups = (
        await session.execute(
            select(Group.id, Group.name)
            .join(mine, mine.group_id == Group.id)
            .where(mine.account_id == viewer.id, mine.status == MembershipStatus.active)
        )
    ).all()
    if not companies or not my_groups:
        return Reach([CompanyReach(tag_id, name, label, []) for tag_id, name, label in companies], bool(my_groups))
    group_names = {row.id: row.name for row in my_groups}
    tag_ids = [tag_id for tag_id, _, _ in companies]
    theirs = aliased(Membership)
    fellow_rule = [
        theirs.group_id.in_(list(group_names)),
        theirs.status == MembershipStatus.active,
        theirs.account_id != viewer.id,
        theirs.account_id.in_(select(Account.id).where(Account.deleted_at.is_(None))),
    ]
    if helper_id is not None:
        fellow_rule.append(theirs.account_id == helper_id)
    fellows = select(theirs.account_id).where(*fellow_rule)
    # Who shared their reach with a group they share with the viewer.
    sharers = (
        select(theirs.account_id)
        .join(ReachShare, and_(ReachShare.account_id == theirs.account_id, ReachShare.group_id == theirs.group_id))
        .where(*fellow_rule, share_is_current(theirs))
    )

    # Members who work or worked there, where their past companies are open to members: every one
    # (a company's alumni in a group are few), with their years.
    jobs: dict[tuple[int, int], list[Job]] = defaultdict(list)
    for tag_id, account_id, start, end in (
        await session.execute(
            select(PastCompany.tag_id, Profile.account_id, PastCompany.start_year, PastCompany.end_year)
            .join(Profile, Profile.id == PastCompany.profile_id)
            .where(
                PastCompany.tag_id.in_(tag_ids),
                open_to_members("past_companies"),
                Profile.account_id.in_(fellows),
            )
            .order_by(PastCompany.id)
        )
    ).all():
        if Job(start, end) not in jobs[(tag_id, account_id)]:
            jobs[(tag_id, account_id)].append(Job(start, end))
    workers = {account_id for _, account_id in jobs}

    # Members who shared their reach, by how many people they know there: the first PATHS_SHOWN a
    # company, those who also worked there (so that nobody is counted twice), and how many in all.
    counted = (
        select(
            Contact.company_tag_id.label("tag_id"),
            Contact.account_id.label("account_id"),
            func.count().label("known"),
        )
        .where(Contact.company_tag_id.in_(tag_ids))
        .group_by(Contact.company_tag_id, Contact.account_id)
        .subquery()
    )
    # Counted first, then kept to the sharers: the count streams down the index in its order, and
    # the sharers are looked up once an owner rather than once a contact.
    ranked = (
        select(
            counted.c.tag_id,
            counted.c.account_id,
            counted.c.known,
            func.row_number()
            .over(partition_by=counted.c.tag_id, order_by=(counted.c.known.desc(), counted.c.account_id))
            .label("place"),
            func.count().over(partition_by=counted.c.tag_id).label("sharing"),
        )
        .where(counted.c.account_id.in_(sharers))
        .subquery()
    )
    shown_or_worked = ranked.c.place <= PATHS_SHOWN
    if workers:
        shown_or_worked = or_(shown_or_worked, ranked.c.account_id.in_(sorted(workers)))
    knowing = select(ranked.c.tag_id, ranked.c.account_id, ranked.c.known, ranked.c.sharing).where(shown_or_worked)
    knows: dict[tuple[int, int], int] = {}
    sharing: dict[int, int] = {}
    for tag_id, account_id, known, total in (await session.execute(knowing)).all():
        knows[(tag_id, account_id)] = known
        sharing[tag_id] = total

    candidates: dict[int, list[tuple[int, int | None, list[Job]]]] = defaultdict(list)
    for tag_id, _, _ in companies:
        for account_id in {account for tag, account in jobs if tag == tag_id} | {
            account for tag, account in knows if tag == tag_id
        }:
            candidates[tag_id].append((account_id, knows.get((tag_id, account_id)), jobs.get((tag_id, account_id), [])))
    shown: dict[int, list[tuple[int, int | None, list[Job]]]] = {}
    more: dict[int, int] = {}
    for tag_id, found in candidates.items():
        # Someone there now first, then who knows the most people there, then who worked there.
        found.sort(key=lambda item: (not any(job.end_year is None for job in item[2]), -(item[1] or 0), not item[2]))
        shown[tag_id] = found[:PATHS_SHOWN]
        # Every sharer who also worked there was read above: those who only worked there add to the sharers.
        worked_only = sum(1 for tag, account in jobs if tag == tag_id and (tag, account) not in knows)
        more[tag_id] = max(0, sharing.get(tag_id, 0) + worked_only - len(shown[tag_id]))
    people_shown = sorted({account_id for found in shown.values() for account_id, _, _ in found})
    people: dict[int, tuple[uuid.UUID, str]] = {}
    groups_of: dict[int, list[int]] = defaultdict(list)
    shared_in: dict[int, list[int]] = defaultdict(list)
    paused_in: dict[int, set[int]] = defaultdict(set)
    if people_shown:
        for account_id, person_id, name, group_id, shared_at, paused_at in (
            await session.execute(
                select(
                    Account.id,
                    Account.public_id,
                    Account.display_name,
                    theirs.group_id,
                    ReachShare.shared_at,
                    theirs.introductions_paused_at,
                )
                .join(theirs, theirs.account_id == Account.id)
                .outerjoin(
                    ReachShare,
                    and_(
                        ReachShare.account_id == Account.id,
                        ReachShare.group_id == theirs.group_id,
                        share_is_current(theirs),
                    ),
                )
                .where(Account.id.in_(people_shown), *fellow_rule)
                .order_by(theirs.group_id)
            )
        ).all():
            people[account_id] = (person_id, name)
            groups_of[account_id].append(group_id)
            if shared_at is not None:
                shared_in[account_id].append(group_id)
            if paused_at is not None:
                paused_in[account_id].add(group_id)
    result = []
    for tag_id, name, label in companies:
        paths = []
        for account_id, known, worked in shown.get(tag_id, []):
            if account_id not in people:
                continue
            person_id, person_name = people[account_id]
            # Asking goes through a group where the count was shared, when it is a count.
            through = shared_in[account_id] if known and not worked else groups_of[account_id]
            paths.append(
                Path(
                    account_id,
                    person_id,
                    person_name,
                    sorted(group_names[group_id] for group_id in groups_of[account_id]),
                    group_ids=[*through, *(g for g in groups_of[account_id] if g not in through)],
                    works_there=any(job.end_year is None for job in worked),
                    jobs=worked,
                    knows=known,
                    paused=all(group_id in paused_in[account_id] for group_id in through),
                )
            )
        paths.sort(key=lambda path: (not path.works_there, -(path.knows or 0), not path.jobs, path.name.casefold()))
        result.append(CompanyReach(tag_id, name, label, paths, more.get(tag_id, 0)))
    return Reach(result, True)


async def company_tag(session: AsyncSession, name: str) -> Tag | None:
    return (
        await session.execute(select(Tag).where(Tag.kind == TagKind.company, Tag.name == canonical(name)))
    ).scalar_one_or_none()
