"""Contention, for real: many requests at the same instant against the served app and a committed
database.

- A hundred people add the same brand-new tags to their profiles at once: tag creation is an upsert
  and link changes a diff in a fixed order, so nobody gets an error (before: two thirds got 500s,
  unique violations on PostgreSQL).
- One person saves their profile from several tabs at once: the edits queue on the profile's row and
  the last one wins whole (before: deadlocks).
- A 5,000-row import on SQLite held the database's one write lock until it ended: it commits in
  batches, and another writer gets in between two of them.
- A roster of 20,000 memberships: the API answers one bounded page, the CSV export streams (its first
  rows arrive before the last are read), and small requests sent meanwhile are answered before the
  export ends. Speed targets are in benchmarks/roster.py, not here.
"""

from __future__ import annotations

import asyncio
import csv
import io
import random
import re
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, insert, select

from app.accounts.api_tokens import create_token
from app.accounts.models import Account
from app.accounts.schemas import Scope, TokenCreate
from app.accounts.service import create_account
from app.audit import service as audit
from app.db import Sessions, utcnow
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
from app.profiles.models import PastCompany, Profile, ProfileTag, Tag, TagKind
from app.roster import service as roster
from tests.conftest import ProvisionedDatabase, ServedApp
from tests.factories import PASSWORD

pytestmark = pytest.mark.faults

PEOPLE = 100
TABS = 10
ROSTER_SIZE = 20_000
# New to the database when the test starts; each request lists them in its own order and spreads
# them over fields of the same kind, so transactions meet on the same new rows in every order.
NEW_ROLES = ["Chief People Officer", "HRIS Analyst", "Talent Partner"]
NEW_COMPANIES = ["Zenith Health", "Orbit Logistics"]
NEW_SKILL = "Workforce Planning"


@dataclass
class Crowd:
    url: str
    sessions: Sessions
    tokens: list[str]
    tab_person_email: str


@pytest.fixture(scope="module")
async def crowd(committed_sessions: Sessions, committed_app: ServedApp) -> Crowd:
    """A hundred people with an API token each, and one who signs in with a password (to save from
    browser tabs) and has no profile yet."""
    tokens: list[str] = []
    async with committed_sessions.write() as session, session.begin():
        for index in range(PEOPLE):
            person = await create_account(
                session, email=f"p{index}@example.com", display_name=f"Person {index:03d}", password=None
            )
            tokens.append((await create_token(session, person, TokenCreate(name="edit", scopes=[Scope.write])))[1])
        await create_account(session, email="tabs@example.com", display_name="Tab Person", password=PASSWORD)
    return Crowd(committed_app.url, committed_sessions, tokens, "tabs@example.com")


def _change(seed: int) -> dict[str, object]:
    """Everyone adds the same new tags, each in an order of their own, roles split between the
    roles they aim for and the roles they hire for."""
    shuffler = random.Random(seed)
    roles = shuffler.sample(NEW_ROLES, len(NEW_ROLES))
    companies = shuffler.sample(NEW_COMPANIES, len(NEW_COMPANIES))
    cut = shuffler.randint(1, len(roles) - 1)
    return {
        "headline": f"Edit {seed}",
        "target_roles": roles[:cut],
        "hiring_roles": roles[cut:],
        "skills": [NEW_SKILL, f"Skill of person {seed % 7}"],
        "target_companies": companies[:1],
        "hiring_company": companies[-1],
        "past_companies": [{"name": name, "from": 2010, "to": 2020} for name in companies],
    }


async def test_a_hundred_people_adding_the_same_new_tags_at_once_all_succeed(crowd: Crowd) -> None:
    limits = httpx.Limits(max_connections=PEOPLE, max_keepalive_connections=PEOPLE)
    async with httpx.AsyncClient(base_url=crowd.url, timeout=60, limits=limits) as client:
        responses = await asyncio.gather(
            *(
                client.patch("/api/v1/me/profile", json=_change(index), headers={"Authorization": f"Bearer {token}"})
                for index, token in enumerate(crowd.tokens)
            )
        )
    failed = [(r.status_code, r.text[:200]) for r in responses if not 200 <= r.status_code < 400]
    assert failed == [], f"{len(failed)} of {PEOPLE} failed: {failed[:3]}"

    async with crowd.sessions.read() as session:
        tags = (await session.execute(select(Tag.kind, Tag.name, func.count()).group_by(Tag.kind, Tag.name))).all()
        assert all(count == 1 for _, _, count in tags)
        names = {(kind, name) for kind, name, _ in tags}
        assert {(TagKind.role, role.casefold()) for role in NEW_ROLES} <= names
        links = await session.execute(
            select(Tag.name, func.count()).join(ProfileTag, ProfileTag.tag_id == Tag.id).group_by(Tag.name)
        )
        per_tag = dict(links.all())
        # Each person links each new role once (as a target or as a role they hire for).
        assert all(per_tag[role.casefold()] == PEOPLE for role in NEW_ROLES)
        assert per_tag[NEW_SKILL.casefold()] == PEOPLE
        assert await session.scalar(select(func.count()).select_from(PastCompany)) == PEOPLE * len(NEW_COMPANIES)


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _tab_form(csrf: str, tab: int) -> dict[str, str]:
    """What tab `tab` submits: a full profile form, each tab with other tags and companies."""
    form = {
        "csrf_token": csrf,
        "headline": f"Saved from tab {tab}",
        "stage": "interviewing",
        "target_roles": ", ".join(NEW_ROLES[tab % 3 :] + [f"Tab role {tab}"]),
        "skills": ", ".join([NEW_SKILL, f"Tab skill {tab}", f"Tab skill {tab + 1}"]),
        "industries": "Healthcare" if tab % 2 else "Healthcare, Logistics",
        "target_companies": ", ".join(NEW_COMPANIES[: 1 + tab % 2]),
        "hiring_company": NEW_COMPANIES[tab % 2],
        "pc_name_0": f"Tab company {tab}",
        "pc_from_0": "2011",
        "pc_to_0": "2019",
    }
    if tab % 3 == 0:
        form.update({"pc_name_1": NEW_COMPANIES[0], "pc_from_1": "2005", "pc_to_1": "2010"})
    return form


