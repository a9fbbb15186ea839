"""Each chart's numbers on hand-built data (see tests/insights/helpers.py: story)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Forbidden, InvalidInput, NotFound
from app.insights.service import insights_for
from tests.factories import make_account
from tests.insights.helpers import Story, local, meeting, story

H1 = ("2025-01-01", "2025-06-30")


async def _numbers(session: AsyncSession, setup: Story, start: str | None, end: str | None):  # type: ignore[no-untyped-def]
    return (await insights_for(session, setup.lead, setup.group, start, end)).data


async def test_attendance_per_meeting_with_first_timers(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, *H1)
    assert data.attendance is not None
    assert [(m.day, m.attended, m.first_timers, m.returning) for m in data.attendance.meetings] == [
        (date(2025, 1, 14), 2, 1, 1),
        (date(2025, 1, 21), 3, 1, 2),
        (date(2025, 2, 4), 0, 0, 0),
        (date(2025, 3, 4), 3, 2, 1),
        (date(2025, 6, 30), 1, 0, 1),
    ]
    assert (data.attendance.total_attended, data.attendance.total_first_timers) == (9, 4)
    assert data.attendance.average_attended == 1.8


async def test_new_members_per_month_in_the_groups_time_zone(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, *H1)
    assert data.new_members is not None
    assert [(m.month, m.count) for m in data.new_members.months] == [
        ("2025-01", 2),
        ("2025-02", 0),
        ("2025-03", 2),
        ("2025-04", 0),
        ("2025-05", 1),
        ("2025-06", 0),
    ]
    assert data.new_members.total == 5


async def test_the_introduction_funnel(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, *H1)
    assert data.funnel is not None
    assert [(s.stage.value, s.count, s.percent_of_proposed, s.percent_of_previous) for s in data.funnel.stages] == [
        ("proposed", 8, 100.0, None),
        ("both_answered", 5, 62.5, 62.5),
        ("connected", 4, 50.0, 80.0),
        ("met", 2, 25.0, 50.0),
        ("helped", 1, 12.5, 50.0),
    ]


async def test_landings_per_month_and_the_median_weeks_to_landing(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, *H1)
    assert data.landings is not None
    assert [m.count for m in data.landings.months] == [0, 1, 1, 1, 0, 1]
    assert (data.landings.total, data.landings.landings_measured) == (4, 4)
    assert data.landings.median_weeks_to_landing == 8.0  # (42 + 70) / 2 days


async def test_the_median_of_an_odd_number_is_the_middle_one(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, "2025-02-01", "2025-04-30")  # dan 28, ben 42, cleo 70 days
    assert data.landings is not None
    assert (data.landings.total, data.landings.median_weeks_to_landing) == (3, 6.0)


async def test_connections_per_member_at_the_end_of_the_period(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, *H1)
    assert data.connections is not None
    assert [(b.connections, b.members) for b in data.connections.buckets] == [
        ("0", 2),
        ("1", 2),
        ("2", 2),
        ("3", 0),
        ("4+", 1),
    ]
    assert (data.connections.members, data.connections.without_connections) == (7, 2)
    assert data.connections.as_of == date(2025, 6, 30)


async def test_the_period_changes_every_chart(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, "2025-01-15", "2025-01-31")
    assert data.attendance and [(m.day, m.attended, m.first_timers) for m in data.attendance.meetings] == [
        (date(2025, 1, 21), 3, 1)
    ]
    assert data.new_members and [(m.month, m.count) for m in data.new_members.months] == [("2025-01", 1)]  # cleo
    assert data.funnel and [s.count for s in data.funnel.stages] == [1, 1, 1, 1, 1]  # ana–ben
    assert data.landings and (data.landings.total, data.landings.median_weeks_to_landing) == (0, None)
    # Joined by January 31 (local): ana, ben, cleo, hal, ivy; connected by then: ana–ivy, ana–hal, ana–ben.
    assert data.connections and [b.members for b in data.connections.buckets] == [1, 3, 0, 1, 0]


async def test_an_empty_period_gives_zeros_not_errors(session: AsyncSession) -> None:
    setup = await story(session)
    data = await _numbers(session, setup, "2020-01-01", "2020-03-31")
    assert data.attendance and data.attendance.meetings == [] and data.attendance.average_attended is None
    assert data.new_members and [m.count for m in data.new_members.months] == [0, 0, 0]
    assert data.funnel and [(s.count, s.percent_of_proposed) for s in data.funnel.stages] == [(0, None)] * 5
    assert data.landings and data.landings.median_weeks_to_landing is None and data.landings.landings_measured == 0
    assert data.connections and data.connections.members == 0


async def test_a_mistaken_period_is_refused_with_the_field(session: AsyncSession) -> None:
    setup = await story(session)
    with pytest.raises(InvalidInput) as caught:
        await _numbers(session, setup, "2025-06-30", "2025-01-01")
    assert caught.value.field_errors == {"from": "The start must be on or before the end."}
    with pytest.raises(InvalidInput) as caught:
        await _numbers(session, setup, "30/06/2025", None)
    assert set(caught.value.field_errors) == {"from"}


async def test_only_facilitators_see_the_numbers(session: AsyncSession) -> None:
    setup = await story(session)
    with pytest.raises(Forbidden):
        await insights_for(session, setup.people["ana"], setup.group, None, None)
    with pytest.raises(NotFound):
        await insights_for(session, await make_account(session), setup.group, None, None)


async def test_the_numbers_are_kept_until_the_groups_activity_changes(session: AsyncSession) -> None:
    setup = await story(session)
    first = await _numbers(session, setup, *H1)
    assert await _numbers(session, setup, *H1) is first  # nothing changed: worked out once
    assert await _numbers(session, setup, "2025-01-01", "2025-03-31") is not first  # another period
    await meeting(session, setup.group, local(2025, 6, 3), [setup.people["ana"], setup.people["ben"]])
    again = await _numbers(session, setup, *H1)
    assert again is not first
    assert again.attendance is not None and first.attendance is not None
    assert again.attendance.total_attended == first.attendance.total_attended + 2
