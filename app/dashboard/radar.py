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

from sqlalchemy import BindParameter, Integer, Select, and_, bindparam, exists, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app import links
from app.accounts.models import Account
from app.dashboard.models import RadarAction, RadarActionKind
from app.db import utcnow
from app.groups.kept import KeptPerGroup, version_of
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
    for by_rule in await _noticed(session, group, now):
        for who, risk in by_rule:
            person = people.get(who.id)
            if person is None:
                person = people[who.id] = PersonAtRisk(who.public_id, who.display_name, who.email)
            person.risks.append(risk)
    await _notes_and_snoozes(session, group, people, now)
    account_of = {person.person_id: account_id for account_id, person in people.items()}
    # A UUID orders as its text does, without being written out for each of hundreds of people.
    ordered = sorted(people.values(), key=lambda p: (min((r.since or now) for r in p.risks), p.name, p.person_id))
    shown = ordered
    if detailed is not None:
        noticed = [person for person in ordered if person.snoozed_until is None]
        shown = noticed[:detailed] + [person for person in ordered if person.snoozed_until is not None]
    details = {account_of[person.person_id]: person for person in shown}
    await _introductions_proposed(session, group, details)
    for account_id, photo_id in (await member_visible_photos(session, details.keys())).items():
        details[account_id].photo_id = photo_id
    return ordered


# What the rules noticed in a group, kept between requests while nothing they read has changed:
# memberships, introductions, meetings and check-ins ("activity"); names, asks, offers, tags and past
# companies ("matching"); emails, their verification and headlines ("radar"); and the group's own
# radar settings and address. What a facilitator did about someone (notes, snoozes) and photos are
# read afresh. Kept for a few minutes at most (app/groups/kept.py): the rules' cut-offs move with
# the clock.
NOTICED: KeptPerGroup[list[Noticed]] = KeptPerGroup(weight=64)


async def _noticed(session: AsyncSession, group: Group, now: datetime) -> list[Noticed]:
    settings = (
        group.slug,  # in the actions' links
        group.radar_no_connection_days,
        group.radar_missed_meetings,
        group.radar_unanswered_days,
        group.radar_empty_profile_days,
        group.radar_pending_days,
    )
    version = (*await version_of(session, group, "matching", "activity", "radar"), *settings)
    kept = NOTICED.get(group.public_id, version, now)
    if kept is None:
        kept = [await rule(session, group, now) for rule in RULES]
        NOTICED.keep(group.public_id, version, kept, now)
    return kept


# Each rule's statement is built once, with its values bound per request (the group, the cut-off
# moments): building statements of this size, and their cache keys, cost more than running them.
_IN_GROUP = bindparam("group_id", type_=Integer)


def _no_connection_statement() -> Select:
    # The group's introductions, once per side: each side is an anti-join (connected) or a join
    # (proposals counted) on the account, which a hash answers for the whole group at once, where
    # "either side is this person" would be an index probe per member.
    sides = (Introduction.person_a_id, Introduction.person_b_id)
    connected = [
        ~exists().where(
            Introduction.group_id == _IN_GROUP, Introduction.status == IntroductionStatus.connected, side == Account.id
        )
        for side in sides
    ]
    in_group = union_all(*(select(side.label("person")).where(Introduction.group_id == _IN_GROUP) for side in sides))
    proposals = in_group.subquery()
    proposed = select(proposals.c.person, func.count().label("count")).group_by(proposals.c.person).subquery()
    return (
        select(*WHO, Membership.joined_at, func.coalesce(proposed.c.count, 0))
        .join(Membership, Membership.account_id == Account.id)
        .outerjoin(proposed, proposed.c.person == Account.id)
        .where(
            Membership.group_id == _IN_GROUP,
            Membership.status == MembershipStatus.active,
            Membership.role == Role.member,
            Membership.joined_at < bindparam("joined_before", type_=Membership.joined_at.type),
            Membership.introductions_paused_at.is_(None),
            *connected,
        )
        .order_by(Membership.joined_at)
    )


