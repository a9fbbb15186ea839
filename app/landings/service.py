"""Landings: a member tells the group they found their next job. Their profile moves to "landed",
the introduction that helped (if one did) is credited with a hire, the facilitators are told, the
group may celebrate it on its wall of successes (only when the person says so), and the person is
invited to help newcomers as an alumnus. Every function checks the caller's right to do it.

Reading lives in `listing.py` and is re-exported here, so pages and the API call one module.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import InvalidInput, NotFound
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import MEMBERS_ONLY, facilitators, require_active_member
from app.introductions import service as introductions
from app.introductions.models import Introduction, IntroductionOutcome, IntroductionStatus, Outcome
from app.landings.listing import (
    LANDING_NOT_FOUND,
    WALL_PAGE_SIZE,
    IntroductionChoice,
    LandingEntry,
    LandingPage,
    connected_introductions,
    group_landings,
    my_landing,
    my_landings,
    short_name,
    wall,
)
from app.landings.models import Landing
from app.landings.schemas import HELPED_BY_LABELS, HelpIn, LandingIn
from app.notifications import service as notifications
from app.pagination import PageParams
from app.profiles.models import Profile, Stage, StageChange
from app.profiles.schemas import ProfileUpdate
from app.profiles.service import find_profile, profile_for, set_stage, update_profile
from app.webhooks import events as webhooks

__all__ = [
    "LANDING_NOT_FOUND",
    "WALL_PAGE_SIZE",
    "IntroductionChoice",
    "LandingEntry",
    "LandingPage",
    "LandingDetail",
    "ReportForm",
    "connected_introductions",
    "group_landings",
    "my_landing",
    "my_landings",
    "short_name",
    "wall",
    "report_form",
    "edit_form",
    "landing_detail",
    "report_landing",
    "update_landing",
    "withdraw_landing",
    "offer_help",
]

NOT_YOUR_INTRODUCTION = "Please choose one of your connected introductions in this group."
# The same news twice this soon is one landing sent twice (a double click, a retried request).
DUPLICATE_WINDOW = timedelta(hours=1)
_EDITABLE = ("role", "company", "start_date", "helped_by", "introduction_id", "story", "on_wall")


@dataclass
class ReportForm:
    """What the "I landed" form offers: the introductions one may credit, and one's earlier reports."""

    introductions: list[IntroductionChoice]
    mine: list[LandingEntry]


@dataclass
class LandingDetail:
    """One's own landing, with what the congratulations page says around it."""

    entry: LandingEntry
    introduction_with: str | None
    can_help_with: str
    facilitator_names: list[str]


@dataclass
class _Credit:
    """The introduction a landing credits, and what the person had said came of it so far."""

    id: int
    public_id: uuid.UUID
    other_name: str
    outcome: Outcome | None
    note: str


# --- what the pages show ------------------------------------------------------------------------


async def report_form(session: AsyncSession, account: Account, group: Group) -> ReportForm:
    await require_active_member(session, account, group)
    mine = await my_landings(session, account, PageParams(limit=20), group)
    return ReportForm(await connected_introductions(session, account, group), mine.items)


async def groups_to_tell(session: AsyncSession, account: Account) -> list[Group]:
    """For someone whose profile says they landed but who has told no group yet: the groups they
    are an active member of, by name, each of which they could tell (none once they have told one)."""
    if (await session.execute(select(Landing.id).where(Landing.account_id == account.id).limit(1))).first():
        return []
    statement = (
        select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.account_id == account.id, Membership.status == MembershipStatus.active)
        .order_by(Group.name, Group.id)
    )
    return list((await session.execute(statement)).scalars())


async def _own(
    session: AsyncSession, account: Account, landing_id: uuid.UUID, *, lock: bool = False
) -> tuple[Landing, Group]:
    statement = (
        select(Landing, Group)
        .join(Group, Group.id == Landing.group_id)
        .where(Landing.public_id == landing_id, Landing.account_id == account.id)
    )
    if lock:
        statement = statement.with_for_update(of=Landing).execution_options(populate_existing=True)
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        raise NotFound(LANDING_NOT_FOUND)
    return row[0], row[1]


