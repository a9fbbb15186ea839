"""The neglect radar: members at risk of being left out, why, and what a facilitator can do.

Each rule is one SQL statement (aggregates, not loops over rows), so the radar costs the same for
twenty members or two thousand. The words describe what happened, never judge the person.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, exists, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app import links
from app.accounts.models import Account
from app.dashboard.models import RadarAction, RadarActionKind
from app.db import utcnow
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.introductions.models import Answer, Introduction, IntroductionStatus
from app.meetings.models import Attendance, Meeting, MeetingStatus
from app.photos.service import member_visible_photos
from app.profiles.models import PastCompany, Profile, ProfileTag


class _Who(NamedTuple):
    id: int
    public_id: uuid.UUID
    display_name: str
    email: str


class RiskKind(StrEnum):
    no_connection = "no_connection"
    stopped_attending = "stopped_attending"
    unanswered_introduction = "unanswered_introduction"
    empty_profile = "empty_profile"
    waiting_for_approval = "waiting_for_approval"


@dataclass
class Risk:
    kind: RiskKind
    detail: str
    since: datetime | None
    action_label: str
    # Where the action leads, written when read: the rules notice hundreds, a page shows a dozen.
    action: Callable[[], str] = field(repr=False)

    @property
    def action_url(self) -> str:
        return self.action()


@dataclass
class Done:
    """Something a facilitator did about a person on the radar, so that nobody does it twice."""

    what: str  # "Note sent", "Introduction proposed"
    by: str
    at: datetime


@dataclass
class PersonAtRisk:
    person_id: uuid.UUID
    name: str
    email: str
    risks: list[Risk] = field(default_factory=list)
    done: list[Done] = field(default_factory=list)
    # Set aside by a facilitator until then, with why.
    snoozed_until: datetime | None = None
    snooze_reason: str = ""
    snoozed_by: str = ""
    photo_id: uuid.UUID | None = None


def _days(moment: datetime | None, now: datetime) -> int:
    return (now - moment).days if moment else 0


def _weeks(days: int) -> str:
    """A span as people say it: "10 days", "3 weeks", "5 months", "over a year"."""
    if days < 14:
        return f"{days} days"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 365:
        return f"{days // 30} months"
    return "over a year" if days < 730 else f"over {days // 365} years"


# Who the radar noticed: the few columns it shows (Core rows, not Account entities: the rules may
# notice hundreds of people).
WHO = (Account.id, Account.public_id, Account.display_name, Account.email)
Noticed = list[tuple[_Who, Risk]]


def _who(row: Any) -> _Who:
    return _Who(row[0], row[1], row[2], row[3])


async def at_risk(
    session: AsyncSession, group: Group, now: datetime | None = None, *, detailed: int | None = None
) -> list[PersonAtRisk]:
    """Everyone the radar notices in `group`, the longest-waiting first. Facilitators only (the
    caller checks); never shown to members. With `detailed`, only the first that many of those not
    set aside (and everyone set aside) get the introduction last proposed to them and their photo:
    what a page shows, not the hundreds it counts."""
    now = now or utcnow()
    people: dict[int, PersonAtRisk] = {}
    for rule in RULES:
        for who, risk in await rule(session, group, now):
            person = people.get(who.id)
            if person is None:
                person = people[who.id] = PersonAtRisk(who.public_id, who.display_name, who.email)
            person.risks.append(risk)
    await _notes_and_snoozes(session, group, people, now)
    account_of = {person.person_id: account_id for account_id, person in people.items()}
    ordered = sorted(people.values(), key=lambda p: (min((r.since or now) for r in p.risks), p.name, str(p.person_id)))
    shown = ordered
    if detailed is not None:
        noticed = [person for person in ordered if person.snoozed_until is None]
        shown = noticed[:detailed] + [person for person in ordered if person.snoozed_until is not None]
    details = {account_of[person.person_id]: person for person in shown}
    await _introductions_proposed(session, group, details)
    for account_id, photo_id in (await member_visible_photos(session, details.keys())).items():
        details[account_id].photo_id = photo_id
    return ordered


def _active_members() -> Select:
    return (
        select(*WHO, Membership.joined_at)
        .join(Membership, Membership.account_id == Account.id)
        .where(Membership.status == MembershipStatus.active, Membership.role == Role.member)
    )


async def _no_connection(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Past the first days without a connection: proposals that expired or are still waiting do not
    count, only an introduction both accepted."""
    connected = exists().where(
        Introduction.group_id == group.id,
        Introduction.status == IntroductionStatus.connected,
        or_(Introduction.person_a_id == Account.id, Introduction.person_b_id == Account.id),
    )
    proposed = (
        select(func.count())
        .where(
            Introduction.group_id == group.id,
            or_(Introduction.person_a_id == Account.id, Introduction.person_b_id == Account.id),
        )
        .correlate(Account)
        .scalar_subquery()
    )
    cutoff = now - timedelta(days=group.radar_no_connection_days)
    noticed = []
    for row in (
        await session.execute(
            select(*WHO, Membership.joined_at, proposed)
            .join(Membership, Membership.account_id == Account.id)
            .where(
                Membership.group_id == group.id,
                Membership.status == MembershipStatus.active,
                Membership.role == Role.member,
                Membership.joined_at < cutoff,
                Membership.introductions_paused_at.is_(None),
                ~connected,
            )
            .order_by(Membership.joined_at)
        )
    ).all():
        account, joined_at, proposals = _who(row), row[4], row[5]
        so_far = (
            "no introductions yet"
            if not proposals
            else f"{proposals} introduction{'s' if proposals > 1 else ''} proposed, none connected yet"
        )
        noticed.append(
            (
                account,
                Risk(
                    RiskKind.no_connection,
                    f"Joined {_weeks(_days(joined_at, now))} ago; {so_far}",
                    joined_at,
                    "See whom to introduce them to",
                    partial(links.group, group.slug, "introductions", "suggestions", person=account.public_id),
                ),
            )
        )
    return noticed


