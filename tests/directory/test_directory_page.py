"""The member directory page: who may see it, search, filters, statuses and pagination."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import MembershipStatus, Role
from tests.directory.helpers import add_members_in_bulk, listed, names_on, soup_of
from tests.factories import make_account, make_group, make_member, sign_in


async def test_visitor_is_asked_to_sign_in(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="hr-tuesdays")
    await make_member(session, group, name="Quiet Member")
    response = await client.get("/g/hr-tuesdays/members")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/g/hr-tuesdays/members"


async def test_people_outside_the_group_get_a_404(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    other = await make_group(session, slug="theirs")
    await make_member(session, group, name="Quiet Member")
    outsider = await make_member(session, other, name="Other Group Member")
    await sign_in(client, outsider)
    response = await client.get("/g/ours/members")
    assert response.status_code == 404
    assert "Quiet Member" not in response.text
    assert "Only this group's members can see this" in BeautifulSoup(response.text, "html.parser").text
    assert (await client.get("/g/no-such-group/members")).status_code == 404


async def test_a_signed_in_person_without_any_group_gets_a_404(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(session, slug="ours")
    await sign_in(client, await make_account(session))
    assert (await client.get("/g/ours/members")).status_code == 404


@pytest.mark.parametrize("status", [MembershipStatus.pending, MembershipStatus.declined, MembershipStatus.left])
async def test_only_active_members_may_look(
    client: httpx.AsyncClient, session: AsyncSession, status: MembershipStatus
) -> None:
    group = await make_group(session, slug="ours")
    await make_member(session, group, name="Active Member")
    waiting = await make_member(session, group, name="Not Yet", status=status)
    await sign_in(client, waiting)
    response = await client.get("/g/ours/members")
    assert response.status_code == 404
    assert "Active Member" not in response.text


async def test_members_see_active_members_by_name_and_never_contact_details(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(session, group, name="carol Chen", email="carol@example.com", phone="+1 312 555 0100")
    await make_member(
        session,
        group,
        name="Bea Brown",
        email="bea@example.com",
        phone="+1 312 555 0199",
        headline="Recruiter, 10 years in tech",
        stage="interviewing",
        target_roles=["Talent acquisition lead"],
        industries=["Software"],
        skills=["Sourcing"],
    )
    await make_member(session, group, name="ali Ahmed", role=Role.facilitator)
    for status in (MembershipStatus.pending, MembershipStatus.declined, MembershipStatus.left):
        await make_member(session, group, name=f"Status {status.value}", status=status)
    elsewhere = await make_group(session, slug="elsewhere")
    await make_member(session, elsewhere, name="Another Group")
    await sign_in(client, viewer)

    response = await client.get("/g/ours/members")
    assert names_on(response) == ["ali Ahmed", "Bea Brown", "carol Chen"]  # case-insensitive order
    soup = soup_of(response)
    assert soup.h1.text == "Members"
    bea = next(card for card in soup.select(".member-card") if "Bea Brown" in card.text)
    assert "Recruiter, 10 years in tech" in bea.text and "Interviewing" in bea.text
    assert [chip.text for chip in bea.select(".chips li")] == ["Talent acquisition lead", "Software", "Sourcing"]
    assert bea.select_one("a")["href"].startswith("/g/ours/members/")
    mine = next(card for card in soup.select(".member-card") if "carol Chen" in card.text)
    assert "You" in mine.select_one(".badge").text
    # Statuses and join dates are for facilitators.
    assert "Status" not in soup.select_one(".member-list").text
    assert "Joined" not in soup.select_one(".member-list").text
    for secret in ("bea@example.com", "carol@example.com", "555 0199", "555 0100"):
        assert secret not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bea", ["Bea Brown"]),  # name
        ("BROWN", ["Bea Brown"]),  # case-insensitive
        ("payroll", ["Dev Patel"]),  # headline
        ("hris", ["Bea Brown"]),  # skill tag
        ("talent acq", ["Bea Brown"]),  # role tag, across words of a tag
        ("healthcare", ["Dev Patel"]),  # industry tag
        ("globex", ["Dev Patel"]),  # target company
        ("initech", ["Bea Brown"]),  # past company
        ("union", ["Dev Patel"]),  # looking for
        ("spreadsheets", ["Bea Brown"]),  # can help with
        ("bea hris", ["Bea Brown"]),  # every word must match somewhere
        ("bea payroll", []),
        ("%", ["Dev Patel"]),  # wildcards are taken literally
        ("_", []),
        ("100%", ["Dev Patel"]),
    ],
)
async def test_search_looks_at_names_headlines_tags_and_asks(
    client: httpx.AsyncClient, session: AsyncSession, query: str, expected: list[str]
) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(session, group, name="Zed Viewer")
    await make_member(
        session,
        group,
        name="Bea Brown",
        headline="Recruiter",
        skills=["HRIS"],
        target_roles=["Talent acquisition lead"],
        past_companies=[{"name": "Initech", "from": 2015, "to": 2019}],
        can_help_with="Spreadsheets and Workday reports",
    )
    await make_member(
        session,
        group,
        name="Dev Patel",
        headline="Payroll manager, 100% remote so far",
        industries=["Healthcare"],
        target_companies=["Globex"],
        looking_for="Anyone who has worked in a union environment",
    )
    await sign_in(client, viewer)
    assert await listed(client, "ours", q=query) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stage": "interviewing"}, ["Bea Brown"]),
        ({"stage": "landed"}, ["Dev Patel"]),
        ({"industry": "healthcare"}, ["Dev Patel"]),  # matched on the canonical tag
        ({"industry": "Health"}, []),  # a filter is the whole tag, not part of it
        ({"skill": " HRIS "}, ["Bea Brown"]),
        ({"company": "Globex"}, ["Dev Patel"]),
        ({"company": "Initech"}, []),  # a past company is not a target company
        ({"skill": "HRIS", "stage": "landed"}, []),
        ({"q": "", "stage": "", "industry": "", "skill": "", "company": ""}, ["Bea Brown", "Dev Patel", "Zed Viewer"]),
    ],
)
async def test_filters(
    client: httpx.AsyncClient, session: AsyncSession, params: dict[str, str], expected: list[str]
) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(session, group, name="Zed Viewer", stage="searching")
    await make_member(
        session, group, name="Bea Brown", stage="interviewing", skills=["HRIS"], past_companies=[{"name": "Initech"}]
    )
    await make_member(
        session, group, name="Dev Patel", stage="landed", industries=["Healthcare"], target_companies=["Globex"]
    )
    await sign_in(client, viewer)
    assert await listed(client, "ours", **params) == expected


async def test_filter_form_keeps_what_was_chosen_and_suggests_tags(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(
        session,
        group,
        name="Zed Viewer",
        industries=["Healthcare"],
        skills=["HRIS", 'R&D "labs" <b>'],
        target_companies=["Globex"],
    )
    await sign_in(client, viewer)
    soup = soup_of(await client.get("/g/ours/members", params={"q": "zed", "stage": "searching"}))
    form = soup.select_one("form[role=search]")
    assert form["method"] == "get"
    assert form.select_one("#field-q")["value"] == "zed"
    assert form.select_one("#field-stage option[selected]")["value"] == "searching"
    for name in ("q", "stage", "industry", "skill", "company"):
        assert form.select_one(f"label[for=field-{name}]") is not None
    assert form.select_one("#field-status") is None  # for facilitators only
    assert "Healthcare" in [o["value"] for o in soup.select("#industry-options option")]
    assert "HRIS" in [o["value"] for o in soup.select("#skill-options option")]
    # Values are escaped where they are written: in the attribute, never as markup.
    skills = [o["value"] for o in soup.select("#skill-options option")]
    assert any("R&D" in skill and "<b>" in skill for skill in skills), skills
    assert soup.select("#skill-options b") == []
    assert "Globex" in [o["value"] for o in soup.select("#company-options option")]
    assert soup.select_one("#field-industry")["list"] == "industry-options"


async def test_a_bad_stage_is_a_clear_422(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    await sign_in(client, await make_member(session, group))
    response = await client.get("/g/ours/members", params={"stage": "retired"})
    assert response.status_code == 422
    assert "Please choose one of" in response.text


async def test_facilitators_see_statuses_and_join_dates_and_filter_by_status(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="ours", timezone="Asia/Tokyo")
    lead = await make_member(session, group, name="Fiona Lead", role=Role.facilitator)
    await make_member(session, group, name="Active Anna")
    await make_member(session, group, name="Pending Pat", status=MembershipStatus.pending)
    await make_member(session, group, name="Declined Dee", status=MembershipStatus.declined)
    await make_member(session, group, name="Left Lou", status=MembershipStatus.left)
    await sign_in(client, lead)

    response = await client.get("/g/ours/members")
    assert names_on(response) == ["Active Anna", "Fiona Lead", "Pending Pat"]
    soup = soup_of(response)
    assert soup.select_one("#field-status") is not None
    pat = next(card for card in soup.select(".member-card") if "Pending Pat" in card.text)
    assert "Waiting to join" in pat.text and "Asked to join" in pat.text
    anna = next(card for card in soup.select(".member-card") if "Active Anna" in card.text)
    assert "Active member" in anna.text and "Joined" in anna.text
    fiona = next(card for card in soup.select(".member-card") if "Fiona Lead" in card.text)
    assert "Facilitator" in fiona.text

    assert await listed(client, "ours", status="pending") == ["Pending Pat"]
    assert await listed(client, "ours", status="declined") == ["Declined Dee"]
    assert await listed(client, "ours", status="active") == ["Active Anna", "Fiona Lead"]
    assert (await client.get("/g/ours/members", params={"status": "left"})).status_code == 422


async def test_join_dates_are_shown_in_the_groups_time_zone(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import update

    from app.groups.models import Membership

    group = await make_group(session, slug="ours", timezone="Asia/Tokyo")
    lead = await make_member(session, group, name="Fiona Lead", role=Role.facilitator)
    anna = await make_member(session, group, name="Active Anna")
    # 20:00 UTC on March 1 is already March 2 in Tokyo.
    await session.execute(
        update(Membership)
        .where(Membership.account_id == anna.id)
        .values(joined_at=datetime(2026, 3, 1, 20, 0, tzinfo=UTC))
    )
    await sign_in(client, lead)
    soup = soup_of(await client.get("/g/ours/members"))
    anna_card = next(card for card in soup.select(".member-card") if "Active Anna" in card.text)
    assert "Mar 2, 2026" in anna_card.text


async def test_members_cannot_filter_by_status(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    await make_member(session, group, name="Pending Pat", status=MembershipStatus.pending)
    await sign_in(client, await make_member(session, group))
    response = await client.get("/g/ours/members", params={"status": "pending"})
    assert response.status_code == 403
    assert "Pending Pat" not in response.text


async def test_pages_follow_one_another_without_repeats_or_gaps(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(session, group, name="Aaron First")
    # Many people share a name, so a page boundary falls between namesakes.
    same_name = await add_members_in_bulk(session, group, 30, name="Kim")
    await add_members_in_bulk(session, group, 30, name="Lee")
    await sign_in(client, viewer)

    seen_links: list[str] = []
    seen_names: list[str] = []
    url: str | None = "/g/ours/members"
    pages = 0
    while url:
        soup = soup_of(await client.get(url))
        pages += 1
        links = soup.select(".member-list .member-name a")
        seen_links += [urlsplit(link["href"]).path for link in links]
        seen_names += [link.text for link in links]
        assert soup.select_one(".pagination [aria-current=page]").text == f"Page {pages}"
        next_link = soup.select_one(".pagination a[rel=next]")
        url = next_link["href"] if next_link else None
        if url:
            assert len(links) == 25
    assert pages == 3
    assert len(seen_links) == len(set(seen_links)) == 61
    assert seen_names == ["Aaron First"] + [f"Kim {i:03d}" for i in range(30)] + [f"Lee {i:03d}" for i in range(30)]
    assert {f"/g/ours/members/{person_id}" for person_id in same_name} <= set(seen_links)


async def test_next_page_keeps_the_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(session, group, name="Viewer")
    await add_members_in_bulk(session, group, 30, name="Recruiter", skill="Sourcing")
    await add_members_in_bulk(session, group, 5, name="Other", skill=None)
    await sign_in(client, viewer)
    soup = soup_of(await client.get("/g/ours/members", params={"skill": "sourcing"}))
    next_url = soup.select_one(".pagination a[rel=next]")["href"]
    query = parse_qs(urlsplit(next_url).query)
    assert query["skill"] == ["sourcing"] and query["page"] == ["2"] and query["cursor"]
    second = soup_of(await client.get(next_url))
    names = [a.text for a in second.select(".member-name a")]
    assert names == [f"Recruiter {i:03d}" for i in range(25, 30)]
    assert second.select_one(".pagination a[rel=next]") is None
    first_link = second.select_one(".pagination a:not([rel])")
    assert first_link.text == "First page" and "cursor" not in first_link["href"]


async def test_a_tampered_cursor_is_a_400_page(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    await sign_in(client, await make_member(session, group))
    response = await client.get("/g/ours/members", params={"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert "cursor is not valid" in response.text


async def test_no_match_has_a_helpful_empty_state(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    await make_member(session, group, name="Somebody Else")
    await sign_in(client, await make_member(session, group))
    soup = soup_of(await client.get("/g/ours/members", params={"q": "nobody-like-this"}))
    assert "No one matches — try fewer filters" in soup.select_one(".empty-state").text
    assert soup.select_one(".empty-state a")["href"] == "/g/ours/members"


async def test_the_first_member_is_welcomed(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours", name="Brand New Group")
    await sign_in(client, await make_member(session, group, name="First Person"))
    soup = soup_of(await client.get("/g/ours/members"))
    empty = soup.select_one(".empty-state")
    assert "You are the first one here" in empty.text
    assert empty.select_one("a")["href"] == "/profile"
    assert soup.select_one(".member-list") is None


async def test_search_follows_edits_renames_and_departures(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """What search finds (through trigram indexes on PostgreSQL and full-text tables on SQLite)
    follows every change: new words are found at once, old ones no longer, and nobody who left."""
    from sqlalchemy import delete, select

    from app.groups.models import Membership
    from app.members.service import rename
    from app.profiles.models import Profile

    group = await make_group(session, slug="moving")
    viewer = await make_member(session, group, name="Zed Viewer")
    ana = await make_member(
        session, group, name="Ana Quintero", headline="Payroll analyst", looking_for="Mentors in logistics"
    )
    leo = await make_member(session, group, name="Leo Lighthouse", headline="Harbourmaster")
    await sign_in(client, viewer)
    assert await listed(client, "moving", q="payroll") == ["Ana Quintero"]
    assert await listed(client, "moving", q="harbour") == ["Leo Lighthouse"]

    profile = (await session.execute(select(Profile).where(Profile.account_id == ana.id))).scalar_one()
    profile.headline, profile.looking_for = "Benefits specialist", "Mentors in aviation"
    await rename(session, ana, "Ana Zamora")
    await session.execute(delete(Membership).where(Membership.account_id == leo.id))
    await session.flush()

    for gone in ("payroll", "logistics", "quintero", "harbour"):
        assert await listed(client, "moving", q=gone) == [], gone
    for found in ("benefits", "aviation", "zamora", "ana zam"):
        assert await listed(client, "moving", q=found) == ["Ana Zamora"], found
    assert await listed(client, "moving", q="an") == ["Ana Zamora"]  # two letters: read in name order


@pytest.mark.parametrize("query", ["économiste", "ÉCONOMISTE", "Économ", "öffentlichen"])
async def test_search_matches_words_in_any_case_beyond_ascii(
    client: httpx.AsyncClient, session: AsyncSession, query: str
) -> None:
    group = await make_group(session, slug="letters")
    viewer = await make_member(session, group, name="Zed Viewer")
    await make_member(
        session, group, name="Élodie Brun", headline="Économiste", looking_for="Stellen im ÖFFENTLICHEN Dienst"
    )
    await sign_in(client, viewer)
    assert await listed(client, "letters", q=query) == ["Élodie Brun"]
