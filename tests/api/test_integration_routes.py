"""The routes that give integrations what facilitators and administrators do in the pages:
invite links, facilitators, the request queue, do-not-pair, group settings, the roster, attendance."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.db import utcnow
from app.groups.models import JoinPolicy, MembershipStatus
from app.introductions import service as introductions
from app.meetings import service as meetings
from app.meetings.models import CheckInMethod
from tests.factories import bearer, checked_in_at_the_meeting, make_account, make_admin, make_member, make_token
from tests.meetings.helpers import group_with_people, in_days, schedule


async def test_invite_links_are_created_listed_and_revoked(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session, join_policy=JoinPolicy.invite)
    lead_headers = bearer(await make_token(session, lead, Scope.write))
    url = f"/api/v1/groups/{group.public_id}/invites"
    created = await client.post(url, json={"label": "Library flyer", "expires_in_days": 14}, headers=lead_headers)
    assert created.status_code == 201, created.text
    invite = created.json()
    assert invite["label"] == "Library flyer" and invite["uses"] == 0 and invite["revoked_at"] is None
    assert invite["url"].startswith("http://testserver/join/")
    assert created.headers["location"] == f"{url}/{invite['id']}"
    default = await client.post(url, headers=lead_headers)  # no body: the defaults
    assert default.status_code == 201 and default.json()["expires_at"] is not None

    listing = (await client.get(url, headers=lead_headers)).json()
    assert {item["id"] for item in listing["items"]} == {invite["id"], default.json()["id"]}
    assert all(item["url"] is None for item in listing["items"])  # the secret part is shown once
    one = await client.get(f"{url}/{invite['id']}", headers=lead_headers)
    assert one.status_code == 200 and one.json()["url"] is None

    revoked = await client.post(f"{url}/{invite['id']}/revoke", headers=lead_headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert (await client.get(invite["url"].removeprefix("http://testserver"))).status_code >= 400

    member_headers = bearer(await make_token(session, member, Scope.write))
    assert (await client.get(url, headers=member_headers)).status_code == 403
    assert (await client.post(url, headers=member_headers)).status_code == 403
    assert (await client.get(f"{url}/{uuid.uuid4()}", headers=lead_headers)).status_code == 404


async def test_administrators_appoint_and_remove_facilitators(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session)
    admin_headers = bearer(await make_token(session, await make_admin(session), Scope.write))
    newcomer = await make_member(session, group, email="newcomer@example.com", name="Nia Newcomer")
    url = f"/api/v1/groups/{group.public_id}/facilitators"

    appointed = await client.post(url, json={"email": "newcomer@example.com"}, headers=admin_headers)
    assert appointed.status_code == 201, appointed.text
    assert appointed.json()["outcome"] == "appointed" and appointed.json()["invitation"] is None
    assert appointed.json()["facilitator"]["person_id"] == str(newcomer.public_id)
    names = [item["name"] for item in (await client.get(url, headers=admin_headers)).json()["items"]]
    assert names == ["Fay Facilitator", "Nia Newcomer"]
    again = await client.post(url, json={"email": "newcomer@example.com"}, headers=admin_headers)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "email"
    outsider = await client.post(url, json={"email": "nobody@example.com", "name": "No Body"}, headers=admin_headers)
    assert outsider.status_code == 201 and outsider.json()["outcome"] == "invited"
    assert outsider.json()["invitation"]["role"] == "facilitator" and outsider.json()["facilitator"] is None

    assert (await client.delete(f"{url}/{lead.public_id}", headers=admin_headers)).status_code == 204
    names = [item["name"] for item in (await client.get(url, headers=admin_headers)).json()["items"]]
    assert names == ["Nia Newcomer"]
    assert (await client.delete(f"{url}/{member.public_id}", headers=admin_headers)).status_code == 404

    lead_headers = bearer(await make_token(session, lead, Scope.write))
    assert (await client.get(url, headers=lead_headers)).status_code == 403
    assert (await client.post(url, json={"email": "newcomer@example.com"}, headers=lead_headers)).status_code == 403


async def test_the_request_queue_and_closing_requests(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (asker, target, *_) = await group_with_people(session)
    first = await introductions.ask(session, asker, group, target_person_id=target.public_id, description="")
    await introductions.ask(session, asker, group, target_person_id=None, description="someone in payroll")
    lead_headers = bearer(await make_token(session, lead, Scope.write))
    asker_headers = bearer(await make_token(session, asker, Scope.write))

    queue = (await client.get(f"/api/v1/groups/{group.public_id}/introduction-requests", headers=lead_headers)).json()
    assert [item["description"] for item in queue["items"]] == ["", "someone in payroll"]
    assert queue["items"][0]["target"]["id"] == str(target.public_id) and queue["next"] is None
    assert (
        await client.get(f"/api/v1/groups/{group.public_id}/introduction-requests", headers=asker_headers)
    ).status_code == 403
    mine = (await client.get("/api/v1/me/introduction-requests", headers=asker_headers)).json()
    assert len(mine["items"]) == 2

    closed = await client.post(f"/api/v1/introduction-requests/{first.public_id}/close", headers=lead_headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed" and closed.json()["closed_at"]
    again = await client.post(f"/api/v1/introduction-requests/{first.public_id}/close", headers=asker_headers)
    assert again.status_code == 409
    other = (await client.get("/api/v1/me/introduction-requests", headers=asker_headers)).json()["items"]
    withdrawn = await client.post(f"/api/v1/introduction-requests/{other[0]['id']}/close", headers=asker_headers)
    assert withdrawn.status_code == 200
    stranger = bearer(await make_token(session, await make_account(session), Scope.write))
    assert (
        await client.post(f"/api/v1/introduction-requests/{first.public_id}/close", headers=stranger)
    ).status_code == 404


async def test_the_do_not_pair_list(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (ana, ben, *_) = await group_with_people(session)
    headers = bearer(await make_token(session, lead, Scope.write))
    url = f"/api/v1/groups/{group.public_id}/do-not-pair"
    added = await client.put(
        url,
        json={
            "person_a_id": str(ana.public_id),
            "person_b_id": str(ben.public_id),
            "note": "Former colleagues, it ended badly",
        },
        headers=headers,
    )
    assert added.status_code == 200, added.text
    assert {added.json()["person_a"]["id"], added.json()["person_b"]["id"]} == {str(ana.public_id), str(ben.public_id)}
    # The same pair the other way round changes the note.
    changed = await client.put(
        url,
        json={"person_a_id": str(ben.public_id), "person_b_id": str(ana.public_id), "note": "Keep apart"},
        headers=headers,
    )
    assert changed.json()["note"] == "Keep apart"
    listing = (await client.get(url, headers=headers)).json()
    assert [item["note"] for item in listing["items"]] == ["Keep apart"]
    proposal = await client.post(
        f"/api/v1/groups/{group.public_id}/introductions",
        headers=headers,
        json={"person_a_id": str(ana.public_id), "person_b_id": str(ben.public_id), "reason": "Both in payroll"},
    )
    assert proposal.status_code in (409, 422)
    same = await client.put(
        url, json={"person_a_id": str(ana.public_id), "person_b_id": str(ana.public_id)}, headers=headers
    )
    assert same.status_code == 422 and same.json()["errors"]

    params = {"person_a_id": str(ana.public_id), "person_b_id": str(ben.public_id)}
    assert (await client.delete(url, params=params, headers=headers)).status_code == 204
    assert (await client.delete(url, params=params, headers=headers)).status_code == 404
    assert (await client.get(url, headers=headers)).json()["items"] == []
    member_headers = bearer(await make_token(session, ana, Scope.read))
    assert (await client.get(url, headers=member_headers)).status_code == 403


async def test_group_settings_change_only_the_fields_given(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session)
    headers = bearer(await make_token(session, lead, Scope.write))
    url = f"/api/v1/groups/{group.public_id}/settings"
    before = (await client.get(url, headers=headers)).json()
    assert before["radar_no_connection_days"] == 7 and before["round_owing_days"] == 5
    assert before["rounds_include_facilitators"] is False
    changed = await client.patch(url, json={"radar_missed_meetings": 5}, headers=headers)
    assert changed.status_code == 200
    assert changed.json() == {**before, "radar_missed_meetings": 5}
    assert (await client.get(url, headers=headers)).json()["radar_missed_meetings"] == 5
    bad = await client.patch(url, json={"radar_pending_days": 0}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "radar_pending_days"
    member_headers = bearer(await make_token(session, member, Scope.write))
    assert (await client.get(url, headers=member_headers)).status_code == 403
    assert (await client.patch(url, json={}, headers=member_headers)).status_code == 403


async def test_the_roster_as_json(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, members=1)
    await make_member(
        session,
        group,
        name="Ana Applicant",
        status=MembershipStatus.pending,
        skills=["Payroll"],
        headline="Payroll lead",
    )
    headers = bearer(await make_token(session, lead, Scope.read))
    body = (await client.get(f"/api/v1/groups/{group.public_id}/roster", headers=headers)).json()
    assert [item["name"] for item in body["items"]] == ["Ana Applicant", "Fay Facilitator", "Member 0"]
    ana = body["items"][0]
    assert ana["status"] == "pending" and ana["skills"] == ["Payroll"] and ana["headline"] == "Payroll lead"
    assert ana["email"].endswith("@example.com")
    member_headers = bearer(await make_token(session, (await group_with_people(session))[2][0], Scope.read))
    assert (await client.get(f"/api/v1/groups/{group.public_id}/roster", headers=member_headers)).status_code == 404


async def test_attendance_history_undo_and_walk_ins(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, other) = await group_with_people(session, members=2)
    earlier = await schedule(session, lead, group, title="Earlier", starts_at=in_days(-14))
    later = await schedule(session, lead, group, title="Later", starts_at=utcnow() - timedelta(hours=1))  # on now
    await checked_in_at_the_meeting(session, lead, earlier, member)
    await meetings.check_in(session, lead, later.public_id, member.public_id, CheckInMethod.roster)
    lead_headers = bearer(await make_token(session, lead, Scope.write))
    url = f"/api/v1/groups/{group.public_id}/people/{member.public_id}/attendance"
    history = (await client.get(url, headers=lead_headers)).json()
    assert [item["title"] for item in history["items"]] == ["Later", "Earlier"]
    own = await client.get(url, headers=bearer(await make_token(session, member)))
    assert own.status_code == 200 and len(own.json()["items"]) == 2
    assert (await client.get(url, headers=bearer(await make_token(session, other)))).status_code == 404

    undo = await client.delete(f"/api/v1/meetings/{later.public_id}/check-ins/{member.public_id}", headers=lead_headers)
    assert undo.status_code == 204
    assert [item["title"] for item in (await client.get(url, headers=lead_headers)).json()["items"]] == ["Earlier"]

    walk_in = await client.post(
        f"/api/v1/meetings/{later.public_id}/walk-ins",
        headers=lead_headers,
        json={"display_name": "Wes Walkin", "email": "wes@example.com"},
    )
    assert walk_in.status_code == 201, walk_in.text
    assert walk_in.json()["outcome"] == "invited" and walk_in.json()["attendance"] is None
    assert walk_in.json()["invitation"]["name"] == "Wes Walkin"
    assert walk_in.json()["invitation"]["meeting_id"] == str(later.public_id)
    member_at_door = await client.post(
        f"/api/v1/meetings/{later.public_id}/walk-ins",
        headers=lead_headers,
        json={"display_name": "M.", "email": member.email},
    )
    assert member_at_door.json()["outcome"] == "checked_in"
    assert member_at_door.json()["attendance"]["person_id"] == str(member.public_id)
    bad = await client.post(
        f"/api/v1/meetings/{later.public_id}/walk-ins", headers=lead_headers, json={"display_name": "", "email": "nope"}
    )
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"display_name", "email"}


async def test_the_audit_log_with_filters_and_next_links(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session, email="root@example.org")
    headers = bearer(await make_token(session, admin, Scope.write))
    for index in range(3):
        created = await client.post(
            "/api/v1/groups",
            headers=headers,
            json={"name": f"Audit {index}", "slug": f"audit-{index}", "timezone": "UTC"},
        )
        assert created.status_code == 201
    url: str | None = "/api/v1/audit-events?action=group.created&actor=root@example.org&limit=2"
    events: list[dict[str, object]] = []
    while url is not None:
        body = (await client.get(url, headers=headers)).json()
        events += body["items"]
        url = body["next"]
        if url is not None:
            assert "action=group.created" in url
    assert [event["group"] for event in events] == ["audit-2", "audit-1", "audit-0"]
    assert events[0]["actor_email"] == "root@example.org" and events[0]["label"]
    bad = await client.get("/api/v1/audit-events?since=yesterday", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "since"
    member = bearer(await make_token(session, await make_account(session)))
    assert (await client.get("/api/v1/audit-events", headers=member)).status_code == 403


async def test_own_data_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session)
    response = await client.get("/api/v1/me/export", headers=bearer(await make_token(session, member)))
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert response.json()["exported_at"]


async def test_a_facilitator_emails_a_check_in(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from sqlalchemy import select

    from app.notifications.models import OutboxMessage

    group, lead, (member, other) = await group_with_people(session, members=2)
    url = f"/api/v1/groups/{group.public_id}/people/{member.public_id}/check-in-emails"
    note = {"subject": "How are you doing?", "body": "We missed you on Tuesday."}
    sent = await client.post(url, json=note, headers=bearer(await make_token(session, lead, Scope.write)))
    assert sent.status_code == 202 and sent.json() == {"person_id": str(member.public_id), "name": "Member 0"}
    queued = (await session.execute(select(OutboxMessage))).scalars().all()
    assert any(message.payload.get("to") == member.email for message in queued)
    refused = await client.post(url, json=note, headers=bearer(await make_token(session, other, Scope.write)))
    assert refused.status_code in (403, 404)
    empty = await client.post(
        url, json={"subject": "", "body": ""}, headers=bearer(await make_token(session, lead, Scope.write))
    )
    assert empty.status_code == 422 and {e["field"] for e in empty.json()["errors"]} == {"subject", "body"}
