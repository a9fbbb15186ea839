"""What a group's costly pages work out is kept between requests only while nothing it read has
changed: the database's triggers give each group a new version of a kind whatever changes what that
kind reads, for every group concerned and no other."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.contacts.schemas import MyContactIn
from app.contacts.service import create_contact
from app.dashboard.radar import at_risk
from app.db import utcnow
from app.groups.kept import KeptPerGroup, Kind, prune_changes, version_of
from app.groups.models import Group, GroupChange, Membership, Role
from app.introductions.models import IntroductionOutcome, Outcome
from app.introductions.preferences import add_do_not_pair
from app.introductions.service import propose
from app.landings.models import HelpedBy, Landing
from app.matching import facilitation
from app.matching.group_topics import add_topic
from app.matching.schemas import TopicIn
from app.meetings.models import Attendance, CheckInMethod, Meeting
from app.members.service import leave_every_group, pause_introductions, rename
from app.profiles.models import Profile
from app.profiles.schemas import ProfileUpdate
from app.profiles.service import update_profile
from app.reach.service import set_sharing
from tests.factories import make_group, make_member, make_membership, sign_in


@dataclass
class World:
    first: Group  # Pat and Quinn are here, with Fay who runs it
    second: Group  # Pat is here too
    elsewhere: Group  # neither
    pat: Account
    quinn: Account
    fay: Account


@pytest.fixture
async def world(session: AsyncSession) -> World:
    first, second, elsewhere = [await make_group(session) for _ in range(3)]
    fay = await make_member(session, first, name="Fay Facilitator", role=Role.facilitator)
    pat = await make_member(
        session,
        first,
        name="Pat Lee",
        skills=["Payroll"],
        past_companies=[{"name": "Acme"}],
        looking_for="Someone who knows HRIS",
    )
    await make_membership(session, second, pat)
    quinn = await make_member(session, first, name="Quinn Park", skills=["HRIS"])
    await make_member(session, elsewhere, name="Ola Other")
    return World(first, second, elsewhere, pat, quinn, fay)


async def _profile_of(session: AsyncSession, account: Account) -> Profile:
    return (await session.execute(select(Profile).where(Profile.account_id == account.id))).scalar_one()


async def _retitle(session: AsyncSession, w: World) -> None:
    (await _profile_of(session, w.pat)).headline = "A headline the engine never reads"


async def _seen(session: AsyncSession, w: World) -> None:
    await session.execute(update(Account).where(Account.id == w.pat.id).values(email_verified_at=utcnow()))


async def _ask(session: AsyncSession, w: World) -> None:
    (await _profile_of(session, w.pat)).looking_for = "Someone in benefits"


async def _tags(session: AsyncSession, w: World) -> None:
    await update_profile(session, w.pat, ProfileUpdate(skills=["Payroll", "Benefits"]))


async def _past_jobs(session: AsyncSession, w: World) -> None:
    await update_profile(session, w.pat, ProfileUpdate(past_companies=[]))


async def _contact(session: AsyncSession, w: World) -> None:
    await create_contact(session, w.pat, MyContactIn(first_name="Rae", company="Globex"))


async def _introduce(session: AsyncSession, w: World) -> None:
    await propose(session, w.fay, w.first, w.pat.public_id, w.quinn.public_id, "You both know payroll.")


async def _do_not_pair(session: AsyncSession, w: World) -> None:
    await add_do_not_pair(session, w.fay, w.first, w.pat.public_id, w.quinn.public_id)


async def _topic(session: AsyncSession, w: World) -> None:
    await add_topic(session, w.fay, w.first, TopicIn(label="works councils", phrases=["works council"]))


async def _pause(session: AsyncSession, w: World) -> None:
    await pause_introductions(session, w.quinn, w.first, True)


async def _role(session: AsyncSession, w: World) -> None:
    membership = (
        await session.execute(
            select(Membership).where(Membership.group_id == w.first.id, Membership.account_id == w.quinn.id)
        )
    ).scalar_one()
    membership.role = Role.facilitator


async def _share_reach(session: AsyncSession, w: World) -> None:
    await set_sharing(session, w.pat, w.second.public_id, True)


Change = Callable[[AsyncSession, World], Awaitable[Any]]
# What changed -> the groups whose version moves (the others' must not).
CHANGES: dict[str, tuple[Change, set[str]]] = {
    "a name": (lambda s, w: rename(s, w.pat, "Pat Lee-Moreno"), {"first", "second"}),
    "a headline (not read by the engine)": (_retitle, set()),
    "an account's other columns": (_seen, set()),
    "what someone looks for": (_ask, {"first", "second"}),
    "someone's skills": (_tags, {"first", "second"}),
    "someone's past companies": (_past_jobs, {"first", "second"}),
    "someone's contacts": (_contact, {"first", "second"}),
    "an introduction": (_introduce, {"first", "second"}),
    "a do-not-pair entry": (_do_not_pair, {"first"}),
    "a group's topic": (_topic, {"first"}),
    "pausing introductions": (_pause, {"first"}),
    "a member's role": (_role, {"first"}),
    "sharing reach": (_share_reach, {"second"}),
    "leaving every group (one statement)": (lambda s, w: leave_every_group(s, w.quinn), {"first"}),
}


@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_change_gives_exactly_the_groups_concerned_a_new_version(
    session: AsyncSession, world: World, change: str
) -> None:
    act, moved = CHANGES[change]
    assert await _moved(session, world, "matching", act) == moved


async def _moved(session: AsyncSession, world: World, kind: Kind, act: Change) -> set[str]:
    """The groups whose version of `kind` the change moves."""
    groups = {"first": world.first, "second": world.second, "elsewhere": world.elsewhere}
    before = {name: await version_of(session, group, kind) for name, group in groups.items()}
    await act(session, world)
    await session.flush()
    after = {name: await version_of(session, group, kind) for name, group in groups.items()}
    return {name for name in groups if before[name] != after[name]}


async def test_every_group_has_a_version_from_its_first_change(session: AsyncSession) -> None:
    group = await make_group(session)
    empty = await version_of(session, group, "matching")
    await make_member(session, group, name="Ann First")
    assert await version_of(session, group, "matching") != empty


async def test_a_kept_view_is_used_until_the_group_changes(session: AsyncSession, world: World) -> None:
    first = await facilitation.load_scene(session, world.first)
    assert await facilitation.load_scene(session, world.first) is first
    await _tags(session, world)
    await session.flush()
    changed = await facilitation.load_scene(session, world.first)
    assert changed is not first
    assert "benefits" in changed.people[world.pat.id].skills


async def test_a_kept_view_is_rebuilt_after_a_few_minutes(session: AsyncSession, world: World) -> None:
    first = await facilitation.load_scene(session, world.first)
    with time_machine.travel(utcnow() + timedelta(minutes=6)):
        later = await facilitation.load_scene(session, world.first)
    assert later is not first
    assert later.now > first.now


async def test_a_new_cap_on_open_proposals_is_a_new_view(session: AsyncSession, world: World) -> None:
    first = await facilitation.load_scene(session, world.first)
    world.first.max_open_proposals = 1
    await session.flush()
    assert (await facilitation.load_scene(session, world.first)) is not first


def test_the_cache_keeps_the_most_recently_used_groups_within_its_weight() -> None:
    cache: KeptPerGroup[str] = KeptPerGroup(weight=10)
    now = utcnow()
    for name in ("a", "b", "c"):
        cache.keep(name, (1,), f"view of {name}", now, weight=4)
    assert cache.get("a", (1,), now) is None  # the least recently used went: 12 > 10
    assert cache.get("b", (1,), now) == "view of b"
    cache.keep("d", (1,), "view of d", now, weight=4)  # "c" is now the least recently used
    assert cache.get("c", (1,), now) is None
    assert cache.get("b", (2,), now) is None  # another version: dropped
    assert cache.get("b", (1,), now) is None
    cache.keep("huge", (1,), "view of a huge group", now, weight=50)  # over the weight alone: kept, alone
    assert cache.get("huge", (1,), now) == "view of a huge group"
    assert cache.get("d", (1,), now) is None


def test_a_large_kept_view_is_set_aside_from_the_collector_and_freed_once_replaced() -> None:
    class View:
        pass

    cache: KeptPerGroup[View] = KeptPerGroup(weight=10, freeze=True)
    now = utcnow()
    first = View()
    first_gone = weakref.ref(first)
    try:
        cache.keep("group", (1,), first, now)
        # Full collections no longer walk it (nor anything else alive now)...
        assert gc.get_freeze_count() > 0 and not any(obj is first for obj in gc.get_objects())
        # ...and it is still freed once nothing refers to it.
        del first
        cache.keep("group", (2,), View(), now)
        assert first_gone() is None
    finally:
        gc.unfreeze()


async def test_the_suggestions_page_follows_a_proposal_made_in_between(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    await sign_in(client, world.fay)
    page = f"/g/{world.first.slug}/introductions/suggestions"

    def suggested_for_pat(html: str) -> list[str]:
        soup = BeautifulSoup(html, "html.parser")
        for card in soup.select("li.needy-member"):
            if "Pat Lee" in card.select_one("h2").get_text(" "):
                return [who.get_text(" ", strip=True) for who in card.select(".suggestion-who")]
        return []

    first = await client.get(page)
    assert first.status_code == 200
    assert any("Quinn Park" in name for name in suggested_for_pat(first.text)), first.text[:3000]
    await _introduce(session, world)
    await session.commit()
    again = await client.get(page)
    assert not any("Quinn Park" in name for name in suggested_for_pat(again.text))


async def test_pruning_keeps_each_groups_version(session: AsyncSession, world: World) -> None:
    groups = [world.first, world.second, world.elsewhere]
    for change in ("someone's skills", "an introduction", "a group's topic"):
        await CHANGES[change][0](session, world)
    await session.flush()
    versions = [await version_of(session, group, kind) for group in groups for kind in ("matching", "activity")]
    gone = await make_group(session)
    await make_member(session, gone, name="Gil Gone")
    await session.delete(gone)
    await session.flush()
    assert await prune_changes(session) > 0
    assert [await version_of(session, group, kind) for group in groups for kind in ("matching", "activity")] == versions
    left = (await session.execute(select(GroupChange.group_id, GroupChange.kind))).all()
    assert len(left) == len(set(left)) and gone.id not in {group_id for group_id, _ in left}
    assert await prune_changes(session) == 0


# --- the activity the insights read -------------------------------------------------------------


async def _meeting(session: AsyncSession, w: World) -> Meeting:
    held = Meeting(group_id=w.first.id, title="Weekly", starts_at=utcnow() - timedelta(days=1), timezone="UTC")
    session.add(held)
    await session.flush()
    return held


async def _check_in(session: AsyncSession, w: World) -> None:
    held = await _meeting(session, w)
    await session.commit()  # the meeting is old news: only the check-in is the change
    before = await version_of(session, w.first, "activity")
    session.add(Attendance(meeting_id=held.id, account_id=w.pat.id, method=CheckInMethod.roster))
    await session.flush()
    assert await version_of(session, w.first, "activity") != before


async def _outcome(session: AsyncSession, w: World) -> None:
    introduction = await propose(session, w.fay, w.first, w.pat.public_id, w.quinn.public_id, "You both know payroll.")
    await session.commit()
    before = await version_of(session, w.first, "activity")
    session.add(IntroductionOutcome(introduction_id=introduction.id, account_id=w.pat.id, outcome=Outcome.met))
    await session.flush()
    assert await version_of(session, w.first, "activity") != before


async def _landing(session: AsyncSession, w: World) -> None:
    session.add(
        Landing(group_id=w.first.id, account_id=w.pat.id, role="Analyst", company="Acme", helped_by=HelpedBy.group)
    )


ACTIVITY: dict[str, tuple[Change, set[str]]] = {
    "a meeting": (_meeting, {"first"}),
    "a check-in": (_check_in, {"first"}),
    "an introduction (in its own group)": (_introduce, {"first"}),
    "an introduction's outcome": (_outcome, {"first"}),
    "a landing": (_landing, {"first"}),
    "pausing introductions": (_pause, {"first"}),
    "what someone looks for (not counted)": (_ask, set()),
    "a do-not-pair entry (not counted)": (_do_not_pair, set()),
}


@pytest.mark.parametrize("change", list(ACTIVITY))
async def test_activity_gives_its_group_a_new_activity_version(
    session: AsyncSession, world: World, change: str
) -> None:
    act, moved = ACTIVITY[change]
    assert await _moved(session, world, "activity", act) == moved


# --- what the radar reads besides -------------------------------------------------------------


async def _new_email(session: AsyncSession, w: World) -> None:
    await session.execute(update(Account).where(Account.id == w.pat.id).values(email="pat.lee@example.net"))


async def _made_admin(session: AsyncSession, w: World) -> None:
    await session.execute(update(Account).where(Account.id == w.pat.id).values(is_admin=True))


RADAR: dict[str, tuple[Change, set[str]]] = {
    "a headline": (_retitle, {"first", "second"}),
    "an email verified": (_seen, {"first", "second"}),
    "an email address": (_new_email, {"first", "second"}),
    "an account's other columns (not read)": (_made_admin, set()),
    "what someone looks for (a matching change)": (_ask, set()),
}


@pytest.mark.parametrize("change", list(RADAR))
async def test_what_the_radar_reads_besides_gives_a_new_radar_version(
    session: AsyncSession, world: World, change: str
) -> None:
    act, moved = RADAR[change]
    assert await _moved(session, world, "radar", act) == moved


async def test_what_the_radar_noticed_is_kept_until_something_it_read_changes(
    session: AsyncSession, world: World, count_queries: Any
) -> None:
    blank = await make_member(session, world.first, name="Bea Blank")
    later = utcnow() + timedelta(days=8)  # past the first week: an empty profile is noticed

    async def noticed() -> dict[str, set[str]]:
        return {p.name: {r.kind.value for r in p.risks} for p in await at_risk(session, world.first, now=later)}

    assert "empty_profile" in (await noticed())["Bea Blank"]
    with count_queries() as counter:
        assert "empty_profile" in (await noticed())["Bea Blank"]
    # The rules ran once: the second time, the version and what facilitators did are read, not the rules'.
    assert not [statement for statement in counter.statements if "past_companies" in statement]

    (await _profile_of(session, blank)).headline = "Payroll specialist"
    await session.flush()
    assert "empty_profile" not in (await noticed()).get("Bea Blank", set())
