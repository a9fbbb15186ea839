"""Loads the demo: three sign-ins, two groups and about forty believable members in each."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.demo.data import GROUPS, MEMBERS
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
from app.profiles.models import (
    PastCompany,
    Profile,
    ProfileTag,
    ProfileTagRelation,
    Stage,
    StageChange,
    Tag,
    TagKind,
)
from app.profiles.tags import canonical, tags_for
from app.security import hash_password

DEMO_PASSWORD = "between-demo"


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    role: str


DEMO_SIGN_INS = (
    DemoSignIn("admin@example.org", "administrator"),
    DemoSignIn("facilitator@example.org", "facilitator of both demo groups"),
    DemoSignIn("member@example.org", "member of the Tuesday HR group"),
)

_MEMBER_PROFILE: dict[str, Any] = {
    "group": GROUPS[0]["slug"],
    "name": "Jordan Ellis",
    "email": "member@example.org",
    "headline": "HR generalist, 6 years in manufacturing, new to the group",
    "bio": "My plant closed in September. I am good at the people side of HR and want to learn the systems side.",
    "location": "Skokie, IL",
    "linkedin_url": None,
    "stage": "searching",
    "target_roles": ["HR business partner"],
    "industries": ["Manufacturing"],
    "skills": ["Employee relations", "Onboarding"],
    "target_companies": ["Acme Health"],
    "past_companies": [{"name": "Fabrikam Foods", "from": 2019, "to": 2026}],
    "looking_for": "Someone who moved from generalist work into HRIS, and a first conversation "
    "with anyone at Acme Health.",
    "can_help_with": "Union environments and plant-floor employee relations.",
    "joined_weeks_ago": 1,
    "role": "member",
}


# People who asked to join the approval group and wait for a facilitator (the approval queue).
_WAITING: list[dict[str, Any]] = [
    {
        "name": "Marcus Bell",
        "email": "marcus.bell@example.net",
        "stage": "searching",
        "weeks": 0,
        "days": 5,
        "headline": "Talent acquisition partner, 9 years in retail",
        "looking_for": "A conversation with someone recruiting in healthcare; I want to switch industries.",
        "can_help_with": "Sourcing strategies and LinkedIn Recruiter tricks.",
    },
    {
        "name": "Yuki Tanaka",
        "email": "yuki.tanaka@example.net",
        "stage": "exploring",
        "weeks": 0,
        "headline": "Compensation analyst after 4 years at a logistics firm",
        "looking_for": "Advice on whether to stay in comp or move to HRIS.",
        "can_help_with": "Salary benchmarking; Excel models.",
    },
]


async def demo_is_loaded(session: AsyncSession) -> bool:
    statement = select(Account.id).where(Account.email == DEMO_SIGN_INS[0].email)
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def load_demo(session: AsyncSession) -> bool:
    """Loads the demo once; returns False when it was already there."""
    if await demo_is_loaded(session):
        return False
    now = utcnow()
    password_hash = hash_password(DEMO_PASSWORD)
    admin = Account(
        email="admin@example.org",
        display_name="Dana Whitfield",
        is_admin=True,
        password_hash=password_hash,
        email_verified_at=now,
        password_changed_at=now,
    )
    facilitator = Account(
        email="facilitator@example.org",
        display_name="Renée Alvarez",
        password_hash=password_hash,
        email_verified_at=now,
        password_changed_at=now,
    )
    session.add_all([admin, facilitator])

    groups: dict[str, Group] = {}
    for data in GROUPS:
        group = Group(
            slug=data["slug"],
            name=data["name"],
            description=data["description"],
            timezone=data["timezone"],
            default_location=data["default_location"],
            join_policy=JoinPolicy(data["join_policy"]),
            agreement=data["agreement"],
            listed=True,  # each has its facilitator, below: the home page lists them
            created_at=now - timedelta(weeks=110),
        )
        groups[group.slug] = group
        session.add(group)
    await session.flush()
    for group in groups.values():
        session.add(
            Membership(
                group_id=group.id,
                account_id=facilitator.id,
                role=Role.facilitator,
                status=MembershipStatus.active,
                joined_at=now - timedelta(weeks=100),
            )
        )
    session.add(
        Profile(
            account_id=facilitator.id,
            stage=Stage.alumni,
            headline="HR director and volunteer facilitator; landed in 2023",
            bio="I went through a long search myself. Now I make sure nobody sits alone at a meeting.",
            location="Chicago, IL",
            looking_for="Alumni who will come back and talk about their first 90 days.",
            can_help_with="Mock interviews, salary negotiation, and introductions across Chicago HR.",
        )
    )

    people = [*MEMBERS, _MEMBER_PROFILE]
    tags = await _all_tags(session, people)
    for person in people:
        await _add_person(
            session, person, groups[person["group"]], tags, password_hash if person is _MEMBER_PROFILE else None
        )
    approval_group = next(g for g in groups.values() if g.join_policy == JoinPolicy.approval)
    for person in _WAITING:
        await _add_waiting(session, person, approval_group)
    await session.flush()
    for group, (weekday, hour, minute, capacity) in zip(groups.values(), _MEETING_TIMES, strict=True):
        await _add_meetings(session, facilitator, group, weekday, hour, minute, capacity)
    await _add_introductions(session, facilitator, groups)
    for group in groups.values():
        await _add_introduction_history(session, facilitator, group)
    await _add_landings(session, groups)
    await _add_quiet_newcomer(session, groups["hr-tuesday-evenings"])
    return True


async def _add_introduction_history(session: AsyncSession, facilitator: Account, group: Group) -> None:
    """Past introductions for most members who joined over three weeks ago, chosen by the engine
    itself, so the group has a history and the radar is left with the few it should notice."""
    from app.introductions.models import Answer, Introduction, IntroductionOutcome, IntroductionStatus, Outcome
    from app.matching.planner import Rules, plan_round
    from app.matching.service import rules, snapshots

    now = utcnow()
    people = await snapshots(session, group)
    overlooked = set((await session.execute(select(Account.id).where(Account.display_name.in_(_OVERLOOKED)))).scalars())
    veterans = [
        p
        for p in people.values()
        if p.joined_at
        and now - p.joined_at > timedelta(weeks=3)
        and p.person_id not in overlooked
        and p.introductions == 0
        and p.person_id != facilitator.id
    ]
    current = await rules(session, group)
    rng = random.Random(f"history-{group.slug}")
    outcomes = [Outcome.met, Outcome.met, Outcome.helpful, Outcome.referral, Outcome.not_yet, Outcome.interview]
    for pair in plan_round(veterans, Rules(blocked_pairs=current.blocked_pairs, max_open=99), now, k=1).pairs:
        a, b = people[pair.person_a_id], people[pair.person_b_id]
        latest_join = max(a.joined_at or now, b.joined_at or now)
        created = latest_join + (now - latest_join) * rng.uniform(0.2, 0.7)
        status = IntroductionStatus.connected if rng.random() < 0.85 else IntroductionStatus.expired
        answer = Answer.accepted if status == IntroductionStatus.connected else Answer.pending
        introduction = Introduction(
            group_id=group.id,
            person_a_id=a.person_id,
            person_b_id=b.person_id,
            proposed_by_account_id=facilitator.id,
            reason_a=pair.reason_for(a.person_id),
            reason_b=pair.reason_for(b.person_id),
            reason_kinds=[kind.value for kind in pair.kinds],
            status=status,
            a_answer=answer,
            b_answer=answer,
            created_at=created,
            a_answered_at=created + timedelta(days=1) if answer == Answer.accepted else None,
            b_answered_at=created + timedelta(days=2) if answer == Answer.accepted else None,
            connected_at=created + timedelta(days=2) if status == IntroductionStatus.connected else None,
            closed_at=created + timedelta(days=14) if status == IntroductionStatus.expired else None,
            first_follow_up_at=created + timedelta(days=9),
            second_follow_up_at=created + timedelta(days=23),
        )
        session.add(introduction)
        await session.flush()
        if status == IntroductionStatus.connected:
            session.add(
                IntroductionOutcome(
                    introduction_id=introduction.id, account_id=a.person_id, outcome=rng.choice(outcomes)
                )
            )
    await session.flush()


_LANDINGS = [
    (
        "hr-tuesday-evenings",
        "Beth Nakamura",
        "HR director",
        "Wide World Importers",
        44,
        "group",
        True,
        "The Tuesday group kept me going. Mock interviews with three members made the difference.",
    ),
    (
        "hr-tuesday-evenings",
        "Michael Tran",
        "Talent acquisition partner",
        "Acme Health",
        40,
        "introduction",
        True,
        "An introduction to someone who had worked at Acme Health got me my first interview there.",
    ),
    (
        "hr-tuesday-evenings",
        "Mei-Ling Chen",
        "Compensation analyst",
        "Trey Research",
        3,
        "contact",
        True,
        "A former colleague referred me, and the group helped me negotiate the offer.",
    ),
    ("hr-tuesday-evenings", "Patrick Doyle", "HR manager", "Lakeshore Manufacturing", 80, "posting", False, ""),
    (
        "finance-tech-thursday-mornings",
        "Rachel Abramowitz",
        "Internal audit manager",
        "Globex Insurance",
        42,
        "introduction",
        True,
        "Robert introduced me to his former team. Two coffees later I had a referral.",
    ),
    (
        "finance-tech-thursday-mornings",
        "Jason Wu",
        "Frontend engineer",
        "Relecloud",
        34,
        "group",
        True,
        "Practising technical screens every Thursday is what got me through the real ones.",
    ),
    (
        "finance-tech-thursday-mornings",
        "Stephanie Cho",
        "FP&A manager",
        "Proseware",
        20,
        "other",
        True,
        "Persistence, and people who believed me when I said I could do it.",
    ),
]


async def _add_landings(session: AsyncSession, groups: dict[str, Group]) -> None:
    """Landings spread over the last year, most of them shared on the groups' walls. Each person's
    profile tells the same story: the year in their headline ("landed in 2026", "alumnus since
    2025"), their current job's first year and the day their stage became "landed"."""
    from app.landings.models import HelpedBy, Landing
    from app.profiles.models import Profile

    now = utcnow()
    for slug, name, role, company, weeks, helped, on_wall, story in _LANDINGS:
        account_id = (await session.execute(select(Account.id).where(Account.display_name == name))).scalar_one()
        landed = now - timedelta(weeks=weeks)
        session.add(
            Landing(
                account_id=account_id,
                group_id=groups[slug].id,
                role=role,
                company=company,
                start_date=(landed + timedelta(weeks=2)).date(),
                helped_by=HelpedBy(helped),
                story=story,
                on_wall=on_wall,
                created_at=landed,
            )
        )
        profile = (await session.execute(select(Profile).where(Profile.account_id == account_id))).scalar_one()
        profile.headline = _LANDED_YEAR.sub(rf"\g<1> {landed.year}", profile.headline)
        await _date_the_current_job(session, profile.id, company, landed.year)
        if profile.stage not in (Stage.landed, Stage.alumni):
            profile.stage = Stage.landed
        dated = await session.execute(
            update(StageChange)
            .where(StageChange.profile_id == profile.id, StageChange.stage == Stage.landed)
            .values(changed_at=landed)
        )
        if not dated.rowcount:  # type: ignore[attr-defined]
            session.add(StageChange(profile_id=profile.id, stage=Stage.landed, changed_at=landed))
    await session.flush()


# "landed in 2025", "alumnus since 2024": the year a headline gives for a landing.
_LANDED_YEAR = re.compile(r"\b(landed in|since) \d{4}\b")


async def _date_the_current_job(session: AsyncSession, profile_id: int, company: str, year: int) -> None:
    """The job landed starts in the landing's year; the one before it ended at most a year earlier."""
    rows = (
        await session.execute(
            select(PastCompany, Tag.label)
            .join(Tag, Tag.id == PastCompany.tag_id)
            .where(PastCompany.profile_id == profile_id)
        )
    ).all()
    for past, label in rows:
        if label == company:
            past.start_year, past.end_year = year, None
        elif past.end_year is not None:
            past.end_year = min(max(past.end_year, year - 1), year)
            if past.start_year is not None and past.start_year > past.end_year:
                past.start_year = past.end_year


async def _add_quiet_newcomer(session: AsyncSession, group: Group) -> None:
    """Joined ten days ago, said nothing yet: an empty profile the radar points out."""
    joined = utcnow() - timedelta(days=10)
    account = Account(
        email="sam.okoye@example.net", display_name="Sam Okoye", email_verified_at=joined, created_at=joined
    )
    session.add(account)
    await session.flush()
    session.add(
        Membership(
            group_id=group.id,
            account_id=account.id,
            role=Role.member,
            status=MembershipStatus.active,
            joined_at=joined,
            created_at=joined,
            agreement_accepted_at=joined,
            agreement_version=group.agreement_version,
        )
    )
    await session.flush()


# (group, first person, second person, status, weeks ago, outcome reported by the second, what the
# first reads, what the second reads)
_INTRODUCTIONS = [
    (
        "hr-tuesday-evenings",
        "Denise Okafor",
        "Ana Ruiz",
        "connected",
        10,
        "referral",
        "Ana is aiming for Acme Health, where you spent 13 years, and is looking for someone who knows Workday.",
        "Denise spent 13 years at Acme Health, one of the companies on your list, and knows Workday well.",
    ),
    (
        "hr-tuesday-evenings",
        "Patrick Doyle",
        "Marcus Whitfield",
        "connected",
        7,
        "met",
        "Marcus is making the move you made, and would value hearing what worked for you.",
        "Patrick made the move you are making, and can share what worked.",
    ),
    (
        "hr-tuesday-evenings",
        "Beth Nakamura",
        "Hamza Qureshi",
        "connected",
        5,
        "interview",
        "Hamza is hoping to join Wide World Importers, where you landed.",
        "Beth landed at Wide World Importers, one of the companies on your list.",
    ),
    (
        "hr-tuesday-evenings",
        "Michael Tran",
        "LaToya Jenkins",
        "connected",
        3,
        None,
        "LaToya recruits in healthcare too and is preparing for interviews; you landed recently.",
        "Michael recruits in healthcare too and landed recently, so can help you prepare.",
    ),
    (
        "hr-tuesday-evenings",
        "Greg Palmer",
        "Raj Patel",
        "declined",
        5,
        None,
        "Raj works with HR systems in a regulated industry, as you do.",
        "Greg works with HR systems in a regulated industry, as you do.",
    ),
    (
        "hr-tuesday-evenings",
        "Marisol Vega",
        "Jordan Ellis",
        "proposed",
        1,
        None,
        "Jordan hopes to move from generalist work into HRIS, the move you made at Fabrikam Foods.",
        "Marisol moved from generalist work into HRIS at Fabrikam Foods, the move you are hoping to make.",
    ),
    (
        "finance-tech-thursday-mornings",
        "Robert Castellano",
        "Sofia Marchetti",
        "connected",
        8,
        "met",
        "Sofia is interviewing for FP&A roles, and you led FP&A teams for years.",
        "Robert led FP&A teams for years, and you are interviewing for FP&A roles.",
    ),
    (
        "finance-tech-thursday-mornings",
        "Jason Wu",
        "David Kim",
        "connected",
        4,
        "referral",
        "David is hoping to join Relecloud, where you landed.",
        "Jason landed at Relecloud, one of the companies on your list.",
    ),
    (
        "finance-tech-thursday-mornings",
        "Jason Wu",
        "Alexis Rivera",
        "proposed",
        0,
        None,
        "Alexis joined this week and is preparing for technical screens, which you offer to practise.",
        "Jason landed a frontend engineering role and offers mock technical screens: a good first conversation.",
    ),
]


async def _add_introductions(session: AsyncSession, facilitator: Account, groups: dict[str, Group]) -> None:
    """Introductions in every state, so that pages and suggestions have a history to work with."""
    from app.introductions.models import (
        Answer,
        Introduction,
        IntroductionOutcome,
        IntroductionRequest,
        IntroductionStatus,
        Outcome,
    )

    names = {name for row in _INTRODUCTIONS for name in row[1:3]} | {"Fatima Hassan", "Jennifer Lindqvist"}
    ids = dict(
        (await session.execute(select(Account.display_name, Account.id).where(Account.display_name.in_(names)))).all()
    )
    now = utcnow()
    for slug, first, second, status, weeks, outcome, to_first, to_second in _INTRODUCTIONS:
        a, b = sorted((ids[first], ids[second]))
        reads = {ids[first]: to_first, ids[second]: to_second}
        created = now - timedelta(weeks=weeks, days=2)
        answers = {
            "connected": (Answer.accepted, Answer.accepted),
            "declined": (Answer.accepted, Answer.declined),
            "proposed": (Answer.pending, Answer.pending),
        }[status]
        if status == "proposed" and ids["Marisol Vega"] in (a, b):
            answers = (
                (Answer.accepted, Answer.pending) if a == ids["Marisol Vega"] else (Answer.pending, Answer.accepted)
            )
        introduction = Introduction(
            group_id=groups[slug].id,
            person_a_id=a,
            person_b_id=b,
            proposed_by_account_id=facilitator.id,
            reason_a=reads[a],
            reason_b=reads[b],
            status=IntroductionStatus(status),
            a_answer=answers[0],
            b_answer=answers[1],
            a_answered_at=created + timedelta(days=1) if answers[0] != Answer.pending else None,
            b_answered_at=created + timedelta(days=2) if answers[1] != Answer.pending else None,
            created_at=created,
            connected_at=created + timedelta(days=2) if status == "connected" else None,
            closed_at=created + timedelta(days=2) if status == "declined" else None,
        )
        session.add(introduction)
        await session.flush()
        if outcome:
            session.add(
                IntroductionOutcome(
                    introduction_id=introduction.id, account_id=ids[second], outcome=Outcome(outcome), note=""
                )
            )
    session.add(
        IntroductionRequest(
            group_id=groups["hr-tuesday-evenings"].id,
            requester_account_id=ids["Fatima Hassan"],
            target_account_id=ids["Denise Okafor"],
            created_at=now - timedelta(days=3),
            description="Denise spoke about her years at Acme Health; I would love 20 minutes.",
        )
    )
    member = (await session.execute(select(Account).where(Account.email == "member@example.org"))).scalar_one()
    session.add(
        IntroductionRequest(
            group_id=groups["hr-tuesday-evenings"].id,
            requester_account_id=member.id,
            description="Someone who worked at Acme Health",
            created_at=now - timedelta(days=1),
        )
    )
    await session.execute(
        update(Membership)
        .where(Membership.account_id == ids["Jennifer Lindqvist"])
        .values(introductions_paused_at=now - timedelta(days=10))
    )
    await session.flush()


# They came for months, then stopped a month ago: the radar notices them.
_DRIFTING = ("Greg Palmer", "Vikram Malhotra")
# Long-standing members nobody has introduced yet.
_OVERLOOKED = ("Yolanda Brooks", "Gabrielle Laurent", "Shauna McBride")

# Tuesday evenings in Chicago (a room for 30), Thursday mornings in New York (no limit).
_MEETING_TIMES = ((1, 18, 30, 30), (3, 8, 30, None))
# The groups have met weekly on Between for a year: the first meeting is their longest-standing
# members', and each later one has the few who joined that week as first-timers.
MEETINGS_WEEKS = 52
_AGENDA = (
    "Welcome and the round of introductions: name, where you are, one ask\n"
    "Wins of the week\nBreakouts: resumes, interview practice, networking plans\n"
    "Asks and offers: who can help whom this week"
)


async def _add_meetings(
    session: AsyncSession,
    facilitator: Account,
    group: Group,
    weekday: int,
    hour: int,
    minute: int,
    capacity: int | None,
) -> None:
    """A weekly series that began a year ago, with the group's longest-standing members: past meetings
    with attendance (each newcomer a first-timer once), upcoming ones with answers."""
    from app.meetings.models import Attendance, CheckInMethod, Meeting, Rsvp, RsvpAnswer, RsvpStatus
    from app.meetings.schemas import MeetingCreate
    from app.meetings.service import create_meeting

    rng = random.Random(group.slug)
    local_today = datetime.now(ZoneInfo(group.timezone)).replace(tzinfo=None)
    first_day = (local_today - timedelta(weeks=MEETINGS_WEEKS)).date()
    first_day += timedelta(days=(weekday - first_day.weekday()) % 7)
    first = await create_meeting(
        session,
        facilitator,
        group,
        MeetingCreate(
            title="Weekly meeting",
            starts_at=datetime.combine(first_day, time(hour, minute)),
            duration_minutes=90,
            location=group.default_location,
            agenda=_AGENDA,
            capacity=capacity,
            recurrence="FREQ=WEEKLY",
        ),
    )
    meetings = list(
        (
            await session.execute(
                select(Meeting).where(Meeting.series_id == first.series_id).order_by(Meeting.starts_at)
            )
        ).scalars()
    )
    members = list(
        (
            await session.execute(
                select(Membership.account_id, Membership.joined_at).where(
                    Membership.group_id == group.id, Membership.status == MembershipStatus.active
                )
            )
        ).all()
    )
    drifting = set((await session.execute(select(Account.id).where(Account.display_name.in_(_DRIFTING)))).scalars())
    now = utcnow()
    upcoming = [meeting for meeting in meetings if meeting.starts_at > now][:2]
    for meeting in meetings:
        if meeting.starts_at < now:
            for account_id, joined_at in members:
                drifted = account_id in drifting and meeting.starts_at > now - timedelta(weeks=4)
                if joined_at and joined_at <= meeting.starts_at and not drifted and rng.random() < 0.85:
                    session.add(
                        Attendance(
                            meeting_id=meeting.id,
                            account_id=account_id,
                            method=CheckInMethod.roster,
                            checked_in_at=meeting.starts_at + timedelta(minutes=rng.randint(-10, 15)),
                            checked_in_by_account_id=facilitator.id,
                        )
                    )
        elif meeting in upcoming:
            for account_id, _ in members:
                if rng.random() < 0.55:
                    session.add(
                        Rsvp(
                            meeting_id=meeting.id,
                            account_id=account_id,
                            answer=RsvpAnswer.going,
                            status=RsvpStatus.going,
                        )
                    )
                elif rng.random() < 0.3:
                    session.add(
                        Rsvp(
                            meeting_id=meeting.id,
                            account_id=account_id,
                            answer=RsvpAnswer.maybe,
                            status=RsvpStatus.maybe,
                        )
                    )
    await session.flush()


async def _add_waiting(session: AsyncSession, person: dict[str, Any], group: Group) -> None:
    asked = utcnow() - timedelta(days=person.get("days", 2))
    account = Account(email=person["email"], display_name=person["name"], email_verified_at=asked, created_at=asked)
    session.add(account)
    await session.flush()
    session.add(
        Membership(
            group_id=group.id,
            account_id=account.id,
            role=Role.member,
            status=MembershipStatus.pending,
            created_at=asked,
            agreement_accepted_at=asked,
            agreement_version=group.agreement_version,
        )
    )
    profile = Profile(
        account_id=account.id,
        headline=person["headline"],
        stage=Stage(person["stage"]),
        looking_for=person["looking_for"],
        can_help_with=person["can_help_with"],
        updated_at=asked,
    )
    session.add(profile)
    await session.flush()
    session.add(StageChange(profile_id=profile.id, stage=profile.stage, changed_at=asked))


async def _all_tags(session: AsyncSession, people: list[dict[str, Any]]) -> dict[tuple[TagKind, str], int]:
    labels: dict[TagKind, list[str]] = {kind: [] for kind in TagKind}
    for person in people:
        labels[TagKind.role] += person["target_roles"]
        labels[TagKind.industry] += person["industries"]
        labels[TagKind.skill] += person["skills"]
        labels[TagKind.company] += person["target_companies"]
        labels[TagKind.company] += [company["name"] for company in person["past_companies"]]
    ids: dict[tuple[TagKind, str], int] = {}
    for kind, kind_labels in labels.items():
        for name, tag in (await tags_for(session, kind, kind_labels)).items():
            ids[(kind, name)] = tag.id
    return ids


_RELATIONS = (
    ("target_roles", TagKind.role, ProfileTagRelation.target_role),
    ("industries", TagKind.industry, ProfileTagRelation.industry),
    ("skills", TagKind.skill, ProfileTagRelation.skill),
    ("target_companies", TagKind.company, ProfileTagRelation.target_company),
)


async def _add_person(
    session: AsyncSession,
    person: dict[str, Any],
    group: Group,
    tags: dict[tuple[TagKind, str], int],
    password_hash: str | None,
) -> None:
    now = utcnow()
    joined = now - timedelta(weeks=person["joined_weeks_ago"], days=len(person["name"]) % 6)
    account = Account(
        email=person["email"],
        display_name=person["name"],
        password_hash=password_hash,
        email_verified_at=joined,
        created_at=joined,
        password_changed_at=joined if password_hash else None,
    )
    session.add(account)
    await session.flush()
    session.add(
        Membership(
            group_id=group.id,
            account_id=account.id,
            role=Role(person["role"]),
            status=MembershipStatus.active,
            joined_at=joined,
            created_at=joined,
        )
    )
    stage = Stage(person["stage"])
    profile = Profile(
        account_id=account.id,
        headline=person["headline"],
        bio=person["bio"],
        location=person["location"],
        linkedin_url=person["linkedin_url"],
        stage=stage,
        looking_for=person["looking_for"],
        can_help_with=person["can_help_with"],
        updated_at=joined,
    )
    session.add(profile)
    await session.flush()
    session.add(StageChange(profile_id=profile.id, stage=Stage.searching, changed_at=joined))
    if stage != Stage.searching:
        # Landings (and other moves) happened some weeks after joining, never in the future.
        moved = joined + (now - joined) * 0.7
        session.add(StageChange(profile_id=profile.id, stage=stage, changed_at=moved))
    for key, kind, relation in _RELATIONS:
        for tag_id in {tags[(kind, canonical(label))] for label in person[key]}:
            session.add(ProfileTag(profile_id=profile.id, tag_id=tag_id, relation=relation))
    for company in person["past_companies"]:
        session.add(
            PastCompany(
                profile_id=profile.id,
                tag_id=tags[(TagKind.company, canonical(company["name"]))],
                start_year=company["from"],
                end_year=company["to"],
            )
        )
