"""The facilitator's dashboard: where this week's hour matters most."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Integer, Select, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.dashboard.models import RadarAction, RadarActionKind
from app.dashboard.radar import PersonAtRisk, RiskKind, at_risk
from app.dashboard.schemas import CheckInEmail, RadarSettings, Snooze
from app.db import utcnow
from app.errors import NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.introductions.models import Introduction, IntroductionRequest, IntroductionStatus, RequestStatus
from app.landings.models import Landing
from app.meetings.models import Meeting, Rsvp
from app.meetings.service import next_meeting
from app.notifications import service as notifications


@dataclass
class RecentLanding:
    name: str
    role: str
    company: str
    landing: Landing


# The people the dashboard's radar lists in full before "Show all".
RADAR_SHOWN = 12


@dataclass
class Overview:
    group: Group
    next_meeting: Meeting | None
    answers: dict[str, int]
    pending_approvals: int
    introductions_waiting: int
    open_requests: int
    recent_landings: list[RecentLanding]
    radar: list[PersonAtRisk]
    # Active members the radar watches (facilitators aside): with none, an empty radar means nothing.
    members: int


# The dashboard's statements, built once (a request binds the group or meeting): building them,
# and their cache keys, cost more than running them.
_GROUP = bindparam("group_id", type_=Integer)
_ANSWERS = (
    select(Rsvp.status, func.count())
    .where(Rsvp.meeting_id == bindparam("meeting_id", type_=Integer))
    .group_by(Rsvp.status)
)


def _counts() -> Select:
    """Waiting to join, introductions waiting for answers, open requests, active members: one statement."""
    pending = (
        select(func.count())
        .select_from(Membership)
        .join(Account, Account.id == Membership.account_id)
        .where(
            Membership.group_id == _GROUP,
            Membership.status == MembershipStatus.pending,
            Account.email_verified_at.is_not(None),
        )
        .scalar_subquery()
    )
    waiting = (
        select(func.count())
        .select_from(Introduction)
        .where(Introduction.group_id == _GROUP, Introduction.status == IntroductionStatus.proposed)
        .scalar_subquery()
    )
    requests = (
        select(func.count())
        .select_from(IntroductionRequest)
        .where(IntroductionRequest.group_id == _GROUP, IntroductionRequest.status == RequestStatus.open)
        .scalar_subquery()
    )
    members = (
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.group_id == _GROUP,
            Membership.status == MembershipStatus.active,
            Membership.role == Role.member,
        )
        .scalar_subquery()
    )
    return select(pending, waiting, requests, members)


_COUNTS = _counts()
_RECENT_LANDINGS = (
    select(Landing, Account.display_name)
    .join(Account, Account.id == Landing.account_id)
    .where(Landing.group_id == _GROUP, Account.deleted_at.is_(None))
    .order_by(Landing.created_at.desc())
    .limit(5)
)


async def overview(
    session: AsyncSession, actor: Account, group: Group, *, radar_shown: int | None = RADAR_SHOWN
) -> Overview:
    """Everything on the dashboard in a fixed number of statements, whatever the group's size; the
    radar's details for the first `radar_shown` people it noticed (None: for everyone)."""
    await require_facilitator(session, actor, group)
    meeting = await next_meeting(session, group)
    answers: dict[str, int] = {}
    if meeting is not None:
        answers = {
            status.value: count for status, count in (await session.execute(_ANSWERS, {"meeting_id": meeting.id})).all()
        }
    counts = (await session.execute(_COUNTS, {"group_id": group.id})).one()
    landings = [
        RecentLanding(name, landing.role, landing.company, landing)
        for landing, name in (await session.execute(_RECENT_LANDINGS, {"group_id": group.id})).all()
    ]
    return Overview(
        group,
        meeting,
        answers,
        counts[0],
        counts[1],
        counts[2],
        landings,
        await at_risk(session, group, detailed=radar_shown),
        counts[3],
    )


async def radar(session: AsyncSession, actor: Account, group: Group) -> list[PersonAtRisk]:
    await require_facilitator(session, actor, group)
    return await at_risk(session, group)


