"""The pages: "I landed", the congratulations page with the invitation to help newcomers,
correcting and withdrawing, and who may open them."""

from __future__ import annotations

import re

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.landings import service
from app.landings.models import Landing
from app.profiles.service import find_profile
from tests.factories import csrf_token, make_group, make_membership, post_form, sign_in
from tests.introductions.helpers import emails
from tests.landings.helpers import landing, make_setup


def _soup(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


async def test_visitors_sign_in_and_outsiders_find_nothing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    reported = await service.report_landing(session, setup.lena, setup.group, landing())
    for url in (f"/g/{setup.group.slug}/landed", f"/landings/{reported.public_id}", f"/g/{setup.group.slug}/wall"):
        response = await client.get(url)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    await sign_in(client, setup.outsider)
    for url in (
        f"/g/{setup.group.slug}/landed",
        f"/landings/{reported.public_id}",
        f"/landings/{reported.public_id}/edit",
        f"/landings/{reported.public_id}/withdraw",
    ):
        assert (await client.get(url)).status_code == 404, url
    response = await post_form(
        client,
        f"/g/{setup.group.slug}/landed",
        {"role": "HRBP", "company": "Acme", "helped_by": "group"},
        page="/settings",
    )
    assert response.status_code == 404


async def test_the_form_offers_my_connected_introductions_and_explains_the_wall(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session)
    await sign_in(client, setup.lena)
    response = await client.get(f"/g/{setup.group.slug}/landed")
    assert response.status_code == 200
    page = _soup(response)
    options = [(o["value"], o.text) for o in page.select("#field-introduction_id option")]
    assert options[1:] == [(str(setup.introduction.public_id), "Omar Haddad")]
    wall_box = page.select_one("#field-on_wall")
    assert wall_box is not None and not wall_box.has_attr("checked")
    assert "Only the group’s members see the wall" in page.select_one("#hint-on_wall").text
    assert {i["value"] for i in page.select("input[name=helped_by]")} == {
        "introduction",
        "group",
        "contact",
        "posting",
        "other",
    }

    # Cleo has no connected introduction: the choice is not offered.
    await sign_in(client, setup.cleo)
    page = _soup(await client.get(f"/g/{setup.group.slug}/landed"))
    assert page.select_one("#field-introduction_id") is None
    assert {i["value"] for i in page.select("input[name=helped_by]")} == {"group", "contact", "posting", "other"}


async def test_mistakes_are_explained_and_what_was_typed_is_kept(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session)
    await sign_in(client, setup.lena)
    url = f"/g/{setup.group.slug}/landed"
    response = await post_form(
        client,
        url,
        {
            "role": "",
            "company": "Acme Health",
            "story": "It took a while.",
            "start_date": "2026-13-40",
            "on_wall": "yes",
        },
        page=url,
    )
    assert response.status_code == 422
    page = _soup(response)
    assert "new role" in page.select_one("#error-role").text
    assert page.select_one("#error-helped_by").text == "Please choose what helped most."
    assert "2026-03-01" in page.select_one("#error-start_date").text
    assert page.select_one("#field-company")["value"] == "Acme Health"
    assert page.select_one("#field-story").text == "It took a while."
    assert page.select_one("#field-on_wall").has_attr("checked")

    response = await post_form(
        client, url, {"role": "HRBP", "company": "Acme Health", "helped_by": "introduction"}, page=url
    )
    assert response.status_code == 422
    page = _soup(response)
    assert page.select_one("#error-introduction_id").text == "Please choose the introduction that helped."
    assert page.select_one("#field-helped_by-introduction").has_attr("checked")
    assert (await session.execute(select(Landing))).first() is None


async def test_reporting_then_offering_help(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    await sign_in(client, setup.lena)
    url = f"/g/{setup.group.slug}/landed"
    response = await post_form(
        client,
        url,
        {
            "role": "Senior recruiter",
            "company": "Acme Health",
            "start_date": "2026-06-01",
            "helped_by": "introduction",
            "introduction_id": str(setup.introduction.public_id),
            "story": "Omar's introduction opened the door.",
            "on_wall": "yes",
        },
        page=url,
    )
    assert response.status_code == 303
    stored = (await session.execute(select(Landing))).scalar_one()
    assert response.headers["location"] == f"/landings/{stored.public_id}"
    assert len(await emails(session, template="landing_reported")) == 1

    page = _soup(await client.get(response.headers["location"]))
    assert page.h1.text == "Congratulations, Lena!"
    text = page.select_one("main").get_text(" ", strip=True)
    assert "We have told Fay Facilitator" in text and "your introduction to Omar Haddad led to a hire" in text
    assert "in its matching engine as helpers" in text
    assert page.select_one("#field-can_help_with").text == "Sourcing on LinkedIn."

    token = await csrf_token(client, response.headers["location"])
    response = await client.post(
        f"/landings/{stored.public_id}/help",
        data={"csrf_token": token, "can_help_with": "Mock interviews for recruiters."},
    )
    assert response.status_code == 303 and response.headers["location"].endswith("#help")
    profile = await find_profile(session, setup.lena)
    assert profile is not None and profile.can_help_with == "Mock interviews for recruiters."
    response = await client.post(
        f"/landings/{stored.public_id}/help", data={"csrf_token": token, "can_help_with": "x" * 2001}
    )
    assert response.status_code == 422 and "2000 characters" in response.text

    # Nobody else opens it.
    await sign_in(client, setup.omar)
    assert (await client.get(f"/landings/{stored.public_id}")).status_code == 404


async def test_correcting_and_withdrawing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    reported = await service.report_landing(session, setup.lena, setup.group, landing(start_date="2026-06-01"))
    await sign_in(client, setup.lena)
    edit_url = f"/landings/{reported.public_id}/edit"
    page = _soup(await client.get(edit_url))
    assert page.select_one("#field-role")["value"] == "Senior recruiter"
    assert page.select_one("#field-start_date")["value"] == "2026-06-01"
    assert page.select_one("#field-helped_by-group").has_attr("checked")
    assert page.select_one("#field-on_wall").has_attr("checked")

    # The report page points at the earlier report, to correct it rather than report it twice.
    report_page = await client.get(f"/g/{setup.group.slug}/landed")
    assert edit_url in report_page.text

    response = await post_form(
        client, edit_url, {"role": "", "company": "Acme Health", "helped_by": "group"}, page=edit_url
    )
    assert response.status_code == 422 and _soup(response).select_one("#error-role") is not None
    response = await post_form(
        client, edit_url, {"role": "Recruiting lead", "company": "Acme Health", "helped_by": "contact"}, page=edit_url
    )
    assert response.status_code == 303
    stored = (await session.execute(select(Landing).execution_options(populate_existing=True))).scalar_one()
    assert (stored.role, stored.helped_by.value, stored.on_wall, stored.start_date) == (
        "Recruiting lead",
        "contact",
        False,
        None,
    )

    confirm = await client.get(f"/landings/{reported.public_id}/withdraw")
    assert confirm.status_code == 200 and "Withdraw your landing?" in confirm.text
    assert (await session.execute(select(Landing))).first() is not None  # asking changes nothing
    response = await post_form(
        client, f"/landings/{reported.public_id}/withdraw", {}, page=f"/landings/{reported.public_id}/withdraw"
    )
    assert response.status_code == 303 and response.headers["location"] == f"/g/{setup.group.slug}"
    assert (await session.execute(select(Landing))).first() is None
    assert (await client.get(f"/landings/{reported.public_id}")).status_code == 404


async def test_group_page_links_the_wall_for_members(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    assert f"/g/{setup.group.slug}/wall" not in (await client.get(f"/g/{setup.group.slug}")).text
    await sign_in(client, setup.cleo)
    page = _soup(await client.get(f"/g/{setup.group.slug}"))
    assert page.find("a", href=f"/g/{setup.group.slug}/wall", string=re.compile("Wall of successes"))


async def test_setting_the_stage_to_landed_offers_to_tell_each_group(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session, name="Tuesday HR Circle")
    second = await make_group(session, name="Finance Thursdays")
    await make_membership(session, second, setup.lena)
    await sign_in(client, setup.lena)
    saved = await post_form(client, "/profile", {"stage": "landed", "headline": "Recruiter"}, page="/profile")
    assert saved.status_code == 303 and saved.headers["location"] == "/profile?landed=tell"
    page = _soup(await client.get(saved.headers["location"]))
    offer = page.select_one("#tell-the-group")
    assert offer is not None and "would you like to tell your groups?" in offer.get_text()
    links = {a.get_text(): a["href"] for a in offer.select("a")}
    assert links == {
        "Tell Finance Thursdays": f"/g/{second.slug}/landed",
        "Tell Tuesday HR Circle": f"/g/{setup.group.slug}/landed",
    }
    assert "You landed? Tell the group" in (await client.get(links["Tell Tuesday HR Circle"])).text

    # Once a group is told, saving the profile again offers nothing more.
    await service.report_landing(session, setup.lena, setup.group, landing())
    again = await post_form(client, "/profile", {"stage": "landed", "headline": "Recruiter"}, page="/profile")
    assert again.headers["location"] == "/profile"
    assert _soup(await client.get("/profile?landed=tell")).select_one("#tell-the-group") is None


async def test_other_stages_offer_no_landing_form(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    await sign_in(client, setup.cleo)
    saved = await post_form(client, "/profile", {"stage": "interviewing"}, page="/profile")
    assert saved.headers["location"] == "/profile"
    assert _soup(await client.get("/profile?landed=tell")).select_one("#tell-the-group") is None
