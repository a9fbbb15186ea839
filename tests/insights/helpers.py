"""Hand-built history for the insights tests: every number the charts show is worked out by hand
in `story()`'s docstring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.introductions.models import Answer, Introduction, IntroductionOutcome, IntroductionStatus, Outcome
from app.landings.models import HelpedBy, Landing
from app.meetings.models import Attendance, CheckInMethod, Meeting, MeetingStatus
from tests.factories import make_group, make_member

CHICAGO = ZoneInfo("America/Chicago")


def local(year: int, month: int, day: int, hour: int = 18, minute: int = 30) -> datetime:
    """A moment in Chicago (the test group's time zone), as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=CHICAGO).astimezone(UTC)


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def set_joined(session: AsyncSession, group: Group, account: Account, when: datetime | None) -> None:
    await session.execute(
        update(Membership)
        .where(Membership.group_id == group.id, Membership.account_id == account.id)
        .values(joined_at=when)
    )


async def meeting(
    session: AsyncSession,
    group: Group,
    starts_at: datetime,
    people: list[Account],
    *,
    status: MeetingStatus = MeetingStatus.scheduled,
    title: str = "Weekly meeting",
) -> Meeting:
    held = Meeting(group_id=group.id, title=title, starts_at=starts_at, timezone=group.timezone, status=status)
    session.add(held)
    await session.flush()
    session.add_all(
        [
            Attendance(meeting_id=held.id, account_id=person.id, method=CheckInMethod.roster, checked_in_at=starts_at)
            for person in people
        ]
    )
    await session.flush()
    return held


async def introduction(
    session: AsyncSession,
    group: Group,
    first: Account,
    second: Account,
    created_at: datetime,
    *,
    answers: tuple[Answer, Answer] = (Answer.pending, Answer.pending),
    status: IntroductionStatus | None = None,
    connected_at: datetime | None = None,
    outcomes: dict[int, Outcome] | None = None,
    reason: str = "You two should talk.",
    kinds: tuple[str, ...] = (),
    notes: dict[int, str] | None = None,
) -> Introduction:
    """`answers` are first's and second's; the pair is stored in id order as the app does."""
    (a, a_answer), (b, b_answer) = sorted([(first, answers[0]), (second, answers[1])], key=lambda pair: pair[0].id)
    if status is None:
        status = IntroductionStatus.connected if connected_at else IntroductionStatus.proposed
    made = Introduction(
        group_id=group.id,
        person_a_id=a.id,
        person_b_id=b.id,
        reason_a=reason,
        reason_b=reason,
        reason_kinds=list(kinds),
        status=status,
        a_answer=a_answer,
        b_answer=b_answer,
        created_at=created_at,
        connected_at=connected_at,
    )
    session.add(made)
    await session.flush()
    for account_id, outcome in (outcomes or {}).items():
        session.add(
            IntroductionOutcome(
                introduction_id=made.id, account_id=account_id, outcome=outcome, note=(notes or {}).get(account_id, "")
            )
        )
    await session.flush()
    return made


async def landing(session: AsyncSession, group: Group, person: Account, created_at: datetime) -> Landing:
    landed = Landing(
        account_id=person.id,
        group_id=group.id,
        role="HR business partner",
        company="Acme Health",
        helped_by=HelpedBy.group,
        created_at=created_at,
    )
    session.add(landed)
    await session.flush()
    return landed


@dataclass
class Story:
    group: Group
    lead: Account
    people: dict[str, Account]


YES, NO, WAIT = Answer.accepted, Answer.declined, Answer.pending


async def story(session: AsyncSession, slug: str = "hr-tuesdays") -> Story:
    """A group in Chicago and its first half of 2025 (the period most tests look at: Jan 1 – Jun 30).

    Members and when they joined (local time): ana 2024-12-15, ben 2025-01-05, cleo 2025-01-31 23:30
    (February in UTC), dan 2025-03-01 00:30, eve 2025-03-20, hal and ivy 2024-11-01, lee 2025-05-10
    (has left since), pat (still waiting: never joined); Fay facilitates.
      → new members Jan–Jun: 2, 0, 2, 0, 1, 0.

    Meetings (18:30 unless said): 2024-12-31 20:30 (ana; January 1 in UTC, outside the period),
    Jan 14 (ana, ben), Jan 21 (ana, ben, cleo), Feb 4 (nobody), Feb 11 (cancelled), Mar 4 (ana, dan,
    eve), Jun 30 20:30 (ben; July 1 in UTC), Jul 8 (ana; outside).
      → attendance (came, first-timers): Jan 14 (2, 1), Jan 21 (3, 1), Feb 4 (0, 0), Mar 4 (3, 2), Jun 30 (1, 0).

    Introductions proposed in the period: ana–ben (both yes; ana says hire, ben met), ana–cleo (both
    yes; cleo says not yet), ben–cleo (both yes; ben says met), dan–eve (dan yes, eve no), ana–dan
    (dan no, ana never answered), ben–eve (waiting), cleo–eve (expired unanswered), cleo–dan (proposed
    June 20, connected July 5). Before it: ana–hal and ana–ivy (connected in November and December).
      → funnel: 8 proposed, 5 both answered, 4 connected, 2 met, 1 helped.
      → connections on June 30: ana 4, ben 2, cleo 2, hal 1, ivy 1, dan 0, eve 0.

    Landings (joined → landed): ben 42 days, cleo 70 days (reported Apr 12), dan 28 days (Mar 29), eve
    reported Jun 30 23:00 local (July 1 in UTC) after 102.5 days; ana on July 15 (outside).
      → per month Jan–Jun: 0, 1, 1, 1, 0, 1; median (42 + 70) / 2 = 56 days = 8 weeks.
    """
    group = await make_group(session, slug=slug, name="HR Tuesdays", timezone="America/Chicago")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    await set_joined(session, group, lead, local(2024, 6, 1))
    names = ["ana", "ben", "cleo", "dan", "eve", "hal", "ivy", "lee", "pat"]
    people = {
        name: await make_member(session, group, name=f"{name.title()} Example", headline=f"{name.title()}'s headline")
        for name in names
    }
    joined = {
        "ana": local(2024, 12, 15),
        "ben": utc(2025, 1, 5, 18),
        "cleo": local(2025, 1, 31, 23, 30),
        "dan": local(2025, 3, 1, 0, 30),
        "eve": utc(2025, 3, 20, 17),
        "hal": local(2024, 11, 1),
        "ivy": local(2024, 11, 1),
        "lee": local(2025, 5, 10),
        "pat": None,
    }
    for name, when in joined.items():
        await set_joined(session, group, people[name], when)
    await session.execute(
        update(Membership).where(Membership.account_id == people["lee"].id).values(status=MembershipStatus.left)
    )
    await session.execute(
        update(Membership)
        .where(Membership.account_id == people["pat"].id)
        .values(status=MembershipStatus.pending, created_at=local(2025, 4, 1))
    )
    p = people
    await meeting(session, group, local(2024, 12, 31, 20), [p["ana"]])
    await meeting(session, group, local(2025, 1, 14), [p["ana"], p["ben"]])
    await meeting(session, group, local(2025, 1, 21), [p["ana"], p["ben"], p["cleo"]])
    await meeting(session, group, local(2025, 2, 4), [])
    await meeting(session, group, local(2025, 2, 11), [], status=MeetingStatus.cancelled)
    await meeting(session, group, local(2025, 3, 4), [p["ana"], p["dan"], p["eve"]])
    await meeting(session, group, local(2025, 6, 30, 20), [p["ben"]])
    await meeting(session, group, local(2025, 7, 8), [p["ana"]])

    await introduction(
        session,
        group,
        p["ana"],
        p["ben"],
        utc(2025, 1, 20),
        answers=(YES, YES),
        connected_at=utc(2025, 1, 22),
        outcomes={p["ana"].id: Outcome.hire, p["ben"].id: Outcome.met},
    )
    await introduction(
        session,
        group,
        p["ana"],
        p["cleo"],
        utc(2025, 2, 10),
        answers=(YES, YES),
        connected_at=utc(2025, 2, 12),
        outcomes={p["cleo"].id: Outcome.not_yet},
    )
    await introduction(
        session,
        group,
        p["ben"],
        p["cleo"],
        utc(2025, 2, 15),
        answers=(YES, YES),
        connected_at=utc(2025, 2, 16),
        outcomes={p["ben"].id: Outcome.met},
    )
    await introduction(
        session, group, p["dan"], p["eve"], utc(2025, 3, 10), answers=(YES, NO), status=IntroductionStatus.declined
    )
    await introduction(
        session, group, p["ana"], p["dan"], utc(2025, 3, 12), answers=(WAIT, NO), status=IntroductionStatus.declined
    )
    await introduction(session, group, p["ben"], p["eve"], utc(2025, 4, 1))
    await introduction(session, group, p["cleo"], p["eve"], utc(2025, 4, 2), status=IntroductionStatus.expired)
    await introduction(
        session, group, p["cleo"], p["dan"], utc(2025, 6, 20), answers=(YES, YES), connected_at=utc(2025, 7, 5)
    )
    await introduction(
        session, group, p["ana"], p["hal"], utc(2024, 12, 20), answers=(YES, YES), connected_at=utc(2024, 12, 22)
    )
    await introduction(
        session, group, p["ana"], p["ivy"], utc(2024, 11, 10), answers=(YES, YES), connected_at=utc(2024, 11, 12)
    )

    await landing(session, group, p["ben"], utc(2025, 2, 16, 18))
    await landing(session, group, p["cleo"], local(2025, 1, 31, 23, 30) + (utc(2025, 4, 12) - utc(2025, 2, 1)))
    await landing(session, group, p["dan"], local(2025, 3, 29, 0, 30))
    await landing(session, group, p["eve"], local(2025, 6, 30, 23))
    await landing(session, group, p["ana"], utc(2025, 7, 15))
    return Story(group, lead, people)