async def check_in_recipient(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID) -> Account:
    await require_facilitator(session, actor, group)
    person = (
        await session.execute(
            select(Account)
            .join(Membership, Membership.account_id == Account.id)
            .where(
                Account.public_id == person_id,
                Membership.group_id == group.id,
                Membership.status == MembershipStatus.active,
            )
        )
    ).scalar_one_or_none()
    if person is None:
        raise NotFound("This person is not an active member of the group.")
    return person


def check_in_draft(actor: Account, group: Group, person: Account, about: str) -> CheckInEmail:
    first = person.display_name.split()[0] if person.display_name.strip() else "there"
    if about == "profile":
        return CheckInEmail(
            subject=f"A hand with your {group.name} profile?",
            body=(
                f"Hi {first},\n\nI hope your search is going as well as it can. I noticed your profile on Between is "
                "still empty, and I would love to introduce you to people who can help. Two lines about what you are "
                f"looking for would be enough: {links.absolute(links.profile())}\n\n"
                f"If you would rather talk it through, just reply.\n\n{actor.display_name}"
            ),
        )
    return CheckInEmail(
        subject=f"We miss you at {group.name}",
        body=(
            f"Hi {first},\n\nWe have not seen you at the last few meetings and I wanted to check in — "
            "no pressure at all. How is the search going? If anything would make it easier to come back, "
            "or if there is someone you would like to meet, tell me.\n\n"
            f"{actor.display_name}"
        ),
    )


async def send_check_in(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, email: CheckInEmail, about: str = ""
) -> Account:
    """Queues the facilitator's own words to the member (through the outbox) and notes on the radar
    that it was sent, by whom."""
    person = await check_in_recipient(session, actor, group, person_id)
    risk = RiskKind.empty_profile if about == "profile" else RiskKind.stopped_attending
    session.add(
        RadarAction(
            group_id=group.id, account_id=person.id, kind=RadarActionKind.note_sent, risk=risk, by_account_id=actor.id
        )
    )
    await notifications.queue_email(
        session,
        to=person.email,
        template="check_in",
        context={
            "custom_subject": email.subject,
            "body": email.body,
            "facilitator": actor.display_name,
            "facilitator_email": actor.email,
            "group": group.name,
        },
    )
    audit.record(session, actor, "member.checked_in_by_email", group_id=group.id, target=str(person.public_id))
    return person


async def snooze(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, data: Snooze) -> Account:
    """Sets a person's radar entry aside for `data.days`, with the reason other facilitators will read."""
    person = await check_in_recipient(session, actor, group, person_id)
    session.add(
        RadarAction(
            group_id=group.id,
            account_id=person.id,
            kind=RadarActionKind.snoozed,
            risk=data.risk,
            note=data.reason,
            snoozed_until=utcnow() + timedelta(days=data.days),
            by_account_id=actor.id,
        )
    )
    await session.flush()
    audit.record(session, actor, "radar.snoozed", group_id=group.id, target=str(person.public_id), days=data.days)
    return person


async def wake(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID) -> Account:
    """Brings a snoozed person back onto the radar now."""
    person = await check_in_recipient(session, actor, group, person_id)
    await session.execute(
        update(RadarAction)
        .where(
            RadarAction.group_id == group.id,
            RadarAction.account_id == person.id,
            RadarAction.kind == RadarActionKind.snoozed,
            RadarAction.snoozed_until > utcnow(),
        )
        .values(snoozed_until=utcnow())
    )
    return person


async def group_settings(session: AsyncSession, actor: Account, group: Group) -> RadarSettings:
    await require_facilitator(session, actor, group)
    return RadarSettings.model_validate({name: getattr(group, name) for name in RadarSettings.model_fields})


async def update_settings(session: AsyncSession, actor: Account, group: Group, data: RadarSettings) -> Group:
    await require_facilitator(session, actor, group)
    changed = {name: value for name, value in data.model_dump().items() if getattr(group, name) != value}
    for name, value in changed.items():
        setattr(group, name, value)
    if changed:
        group.updated_at = utcnow()
        await session.flush()
        audit.record(
            session, actor, "group.settings_changed", group_id=group.id, target=group.slug, fields=sorted(changed)
        )
    return group
