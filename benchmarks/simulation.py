"""A group's first twelve weeks, simulated with the real engine, rounds, jobs and radar, the clock
moved a day at a time (time-machine) against a fresh database.

Every week three newcomers join and the facilitator plans a round (one new introduction each) and
proposes all of it. Members answer as people do: most within a day or two, some after a week,
one in ten never. The daily job expires what nobody answered in 14 days. Printed: how soon
newcomers were proposed to and connected, proposals that went to someone who already owed an
answer, pairs proposed again, and how many people the radar showed each week.

`BENCH_ONLY=simulation make bench`; BENCH_SIMULATION_SEED changes the group.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

WEEKS = 12
NEWCOMERS_PER_WEEK = 3
FOUNDING_MEMBERS = 30
OWING_DAYS = 5
# (share, days before answering (from, to), chance of saying yes)
BEHAVIOURS = {"prompt": (0.55, (0, 2), 0.85), "slow": (0.35, (4, 10), 0.8), "never": (0.10, None, 0.0)}
START = datetime(2026, 1, 5, 9, tzinfo=UTC)


@dataclass
class Person:
    account_id: int
    public_id: object
    behaviour: str
    joined: datetime
    newcomer: bool


@dataclass
class Report:
    newcomers: int = 0
    answering_newcomers: int = 0
    proposed_within_14: int = 0
    connected_within_14: int = 0
    connected_within_14_answering: int = 0
    never_connected: int = 0
    proposals: int = 0
    to_someone_owing: int = 0
    proposed_again: int = 0
    radar_by_week: list[int] = field(default_factory=list)
    seconds_per_round: list[float] = field(default_factory=list)


def _behaviour(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, (share, _, _) in BEHAVIOURS.items():
        total += share
        if roll < total:
            return name
    return "prompt"


async def _join(session, group, rng: random.Random, now: datetime, newcomer: bool, index: int):
    from app.accounts.service import create_account
    from app.demo import data
    from app.groups.models import JoinedVia, Membership, MembershipStatus, Role
    from app.profiles.schemas import ProfileUpdate
    from app.profiles.service import update_profile

    first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
    account = await create_account(session, email=f"sim-{index}@example.com", display_name=f"{first} {last}")
    joined = now if newcomer else now - timedelta(days=rng.randint(10, 120))
    session.add(
        Membership(
            group_id=group.id,
            account_id=account.id,
            role=Role.member,
            status=MembershipStatus.active,
            joined_at=joined,
            created_at=joined,
            joined_via=JoinedVia.signup,
            agreement_accepted_at=joined,
        )
    )
    fill = {
        "role": rng.choice(data.ROLES),
        "industry": rng.choice(data.INDUSTRIES),
        "company": rng.choice(data.COMPANIES),
        "skill": rng.choice(data.SKILLS),
        "years": rng.randint(2, 25),
    }
    if rng.random() < 0.85:  # some people never fill in their profile
        start = rng.randint(2005, 2020)
        await update_profile(
            session,
            account,
            ProfileUpdate.model_validate(
                {
                    "headline": rng.choice(data.HEADLINE_TEMPLATES).format(**fill),
                    "stage": rng.choices(data.STAGES, [10, 40, 25, 5, 10, 10])[0],
                    "looking_for": rng.choice(data.ASK_TEMPLATES).format(**fill),
                    "can_help_with": rng.choice(data.OFFER_TEMPLATES).format(**fill),
                    "target_roles": rng.sample(data.ROLES, 2),
                    "industries": rng.sample(data.INDUSTRIES, 1),
                    "skills": rng.sample(data.SKILLS, 3),
                    "target_companies": rng.sample(data.COMPANIES, 2),
                    "past_companies": [
                        {"name": rng.choice(data.COMPANIES), "from": start, "to": min(start + rng.randint(1, 8), 2025)}
                    ],
                }
            ),
        )
    await session.flush()
    return Person(account.id, account.public_id, _behaviour(rng), joined, newcomer)


async def simulate(database_url: str, seed: int) -> Report:
    import time_machine
    from sqlalchemy import select

    from app.accounts.models import Account
    from app.accounts.service import create_account
    from app.dashboard.radar import at_risk
    from app.db import create_engine, create_sessionmaker
    from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
    from app.introductions import service as introductions
    from app.introductions.jobs import process_due
    from app.introductions.models import Answer, Introduction, IntroductionStatus
    from app.matching import facilitation, rounds
    from app.migrate import upgrade_head_async

    engine = create_engine(database_url)
    await upgrade_head_async(engine)
    sessionmaker = create_sessionmaker(engine)
    rng = random.Random(seed)
    report = Report()
    people: dict[int, Person] = {}
    answers_due: dict[tuple[int, int], tuple[datetime, bool]] = {}  # (introduction, person) -> (when, yes)
    pairs_seen: Counter[frozenset[int]] = Counter()
    first_proposed: dict[int, datetime] = {}
    first_connected: dict[int, datetime] = {}
    with time_machine.travel(START, tick=False) as traveller:
        async with sessionmaker() as session, session.begin():
            group = Group(
                slug="simulated", name="Simulated group", timezone="America/Chicago", join_policy=JoinPolicy.open
            )
            session.add(group)
            await session.flush()
            lead = await create_account(session, email="lead@example.com", display_name="Lee Lead")
            session.add(
                Membership(
                    group_id=group.id,
                    account_id=lead.id,
                    role=Role.facilitator,
                    status=MembershipStatus.active,
                    joined_at=START - timedelta(days=365),
                )
            )
            # Should a round pair the facilitator, they answer promptly.
            people[lead.id] = Person(lead.id, lead.public_id, "prompt", START - timedelta(days=365), False)
            for index in range(FOUNDING_MEMBERS):
                person = await _join(session, group, rng, START, False, index)
                people[person.account_id] = person
        index = FOUNDING_MEMBERS
        for day in range(WEEKS * 7):
            now = START + timedelta(days=day)
            if day % 7 == 0:
                async with sessionmaker() as session, session.begin():
                    group = (await session.execute(select(Group).where(Group.slug == "simulated"))).scalar_one()
                    lead = await session.get_one(Account, lead.id)
                    for _ in range(NEWCOMERS_PER_WEEK):
                        person = await _join(session, group, rng, now, True, index)
                        people[person.account_id] = person
                        index += 1
                    owing = await _owing(session, now)
                    clock = asyncio.get_running_loop().time()
                    planned = await rounds.plan(session, lead, group, 1)
                    report.seconds_per_round.append(asyncio.get_running_loop().time() - clock)
                    await facilitation.confirm_round(session, lead, planned.public_id, None)
                    for intro in (
                        await session.execute(select(Introduction).where(Introduction.round_id == planned.id))
                    ).scalars():
                        pair = frozenset((intro.person_a_id, intro.person_b_id))
                        report.proposals += 1
                        report.to_someone_owing += bool(pair & owing)
                        report.proposed_again += pairs_seen[pair] > 0
                        pairs_seen[pair] += 1
                        for account_id in pair:
                            first_proposed.setdefault(account_id, now)
                            _schedule(rng, people[account_id], intro.id, now, answers_due)
            async with sessionmaker() as session, session.begin():
                for (intro_id, account_id), (when, yes) in sorted(answers_due.items()):
                    if when > now:
                        continue
                    del answers_due[(intro_id, account_id)]
                    intro = await session.get_one(Introduction, intro_id)
                    mine = intro.a_answer if account_id == intro.person_a_id else intro.b_answer
                    if intro.status == IntroductionStatus.proposed and mine == Answer.pending:
                        account = await session.get_one(Account, account_id)
                        await introductions.answer(session, account, intro.public_id, yes)
            await process_due(sessionmaker, now)
            async with sessionmaker() as session:
                for intro in (
                    await session.execute(
                        select(Introduction).where(Introduction.status == IntroductionStatus.connected)
                    )
                ).scalars():
                    for account_id in (intro.person_a_id, intro.person_b_id):
                        first_connected.setdefault(account_id, intro.connected_at or now)
                if day % 7 == 6:
                    group = (await session.execute(select(Group).where(Group.slug == "simulated"))).scalar_one()
                    noticed = await at_risk(session, group, now)
                    report.radar_by_week.append(
                        sum(1 for person in noticed if getattr(person, "snoozed_until", None) is None)
                    )
            traveller.shift(timedelta(days=1))
    end = START + timedelta(days=WEEKS * 7)
    for person in people.values():
        if not person.newcomer or end - person.joined < timedelta(days=14):
            continue
        report.newcomers += 1
        answering = person.behaviour != "never"
        report.answering_newcomers += answering
        proposed, connected = first_proposed.get(person.account_id), first_connected.get(person.account_id)
        report.proposed_within_14 += proposed is not None and proposed - person.joined <= timedelta(days=14)
        soon = connected is not None and connected - person.joined <= timedelta(days=14)
        report.connected_within_14 += soon
        report.connected_within_14_answering += soon and answering
        report.never_connected += connected is None
    await engine.dispose()
    return report


async def _owing(session, now: datetime) -> set[int]:
    """People with a proposal waiting for their answer for more than OWING_DAYS days."""
    from sqlalchemy import select

    from app.introductions.models import Answer, Introduction, IntroductionStatus

    rows = (
        await session.execute(
            select(Introduction).where(
                Introduction.status == IntroductionStatus.proposed,
                Introduction.created_at < now - timedelta(days=OWING_DAYS),
            )
        )
    ).scalars()
    owing: set[int] = set()
    for intro in rows:
        if intro.a_answer == Answer.pending:
            owing.add(intro.person_a_id)
        if intro.b_answer == Answer.pending:
            owing.add(intro.person_b_id)
    return owing


def _schedule(
    rng: random.Random, person: Person, intro_id: int, now: datetime, due: dict[tuple[int, int], tuple[datetime, bool]]
) -> None:
    _, delay, yes_chance = BEHAVIOURS[person.behaviour]
    if delay is None:
        return
    due[(intro_id, person.account_id)] = (now + timedelta(days=rng.randint(*delay), hours=1), rng.random() < yes_chance)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0"


def main() -> None:
    seed = int(os.environ.get("BENCH_SIMULATION_SEED", "12"))
    directory = tempfile.mkdtemp(prefix="between-simulation-")
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite+aiosqlite:///{directory}/simulation.sqlite3"
    report = asyncio.run(simulate(database_url, seed))
    print(
        f"simulation: {WEEKS} weeks, {FOUNDING_MEMBERS} founding members, {NEWCOMERS_PER_WEEK} newcomers a week, "
        f"seed {seed}"
    )
    print(
        f"  newcomers (joined 14+ days before the end)   {report.newcomers}, of whom "
        f"{report.newcomers - report.answering_newcomers} never answer introductions"
    )
    print(f"  proposed to within 14 days                   {_share(report.proposed_within_14, report.newcomers)}")
    print(f"  connected within 14 days                     {_share(report.connected_within_14, report.newcomers)}")
    print(
        f"    of those who answer introductions          "
        f"{_share(report.connected_within_14_answering, report.answering_newcomers)}"
    )
    print(f"  never connected                              {_share(report.never_connected, report.newcomers)}")
    print(f"  round proposals                              {report.proposals}")
    print(
        f"    including someone owing an answer {OWING_DAYS}+ days  {_share(report.to_someone_owing, report.proposals)}"
    )
    print(f"    pairs proposed again                       {report.proposed_again}")
    print(f"  people on the radar, week by week            {' '.join(str(n) for n in report.radar_by_week)}")
    print(f"  planning a round (median)                    {statistics.median(report.seconds_per_round) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
