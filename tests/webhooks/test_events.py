"""Events are written to the webhooks' outbox by the changes themselves, in their transaction, for
the endpoints that want them, with payloads that carry no private data."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.audit.models import AuditEvent
from app.db import utcnow
from app.groups.models import JoinedVia, JoinPolicy, MembershipStatus, Role
from app.introductions import service as introductions
from app.introductions.models import Outcome
from app.landings import service as landings
from app.landings.schemas import LandingIn
from app.meetings import service as meetings
from app.meetings.models import RsvpAnswer
from app.meetings.schemas import EditScope, MeetingUpdate
from app.members import invitations
from app.members import service as members
from app.members.schemas import Decision, InvitationAnswers, JoinAnswers
from app.roster import service as roster
from app.webhooks import events
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import make_account, make_admin, make_group, make_member
from tests.introductions.helpers import make_setup
from tests.meeting_day.helpers import make_circle, make_meeting
from tests.meetings.helpers import schedule
from tests.members.helpers import link_in_email
from tests.roster.helpers import HEADER
from tests.webhooks.helpers import deliveries, make_endpoint


def _data(delivery: WebhookDelivery) -> dict[str, Any]:
    return delivery.payload["data"]  # type: ignore[no-any-return]


async def test_every_change_queues_its_event_with_a_public_payload(session: AsyncSession) -> None:
    setup = await make_setup(session)
    admin = await make_admin(session)
    everything, _ = await make_endpoint(session, admin, events=list(EVENT_TYPES))
    other_group = await make_group(session)
    await make_endpoint(session, admin, events=list(EVENT_TYPES), group=other_group)  # hears nothing here

    # Starting within the hour, so that check-in is open.
    meeting = await schedule(session, setup.lead, setup.group, capacity=1, starts_at=utcnow() + timedelta(hours=1))
    await meetings.update_meeting(session, setup.lead, meeting.public_id, MeetingUpdate(title="Moved"))
    await meetings.answer(session, setup.ana, meeting.public_id, RsvpAnswer.going)
    await meetings.answer(session, setup.ben, meeting.public_id, RsvpAnswer.going)  # waitlisted
    await meetings.answer(session, setup.ana, meeting.public_id, RsvpAnswer.not_going)  # Ben moves up
    await meetings.check_in(session, setup.lead, meeting.public_id, setup.ben.public_id)
    await meetings.check_in(session, setup.lead, meeting.public_id, setup.ben.public_id)  # again: no new event
    await meetings.cancel_meeting(session, setup.lead, meeting.public_id, EditScope.this)

    introduction = await introductions.propose(
        session, setup.lead, setup.group, setup.ana.public_id, setup.ben.public_id, "Worth meeting."
    )
    await introductions.answer(session, setup.ana, introduction.public_id, True)
    await introductions.answer(session, setup.ben, introduction.public_id, True)
    await introductions.record_outcome(session, setup.ana, introduction.public_id, Outcome.met, "A private note.")
    await landings.report_landing(
        session,
        setup.cleo,
        setup.group,
        LandingIn(role="Recruiter", company="Acme", helped_by="group", story="My private story."),
    )

    rows = await deliveries(session)
    assert {row.endpoint_id for row in rows} == set(await _internal_ids(session, everything))
    types = [row.event_type for row in rows]
    assert types == [
        "meeting.created",
        "meeting.updated",
        "rsvp.changed",
        "rsvp.changed",
        "rsvp.changed",
        "rsvp.changed",
        "attendance.checked_in",
        "meeting.cancelled",
        "introduction.proposed",
        "introduction.connected",
        "introduction.outcome",
        "member.landed",
    ]
    assert len({row.message_id for row in rows}) == len(rows) and all(r.message_id.startswith("msg_") for r in rows)
    group_ref = {"id": str(setup.group.public_id), "slug": setup.group.slug, "name": setup.group.name}
    for row in rows:
        assert row.payload["type"] == row.event_type and row.payload["timestamp"].endswith("Z")
        assert _data(row)["group"] == group_ref
        text = json.dumps(row.payload)
        for private in ("@example.com", "A private note.", "My private story.", "312 555"):
            assert private not in text, (row.event_type, private)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_type.setdefault(row.event_type, []).append(_data(row))
    assert by_type["meeting.created"][0]["meeting"]["id"] == str(meeting.public_id)
    # Each of the two with the reason written to them, for a bot that messages them; nothing else says it.
    proposed = by_type["introduction.proposed"][0]["introduction"]["people"]
    assert [person["reason"] for person in proposed] == ["Worth meeting.", "Worth meeting."]
    assert all(
        "Worth meeting." not in json.dumps(row.payload)
        for row in rows
        if row.event_type not in ("introduction.proposed", "introduction.connected")
    )
    assert by_type["meeting.updated"][0]["changed"] == ["title"]
    assert by_type["meeting.updated"][0]["meeting"]["title"] == "Moved"
    assert [(d["person"]["name"], d["status"]) for d in by_type["rsvp.changed"]] == [
        ("Ana Lopez", "going"),
        ("Ben Okafor", "waitlisted"),
        ("Ana Lopez", "not_going"),
        ("Ben Okafor", "going"),
    ]
    assert by_type["attendance.checked_in"][0]["person"] == {"id": str(setup.ben.public_id), "name": "Ben Okafor"}
    assert by_type["meeting.cancelled"][0]["meeting"]["status"] == "cancelled"
    people = {person["id"] for person in by_type["introduction.connected"][0]["introduction"]["people"]}
    assert people == {str(setup.ana.public_id), str(setup.ben.public_id)}
    assert by_type["introduction.outcome"][0]["outcome"] == "met"
    assert by_type["member.landed"][0]["landing"]["company"] == "Acme"


async def test_a_declined_introduction_never_says_who_declined(session: AsyncSession) -> None:
    setup = await make_setup(session)
    await make_endpoint(session, await make_admin(session), events=["introduction.declined"])
    introduction = await introductions.propose(
        session, setup.lead, setup.group, setup.ana.public_id, setup.ben.public_id, "Worth meeting."
    )
    await introductions.answer(session, setup.ana, introduction.public_id, True)
    await introductions.answer(session, setup.ben, introduction.public_id, False, note="Not the right time.")
    [row] = await deliveries(session)
    assert row.payload["data"] == {
        "group": {"id": str(setup.group.public_id), "slug": setup.group.slug, "name": setup.group.name},
        "introduction": {"id": str(introduction.public_id), "status": "declined"},
    }
    text = json.dumps(row.payload)
    for revealing in (str(setup.ana.public_id), str(setup.ben.public_id), "Ana", "Ben", "Not the right time"):
        assert revealing not in text


async def test_joining_and_approval(session: AsyncSession) -> None:
    admin = await make_admin(session)
    open_group = await make_group(session, join_policy=JoinPolicy.open)
    approval_group = await make_group(session, join_policy=JoinPolicy.approval)
    lead = await make_member(session, approval_group, name="Fay Facilitator", role=Role.facilitator)
    await make_endpoint(session, admin, events=["member.joined", "member.approved"])
    newcomer = await make_account(session, name="Nia Newcomer")
    await members.join(session, open_group, JoinAnswers(agree=True), actor=newcomer, client_ip="10.0.0.1")
    await members.join(session, approval_group, JoinAnswers(agree=True), actor=newcomer, client_ip="10.0.0.1")
    await members.approve(session, lead, approval_group, newcomer.public_id, Decision(note="Welcome! (private)"))
    rows = await deliveries(session)
    assert [(row.event_type, _data(row)["group"]["slug"], _data(row)["status"]) for row in rows] == [
        ("member.joined", open_group.slug, MembershipStatus.active),
        ("member.joined", approval_group.slug, MembershipStatus.pending),
        ("member.approved", approval_group.slug, MembershipStatus.active),
    ]
    assert all(_data(row)["person"] == {"id": str(newcomer.public_id), "name": "Nia Newcomer"} for row in rows)
    assert "private" not in json.dumps([row.payload for row in rows])


async def test_only_the_group_and_the_events_asked_for(session: AsyncSession) -> None:
    admin = await make_admin(session)
    group, other = await make_group(session), await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    mine, _ = await make_endpoint(session, lead, events=["meeting.created"], group=group)
    elsewhere, _ = await make_endpoint(session, admin, events=["meeting.created"], group=other)
    other_events, _ = await make_endpoint(session, admin, events=["meeting.cancelled"])
    everywhere, _ = await make_endpoint(session, admin, events=["meeting.created"])
    await schedule(session, lead, group, recurrence="FREQ=WEEKLY;COUNT=3")
    rows = await deliveries(session)
    by_endpoint: dict[int, int] = {}
    for row in rows:
        by_endpoint[row.endpoint_id] = by_endpoint.get(row.endpoint_id, 0) + 1
    ids = await _internal_ids(session, mine, elsewhere, other_events, everywhere)
    assert by_endpoint == {ids[0]: 3, ids[3]: 3}  # one event per meeting of the series


async def _internal_ids(session: AsyncSession, *endpoints: Any) -> list[int]:
    rows = dict((await session.execute(select(WebhookEndpoint.public_id, WebhookEndpoint.id))).all())
    return [rows[endpoint.id] for endpoint in endpoints]


async def test_a_change_that_is_rolled_back_sends_nothing(session: AsyncSession) -> None:
    setup = await make_setup(session)
    await make_endpoint(session, await make_admin(session), events=["meeting.created"])
    await session.commit()  # (a savepoint of the test's transaction)
    with pytest.raises(RuntimeError):
        async with session.begin_nested():
            await schedule(session, setup.lead, setup.group)
            assert len(await deliveries(session)) == 1  # written with the change…
            raise RuntimeError("the request failed after the change")
    assert await deliveries(session) == []  # …and gone with it


async def test_emit_costs_one_select_and_nothing_more_without_listeners(
    session: AsyncSession, count_queries: Any
) -> None:
    group = await make_group(session)
    person = await make_account(session)
    with count_queries() as counter:
        assert await events.emit(session, group, "member.joined", events.member(person, "active")) == 0
    assert counter.count == 1 and counter.statements[0].lstrip().upper().startswith("SELECT")
    for index in range(3):
        await make_endpoint(
            session, await make_admin(session), f"https://example.org/{index}", events=["member.joined"]
        )
    with count_queries() as counter:
        assert await events.emit(session, group, "member.joined", [events.member(person, "active")] * 2) == 6
    assert counter.count == 2  # the SELECT, and one INSERT for all six rows


async def test_occurrences_the_worker_adds_to_a_series_are_announced_too(session: AsyncSession) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    await schedule(session, lead, group, recurrence="FREQ=WEEKLY")
    await make_endpoint(session, await make_admin(session), events=["meeting.created"])
    added = await meetings.extend_series(session, now=utcnow() + timedelta(days=70))
    rows = await deliveries(session, "meeting.created")
    assert added > 5 and len(rows) == added
    assert all(row.payload["data"]["meeting"]["recurring"] for row in rows)


async def test_people_imported_or_walking_in_are_announced_when_they_accept_not_before(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """A CSV import and a walk-in only invite; `member.joined` comes when the person says yes,
    with the same payload as any other way in."""
    circle = await make_circle(session)
    await make_endpoint(session, await make_admin(session), events=["member.joined"])
    csv_text = f"{HEADER}\nImani Imported,imani@example.com\n"
    await roster.import_members(session, sessionmaker, circle.lead, circle.group, csv_text)
    meeting = await make_meeting(session, circle)
    await invitations.walk_in(session, circle.lead, meeting.public_id, "Wes Walk-in", "wes@example.com")
    assert await deliveries(session, "member.joined") == []  # invited is not joined

    for email in ("imani@example.com", "wes@example.com"):
        link = await link_in_email(session, email, "group_invitation")
        await invitations.accept(
            session,
            link.rsplit("/", 1)[-1],
            None,
            InvitationAnswers(password="a good long password", password_again="a good long password", agree=True),
            session_days=30,
        )
    rows = await deliveries(session, "member.joined")
    assert [(_data(row)["person"]["name"], _data(row)["status"]) for row in rows] == [
        ("Imani Imported", MembershipStatus.active),
        ("Wes Walk-in", MembershipStatus.active),
    ]
    trail = (
        (
            await session.execute(
                select(AuditEvent.details).where(AuditEvent.action == "member.joined").order_by(AuditEvent.id)
            )
        )
        .scalars()
        .all()
    )
    assert [details["via"] for details in trail] == [JoinedVia.import_.value, JoinedVia.walk_in.value]