_NO_CONNECTION = _no_connection_statement()


async def _no_connection(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Past the first days without a connection: proposals that expired or are still waiting do not
    count, only an introduction both accepted."""
    cutoff = now - timedelta(days=group.radar_no_connection_days)
    noticed = []
    rows = await session.execute(_NO_CONNECTION, {"group_id": group.id, "joined_before": cutoff})
    for row in rows.all():
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


# The start of the last few meetings (the group's radar_missed_meetings'th most recent).
_RECENT_MEETINGS_SINCE = (
    select(Meeting.starts_at)
    .where(
        Meeting.group_id == _IN_GROUP,
        Meeting.status == MeetingStatus.scheduled,
        Meeting.starts_at < bindparam("now", type_=Meeting.starts_at.type),
    )
    .order_by(Meeting.starts_at.desc())
    .offset(bindparam("skipped", type_=Integer))
    .limit(1)
)


def _stopped_attending_statement() -> Select:
    last_seen = func.max(Meeting.starts_at)
    # Seen at none of the recent meetings (an anti-join over their few check-ins), so that only the
    # people noticed have their whole history counted, not the whole group's.
    recent_meeting = aliased(Meeting)
    seen_lately = (
        select(Attendance.id)
        .join(recent_meeting, recent_meeting.id == Attendance.meeting_id)
        .where(
            Attendance.account_id == Account.id,
            recent_meeting.group_id == _IN_GROUP,
            # Written into the statement, not bound: planned for a parameter, after a few runs of the
            # prepared statement PostgreSQL settles on a generic plan four times slower than this one.
            recent_meeting.starts_at >= bindparam("recent_since", type_=Meeting.starts_at.type, literal_execute=True),
        )
        .correlate(Account)
    )
    return (
        select(*WHO, func.count(Attendance.id), last_seen)
        .join(Attendance, Attendance.account_id == Account.id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Membership, and_(Membership.account_id == Account.id, Membership.group_id == _IN_GROUP))
        .where(
            Meeting.group_id == _IN_GROUP,
            Membership.status == MembershipStatus.active,
            Membership.role == Role.member,
            ~seen_lately.exists(),
        )
        .group_by(Account.id)
        .order_by(last_seen)
    )


_STOPPED_ATTENDING = _stopped_attending_statement()


async def _stopped_attending(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Came to meetings, then missed the last few."""
    earliest_of_recent = (
        await session.execute(
            _RECENT_MEETINGS_SINCE, {"group_id": group.id, "now": now, "skipped": group.radar_missed_meetings - 1}
        )
    ).scalar_one_or_none()
    if earliest_of_recent is None:
        return []
    rows = await session.execute(_STOPPED_ATTENDING, {"group_id": group.id, "recent_since": earliest_of_recent})
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


def _unanswered_statement(side: Any, answer: Any) -> Select:
    return (
        select(*WHO, func.min(Introduction.created_at), func.count(Introduction.id))
        .join(Introduction, side == Account.id)
        .where(
            Introduction.group_id == _IN_GROUP,
            Introduction.status == IntroductionStatus.proposed,
            answer == Answer.pending,
            Introduction.created_at < bindparam("proposed_before", type_=Introduction.created_at.type),
        )
        .group_by(Account.id)
    )


# Waiting for the first person's answer, then for the second's.
_UNANSWERED = (
    _unanswered_statement(Introduction.person_a_id, Introduction.a_answer),
    _unanswered_statement(Introduction.person_b_id, Introduction.b_answer),
)


async def _unanswered_introduction(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """An introduction waiting for their answer for days."""
    parameters = {"group_id": group.id, "proposed_before": now - timedelta(days=group.radar_unanswered_days)}
    noticed = []
    for statement in _UNANSWERED:
        for row in (await session.execute(statement, parameters)).all():
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


def _empty_profile_statement() -> Select:
    tagged = exists().where(ProfileTag.profile_id == Profile.id)
    worked = exists().where(PastCompany.profile_id == Profile.id)
    empty = or_(
        Profile.id.is_(None),
        and_(Profile.headline == "", Profile.looking_for == "", Profile.can_help_with == "", ~tagged, ~worked),
    )
    return (
        select(*WHO, Membership.joined_at)
        .join(Membership, Membership.account_id == Account.id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(
            Membership.group_id == _IN_GROUP,
            Membership.status == MembershipStatus.active,
            Membership.role == Role.member,
            Membership.joined_at < bindparam("joined_before", type_=Membership.joined_at.type),
            empty,
        )
        .order_by(Membership.joined_at)
    )


_EMPTY_PROFILE = _empty_profile_statement()


async def _empty_profile(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Still an empty profile after the first week."""
    joined_before = now - timedelta(days=group.radar_empty_profile_days)
    rows = await session.execute(_EMPTY_PROFILE, {"group_id": group.id, "joined_before": joined_before})
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


_WAITING_FOR_APPROVAL = (
    select(*WHO, Membership.created_at)
    .join(Membership, Membership.account_id == Account.id)
    .where(
        Membership.group_id == _IN_GROUP,
        Membership.status == MembershipStatus.pending,
        Account.email_verified_at.is_not(None),
        Membership.created_at < bindparam("asked_before", type_=Membership.created_at.type),
    )
    .order_by(Membership.created_at)
)


async def _waiting_for_approval(session: AsyncSession, group: Group, now: datetime) -> Noticed:
    """Waiting for a facilitator's answer to join."""
    asked_before = now - timedelta(days=group.radar_pending_days)
    rows = await session.execute(_WAITING_FOR_APPROVAL, {"group_id": group.id, "asked_before": asked_before})
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


# The whole group's actions, filtered in Python: a list of hundreds of ids costs more to send and
# plan than the group's few actions.
_ACTION_BY = aliased(Account)
_GROUP_ACTIONS = (
    select(RadarAction, _ACTION_BY.display_name)
    .outerjoin(_ACTION_BY, _ACTION_BY.id == RadarAction.by_account_id)
    .where(RadarAction.group_id == _IN_GROUP)
    .order_by(RadarAction.created_at.desc(), RadarAction.id.desc())
)


async def _notes_and_snoozes(
    session: AsyncSession, group: Group, people: dict[int, PersonAtRisk], now: datetime
) -> None:
    """The latest note sent to each person and any snooze still running: one statement, whatever
    the number of people."""
    if not people:
        return
    for action, name in (await session.execute(_GROUP_ACTIONS, {"group_id": group.id})).all():
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


def _introductions_proposed_statement() -> Select:
    people: BindParameter[Any] = bindparam("people", expanding=True)
    sides = union_all(
        *(
            select(
                side.label("person"),
                Introduction.created_at,
                Introduction.id,
                Introduction.proposed_by_account_id.label("proposer"),
            ).where(Introduction.group_id == _IN_GROUP, side.in_(people))
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
    return (
        select(ranked.c.person, ranked.c.created_at, proposer.display_name)
        .outerjoin(proposer, proposer.id == ranked.c.proposer)
        .where(ranked.c.place == 1)
    )


_INTRODUCTIONS_PROPOSED = _introductions_proposed_statement()


async def _introductions_proposed(session: AsyncSession, group: Group, people: dict[int, PersonAtRisk]) -> None:
    """The latest introduction proposed to each of `people` in the group, and by whom: one statement."""
    if not people:
        return
    parameters = {"group_id": group.id, "people": sorted(people)}
    for account_id, created_at, name in (await session.execute(_INTRODUCTIONS_PROPOSED, parameters)).all():
        if account_id in people:
            people[account_id].done.append(Done("Introduction proposed", name or "A facilitator", created_at))