async def _stopped_attending(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Came to meetings, then missed the last few."""
    recent = (
        select(Meeting.starts_at)
        .where(Meeting.group_id == group.id, Meeting.status == MeetingStatus.scheduled, Meeting.starts_at < now)
        .order_by(Meeting.starts_at.desc())
        .offset(group.radar_missed_meetings - 1)
        .limit(1)
    )
    earliest_of_recent = (await session.execute(recent)).scalar_one_or_none()
    if earliest_of_recent is None:
        return []
    last_seen = func.max(Meeting.starts_at)
    # Seen at none of the recent meetings (an anti-join over their few check-ins), so that only the
    # people noticed have their whole history counted, not the whole group's.
    recent_meeting = aliased(Meeting)
    seen_lately = (
        select(Attendance.id)
        .join(recent_meeting, recent_meeting.id == Attendance.meeting_id)
        .where(
            Attendance.account_id == Account.id,
            recent_meeting.group_id == group.id,
            recent_meeting.starts_at >= earliest_of_recent,
        )
        .correlate(Account)
    )
    rows = await session.execute(
        select(*WHO, func.count(Attendance.id), last_seen)
        .join(Attendance, Attendance.account_id == Account.id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Membership, and_(Membership.account_id == Account.id, Membership.group_id == group.id))
        .where(
            Meeting.group_id == group.id,
            Membership.status == MembershipStatus.active,
            Membership.role == Role.member,
            ~seen_lately.exists(),
        )
        .group_by(Account.id)
        .order_by(last_seen)
    )
    return [
        (
            _who(row),
            Risk(
                RiskKind.stopped_attending,
                f"Came {'once' if row[4] == 1 else f'{row[4]} times'}; not at the last "
                f"{group.radar_missed_meetings} meetings",
                row[5],
                "Write a check-in email",
                partial(links.group, group.slug, "manage", "check-in", row.public_id),
            ),
        )
        for row in rows.all()
    ]


async def _unanswered_introduction(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """An introduction waiting for their answer for days."""
    unanswered_since = now - timedelta(days=group.radar_unanswered_days)
    noticed = []
    for side, answer in (
        (Introduction.person_a_id, Introduction.a_answer),
        (Introduction.person_b_id, Introduction.b_answer),
    ):
        rows = await session.execute(
            select(*WHO, func.min(Introduction.created_at), func.count(Introduction.id))
            .join(Introduction, side == Account.id)
            .where(
                Introduction.group_id == group.id,
                Introduction.status == IntroductionStatus.proposed,
                answer == Answer.pending,
                Introduction.created_at < unanswered_since,
            )
            .group_by(Account.id)
        )
        for row in rows.all():
            oldest, count = row[4], row[5]
            what = "an introduction" if count == 1 else f"{count} introductions"
            noticed.append(
                (
                    _who(row),
                    Risk(
                        RiskKind.unanswered_introduction,
                        f"Has not yet answered {what} proposed {_days(oldest, now)} days ago",
                        oldest,
                        "See the introductions",
                        partial(links.group, group.slug, "introductions", status="proposed"),
                    ),
                )
            )
    return noticed


async def _empty_profile(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Still an empty profile after the first week."""
    tagged = exists().where(ProfileTag.profile_id == Profile.id)
    worked = exists().where(PastCompany.profile_id == Profile.id)
    empty = or_(
        Profile.id.is_(None),
        and_(Profile.headline == "", Profile.looking_for == "", Profile.can_help_with == "", ~tagged, ~worked),
    )
    rows = await session.execute(
        _active_members()
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(
            Membership.group_id == group.id,
            Membership.joined_at < now - timedelta(days=group.radar_empty_profile_days),
            empty,
        )
        .order_by(Membership.joined_at)
    )
    return [
        (
            _who(row),
            Risk(
                RiskKind.empty_profile,
                f"Profile still empty {_weeks(_days(row.joined_at, now))} after joining",
                row.joined_at,
                "Send a friendly note",
                partial(links.group, group.slug, "manage", "check-in", row.public_id, about="profile"),
            ),
        )
        for row in rows.all()
    ]


async def _waiting_for_approval(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Waiting for a facilitator's answer to join."""
    rows = await session.execute(
        select(*WHO, Membership.created_at)
        .join(Membership, Membership.account_id == Account.id)
        .where(
            Membership.group_id == group.id,
            Membership.status == MembershipStatus.pending,
            Account.email_verified_at.is_not(None),
            Membership.created_at < now - timedelta(days=group.radar_pending_days),
        )
        .order_by(Membership.created_at)
    )
    return [
        (
            _who(row),
            Risk(
                RiskKind.waiting_for_approval,
                f"Waiting {_days(row.created_at, now)} days for an answer to join",
                row.created_at,
                "Answer the request",
                partial(links.group, group.slug, "manage", "requests"),
            ),
        )
        for row in rows.all()
    ]


# In the order the radar shows a person's reasons.
RULES = (_no_connection, _stopped_attending, _unanswered_introduction, _empty_profile, _waiting_for_approval)


async def _notes_and_snoozes(
    session: AsyncSession, group: Group, people: dict[int, PersonAtRisk], now: datetime
) -> None:
    """The latest note sent to each person and any snooze still running: one statement, whatever
    the number of people."""
    if not people:
        return
    # The whole group's actions, filtered here: a list of hundreds of ids costs more to send and
    # plan than the group's few actions.
    by = aliased(Account)
    for action, name in (
        await session.execute(
            select(RadarAction, by.display_name)
            .outerjoin(by, by.id == RadarAction.by_account_id)
            .where(RadarAction.group_id == group.id)
            .order_by(RadarAction.created_at.desc(), RadarAction.id.desc())
        )
    ).all():
        person = people.get(action.account_id)
        if person is None:
            continue
        if action.kind == RadarActionKind.note_sent and not any(d.what == "Note sent" for d in person.done):
            person.done.append(Done("Note sent", name or "A facilitator", action.created_at))
        elif (
            action.kind == RadarActionKind.snoozed
            and person.snoozed_until is None
            and action.snoozed_until
            and action.snoozed_until > now
        ):
            person.snoozed_until, person.snooze_reason = action.snoozed_until, action.note
            person.snoozed_by = name or "A facilitator"


async def _introductions_proposed(session: AsyncSession, group: Group, people: dict[int, PersonAtRisk]) -> None:
    """The latest introduction proposed to each of `people` in the group, and by whom: one statement."""
    if not people:
        return
    ids = sorted(people)
    sides = union_all(
        *(
            select(
                side.label("person"),
                Introduction.created_at,
                Introduction.id,
                Introduction.proposed_by_account_id.label("proposer"),
            ).where(Introduction.group_id == group.id, side.in_(ids))
            for side in (Introduction.person_a_id, Introduction.person_b_id)
        )
    ).subquery()
    ranked = select(
        sides.c.person,
        sides.c.created_at,
        sides.c.proposer,
        func.row_number()
        .over(partition_by=sides.c.person, order_by=(sides.c.created_at.desc(), sides.c.id.desc()))
        .label("place"),
    ).subquery()
    proposer = aliased(Account)
    for account_id, created_at, name in (
        await session.execute(
            select(ranked.c.person, ranked.c.created_at, proposer.display_name)
            .outerjoin(proposer, proposer.id == ranked.c.proposer)
            .where(ranked.c.place == 1)
        )
    ).all():
        if account_id in people:
            people[account_id].done.append(Done("Introduction proposed", name or "A facilitator", created_at))
