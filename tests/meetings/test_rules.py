"""The rules of meetings, at the service level: recurrence, answers, the waitlist, cancellation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, Forbidden, NotFound
from app.meetings import service
from app.meetings.models import Meeting, MeetingStatus, RsvpAnswer, RsvpStatus
from app.meetings.recurrence import local_naive
from app.meetings.schemas import EditScope, MeetingCreate, MeetingUpdate
from app.notifications.models import OutboxMessage
from tests.factories import checked_in_at_the_meeting, make_account, make_member
from tests.meetings.helpers import group_with_people, in_days, schedule


async def _series(session: AsyncSession, series_id: int | None) -> list[Meeting]:
    return list(
        (
            await session.execute(select(Meeting).where(Meeting.series_id == series_id).order_by(Meeting.starts_at))
        ).scalars()
    )


async def _templates(session: AsyncSession) -> list[tuple[str, str]]:
    rows = (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars()
    return [(m.payload["to"], m.payload["template"]) for m in rows]


async def test_weekly_series_keeps_local_time_across_daylight_saving(session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, timezone="America/Chicago")
    first = await service.create_meeting(
        session,
        lead,
        group,
        MeetingCreate(
            title="Tuesday circle", starts_at=datetime(2026, 10, 20, 18, 30), recurrence="FREQ=WEEKLY;COUNT=4"
        ),
    )
    meetings = await _series(session, first.series_id)
    assert [local_naive(m.starts_at, m.timezone).strftime("%a %d %b %H:%M") for m in meetings] == [
        "Tue 20 Oct 18:30",
        "Tue 27 Oct 18:30",
        "Tue 03 Nov 18:30",
        "Tue 10 Nov 18:30",
    ]
    # Chicago leaves daylight saving on Nov 1: the same wall-clock time is an hour later in UTC.
    assert [m.starts_at.hour for m in meetings] == [23, 23, 0, 0]


async def test_series_are_stored_six_months_ahead_and_extended_later(session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session)
    first = await schedule(session, lead, group, recurrence="FREQ=WEEKLY")
    assert 25 <= len(await _series(session, first.series_id)) <= 27
    later = datetime.now(UTC).replace(microsecond=0) + service.HORIZON
    assert await service.extend_series(session, now=later) > 20
    assert await service.extend_series(session, now=later) == 0  # nothing twice


async def test_monthly_on_the_second_tuesday(session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, timezone="America/New_York")
    first = await service.create_meeting(
        session,
        lead,
        group,
        MeetingCreate(
            title="Monthly", starts_at=datetime(2027, 1, 12, 9, 0), recurrence="FREQ=MONTHLY;BYDAY=2TU;COUNT=3"
        ),
    )
    days = [local_naive(m.starts_at, m.timezone).date().isoformat() for m in await _series(session, first.series_id)]
    assert days == ["2027-01-12", "2027-02-09", "2027-03-09"]


async def test_bad_rules_are_explained(session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session)
    with pytest.raises(Exception) as raised:
        await schedule(session, lead, group, recurrence="FREQ=SECONDLY")
    assert raised.value.field_errors["recurrence"].startswith("A repeat rule needs FREQ=")  # type: ignore[attr-defined]


async def test_going_past_capacity_waitlists_in_order_and_a_cancellation_promotes(session: AsyncSession) -> None:
    group, lead, (ana, ben, cai) = await group_with_people(session, members=3)
    meeting = await schedule(session, lead, group, capacity=1)
    first, _ = await service.answer(session, ana, meeting.public_id, RsvpAnswer.going)
    second, ben_position = await service.answer(session, ben, meeting.public_id, RsvpAnswer.going)
    third, cai_position = await service.answer(session, cai, meeting.public_id, RsvpAnswer.going)
    assert (first.status, second.status, third.status) == (
        RsvpStatus.going,
        RsvpStatus.waitlisted,
        RsvpStatus.waitlisted,
    )
    assert (ben_position, cai_position) == (1, 2)
    again, _ = await service.answer(session, ben, meeting.public_id, RsvpAnswer.going)
    assert again.status == RsvpStatus.waitlisted and await service.waitlist_position(session, again) == 1

    await service.answer(session, ana, meeting.public_id, RsvpAnswer.not_going)
    await session.refresh(second)
    await session.refresh(third)
    assert second.status == RsvpStatus.going and third.status == RsvpStatus.waitlisted
    assert await service.waitlist_position(session, third) == 1
    assert (ben.email, "waitlist_promoted") in await _templates(session)


async def test_raising_capacity_promotes_the_waitlist(session: AsyncSession) -> None:
    group, lead, (ana, ben, cai) = await group_with_people(session, members=3)
    meeting = await schedule(session, lead, group, capacity=1)
    for person in (ana, ben, cai):
        await service.answer(session, person, meeting.public_id, RsvpAnswer.going)
    await service.update_meeting(session, lead, meeting.public_id, MeetingUpdate(capacity=3))
    statuses = (
        await session.execute(
            select(func.count()).select_from(service.Rsvp).where(service.Rsvp.status == RsvpStatus.going)
        )
    ).scalar_one()
    assert statuses == 3


async def test_cancelling_tells_those_who_meant_to_come(session: AsyncSession) -> None:
    group, lead, (ana, ben, cai) = await group_with_people(session, members=3)
    meeting = await schedule(session, lead, group)
    await service.answer(session, ana, meeting.public_id, RsvpAnswer.going)
    await service.answer(session, ben, meeting.public_id, RsvpAnswer.maybe)
    await service.answer(session, cai, meeting.public_id, RsvpAnswer.not_going)
    [cancelled] = await service.cancel_meeting(session, lead, meeting.public_id)
    assert cancelled.status == MeetingStatus.cancelled and cancelled.sequence == 1
    sent = [(to, template) for to, template in await _templates(session) if template == "meeting_cancelled"]
    assert sorted(sent) == sorted([(ana.email, "meeting_cancelled"), (ben.email, "meeting_cancelled")])
    with pytest.raises(Conflict):
        await service.answer(session, ana, meeting.public_id, RsvpAnswer.going)
    with pytest.raises(Conflict):
        await service.cancel_meeting(session, lead, meeting.public_id)


async def test_this_and_following_edits_and_cancels(session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, timezone="America/Chicago")
    first = await service.create_meeting(
        session, lead, group, MeetingCreate(title="Circle", starts_at=in_days(2), recurrence="FREQ=WEEKLY;COUNT=5")
    )
    meetings = await _series(session, first.series_id)
    third = meetings[2]
    moved = local_naive(third.starts_at, third.timezone).replace(hour=19, minute=0)
    await service.update_meeting(
        session,
        lead,
        third.public_id,
        MeetingUpdate(title="Circle (new room)", starts_at=moved, scope=EditScope.following),
    )
    after = await _series(session, first.series_id)
    assert [m.title for m in after] == [
        "Circle",
        "Circle",
        "Circle (new room)",
        "Circle (new room)",
        "Circle (new room)",
    ]
    assert [local_naive(m.starts_at, m.timezone).strftime("%H:%M") for m in after] == [
        "18:30",
        "18:30",
        "19:00",
        "19:00",
        "19:00",
    ]
    assert [m.sequence for m in after] == [0, 0, 1, 1, 1]

    await service.update_meeting(session, lead, after[0].public_id, MeetingUpdate(location="Room 2"))
    assert [m.location for m in await _series(session, first.series_id)][:2] == ["Room 2", group.default_location]

    await service.cancel_meeting(session, lead, after[3].public_id, EditScope.following)
    statuses = [m.status for m in await _series(session, first.series_id)]
    assert statuses == [MeetingStatus.scheduled] * 3 + [MeetingStatus.cancelled] * 2
    later = datetime.now(UTC) + service.HORIZON * 2
    await service.extend_series(session, now=later)
    assert len(await _series(session, first.series_id)) == 5  # the series ended where it was cut


async def test_only_the_groups_people_answer_and_only_facilitators_schedule(session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session)
    meeting = await schedule(session, lead, group)
    outsider = await make_account(session)
    with pytest.raises(NotFound):
        await service.answer(session, outsider, meeting.public_id, RsvpAnswer.going)
    with pytest.raises(Forbidden):
        await schedule(session, member, group)
    with pytest.raises(Forbidden):
        await service.answers(session, member, meeting.public_id)


async def test_check_in_marks_first_timers(session: AsyncSession) -> None:
    group, lead, (regular, newcomer, _) = await group_with_people(session)
    earlier = await schedule(session, lead, group, starts_at=in_days(-7))
    today = await schedule(session, lead, group, starts_at=in_days(0, hour=0, minute=0))
    await checked_in_at_the_meeting(session, lead, earlier, regular)
    await checked_in_at_the_meeting(session, lead, today, regular, newcomer)
    await checked_in_at_the_meeting(session, lead, today, newcomer)  # twice is once
    _, _, people = await service.roster(session, lead, today.public_id)
    assert [(p.account.display_name, p.first_time) for p in people] == [
        (regular.display_name, False),
        (newcomer.display_name, True),
    ]
    history = await service.attendance_history(session, regular, group, regular.public_id)
    assert [h.meeting.id for h in history] == [today.id, earlier.id]
    with pytest.raises(NotFound):
        await service.attendance_history(session, newcomer, group, regular.public_id)
    other = await make_member(session, group, name="Later")
    del other


async def test_a_deleted_account_gives_its_seat_to_the_waitlist_and_keeps_attendance_anonymous(
    session: AsyncSession,
) -> None:
    from app.privacy.schemas import AccountDeletion
    from app.privacy.service import delete_account, export_own_data
    from tests.factories import PASSWORD

    group, lead, (ana, ben, _) = await group_with_people(session)
    past = await schedule(session, lead, group, starts_at=in_days(-7))
    await checked_in_at_the_meeting(session, lead, past, ana)
    meeting = await schedule(session, lead, group, capacity=1)
    await service.answer(session, ana, meeting.public_id, RsvpAnswer.going)
    waiting, _ = await service.answer(session, ben, meeting.public_id, RsvpAnswer.going)
    exported = await export_own_data(session, ana)
    assert [a.status for a in exported.meeting_answers] == ["going"] and len(exported.attendance) == 1

    await delete_account(session, ana, AccountDeletion(password=PASSWORD))
    await session.refresh(waiting)
    assert waiting.status == RsvpStatus.going
    _, attendees = await service.attendance_list(session, lead, past.public_id)
    assert [a.account.display_name for a in attendees] == ["Former member"]


async def test_a_series_starting_at_a_fraction_of_a_second_keeps_its_first_meeting(session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, members=0)
    start = in_days(3).replace(second=7, microsecond=654321)
    first = await schedule(session, lead, group, starts_at=start, recurrence="FREQ=WEEKLY;COUNT=3")
    assert (first.starts_at.second, first.starts_at.microsecond) == (0, 0)
    series = (
        (await session.execute(select(Meeting).where(Meeting.series_id == first.series_id).order_by(Meeting.starts_at)))
        .scalars()
        .all()
    )
    assert len(series) == 3 and series[0].id == first.id