async def test_one_person_saving_from_ten_tabs_at_once_gets_no_error_and_one_whole_profile(crowd: Crowd) -> None:
    async with httpx.AsyncClient(base_url=crowd.url, timeout=60) as browser:
        login_page = await browser.get("/login")
        match = _CSRF.search(login_page.text)
        assert match
        signed_in = await browser.post(
            "/login", data={"csrf_token": match.group(1), "email": crowd.tab_person_email, "password": PASSWORD}
        )
        assert signed_in.status_code == 303, signed_in.text
        page = await browser.get("/profile")
        match = _CSRF.search(page.text)
        assert match
        csrf = match.group(1)
        cookies = dict(browser.cookies)

    async def save_from_tab(tab: int) -> httpx.Response:
        # Each tab on a connection of its own, as a browser's tabs may be.
        async with httpx.AsyncClient(base_url=crowd.url, timeout=60, cookies=cookies) as client:
            return await client.post("/profile", data=_tab_form(csrf, tab))

    for _ in range(2):  # the first round creates the profile, the second changes it
        responses = await asyncio.gather(*(save_from_tab(tab) for tab in range(TABS)))
        failed = [(r.status_code, r.text[:200]) for r in responses if not 200 <= r.status_code < 400]
        assert failed == [], f"{len(failed)} of {TABS} failed: {failed[:3]}"

        # The last save wins whole: the profile is exactly what one tab sent, never a mix of two.
        async with crowd.sessions.read() as session:
            profile = (
                await session.execute(
                    select(Profile)
                    .join(Account, Account.id == Profile.account_id)
                    .where(Account.email == crowd.tab_person_email)
                )
            ).scalar_one()
            tab = int(profile.headline.removeprefix("Saved from tab "))
            links = await session.execute(
                select(ProfileTag.relation, Tag.label)
                .join(Tag, Tag.id == ProfileTag.tag_id)
                .where(ProfileTag.profile_id == profile.id)
            )
            skills = sorted(label for relation, label in links if relation == "skill")
            assert skills == sorted([NEW_SKILL, f"Tab skill {tab}", f"Tab skill {tab + 1}"])
            past = (
                await session.execute(
                    select(Tag.label)
                    .join(PastCompany, PastCompany.tag_id == Tag.id)
                    .where(PastCompany.profile_id == profile.id)
                )
            ).scalars()
            expected = {f"Tab company {tab}"} | ({NEW_COMPANIES[0]} if tab % 3 == 0 else set())
            assert set(past) == expected


# --- an import and other writers ----------------------------------------------------------------


async def test_another_writer_gets_in_between_two_batches_of_an_import(
    committed_sessions: Sessions, committed_database: ProvisionedDatabase
) -> None:
    if committed_database.backend != "sqlite":
        pytest.skip("SQLite's database-wide write lock: on PostgreSQL writers never wait for an import's batches")
    async with committed_sessions.write() as session, session.begin():
        session.add(Group(slug="importing", name="Importing", timezone="UTC", join_policy=JoinPolicy.open))
    async with committed_sessions.read() as session:
        group = (await session.execute(select(Group).where(Group.slug == "importing"))).scalar_one()
        people = "\n".join(f"Invitee {index},invitee{index}@example.org" for index in range(6))
        plan = await roster.plan_import(session, group, f"name,email\n{people}\n")
    queued = 0
    first_batch_queued = asyncio.Event()

    def progress(count: int) -> None:
        nonlocal queued
        queued += count
        if queued == 2:
            first_batch_queued.set()

    async def another_writer() -> int:
        await first_batch_queued.wait()  # the import's first batch is in its transaction
        async with committed_sessions.write() as session, session.begin():
            audit.record(session, None, "test.meanwhile")
            await session.flush()
            # Holding the one write lock now: how far the import has got.
            return queued

    writer = asyncio.create_task(another_writer())
    result = await roster.apply_plan(plan, committed_sessions.write, actor=None, progress=progress, batch_size=2)
    assert result.invited == 6 and result.stopped is None
    # It got the lock in the pause after the first batch, not after the whole import.
    assert await writer == 2, "the other write had to wait for the whole import"


