"""A group's insights for its facilitators: every number is an SQL aggregate, kept by the process
while the group's activity version stays (app/groups/kept.py).

Each chart is one statement (the landings two) whatever the size of the group or the number of
meetings: rows are grouped in the database, and Python only walks the aggregated result (one row
per meeting or month, or five buckets).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, and_, case, cast, exists, extract, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.csv_export import spreadsheet_safe
from app.db import utcnow
from app.errors import InvalidInput
from app.groups.kept import KeptPerGroup, version_of
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.insights.period import Period, PeriodChoice, choose_period
from app.insights.schemas import (
    CONNECTION_BUCKETS,
    FUNNEL_LABELS,
    AttendanceOut,
    Chart,
    ConnectionBucket,
    ConnectionsOut,
    FirstConnectionsOut,
    FunnelOut,
    FunnelStage,
    FunnelStageKey,
    InsightsOut,
    LandingsOut,
    MeetingAttendance,
    MonthCount,
    NewMembersOut,
    PeriodOut,
    ReasonRate,
)
from app.introductions.models import Answer, Introduction, IntroductionOutcome, Outcome
from app.landings.models import Landing
from app.meetings.models import Attendance, Meeting, MeetingStatus

OWN_WORDS = "own_words"
REASON_LABELS = {
    "target_company": "Worked at a company on the other's list",
    "named_company": "Knows a company the other asked about",
    "topic": "Can help with what the other asks for",
    "possible_topic": "Might help with what the other asks for",
    "skill": "Has a skill the other asks for",
    "hiring": "Hires for a role the other wants",
    "been_there": "Landed, and can share what worked",
    "shared_role": "Aim for the same roles",
    "shared_industry": "Know the same industries",
    "practice": "Both interviewing",
    "fellow_member": "Fellow members, nothing specific",
    OWN_WORDS: "In the facilitator's own words",
}
HELPED = (Outcome.helpful, Outcome.referral, Outcome.interview, Outcome.offer, Outcome.hire)
MET_OR_BETTER = (Outcome.met, *HELPED)


# A group's numbers for a period (and each chart's own, for its CSV file), as last worked out.
KEPT_NUMBERS: KeptPerGroup[InsightsOut] = KeptPerGroup(weight=64)


@dataclass
class InsightsResult:
    data: InsightsOut
    choice: PeriodChoice

    @property
    def period(self) -> Period:
        return self.choice.period


async def insights_for(
    session: AsyncSession,
    actor: Account,
    group: Group,
    raw_from: str | None,
    raw_to: str | None,
    *,
    lenient: bool = False,
    only: Chart | None = None,
) -> InsightsResult:
    """The group's numbers for the period asked for (facilitators only). A mistaken period is an
    InvalidInput, or with `lenient` (pages) the default period with the mistakes to show.
    `only` computes a single chart (its CSV file)."""
    await require_facilitator(session, actor, group)
    now = utcnow()
    choice = choose_period(raw_from, raw_to, group.timezone, now.astimezone(ZoneInfo(group.timezone)).date())
    if choice.errors and not lenient:
        raise InvalidInput("Please check the period: " + " ".join(choice.errors.values()), field_errors=choice.errors)
    period = choice.period
    # Kept while nothing the numbers read changed: the aggregates read the group's whole history.
    version = (*await version_of(session, group, "activity"), group.timezone)
    key = (group.public_id, period.start, period.end, only)
    kept = KEPT_NUMBERS.get(key, version, now)
    if kept is not None:
        return InsightsResult(kept, choice)
    data = InsightsOut(
        group_id=group.public_id, period=PeriodOut(start=period.start, end=period.end, timezone=period.timezone)
    )
    if only in (None, Chart.attendance):
        data.attendance = await attendance(session, group, period, now)
    if only in (None, Chart.new_members):
        data.new_members = await new_members(session, group, period)
    if only in (None, Chart.funnel):
        data.funnel = await funnel(session, group, period)
    if only in (None, Chart.landings):
        data.landings = await landings(session, group, period)
    if only in (None, Chart.connections):
        data.connections = await connections(session, group, period)
    if only is None:
        data.first_connections = await first_connections(session, group, period, now)
        data.reasons = await reasons(session, group, period)
    KEPT_NUMBERS.keep(key, version, data, now)
    return InsightsResult(data, choice)


# --- the charts ---------------------------------------------------------------------------------


async def attendance(session: AsyncSession, group: Group, period: Period, now: datetime) -> AttendanceOut:
    """People checked in at each meeting that has started, and how many came for the first time.

    Three aggregates joined to the meetings: check-ins per meeting, each person's first meeting
    (the earliest they were checked in at, ever), and how many people had their first at each start.
    """
    firsts = (
        select(func.min(Meeting.starts_at).label("first_at"))
        .select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.group_id == group.id)
        .group_by(Attendance.account_id)
        .subquery()
    )
    first_counts = select(firsts.c.first_at, func.count().label("people")).group_by(firsts.c.first_at).subquery()
    shown = (
        Meeting.group_id == group.id,
        Meeting.status == MeetingStatus.scheduled,
        Meeting.starts_at >= period.starts_at,
        Meeting.starts_at < min(period.ends_before, now),
    )
    checked_in = (
        select(Attendance.meeting_id, func.count().label("people"))
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(*shown)
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    statement = (
        select(
            Meeting.public_id,
            Meeting.title,
            Meeting.starts_at,
            func.coalesce(checked_in.c.people, 0),
            func.coalesce(first_counts.c.people, 0),
        )
        .outerjoin(checked_in, checked_in.c.meeting_id == Meeting.id)
        .outerjoin(first_counts, first_counts.c.first_at == Meeting.starts_at)
        .where(*shown)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    zone = ZoneInfo(group.timezone)
    meetings = [
        MeetingAttendance(
            meeting_id=public_id,
            title=title,
            starts_at=starts_at,
            day=starts_at.astimezone(zone).date(),
            attended=attended,
            first_timers=first,
            returning=attended - first,
        )
        for public_id, title, starts_at, attended, first in (await session.execute(statement)).all()
    ]
    total = sum(meeting.attended for meeting in meetings)
    return AttendanceOut(
        meetings=meetings,
        total_attended=total,
        total_first_timers=sum(meeting.first_timers for meeting in meetings),
        average_attended=round(total / len(meetings), 1) if meetings else None,
    )


async def new_members(session: AsyncSession, group: Group, period: Period) -> NewMembersOut:
    months = await _per_month(session, period, Membership.joined_at, Membership.group_id == group.id)
    return NewMembersOut(months=months, total=sum(month.count for month in months))


async def funnel(session: AsyncSession, group: Group, period: Period) -> FunnelOut:
    """The introductions proposed in the period, and how far each got."""
    connected = Introduction.connected_at.is_not(None)

    statement = select(
        func.count(Introduction.id),
        _how_many(and_(Introduction.a_answer != Answer.pending, Introduction.b_answer != Answer.pending)),
        _how_many(connected),
        _how_many(and_(connected, _reported(MET_OR_BETTER))),
        _how_many(and_(connected, _reported(HELPED))),
    ).where(
        Introduction.group_id == group.id,
        Introduction.created_at >= period.starts_at,
        Introduction.created_at < period.ends_before,
    )
    counts = [int(value) for value in (await session.execute(statement)).one()]
    stages, previous = [], None
    for key, count in zip(FunnelStageKey, counts, strict=True):
        stages.append(
            FunnelStage(
                stage=key,
                label=FUNNEL_LABELS[key],
                count=count,
                percent_of_proposed=_percent(count, counts[0]),
                percent_of_previous=_percent(count, previous) if previous is not None else None,
            )
        )
        previous = count
    return FunnelOut(stages=stages)


async def landings(session: AsyncSession, group: Group, period: Period) -> LandingsOut:
    """Landings reported per month, and the median time from joining the group to landing."""
    in_period = (
        Landing.group_id == group.id,
        Landing.created_at >= period.starts_at,
        Landing.created_at < period.ends_before,
    )
    months = await _per_month(session, period, Landing.created_at, Landing.group_id == group.id)
    joined = func.coalesce(Membership.joined_at, Membership.created_at)
    days = _days_between(Landing.created_at, joined, session.get_bind().dialect.name)
    ranked = (
        select(
            days.label("days"), func.row_number().over(order_by=days).label("place"), func.count().over().label("total")
        )
        .select_from(Landing)
        .join(Membership, and_(Membership.group_id == Landing.group_id, Membership.account_id == Landing.account_id))
        .where(*in_period, Landing.created_at >= joined)
        .subquery()
    )
    # The median: the middle row, or the mean of the two middle rows (integer halves of n+1, n+2).
    median_days, measured = (
        await session.execute(
            select(func.avg(ranked.c.days), func.max(ranked.c.total)).where(
                ranked.c.place.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2])
            )
        )
    ).one()
    return LandingsOut(
        months=months,
        total=sum(month.count for month in months),
        median_weeks_to_landing=round(float(median_days) / 7, 1) if median_days is not None else None,
        landings_measured=int(measured or 0),
    )


async def connections(session: AsyncSession, group: Group, period: Period) -> ConnectionsOut:
    """How many members have 0, 1, 2, 3 or 4+ connections in the group at the end of the period."""
    made = (
        Introduction.group_id == group.id,
        Introduction.connected_at.is_not(None),
        Introduction.connected_at < period.ends_before,
    )
    ends = union_all(
        select(Introduction.person_a_id.label("account_id")).where(*made),
        select(Introduction.person_b_id.label("account_id")).where(*made),
    ).subquery()
    # Counted per person first, then matched to the members: one pass over the introductions.
    per_person = select(ends.c.account_id, func.count().label("connections")).group_by(ends.c.account_id).subquery()
    connections_made = func.coalesce(per_person.c.connections, 0)
    per_member = (
        select(case((connections_made >= 4, 4), else_=connections_made).label("bucket"))
        .select_from(Membership)
        .outerjoin(per_person, per_person.c.account_id == Membership.account_id)
        .where(
            Membership.group_id == group.id,
            Membership.status == MembershipStatus.active,
            Membership.role == Role.member,
            func.coalesce(Membership.joined_at, Membership.created_at) < period.ends_before,
        )
        .subquery()
    )
    counts: dict[int, int] = dict(
        (await session.execute(select(per_member.c.bucket, func.count()).group_by(per_member.c.bucket))).all()
    )
    buckets = [
        ConnectionBucket(connections=label, members=int(counts.get(index, 0)))
        for index, label in enumerate(CONNECTION_BUCKETS)
    ]
    members = sum(bucket.members for bucket in buckets)
    return ConnectionsOut(as_of=period.end, buckets=buckets, members=members, without_connections=buckets[0].members)


async def first_connections(session: AsyncSession, group: Group, period: Period, now: datetime) -> FirstConnectionsOut:
    """For members who joined in the period: how soon they made their first connection in the group."""
    made = (Introduction.group_id == group.id, Introduction.connected_at.is_not(None))
    ends = union_all(
        select(Introduction.person_a_id.label("account_id"), Introduction.connected_at).where(*made),
        select(Introduction.person_b_id.label("account_id"), Introduction.connected_at).where(*made),
    ).subquery()
    first = (
        select(ends.c.account_id, func.min(ends.c.connected_at).label("first_at"))
        .group_by(ends.c.account_id)
        .subquery()
    )
    joined = func.coalesce(Membership.joined_at, Membership.created_at)
    days = _days_between(first.c.first_at, joined, session.get_bind().dialect.name)
    newcomers = (
        select(days.label("days"))
        .select_from(Membership)
        .outerjoin(first, first.c.account_id == Membership.account_id)
        .where(
            Membership.group_id == group.id,
            Membership.role == Role.member,
            Membership.status == MembershipStatus.active,
            joined >= period.starts_at,
            joined < period.ends_before,
        )
        .subquery()
    )
    total, connected, soon = (
        await session.execute(
            select(
                func.count(),
                func.count(newcomers.c.days),
                func.coalesce(func.sum(case((newcomers.c.days <= 14, 1), else_=0)), 0),
            )
        )
    ).one()
    ranked = (
        select(
            newcomers.c.days,
            func.row_number().over(order_by=newcomers.c.days).label("place"),
            func.count().over().label("total"),
        )
        .where(newcomers.c.days.is_not(None))
        .subquery()
    )
    median = (
        await session.execute(
            select(func.avg(ranked.c.days)).where(
                ranked.c.place.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2])
            )
        )
    ).scalar_one()
    return FirstConnectionsOut(
        newcomers=int(total),
        connected=int(connected),
        within_14_days=int(soon),
        percent_within_14_days=_percent(int(soon), int(total)),
        median_days=round(float(median), 1) if median is not None else None,
    )


async def reasons(session: AsyncSession, group: Group, period: Period) -> list[ReasonRate]:
    """Introductions proposed in the period by kind of reason, and how far they got. The database
    groups them by their set of kinds (a handful of distinct sets); Python splits the sets."""
    connected = Introduction.connected_at.is_not(None)

    kinds = cast(Introduction.reason_kinds, String)
    rows = (
        await session.execute(
            select(
                kinds,
                func.count(),
                _how_many(connected),
                _how_many(and_(connected, _reported(MET_OR_BETTER))),
                _how_many(and_(connected, _reported(HELPED))),
            )
            .where(
                Introduction.group_id == group.id,
                Introduction.created_at >= period.starts_at,
                Introduction.created_at < period.ends_before,
            )
            .group_by(kinds)
        )
    ).all()
    totals: dict[str, list[int]] = {}
    for listed, *counts in rows:
        for kind in json.loads(listed or "[]") or [OWN_WORDS]:
            current = totals.setdefault(kind, [0, 0, 0, 0])
            for index, count in enumerate(counts):
                current[index] += int(count)
    return [
        ReasonRate(
            kind=kind,
            label=REASON_LABELS.get(kind, kind.replace("_", " ")),
            proposed=proposed,
            connected=linked,
            met=met,
            helped=helped,
            percent_connected=_percent(linked, proposed),
            percent_helped=_percent(helped, proposed),
        )
        for kind, (proposed, linked, met, helped) in sorted(totals.items(), key=lambda item: -item[1][0])
    ]


# --- helpers ------------------------------------------------------------------------------------


async def _per_month(session: AsyncSession, period: Period, moment: Any, *conditions: Any) -> list[MonthCount]:
    """Rows counted by the local month `moment` falls in. The month is a CASE over the months'
    boundaries in UTC, so it is exact in any time zone, on SQLite too, in one statement."""
    boundaries = period.month_boundaries()
    bucket = case(*((moment < boundary, index) for index, boundary in enumerate(boundaries)), else_=None)
    rows = (
        select(bucket.label("bucket"))
        .where(*conditions, moment >= period.starts_at, moment < period.ends_before)
        .subquery()
    )
    counts: dict[int | None, int] = dict(
        (await session.execute(select(rows.c.bucket, func.count()).group_by(rows.c.bucket))).all()
    )
    return [
        MonthCount(month=f"{month:%Y-%m}", count=int(counts.get(index, 0)))
        for index, month in enumerate(period.months())
    ]


def _reported(outcomes: tuple[Outcome, ...]) -> ColumnElement[bool]:
    """At least one of the two said one of these came of the introduction."""
    return exists().where(
        IntroductionOutcome.introduction_id == Introduction.id, IntroductionOutcome.outcome.in_(outcomes)
    )


def _how_many(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _days_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[float | Decimal]:
    if dialect == "postgresql":
        return extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _percent(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- CSV files ----------------------------------------------------------------------------------


def chart_csv(group: Group, data: InsightsOut, chart: Chart) -> tuple[str, str]:
    """One chart's numbers as a CSV file (name, content) that opens safely in a spreadsheet."""
    rows: list[list[Any]]
    if chart == Chart.attendance:
        assert data.attendance is not None
        zone = ZoneInfo(group.timezone)
        rows = [["date", "time", "meeting", "attended", "first_timers", "returning"]]
        rows += [
            [
                m.day.isoformat(),
                m.starts_at.astimezone(zone).strftime("%H:%M"),
                spreadsheet_safe(m.title),
                m.attended,
                m.first_timers,
                m.returning,
            ]
            for m in data.attendance.meetings
        ]
    elif chart == Chart.new_members:
        assert data.new_members is not None
        rows = [["month", "new_members"]] + [[m.month, m.count] for m in data.new_members.months]
    elif chart == Chart.funnel:
        assert data.funnel is not None
        rows = [["stage", "count", "percent_of_proposed", "percent_of_previous"]]
        rows += [
            [s.stage.value, s.count, _blank(s.percent_of_proposed), _blank(s.percent_of_previous)]
            for s in data.funnel.stages
        ]
    elif chart == Chart.landings:
        assert data.landings is not None
        rows = [["month", "landings"]] + [[m.month, m.count] for m in data.landings.months]
    else:
        assert data.connections is not None
        rows = [["connections", "members"]] + [[b.connections, b.members] for b in data.connections.buckets]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    period = data.period
    return f"{group.slug}-{chart.value}-{period.start.isoformat()}-to-{period.end.isoformat()}.csv", out.getvalue()


def _blank(value: float | None) -> Any:
    return "" if value is None else value
