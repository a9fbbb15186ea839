"""For a group's facilitators: the companies members aim for most, and how many of those members
have a warm path there in the group, so that a meeting can focus on the gaps. Counts only: no
member is named, and no contact ever."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.contacts.models import Contact
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import require_facilitator
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Tag
from app.reach.models import ReachShare
from app.reach.service import open_to_members, share_is_current

MOST_COMPANIES = 25


@dataclass
class CompanyGap:
    company: str
    aiming: int  # active members with the company on their list
    with_path: int  # of them, those with a warm path in this group


async def group_targets(session: AsyncSession, actor: Account, group: Group) -> list[CompanyGap]:
    """The companies most aimed for in the group, with how many of those members have a warm path
    there (someone else in the group who works or worked there, or who shared their reach with the
    group and knows people there). Three statements, whatever the number of members or contacts."""
    await require_facilitator(session, actor, group)
    active = and_(Membership.group_id == group.id, Membership.status == MembershipStatus.active)
    aimers = (
        await session.execute(
            select(ProfileTag.tag_id, Tag.label, Profile.account_id)
            .join(Tag, Tag.id == ProfileTag.tag_id)
            .join(Profile, Profile.id == ProfileTag.profile_id)
            .join(Membership, Membership.account_id == Profile.account_id)
            .where(active, ProfileTag.relation == ProfileTagRelation.target_company)
        )
    ).all()
    if not aimers:
        return []
    aiming: dict[int, set[int]] = defaultdict(set)
    labels: dict[int, str] = {}
    for tag_id, label, account_id in aimers:
        aiming[tag_id].add(account_id)
        labels[tag_id] = label
    top = sorted(aiming, key=lambda tag_id: (-len(aiming[tag_id]), labels[tag_id].casefold()))[:MOST_COMPANIES]
    helpers: dict[int, set[int]] = defaultdict(set)
    workers = await session.execute(
        select(PastCompany.tag_id, Profile.account_id)
        .join(Profile, Profile.id == PastCompany.profile_id)
        .join(Membership, Membership.account_id == Profile.account_id)
        .where(active, PastCompany.tag_id.in_(top), open_to_members("past_companies"))
        .distinct()
    )
    for tag_id, account_id in workers.all():
        helpers[tag_id].add(account_id)
    # Whether anyone else can help needs only two helpers a company: per company, the first two
    # sharers with a contact there, each an index lookup, rather than a count of every contact.
    sharers = (
        select(ReachShare.account_id)
        .join(
            Membership,
            and_(Membership.account_id == ReachShare.account_id, Membership.group_id == ReachShare.group_id),
        )
        .where(
            ReachShare.group_id == group.id, Membership.status == MembershipStatus.active, share_is_current(Membership)
        )
        .subquery()
    )
    firsts = [
        select(literal(tag_id).label("tag_id"), sharers.c.account_id)
        .where(
            select(Contact.id)
            .where(Contact.company_tag_id == tag_id, Contact.account_id == sharers.c.account_id)
            .exists()
        )
        .limit(2)
        .subquery()
        for tag_id in top
    ]
    knowers = await session.execute(union_all(*(select(first.c.tag_id, first.c.account_id) for first in firsts)))
    for known_tag_id, account_id in knowers.all():
        helpers[known_tag_id].add(account_id)
    return [
        CompanyGap(
            company=labels[tag_id],
            aiming=len(aiming[tag_id]),
            with_path=sum(1 for person in aiming[tag_id] if helpers[tag_id] - {person}),
        )
        for tag_id in top
    ]
