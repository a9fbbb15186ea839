"""A member's page: the profile as the viewer may see it, and who may open it."""

from __future__ import annotations

import itertools
import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import MembershipStatus, Role
from tests.directory.helpers import soup_of
from tests.factories import make_group, make_member, sign_in

FULL_PROFILE = {
    "headline": "HR business partner, 12 years in retail",
    "bio": "I led HR for 40 stores.\n\nNow I want to try healthcare.",
    "location": "Evanston, IL",
    "linkedin_url": "https://www.linkedin.com/in/bea-brown",
    "stage": "interviewing",
    "target_roles": ["HR business partner"],
    "industries": ["Retail", "Healthcare"],
    "skills": ["Employee relations"],
    "target_companies": ["Acme Health"],
    "past_companies": [{"name": "Initech", "from": 2012, "to": 2019}, {"name": "Globex", "from": 2019, "to": 2025}],
    "looking_for": "A conversation with someone in hospital HR.",
    "can_help_with": "Retail scheduling and union contracts.",
    "phone": "+1 312 555 0199",
}


async def test_a_member_sees_the_whole_shared_profile(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(session, group, name="Zed Viewer")
    bea = await make_member(session, group, name="Bea Brown", email="bea@example.com", **FULL_PROFILE)
    await sign_in(client, viewer)
    response = await client.get(f"/g/ours/members/{bea.public_id}")
    soup = soup_of(response)
    assert soup.h1.text == "Bea Brown"
    assert "HR business partner, 12 years in retail" in soup.select_one(".lead").text
    assert "Interviewing" in soup.select_one(".member-meta").text
    assert [p.text for p in soup.select("#about-title ~ p")] == [
        "I led HR for 40 stores.",
        "Now I want to try healthcare.",
    ]
    assert "someone in hospital HR" in soup.select_one(".ask").text
    assert "union contracts" in soup.select_one(".offer").text
    chips = [li.text for li in soup.select(".tag-group .chips li")]
    assert chips == ["HR business partner", "Healthcare", "Retail", "Employee relations", "Acme Health"]
    companies = [" ".join(li.text.split()) for li in soup.select(".past-companies li")]
    assert companies == ["Globex 2019–2025", "Initech 2012–2019"]
    linkedin = soup.find("a", string="LinkedIn profile")
    assert linkedin["href"] == "https://www.linkedin.com/in/bea-brown"
    assert set(linkedin["rel"]) == {"noopener", "nofollow"}
    assert "bea@example.com" not in response.text and "555 0199" not in response.text
    assert soup.find("a", string="Edit your profile") is None
    assert soup.select_one(".kept-note") is None
    # Headings go in order: one h1, then h2s, then h3s inside them.
    levels = [int(tag.name[1]) for tag in soup.select("main h1, main h2, main h3")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


async def test_my_own_page_links_to_the_profile_editor_and_marks_what_is_kept(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="ours")
    me = await make_member(
        session,
        group,
        name="Bea Brown",
        email="bea@example.com",
        visibility={"target_companies": "facilitators"},
        **FULL_PROFILE,
    )
    await sign_in(client, me)
    response = await client.get(f"/g/ours/members/{me.public_id}")
    soup = soup_of(response)
    assert soup.find("a", string="Edit your profile")["href"] == "/profile"
    assert "Acme Health" in soup.text
    kept = soup.select(".kept-note")
    assert len(kept) == 1 and kept[0].text == "Only facilitators see this"
    assert "Companies I'd like to work for" in kept[0].parent.text
    assert "bea@example.com" not in response.text and "555 0199" not in response.text


async def test_the_way_back_keeps_the_directorys_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    viewer = await make_member(session, group, name="Zed Viewer")
    bea = await make_member(session, group, name="Bea Brown", skills=["HRIS"])
    await sign_in(client, viewer)
    listing = soup_of(await client.get("/g/ours/members", params={"q": "bea", "skill": "HRIS"}))
    link = listing.select_one(".member-name a")["href"]
    assert link == f"/g/ours/members/{bea.public_id}?q=bea&skill=HRIS"
    back = soup_of(await client.get(link)).select_one(".back-link a")["href"]
    assert back == "/g/ours/members?q=bea&skill=HRIS"
    plain = soup_of(await client.get(f"/g/ours/members/{bea.public_id}")).select_one(".back-link a")["href"]
    assert plain == "/g/ours/members"


async def test_facilitators_see_membership_details(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    lead = await make_member(session, group, name="Fiona Lead", role=Role.facilitator)
    pat = await make_member(session, group, name="Pending Pat", status=MembershipStatus.pending)
    await sign_in(client, lead)
    soup = soup_of(await client.get(f"/g/ours/members/{pat.public_id}"))
    facts = soup.select_one(".membership-facts").text
    assert "Waiting to join" in facts and "Asked to join" in facts and "Member" in facts


@pytest.mark.parametrize("status", [MembershipStatus.pending, MembershipStatus.declined, MembershipStatus.left])
async def test_members_cannot_open_people_who_are_not_active(
    client: httpx.AsyncClient, session: AsyncSession, status: MembershipStatus
) -> None:
    group = await make_group(session, slug="ours")
    person = await make_member(session, group, name="Not Active", status=status)
    await sign_in(client, await make_member(session, group))
    response = await client.get(f"/g/ours/members/{person.public_id}")
    assert response.status_code == 404
    assert "Not Active" not in response.text


async def test_facilitators_open_anyone_their_directory_lists(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    lead = await make_member(session, group, name="Fiona Lead", role=Role.facilitator)
    pending = await make_member(session, group, name="Pending Pat", status=MembershipStatus.pending)
    declined = await make_member(session, group, name="Declined Dee", status=MembershipStatus.declined)
    departed = await make_member(session, group, name="Left Lou", status=MembershipStatus.left)
    await sign_in(client, lead)
    assert (await client.get(f"/g/ours/members/{pending.public_id}")).status_code == 200
    assert (await client.get(f"/g/ours/members/{declined.public_id}")).status_code == 200
    assert (await client.get(f"/g/ours/members/{departed.public_id}")).status_code == 404


async def test_outsiders_and_strangers_get_a_404(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    other = await make_group(session, slug="theirs")
    ours = await make_member(session, group, name="Our Member")
    theirs = await make_member(session, other, name="Their Member")
    await sign_in(client, theirs)
    response = await client.get(f"/g/ours/members/{ours.public_id}")
    assert response.status_code == 404 and "Our Member" not in response.text

    await sign_in(client, ours)
    # Someone from another group, through this group's address: not a member here.
    assert (await client.get(f"/g/ours/members/{theirs.public_id}")).status_code == 404
    assert (await client.get(f"/g/ours/members/{uuid.uuid4()}")).status_code == 404
    assert (await client.get("/g/ours/members/not-an-id")).status_code == 404


async def test_visitors_are_asked_to_sign_in(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    person = await make_member(session, group)
    response = await client.get(f"/g/ours/members/{person.public_id}")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/g/ours/members/")


async def test_an_empty_profile_reads_kindly(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="ours")
    newcomer = await make_member(session, group, name="New Comer")
    await sign_in(client, await make_member(session, group, name="Zed Viewer"))
    soup = soup_of(await client.get(f"/g/ours/members/{newcomer.public_id}"))
    assert soup.h1.text == "New Comer"
    assert "Not filled in yet." in soup.select_one(".ask").text
