"""The demo (`make run`) tells one consistent story: what people's profiles say about their landings
agrees with the landings themselves, and the meetings' first-timers are the people who were new."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.demo.loader import load_demo
from app.groups.models import Group, Membership
from app.landings.models import Landing
from app.meetings.models import Attendance, Meeting
from app.profiles.models import PastCompany, Profile, Stage, StageChange, Tag

YEAR_IN_HEADLINE = re.compile(r"\b(?:landed in|since) (\d{4})\b")


async def test_profiles_agree_with_their_landings(session: AsyncSession) -> None:
    assert await load_demo(session)
    rows = (
        await session.execute(
            select(Account.display_name, Profile, Landing, Membership.joined_at)
            .join(Profile, Profile.account_id == Account.id)
            .join(Landing, Landing.account_id == Account.id)
            .join(Membership, (Membership.account_id == Account.id) & (Membership.group_id == Landing.group_id))
        )
    ).all()
    assert len(rows) >= 5
    for name, profile, landing, joined_at in rows:
        year = landing.created_at.year
        said = YEAR_IN_HEADLINE.findall(profile.headline)
        assert said == [str(year)], (name, profile.headline, landing.created_at)
        assert f"{landing.role} at {landing.company}".lower() in profile.headline.lower(), (name, profile.headline)
        assert profile.stage in (Stage.landed, Stage.alumni), name
        assert joined_at < landing.created_at, name
        jobs = (
            await session.execute(
                select(Tag.label, PastCompany.start_year, PastCompany.end_year)
                .join(Tag, Tag.id == PastCompany.tag_id)
                .where(PastCompany.profile_id == profile.id)
            )
        ).all()
        assert (landing.company, year, None) in jobs, (name, jobs)
        assert all(end is None or end <= year for _, _, end in jobs), (name, jobs)
        became_landed = (
            await session.execute(
                select(StageChange.changed_at).where(
                    StageChange.profile_id == profile.id, StageChange.stage == Stage.landed
                )
            )
        ).scalar_one()
        assert became_landed == landing.created_at, name


async def test_first_timers_are_the_people_who_were_new(session: AsyncSession) -> None:
    assert await load_demo(session)
    joined = dict((await session.execute(select(Membership.account_id, Membership.joined_at))).all())
    seen: dict[int, set[int]] = defaultdict(set)  # group -> who came before
    counts: dict[str, list[tuple[int, int]]] = defaultdict(list)  # group -> (came, first-timers) per meeting
    rows = (
        await session.execute(
            select(Group.slug, Meeting.id, Meeting.group_id, Meeting.starts_at, Attendance.account_id)
            .join(Meeting, Meeting.group_id == Group.id)
            .join(Attendance, Attendance.meeting_id == Meeting.id)
            .order_by(Meeting.starts_at, Meeting.id)
        )
    ).all()
    by_meeting: dict[int, list[int]] = defaultdict(list)
    meeting_of: dict[int, tuple[str, int]] = {}
    for slug, meeting_id, group_id, starts_at, account_id in rows:
        assert joined[account_id] <= starts_at  # nobody came before they joined
        by_meeting[meeting_id].append(account_id)
        meeting_of[meeting_id] = (slug, group_id)
    for meeting_id, people in by_meeting.items():  # in the order the meetings were held
        slug, group_id = meeting_of[meeting_id]
        first_timers = set(people) - seen[group_id]
        counts[slug].append((len(people), len(first_timers)))
        seen[group_id] |= set(people)
    assert len(counts) == 2
    for slug, meetings in counts.items():
        (came, new), *later = meetings
        assert came == new <= 5, (slug, meetings[:3])  # the first meeting: the group's longest-standing members
        assert later and all(first_timers < came for came, first_timers in later), (slug, meetings)
        assert all(first_timers <= max(3, came // 3) for came, first_timers in later), (slug, meetings)
        assert max(came for came, _ in meetings[-4:]) >= 15, (slug, meetings[-4:])  # a group, not a handful
