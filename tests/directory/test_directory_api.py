"""GET /api/v1/groups/{id}/members and GET /api/v1/people/{id}."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import MembershipStatus, Role
from tests.directory.helpers import add_members_in_bulk
from tests.factories import bearer, make_account, make_group, make_member, make_token


async def _headers(session: AsyncSession, account: object) -> dict[str, str]:
    return bearer(await make_token(session, account))  # type: ignore[arg-type]


async def test_members_list_for_a_member(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    viewer = await make_member(session, group, name="Zed Viewer", email="zed@example.com")
    bea = await make_member(
        session,
        group,
        name="Bea Brown",
        email="bea@example.com",
        headline="Recruiter",
        stage="interviewing",
        skills=["HRIS"],
        industries=["Retail"],
        phone="+1 312 555 0199",
        visibility={"target_roles": "facilitators"},
        target_roles=["Head of talent"],
    )
    await make_member(session, group, name="Pending Pat", status=MembershipStatus.pending)
    response = await client.get(f"/api/v1/groups/{group.public_id}/members", headers=await _headers(session, viewer))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "next_cursor", "next"} and body["next_cursor"] is None and body["next"] is None
    assert [item["name"] for item in body["items"]] == ["Bea Brown", "Zed Viewer"]
    item = body["items"][0]
    assert item["id"] == str(bea.public_id)
    assert item["headline"] == "Recruiter" and item["stage"] == "interviewing"
    assert item["skills"] == ["HRIS"] and item["industries"] == ["Retail"]
    assert "target_roles" not in item  # kept for facilitators
    assert item["joined_at"]
    for absent in ("status", "role", "requested_at", "email", "phone"):
        assert absent not in item
    assert "bea@example.com" not in response.text and "zed@example.com" not in response.text


async def test_facilitators_get_status_and_role_and_can_filter_by_status(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Fiona Lead", role=Role.facilitator)
    await make_member(session, group, name="Pending Pat", status=MembershipStatus.pending)
    await make_member(session, group, name="Declined Dee", status=MembershipStatus.declined)
    headers = await _headers(session, lead)
    url = f"/api/v1/groups/{group.public_id}/members"
    items = (await client.get(url, headers=headers)).json()["items"]
    assert [(i["name"], i["status"], i["role"]) for i in items] == [
        ("Fiona Lead", "active", "facilitator"),
        ("Pending Pat", "pending", "member"),
    ]
    pending = items[1]
    assert "joined_at" not in pending and pending["requested_at"]
    declined = (await client.get(url, params={"status": "declined"}, headers=headers)).json()["items"]
    assert [i["name"] for i in declined] == ["Declined Dee"]


async def test_search_and_filters_as_query_parameters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    viewer = await make_member(session, group, name="Zed Viewer")
    await make_member(
        session,
        group,
        name="Bea Brown",
        stage="interviewing",
        skills=["HRIS"],
        industries=["Retail"],
        target_companies=["Acme"],
    )
    await make_member(session, group, name="Dev Patel", stage="landed", looking_for="HRIS mentors")
    headers = await _headers(session, viewer)
    url = f"/api/v1/groups/{group.public_id}/members"

    async def names(**params: str) -> list[str]:
        response = await client.get(url, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    assert await names(q="hris") == ["Bea Brown", "Dev Patel"]
    assert await names(q="hris", stage="landed") == ["Dev Patel"]
    assert await names(industry="retail") == ["Bea Brown"]
    assert await names(skill="HRIS") == ["Bea Brown"]
    assert await names(company="acme") == ["Bea Brown"]
    assert await names(company="acme", stage="landed") == []


async def test_cursor_pagination(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    viewer = await make_member(session, group, name="Aaron First")
    people = await add_members_in_bulk(session, group, 12, name="Kim")
    headers = await _headers(session, viewer)
    url = f"/api/v1/groups/{group.public_id}/members"
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        body = (await client.get(url, params=params, headers=headers)).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == [str(viewer.public_id)] + [str(person_id) for person_id in people]


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"cursor": "garbage!"}, 400, None),
        ({"cursor": "WyJ4Il0"}, 400, None),  # a cursor of the wrong shape: ["x"]
        ({"cursor": "WyJ4Iiwibm90LWEtdXVpZCJd"}, 400, None),  # ["x","not-a-uuid"]
        ({"stage": "retired"}, 422, "stage"),
        ({"status": "left"}, 422, "status"),
        ({"limit": 0}, 422, "limit"),
        ({"limit": 201}, 422, "limit"),
        ({"q": "x" * 101}, 422, "q"),
    ],
)
async def test_bad_parameters_are_explained(
    client: httpx.AsyncClient, session: AsyncSession, params: dict[str, object], status: int, field: str | None
) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, role=Role.facilitator)
    response = await client.get(
        f"/api/v1/groups/{group.public_id}/members", params=params, headers=await _headers(session, lead)
    )
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["detail"]
    if field:
        assert [error["field"] for error in body["errors"]] == [field]
    else:
        assert "cursor is not valid" in body["detail"]


async def test_members_cannot_filter_by_status(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    member = await make_member(session, group)
    response = await client.get(
        f"/api/v1/groups/{group.public_id}/members",
        params={"status": "pending"},
        headers=await _headers(session, member),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only this group's facilitators can list members by status."


async def test_outsiders_and_unknown_groups_get_404(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    other = await make_group(session)
    await make_member(session, group, name="Our Member")
    outsider = await make_member(session, other)
    pending = await make_member(session, group, status=MembershipStatus.pending)
    for account in (outsider, pending, await make_account(session)):
        response = await client.get(
            f"/api/v1/groups/{group.public_id}/members", headers=await _headers(session, account)
        )
        assert response.status_code == 404, response.text
        assert response.json()["title"] == "Not found" and "Our Member" not in response.text
    response = await client.get(f"/api/v1/groups/{uuid.uuid4()}/members", headers=await _headers(session, outsider))
    assert response.status_code == 404
    assert (await client.get(f"/api/v1/groups/{group.public_id}/members")).status_code == 401


# --- people ---------------------------------------------------------------------------------------


async def test_a_person_as_a_fellow_member_sees_them(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    viewer = await make_member(session, group)
    bea = await make_member(
        session,
        group,
        name="Bea Brown",
        email="bea@example.com",
        phone="+1 312 555 0199",
        headline="Recruiter",
        stage="searching",
        skills=["HRIS"],
        target_companies=["Acme"],
        past_companies=[{"name": "Initech", "from": 2015, "to": 2019}],
        looking_for="HRIS people",
        visibility={"target_companies": "facilitators"},
    )
    response = await client.get(f"/api/v1/people/{bea.public_id}", headers=await _headers(session, viewer))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(bea.public_id) and body["name"] == "Bea Brown" and body["headline"] == "Recruiter"
    assert body["skills"] == ["HRIS"] and body["looking_for"] == "HRIS people"
    assert body["past_companies"] == [{"name": "Initech", "from": 2015, "to": 2019}]
    for absent in ("target_companies", "email", "phone", "visibility"):
        assert absent not in body


async def test_a_facilitator_sees_kept_fields_and_pending_people(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, role=Role.facilitator)
    member = await make_member(session, group)
    pat = await make_member(
        session,
        group,
        name="Pending Pat",
        status=MembershipStatus.pending,
        target_companies=["Acme"],
        visibility={"target_companies": "facilitators"},
    )
    response = await client.get(f"/api/v1/people/{pat.public_id}", headers=await _headers(session, lead))
    assert response.status_code == 200
    body = response.json()
    assert body["target_companies"] == ["Acme"] and "email" not in body and "phone" not in body
    assert (
        await client.get(f"/api/v1/people/{pat.public_id}", headers=await _headers(session, member))
    ).status_code == 404


async def test_a_facilitator_elsewhere_is_only_a_member_here(client: httpx.AsyncClient, session: AsyncSession) -> None:
    mine = await make_group(session)
    shared = await make_group(session)
    viewer = await make_member(session, mine, role=Role.facilitator)
    from tests.factories import make_membership

    await make_membership(session, shared, viewer)
    person = await make_member(session, shared, skills=["HRIS"], visibility={"skills": "facilitators"})
    body = (await client.get(f"/api/v1/people/{person.public_id}", headers=await _headers(session, viewer))).json()
    assert body["id"] == str(person.public_id) and "skills" not in body


async def test_my_own_id_gives_my_whole_profile(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    me = await make_member(
        session,
        group,
        email="me@example.com",
        phone="+1 312 555 0100",
        target_companies=["Acme"],
        visibility={"target_companies": "facilitators"},
    )
    body = (await client.get(f"/api/v1/people/{me.public_id}", headers=await _headers(session, me))).json()
    assert body["email"] == "me@example.com" and body["phone"] == "+1 312 555 0100"
    assert body["target_companies"] == ["Acme"] and body["visibility"]["target_companies"] == "facilitators"
    loner = await make_account(session)
    body = (await client.get(f"/api/v1/people/{loner.public_id}", headers=await _headers(session, loner))).json()
    assert body["id"] == str(loner.public_id) and body["headline"] == ""


async def test_people_outside_my_groups_are_404(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    other = await make_group(session)
    viewer = await make_member(session, group)
    stranger = await make_member(session, other)
    headers = await _headers(session, viewer)
    for person_id in (stranger.public_id, uuid.uuid4()):
        response = await client.get(f"/api/v1/people/{person_id}", headers=headers)
        assert response.status_code == 404 and response.json()["type"] == "/problems/not-found"
    # A pending member sees no one, and nobody sees them, through the group.
    waiting = await make_member(session, group, status=MembershipStatus.pending)
    assert (
        await client.get(f"/api/v1/people/{viewer.public_id}", headers=await _headers(session, waiting))
    ).status_code == 404
    assert (await client.get(f"/api/v1/people/{waiting.public_id}", headers=headers)).status_code == 404
    malformed = await client.get("/api/v1/people/12", headers=headers)
    assert malformed.status_code == 422
