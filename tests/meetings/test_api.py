from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import time_machine
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from tests.factories import bearer, make_account, make_token
from tests.meetings.helpers import group_with_people, schedule


async def test_schedule_a_series_and_list_it(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session, timezone="America/Chicago")
    headers = bearer(await make_token(session, lead, Scope.write))
    body = {
        "title": "Tuesday circle",
        "starts_at": "2027-03-02T18:30",
        "duration_minutes": 90,
        "location": "Library room B",
        "capacity": 12,
        "recurrence": "FREQ=WEEKLY;INTERVAL=2;COUNT=4",
    }
    response = await client.post(f"/api/v1/groups/{group.public_id}/meetings", json=body, headers=headers)
    assert response.status_code == 201, response.text
    meeting = response.json()
    assert meeting["timezone"] == "America/Chicago" and meeting["local_starts_at"] == "2027-03-02T18:30:00"
    assert meeting["starts_at"].startswith("2027-03-03T00:30:00")  # 18:30 CST is 00:30 UTC
    assert meeting["recurrence"] == "FREQ=WEEKLY;INTERVAL=2;COUNT=4" and meeting["series_id"]
    assert response.headers["location"] == f"/api/v1/meetings/{meeting['id']}"

    member_headers = bearer(await make_token(session, member, Scope.read))
    listing = (
        await client.get(f"/api/v1/groups/{group.public_id}/meetings", params={"limit": 3}, headers=member_headers)
    ).json()
    assert [m["local_starts_at"][:10] for m in listing["items"]] == ["2027-03-02", "2027-03-16", "2027-03-30"]
    rest = (
        await client.get(
            f"/api/v1/groups/{group.public_id}/meetings",
            params={"limit": 3, "cursor": listing["next_cursor"]},
            headers=member_headers,
        )
    ).json()
    assert [m["local_starts_at"][:10] for m in rest["items"]] == ["2027-04-13"] and rest["next_cursor"] is None
    # Mid-March is after the US change to daylight time: still 18:30 locally, now 23:30 UTC.
    assert listing["items"][1]["starts_at"].startswith("2027-03-16T23:30:00")


async def test_offsets_are_accepted_and_bad_input_is_explained(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, _ = await group_with_people(session)
    headers = bearer(await make_token(session, lead, Scope.write))
    ok = await client.post(
        f"/api/v1/groups/{group.public_id}/meetings",
        headers=headers,
        json={"title": "Offset", "starts_at": "2027-05-04T18:30:00-05:00", "timezone": "America/Chicago"},
    )
    assert ok.status_code == 201 and ok.json()["local_starts_at"] == "2027-05-04T18:30:00"
    bad = await client.post(
        f"/api/v1/groups/{group.public_id}/meetings",
        headers=headers,
        json={
            "title": "",
            "starts_at": "next tuesday",
            "duration_minutes": 2,
            "timezone": "Moon/Base",
            "online_url": "zoom",
            "capacity": 0,
            "recurrence": "FREQ=HOURLY",
        },
    )
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"title", "starts_at", "duration_minutes", "timezone", "online_url", "capacity"}
    rule = await client.post(
        f"/api/v1/groups/{group.public_id}/meetings",
        headers=headers,
        json={"title": "Rule", "starts_at": "2027-05-04T18:30", "recurrence": "FREQ=HOURLY"},
    )
    assert rule.status_code == 422 and rule.json()["errors"][0]["field"] == "recurrence"


async def test_rsvp_capacity_waitlist_and_rsvps_list(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (ana, ben, _) = await group_with_people(session)
    meeting = await schedule(session, lead, group, capacity=1)
    url = f"/api/v1/meetings/{meeting.public_id}"
    ana_h = bearer(await make_token(session, ana, Scope.write))
    ben_h = bearer(await make_token(session, ben, Scope.write))
    first = await client.put(f"{url}/rsvp", json={"answer": "going"}, headers=ana_h)
    assert first.json()["status"] == "going" and first.json()["waitlist_position"] is None
    second = await client.put(f"{url}/rsvp", json={"answer": "going"}, headers=ben_h)
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_position"] == 1
    assert (await client.get(url, headers=ben_h)).json()["my_rsvp"]["waitlist_position"] == 1
    bad = await client.put(f"{url}/rsvp", json={"answer": "yes please"}, headers=ben_h)
    assert bad.status_code == 422
    assert (await client.put(f"{url}/rsvp", json={"answer": "not_going"}, headers=ana_h)).json()[
        "status"
    ] == "not_going"
    assert (await client.get(url, headers=ben_h)).json()["my_rsvp"]["status"] == "going"

    lead_h = bearer(await make_token(session, lead, Scope.write))
    answers = (await client.get(f"{url}/rsvps", headers=lead_h)).json()["items"]
    assert [(a["name"], a["status"]) for a in answers] == [(ben.display_name, "going"), (ana.display_name, "not_going")]
    assert (await client.get(f"{url}/rsvps", headers=ben_h)).status_code == 403


async def test_edit_cancel_and_check_in(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (ana, *_) = await group_with_people(session)
    meeting = await schedule(session, lead, group)
    url = f"/api/v1/meetings/{meeting.public_id}"
    lead_h = bearer(await make_token(session, lead, Scope.write))
    patched = await client.patch(url, json={"location": "Room 12", "capacity": None}, headers=lead_h)
    assert patched.status_code == 200 and patched.json()["location"] == "Room 12"
    with time_machine.travel(meeting.starts_at + timedelta(minutes=5), tick=False):  # check-in is open
        check = await client.post(f"{url}/check-ins", json={"person_id": str(ana.public_id)}, headers=lead_h)
        stranger = await client.post(f"{url}/check-ins", json={"person_id": str(uuid.uuid4())}, headers=lead_h)
    assert check.status_code == 201 and check.json()["first_time"] is True and check.json()["method"] == "api"
    attendance = (await client.get(f"{url}/attendance", headers=lead_h)).json()
    assert [a["name"] for a in attendance["items"]] == [ana.display_name] and attendance["next_cursor"] is None
    assert stranger.status_code == 404
    cancelled = await client.post(f"{url}/cancel", json={"scope": "this"}, headers=lead_h)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = await client.post(f"{url}/cancel", headers=lead_h)
    assert again.status_code == 409


async def test_outsiders_get_404_and_members_cannot_schedule(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session)
    meeting = await schedule(session, lead, group)
    outsider_h = bearer(await make_token(session, await make_account(session), Scope.write))
    assert (await client.get(f"/api/v1/meetings/{meeting.public_id}", headers=outsider_h)).status_code == 404
    assert (
        await client.put(f"/api/v1/meetings/{meeting.public_id}/rsvp", json={"answer": "going"}, headers=outsider_h)
    ).status_code == 404
    assert (await client.get(f"/api/v1/groups/{group.public_id}/meetings", headers=outsider_h)).status_code == 404
    member_h = bearer(await make_token(session, member, Scope.write))
    created = await client.post(
        f"/api/v1/groups/{group.public_id}/meetings",
        headers=member_h,
        json={"title": "Mine", "starts_at": "2027-01-01T10:00"},
    )
    assert created.status_code == 403
    assert (
        await client.patch(f"/api/v1/meetings/{meeting.public_id}", json={"title": "x"}, headers=member_h)
    ).status_code == 403
