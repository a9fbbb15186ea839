"""Warm paths and the switch that shares a member's reach: counts only where the member said yes,
only in that group, at once; never a contact's name, to anyone but their owner."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.reach import service
from tests.factories import bearer, make_member, make_token, post_form, sign_in
from tests.reach.helpers import COMPANY, SECRET_NAMES, add_contacts, make_setup


def _paths(body: dict[str, Any], company: str = COMPANY) -> dict[str, dict[str, Any]]:
    [found] = [item for item in body["companies"] if item["company"] == company]
    return {path["name"]: path for path in found["paths"]}


async def _reach(client: httpx.AsyncClient, session: AsyncSession, account: Any) -> dict[str, Any]:
    response = await client.get("/api/v1/me/reach", headers=bearer(await make_token(session, account, Scope.read)))
    assert response.status_code == 200, response.text
    for name in SECRET_NAMES:
        assert name.split()[0] not in response.text and name.split()[1] not in response.text
    return response.json()


async def test_warm_paths_show_who_works_worked_and_knows_people_there(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    s = await make_setup(session)
    body = await _reach(client, session, s.ana)
    assert [item["company"] for item in body["companies"]] == ["Contoso", COMPANY]
    assert _paths(body, "Contoso") == {}
    paths = _paths(body)
    assert list(paths) == ["Cleo Park", "Jordan Reyes", "Ben Okafor"]
    assert paths["Cleo Park"]["works_there"] is True and paths["Cleo Park"]["knows_people"] is None
    assert paths["Ben Okafor"]["worked_there"] == [{"from": 2015, "to": 2019}]
    assert paths["Ben Okafor"]["works_there"] is False
    assert paths["Jordan Reyes"]["knows_people"] == 2
    assert paths["Jordan Reyes"]["groups"] == ["Tuesday circle"]
    assert "Ana Lopez" not in paths


async def test_counts_only_where_shared_and_only_in_that_group(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    s = await make_setup(session, shared=False)
    assert "Jordan Reyes" not in _paths(await _reach(client, session, s.ana))
    # Jordan shares with the Thursday circle too, where Hana is: only Hana sees it there.
    await make_member_of(session, s.other_group, s.jordan)
    await service.set_sharing(session, s.jordan, s.other_group.public_id, True)
    assert "Jordan Reyes" not in _paths(await _reach(client, session, s.ana))
    hana = _paths(await _reach(client, session, s.hana))
    assert hana["Jordan Reyes"]["knows_people"] == 2
    assert hana["Jordan Reyes"]["groups"] == ["Thursday circle"]
    # Nobody from the Tuesday circle is shown to Hana, who is not in it.
    assert set(hana) == {"Jordan Reyes"}


async def make_member_of(session: AsyncSession, group: Any, account: Any) -> None:
    from tests.factories import make_membership

    await make_membership(session, group, account)


async def test_withdrawing_takes_effect_at_once(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    assert _paths(await _reach(client, session, s.ana))["Jordan Reyes"]["knows_people"] == 2
    token = await make_token(session, s.jordan, Scope.write)
    response = await client.put(
        f"/api/v1/me/reach/sharing/{s.group.public_id}", json={"shared": False}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    assert response.json()["shared"] is False
    assert "Jordan Reyes" not in _paths(await _reach(client, session, s.ana))


async def test_a_field_kept_for_facilitators_is_not_a_path(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    await make_member(
        session,
        s.group,
        name="Dana Quiet",
        past_companies=[{"name": COMPANY, "from": 2010, "to": 2012}],
        visibility={"past_companies": "facilitators"},
    )
    assert "Dana Quiet" not in _paths(await _reach(client, session, s.ana))


async def test_sharing_page_switch_and_the_warm_paths_page(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session, shared=False)
    await sign_in(client, s.jordan)
    page = await client.get("/me/reach")
    assert page.status_code == 200
    assert "never see who your contacts are" in page.text
    assert "Share with Tuesday circle" in page.text
    response = await post_form(client, f"/me/reach/sharing/{s.group.public_id}", {"shared": "true"}, page="/me/reach")
    assert response.status_code == 303
    assert "Stop sharing with Tuesday circle" in (await client.get("/me/reach")).text
    client.cookies.clear()
    await sign_in(client, s.ana)
    page = await client.get("/me/reach")
    assert "Knows 2 people there" in page.text
    assert "Ask Jordan Reyes for a warm introduction" in page.text
    assert "Nobody in your groups knows people at Contoso yet" in page.text
    for name in SECRET_NAMES:
        assert name not in page.text


async def test_empty_state_asks_for_target_companies(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    await sign_in(client, s.lead)
    page = await client.get("/me/reach")
    assert "Add target companies to your profile" in page.text


async def test_facilitators_and_other_members_never_see_a_contact_name(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    s = await make_setup(session)
    await add_contacts(session, s.jordan, company="Contoso")
    for viewer in (s.lead, s.ana, s.ben, s.hana):
        client.cookies.clear()
        await sign_in(client, viewer)
        for address in ("/me/reach", "/me/reach/requests", f"/g/{s.group.slug}/directory"):
            page = await client.get(address)
            for name in SECRET_NAMES:
                for part in name.split():
                    assert part not in page.text, (viewer.display_name, address)
        await _reach(client, session, viewer)


async def test_statements_do_not_grow_with_contacts_or_members(session: AsyncSession, count_queries: Any) -> None:
    s = await make_setup(session)
    with count_queries() as few:
        await service.my_reach(session, s.ana)
    for n in range(5):
        other = await make_member(session, s.group, name=f"Extra Person{n}", past_companies=[{"name": COMPANY}])
        await add_contacts(session, other)
        await service.set_sharing(session, other, s.group.public_id, True)
    with count_queries() as many:
        reach = await service.my_reach(session, s.ana)
    assert len(few.statements) == len(many.statements) <= 5
    assert len([company for company in reach.companies if company.label == COMPANY][0].paths) == 8


async def test_only_active_members_may_share_with_a_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    token = await make_token(session, s.hana, Scope.write)
    response = await client.put(
        f"/api/v1/me/reach/sharing/{s.group.public_id}", json={"shared": True}, headers=bearer(token)
    )
    assert response.status_code == 404
    listed = await client.get("/api/v1/me/reach/sharing", headers=bearer(token))
    assert [item["group"] for item in listed.json()] == ["Thursday circle"]
    assert listed.json()[0]["shared"] is False


async def test_the_closest_ties_are_shown_and_the_rest_counted(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: Any
) -> None:
    s = await make_setup(session)
    monkeypatch.setattr(service, "PATHS_SHOWN", 2)
    body = await _reach(client, session, s.ana)
    [northwind] = [item for item in body["companies"] if item["company"] == COMPANY]
    # Cleo works there now, Jordan knows two people there; Ben (who worked there) is the one more.
    assert [path["name"] for path in northwind["paths"]] == ["Cleo Park", "Jordan Reyes"]
    assert northwind["more_people"] == 1
    await sign_in(client, s.ana)
    assert "1 more person" in (await client.get("/me/reach")).text


async def test_leaving_the_group_ends_the_yes_and_rejoining_does_not_bring_it_back(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from app.db import utcnow
    from app.groups.models import Membership, MembershipStatus

    s = await make_setup(session)
    jordan = (Membership.group_id == s.group.id) & (Membership.account_id == s.jordan.id)
    await session.execute(update(Membership).where(jordan).values(status=MembershipStatus.left))
    assert "Jordan Reyes" not in _paths(await _reach(client, session, s.ana))
    # Back a day later, as joining again does: active, with a new joined_at.
    await session.execute(
        update(Membership).where(jordan).values(status=MembershipStatus.active, joined_at=utcnow() + timedelta(days=1))
    )
    assert "Jordan Reyes" not in _paths(await _reach(client, session, s.ana))
    settings = await service.sharing_settings(session, s.jordan)
    assert [setting.shared_at for setting in settings] == [None]
