"""The API served for real (uvicorn in a subprocess, on the committed database, emptied for the
module) with data that gives every path parameter something to find: an administrator with a token
of every scope who facilitates a group of members with profiles, meetings, introductions in each
state, a planned round, landings, an invite, a request to be introduced and a webhook endpoint
with a delivery.
SQLite by default, PostgreSQL when TEST_DATABASE_URL is set; no browser needed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.db import Sessions, utcnow
from app.groups.models import JoinPolicy, MembershipStatus, Role
from tests.conftest import ServedApp
from tests.factories import make_admin, make_group, make_member, make_membership, make_token

# Values the API accepts, by the name of the parameter or body field that takes them, where the
# document cannot say which (a time zone, a slug's spelling); identifiers are added when seeded.
VALID_VALUES: dict[str, list[Any]] = {
    "timezone": ["America/Chicago", "Europe/Berlin", "UTC"],
    "slug": ["new-group", "tuesday-hr", "evening-circle-2"],
    "email": ["walk.in@example.org", "omar@example.org", "new.facilitator@example.org"],
    "url": ["http://127.0.0.1:9/hooks/between", "https://hooks.example.org/between"],
    "events": [["meeting.created", "rsvp.changed"], ["introduction.proposed"]],
    "recurrence": ["FREQ=WEEKLY;COUNT=3", "FREQ=WEEKLY;INTERVAL=2"],
}


@dataclass
class LiveApi:
    url: str
    token: str
    log: Path
    # Real values by the name of the parameter (path, query or body field) that takes them.
    known: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def _seed(session: AsyncSession) -> tuple[str, dict[str, list[Any]]]:
    from app.introductions import service as introductions
    from app.landings.schemas import LandingIn
    from app.landings.service import report_landing
    from app.matching.rounds import plan
    from app.meetings.models import CheckInMethod
    from app.meetings.schemas import MeetingCreate
    from app.meetings.service import check_in, create_meeting

    admin = await make_admin(session, email="admin@example.org", name="Dana Admin")
    token = await make_token(session, admin, Scope.read, Scope.write, Scope.webhooks)

    group = await make_group(
        session,
        slug="tuesday-hr",
        name="Tuesday HR Circle",
        join_policy=JoinPolicy.approval,
        agreement="Be kind.\nKeep confidences.",
        default_location="Library, room 2",
    )
    await make_membership(session, group, admin, role=Role.facilitator)
    fay = await make_member(
        session, group, name="Fay Facilitator", role=Role.facilitator, headline="Volunteer facilitator, HR director"
    )
    omar = await make_member(
        session,
        group,
        name="Omar Haddad",
        email="omar@example.org",
        headline="HRIS lead, Workday since 2012",
        skills=["Workday"],
        industries=["Healthcare"],
        past_companies=[{"name": "Acme Health", "from": 2012, "to": 2024}],
        can_help_with="Workday, HR systems",
    )
    lena = await make_member(
        session,
        group,
        name="Lena Fischer",
        headline="Recruiter in healthcare",
        target_companies=["Acme Health"],
        looking_for="Someone who knows Workday",
        stage="interviewing",
    )
    quinn = await make_member(session, group, name="Quinn Quiet")
    priya = await make_member(
        session,
        group,
        name="Priya Raman",
        headline="Payroll specialist",
        skills=["Payroll", "ADP"],
        target_roles=["Payroll manager"],
    )
    pending = [
        await make_member(session, group, name=f"Pat Pending {n}", status=MembershipStatus.pending) for n in range(1, 7)
    ]

    # A group the administrator is not in: its people and meetings are not theirs to see.
    other_group = await make_group(session, slug="thursday-tech", name="Thursday Tech", join_policy=JoinPolicy.open)
    outsider = await make_member(session, other_group, name="Olu Outsider", role=Role.facilitator)

    soon = utcnow() + timedelta(days=7)
    tonight = utcnow() + timedelta(hours=1)  # check-in is open: Omar is at the door
    meetings = [
        await create_meeting(
            session,
            admin,
            group,
            MeetingCreate(title="Networking night", starts_at=tonight, capacity=2, agenda="Round of introductions"),
        ),
        await create_meeting(
            session,
            admin,
            group,
            MeetingCreate(
                title="Fortnightly circle", starts_at=soon + timedelta(days=1), recurrence="FREQ=WEEKLY;INTERVAL=2"
            ),
        ),
        await create_meeting(
            session,
            admin,
            group,
            MeetingCreate(
                title="Online CV clinic", starts_at=soon + timedelta(days=2), online_url="https://meet.example.org/cv"
            ),
        ),
        await create_meeting(session, outsider, other_group, MeetingCreate(title="Tech meetup", starts_at=soon)),
    ]
    await check_in(session, admin, meetings[0].public_id, omar.public_id, CheckInMethod.api)

    proposed_to_admin = await introductions.propose(
        session, admin, group, admin.public_id, omar.public_id, "Dana knows Omar's next employer well."
    )
    between_others = await introductions.propose(
        session, admin, group, lena.public_id, omar.public_id, "Lena asks for Workday experience; Omar offers it."
    )
    connected = await introductions.propose(
        session, fay, group, admin.public_id, lena.public_id, "Both recruited in healthcare."
    )
    await introductions.answer(session, admin, connected.public_id, accept=True)
    await introductions.answer(session, lena, connected.public_id, accept=True)
    declined = await introductions.propose(
        session, fay, group, admin.public_id, priya.public_id, "Payroll and HR systems."
    )
    await introductions.answer(session, priya, declined.public_id, accept=False)

    planned_round = await plan(session, admin, group, 1)
    landings = [
        await report_landing(
            session,
            admin,
            group,
            LandingIn(
                role="HR business partner",
                company="Acme Health",
                start_date=date.today() + timedelta(days=30),
                helped_by="introduction",
                introduction_id=connected.public_id,
                story="Lena made the call.",
                on_wall=True,
            ),
        ),
        await report_landing(
            session, admin, group, LandingIn(role="Interim HR lead", company="Globex", helped_by="group")
        ),
    ]

    def ids(*things: Any) -> list[str]:
        return [str(thing.public_id) for thing in things]

    members = ids(admin, fay, omar, lena, quinn, priya)
    known: dict[str, list[Any]] = {
        **VALID_VALUES,
        "group_id": ids(group, other_group),
        "member_id": ids(*pending, omar),
        # Not the administrator: DELETE /groups/{group_id}/facilitators/{person_id} would step them down,
        # and every facilitators' operation after it would only get 403s.
        "person_id": members[1:] + ids(outsider),
        "person_a_id": members,
        "person_b_id": members,
        "target_person_id": members,
        "meeting_id": ids(*meetings),
        "introduction_id": ids(proposed_to_admin, between_others, connected, declined),
        "round_id": ids(planned_round),
        "landing_id": ids(*landings),
    }
    return token, known


async def _seed_through_the_api(url: str, token: str, known: dict[str, list[Any]]) -> None:
    """What is simplest made the way an integration makes it: an invite, a request to be introduced,
    a webhook endpoint with a delivery waiting (the worker does not run here)."""
    group_id = known["group_id"][0]
    async with httpx.AsyncClient(base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {token}"}) as api:

        async def create(path: str, body: dict[str, Any]) -> str:
            response = await api.post(path, json=body)
            assert response.status_code == 201, (path, response.status_code, response.text)
            return str(response.json()["id"])

        known["invite_id"] = [await create(f"/groups/{group_id}/invites", {"label": "Library flyer"})]
        known["request_id"] = [
            await create(
                f"/groups/{group_id}/introduction-requests", {"description": "Someone who hires HR business partners"}
            )
        ]
        known["endpoint_id"] = [
            await create(
                "/webhooks",
                {
                    "url": VALID_VALUES["url"][0],
                    "events": ["rsvp.changed"],
                    "description": "CRM sync",
                    "group_id": group_id,
                },
            )
        ]
        answer = await api.put(f"/meetings/{known['meeting_id'][2]}/rsvp", json={"answer": "maybe"})
        assert answer.status_code == 200, answer.text
        deliveries = await api.get(f"/webhooks/{known['endpoint_id'][0]}/deliveries")
        assert deliveries.status_code == 200, deliveries.text
        known["delivery_id"] = [str(item["id"]) for item in deliveries.json()["items"]]
        assert known["delivery_id"], "the answer to the meeting made no webhook delivery"


@pytest.fixture(scope="module")
async def live_api(committed_sessions: Sessions, committed_app: ServedApp) -> LiveApi:
    async with committed_sessions.write() as session, session.begin():
        token, known = await _seed(session)
    await _seed_through_the_api(committed_app.url, token, known)
    return LiveApi(url=committed_app.url, token=token, log=committed_app.log, known=known)