# --- a roster of 20,000 ------------------------------------------------------------------------


@dataclass
class BigGroup:
    group_id: str
    slug: str
    lead_token: str


@pytest.fixture(scope="module")
async def big_group(crowd: Crowd) -> BigGroup:
    """A group of 20,000 memberships with profiles and skills, inserted in bulk."""
    async with crowd.sessions.write() as session, session.begin():
        group = Group(slug="very-big", name="Very big", timezone="America/Chicago", join_policy=JoinPolicy.open)
        session.add(group)
        lead = await create_account(session, email="big.lead@example.com", display_name="Big Lead", password=PASSWORD)
        await session.flush()
        session.add(
            Membership(
                group_id=group.id,
                account_id=lead.id,
                role=Role.facilitator,
                status=MembershipStatus.active,
                joined_at=utcnow(),
            )
        )
        _, lead_token = await create_token(session, lead, TokenCreate(name="roster", scopes=[Scope.read]))
        await session.execute(
            insert(Account),
            [
                {"email": f"m{index}@big.example.org", "display_name": f"Member {index:05d}"}
                for index in range(ROSTER_SIZE)
            ],
        )
        ids = list((await session.execute(select(Account.id).where(Account.email.like("%@big.example.org")))).scalars())
        statuses = (MembershipStatus.active, MembershipStatus.active, MembershipStatus.pending)
        await session.execute(
            insert(Membership),
            [
                {"group_id": group.id, "account_id": account_id, "status": statuses[index % 3], "joined_at": utcnow()}
                for index, account_id in enumerate(ids)
            ],
        )
        await session.execute(
            insert(Profile),
            [
                {"account_id": account_id, "headline": f"Headline {index}", "looking_for": "An introduction"}
                for index, account_id in enumerate(ids)
            ],
        )
        await session.execute(
            insert(Tag),
            [{"kind": TagKind.skill, "name": f"bulk skill {n}", "label": f"Bulk skill {n}"} for n in range(20)],
        )
        skills = list((await session.execute(select(Tag.id).where(Tag.name.like("bulk skill %")))).scalars())
        profiles = list(
            (await session.execute(select(Profile.id).where(Profile.headline.like("Headline %")))).scalars()
        )
        await session.execute(
            insert(ProfileTag),
            [
                {"profile_id": profile_id, "tag_id": skills[(index + offset) % len(skills)], "relation": "skill"}
                for index, profile_id in enumerate(profiles)
                for offset in (0, 7)
            ],
        )
    return BigGroup(str(group.public_id), group.slug, lead_token)


async def test_a_roster_of_20000_pages_and_streams_while_small_requests_are_answered(
    crowd: Crowd, big_group: BigGroup
) -> None:
    api = {"Authorization": f"Bearer {big_group.lead_token}"}
    async with httpx.AsyncClient(base_url=crowd.url, timeout=60) as client:
        roster_url = f"/api/v1/groups/{big_group.group_id}/roster"
        first = await client.get(roster_url, headers=api)
        assert first.status_code == 200 and len(first.json()["items"]) == 50 and first.json()["next"]
        largest = await client.get(
            roster_url, params={"limit": 200, "cursor": first.json()["next_cursor"]}, headers=api
        )
        assert largest.status_code == 200 and len(largest.json()["items"]) == 200

        login = await client.get("/login")
        match = _CSRF.search(login.text)
        assert match
        signed_in = await client.post(
            "/login", data={"csrf_token": match.group(1), "email": "big.lead@example.com", "password": PASSWORD}
        )
        assert signed_in.status_code == 303, signed_in.text

        export_done = asyncio.Event()
        small_answered_during_export: list[int] = []

        async def small_requests() -> None:
            # One after another, from the moment the export is asked for until it has arrived whole.
            async with httpx.AsyncClient(base_url=crowd.url, timeout=60, headers=api) as small:
                while not export_done.is_set():
                    response = await small.get("/api/v1/groups", params={"limit": 5})
                    if not export_done.is_set():
                        small_answered_during_export.append(response.status_code)

        meanwhile = asyncio.create_task(small_requests())
        body = bytearray()
        try:
            async with client.stream("GET", f"/g/{big_group.slug}/manage/export.csv") as export:
                assert export.status_code == 200
                # Sent as it is read: no length known up front, the body in chunks.
                assert "content-length" not in export.headers
                assert export.headers["transfer-encoding"] == "chunked"
                async for chunk in export.aiter_bytes():
                    body += chunk
        finally:
            export_done.set()
            await meanwhile
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert len(rows) == ROSTER_SIZE + 1
    assert len({row["email"] for row in rows}) == len(rows)
    assert [row["name"] for row in rows[:2]] == ["Big Lead", "Member 00000"]
    assert rows[-1]["name"] == f"Member {ROSTER_SIZE - 1:05d}" and rows[-1]["skills"]
    # Small requests kept being answered while the 20,000 rows went out (not after them).
    assert len(small_answered_during_export) >= 5
    assert set(small_answered_during_export) == {200}