async def edit_form(
    session: AsyncSession, account: Account, landing_id: uuid.UUID
) -> tuple[LandingEntry, Group, list[IntroductionChoice]]:
    _, group = await _own(session, account, landing_id)
    entry = await my_landing(session, account, landing_id)
    return entry, group, await connected_introductions(session, account, group)


async def landing_detail(session: AsyncSession, account: Account, landing_id: uuid.UUID) -> LandingDetail:
    _, group = await _own(session, account, landing_id)
    entry = await my_landing(session, account, landing_id)
    introduction_with = None
    if entry.introduction_id is not None:
        found = await connected_introductions(session, account, group, introduction_id=entry.introduction_id)
        introduction_with = found[0].other_name if found else None
    profile = await find_profile(session, account)
    names = [
        membership.account.display_name
        for membership in await facilitators(session, group)
        if membership.account_id != account.id
    ]
    return LandingDetail(entry, introduction_with, profile.can_help_with if profile else "", names)


# --- reporting, correcting, withdrawing ---------------------------------------------------------


async def _lock_membership(session: AsyncSession, account: Account, group: Group) -> Membership:
    """The reporter's active membership, locked, so that one person's reports happen one at a time."""
    statement = (
        select(Membership)
        .where(Membership.group_id == group.id, Membership.account_id == account.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    membership = (await session.execute(statement)).scalar_one_or_none()
    if membership is None or membership.status != MembershipStatus.active:
        raise NotFound(MEMBERS_ONLY)
    return membership


async def _just_reported(session: AsyncSession, account: Account, group: Group, data: LandingIn) -> Landing | None:
    statement = (
        select(Landing)
        .where(
            Landing.account_id == account.id,
            Landing.group_id == group.id,
            func.lower(Landing.role) == data.role.lower(),
            func.lower(Landing.company) == data.company.lower(),
            Landing.created_at >= utcnow() - DUPLICATE_WINDOW,
        )
        .order_by(Landing.created_at.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def _credited(
    session: AsyncSession, account: Account, group: Group, introduction_id: uuid.UUID | None
) -> _Credit | None:
    """The introduction the person credits: one of their own connected ones in the landing's group."""
    if introduction_id is None:
        return None
    other_id = case((Introduction.person_a_id == account.id, Introduction.person_b_id), else_=Introduction.person_a_id)
    row = (
        await session.execute(
            select(
                Introduction.id,
                Introduction.public_id,
                Account.display_name,
                IntroductionOutcome.outcome,
                IntroductionOutcome.note,
            )
            .join(Account, Account.id == other_id)
            .outerjoin(
                IntroductionOutcome,
                and_(
                    IntroductionOutcome.introduction_id == Introduction.id, IntroductionOutcome.account_id == account.id
                ),
            )
            .where(
                Introduction.public_id == introduction_id,
                Introduction.group_id == group.id,
                Introduction.status == IntroductionStatus.connected,
                or_(Introduction.person_a_id == account.id, Introduction.person_b_id == account.id),
            )
        )
    ).one_or_none()
    if row is None:
        raise InvalidInput(NOT_YOUR_INTRODUCTION, field_errors={"introduction_id": NOT_YOUR_INTRODUCTION})
    return _Credit(row[0], row[1], row[2], row[3], row[4] or "")


async def _credit_hire(session: AsyncSession, account: Account, credit: _Credit) -> None:
    """The introduction led to a hire, as the person says; what they had noted about it is kept."""
    if credit.outcome != Outcome.hire:
        await introductions.record_outcome(session, account, credit.public_id, Outcome.hire, credit.note)


async def _tell_facilitators(
    session: AsyncSession, account: Account, group: Group, landing: Landing, credit: _Credit | None
) -> None:
    context = {
        "person": account.display_name,
        "group": group.name,
        "role": landing.role,
        "company": landing.company,
        "start_date": landing.start_date.strftime("%B %-d, %Y") if landing.start_date else "",
        "helped": HELPED_BY_LABELS[landing.helped_by],
        "introduction_with": credit.other_name if credit else "",
        "story": landing.story,
        "on_wall": landing.on_wall,
        "link": links.absolute(links.person(group.slug, account.public_id)),
        "wall_link": links.absolute(links.group(group.slug, "wall")),
    }
    for membership in await facilitators(session, group):
        if membership.account_id != account.id:
            await notifications.queue_email(
                session,
                to=membership.account.email,
                template="landing_reported",
                context={**context, "name": membership.account.display_name},
            )


async def report_landing(session: AsyncSession, account: Account, group: Group, data: LandingIn) -> Landing:
    """An active member reports that they landed. Reporting the same job again within the hour
    gives back the first report instead of a second one."""
    await _lock_membership(session, account, group)
    earlier = await _just_reported(session, account, group, data)
    if earlier is not None:
        return earlier
    credit = await _credited(session, account, group, data.introduction_id)
    landing = Landing(
        account_id=account.id,
        group_id=group.id,
        role=data.role,
        company=data.company,
        start_date=data.start_date,
        helped_by=data.helped_by,
        introduction_id=credit.id if credit else None,
        story=data.story,
        on_wall=data.on_wall,
    )
    session.add(landing)
    await session.flush()
    profile = await profile_for(session, account)
    if profile.stage != Stage.landed:
        await set_stage(session, profile, Stage.landed)
    if credit is not None:
        await _credit_hire(session, account, credit)
    await _tell_facilitators(session, account, group, landing, credit)
    await webhooks.emit(session, group, "member.landed", webhooks.landed(landing, account))
    audit.record(
        session,
        account,
        "landing.reported",
        group_id=group.id,
        target=str(landing.public_id),
        helped_by=landing.helped_by.value,
        on_wall=landing.on_wall,
    )
    await session.flush()
    return landing


async def update_landing(session: AsyncSession, account: Account, landing_id: uuid.UUID, data: LandingIn) -> Landing:
    """The person corrects their landing (or takes it off the wall); a newly credited introduction
    is credited with the hire."""
    landing, group = await _own(session, account, landing_id, lock=True)
    credit = await _credited(session, account, group, data.introduction_id)
    before = {name: getattr(landing, name) for name in _EDITABLE}
    landing.role, landing.company, landing.start_date = data.role, data.company, data.start_date
    landing.helped_by, landing.story, landing.on_wall = data.helped_by, data.story, data.on_wall
    landing.introduction_id = credit.id if credit else None
    changed = sorted(name for name in _EDITABLE if getattr(landing, name) != before[name])
    if credit is not None and before["introduction_id"] != credit.id:
        await _credit_hire(session, account, credit)
    if changed:
        audit.record(
            session, account, "landing.updated", group_id=group.id, target=str(landing.public_id), fields=changed
        )
    await session.flush()
    return landing


async def _step_back_from_landed(session: AsyncSession, account: Account) -> None:
    """With no landing left, a profile that says "landed" goes back to the stage before it."""
    if (await session.execute(select(Landing.id).where(Landing.account_id == account.id).limit(1))).first():
        return
    profile = await find_profile(session, account)
    if profile is None or profile.stage != Stage.landed:
        return
    previous = (
        await session.execute(
            select(StageChange.stage)
            .where(StageChange.profile_id == profile.id, StageChange.stage != Stage.landed)
            .order_by(StageChange.changed_at.desc(), StageChange.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    await set_stage(session, profile, previous or Stage.searching)


async def withdraw_landing(session: AsyncSession, account: Account, landing_id: uuid.UUID) -> Group:
    """The person takes their landing back (the job fell through, or it was a mistake): it leaves the
    wall and the group's numbers. What they said about an introduction stays theirs to change."""
    landing, group = await _own(session, account, landing_id, lock=True)
    public_id = landing.public_id
    await session.delete(landing)
    await session.flush()
    await _step_back_from_landed(session, account)
    audit.record(session, account, "landing.withdrawn", group_id=group.id, target=str(public_id))
    await session.flush()
    return group


async def offer_help(session: AsyncSession, account: Account, landing_id: uuid.UUID, data: HelpIn) -> Profile:
    """How an alumnus could help newcomers, said from their landing's page: their profile's "can help
    with", which the matching engine reads when it looks for helpers."""
    await _own(session, account, landing_id)
    return await update_profile(session, account, ProfileUpdate(can_help_with=data.can_help_with))
