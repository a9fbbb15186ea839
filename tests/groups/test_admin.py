from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.models import AuditEvent
from app.groups.models import Group, JoinedVia, JoinPolicy, Membership, MembershipStatus, Role
from app.members.models import GroupInvitation
from tests.factories import make_account, make_admin, make_group, make_member, make_membership, post_form, sign_in
from tests.members.helpers import emails, link_in_email

VALID = {
    "name": "HR Tuesday Evenings",
    "slug": "hr-tuesday",
    "description": "For HR people.",
    "timezone": "America/Chicago",
    "default_location": "Library",
    "join_policy": "approval",
    "agreement": "Be kind.",
}


async def _home_page_groups(client: httpx.AsyncClient) -> list[str]:
    return [a.text for a in BeautifulSoup((await client.get("/")).text, "html.parser").select(".card h3 a")]


async def test_a_new_group_is_listed_once_it_is_open_and_has_a_facilitator(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_admin(session)
    await sign_in(client, admin)
    response = await post_form(client, "/admin/groups/new", VALID, page="/admin/groups/new")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/groups/hr-tuesday"
    group = (await session.execute(select(Group).where(Group.slug == "hr-tuesday"))).scalar_one()
    assert group.join_policy == JoinPolicy.approval and group.timezone == "America/Chicago"
    assert not group.listed
    assert "HR Tuesday Evenings" not in await _home_page_groups(client)
    edit = BeautifulSoup((await client.get("/admin/groups/hr-tuesday")).text, "html.parser")
    assert "needs a facilitator and to be marked open" in edit.select_one("#listing-status").text
    assert edit.select_one("#field-listed-false").has_attr("checked")

    opened = await post_form(
        client, "/admin/groups/hr-tuesday", {**VALID, "listed": "true"}, page="/admin/groups/hr-tuesday"
    )
    assert opened.status_code == 303
    assert "HR Tuesday Evenings" not in await _home_page_groups(client)  # open, but nobody runs it yet
    edit = BeautifulSoup((await client.get("/admin/groups/hr-tuesday")).text, "html.parser")
    assert "once it has a facilitator" in edit.select_one("#listing-status").text

    await make_member(session, group, email="fay@example.com", name="Fay Facilitator")
    appointed = await post_form(
        client, "/admin/groups/hr-tuesday/facilitators", {"email": "fay@example.com"}, page="/admin/groups/hr-tuesday"
    )
    assert appointed.status_code == 303
    assert "HR Tuesday Evenings" in await _home_page_groups(client)
    edit = BeautifulSoup((await client.get("/admin/groups/hr-tuesday")).text, "html.parser")
    assert edit.select_one("#listing-status").text.strip() == "The home page lists this group."
    assert edit.select_one("#field-listed-true").has_attr("checked")
    events = (await session.execute(select(AuditEvent.action).where(AuditEvent.group_id == group.id))).scalars().all()
    assert events == ["group.created", "group.updated", "group.facilitator_appointed"]


async def test_the_web_address_is_made_from_the_name_when_left_blank(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(session, slug="cafes-careers-tuesdays")
    await sign_in(client, await make_admin(session))
    form = BeautifulSoup((await client.get("/admin/groups/new")).text, "html.parser")
    assert form.select_one("#field-name").has_attr("data-slug-source")
    assert form.select_one("#field-slug").has_attr("data-slug-target")
    assert not form.select_one("#field-slug").has_attr("required")
    assert form.select_one("script[src$='group_form.js']") is not None

    named = {**VALID, "name": "Cafés & Careers, Tuesdays", "slug": ""}
    for expected in ("cafes-careers-tuesdays-2", "cafes-careers-tuesdays-3"):
        response = await post_form(client, "/admin/groups/new", named, page="/admin/groups/new")
        assert response.status_code == 303 and response.headers["location"] == f"/admin/groups/{expected}"
    # An address typed by hand is the admin's own: a taken one is refused, not changed.
    taken = await post_form(
        client, "/admin/groups/new", {**named, "slug": "cafes-careers-tuesdays"}, page="/admin/groups/new"
    )
    assert taken.status_code == 422 and "already taken" in taken.text


async def test_a_member_appointed_facilitator_is_told_by_email(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="told", name="Thursday Finance Circle")
    await make_member(session, group, email="omar@example.com", name="Omar Haddad")
    admin = await make_admin(session, name="Avery Admin", email="avery@example.com")
    await sign_in(client, admin)
    response = await post_form(
        client, "/admin/groups/told/facilitators", {"email": "omar@example.com"}, page="/admin/groups/told"
    )
    assert response.status_code == 303
    [message] = await emails(session, "omar@example.com")
    assert message.payload["template"] == "facilitator_appointed"
    assert message.payload["subject"] == "You now facilitate Thursday Finance Circle"
    text = message.payload["text"]
    assert "Hello Omar Haddad," in text
    assert "Avery Admin has made you a facilitator of “Thursday Finance Circle”" in text
    assert "http://testserver/g/told/manage" in text and "avery@example.com" in text
    assert "/g/told/manage" in message.payload["html"]
    # An administrator who appoints themself is not emailed about it.
    await make_membership(session, group, admin)
    await post_form(client, "/admin/groups/told/facilitators", {"email": admin.email}, page="/admin/groups/told")
    assert await emails(session, admin.email) == []


async def test_an_appointment_to_something_that_is_not_an_email_says_so(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(session, slug="typo")
    await sign_in(client, await make_admin(session))
    response = await post_form(
        client, "/admin/groups/typo/facilitators", {"email": "omar at example"}, page="/admin/groups/typo"
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("#error-email").text.strip().startswith("That is not an email address.")
    assert soup.select_one("#field-email")["value"] == "omar at example"
    assert "account" not in soup.select_one("#error-email").text
    assert await emails(session) == []


async def test_mistakes_are_explained_next_to_each_field_and_input_is_kept(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await sign_in(client, await make_admin(session))
    bad = {**VALID, "name": "HR", "slug": "Not a slug!", "timezone": "Mars/Olympus"}
    response = await post_form(client, "/admin/groups/new", bad, page="/admin/groups/new")
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "at least 3 characters" in soup.select_one("#error-name").text
    assert "lower-case letters" in soup.select_one("#error-slug").text
    assert "time zone from the list" in soup.select_one("#error-timezone").text
    assert soup.select_one("#field-slug")["value"] == "Not a slug!"
    assert soup.select_one("#field-description").text == "For HR people."
    assert soup.select_one("#field-join_policy-approval").has_attr("checked")
    assert len(soup.select(".error-summary li")) == 3


async def test_taken_address_is_explained(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_group(session, slug="hr-tuesday")
    await sign_in(client, await make_admin(session))
    response = await post_form(client, "/admin/groups/new", VALID, page="/admin/groups/new")
    assert response.status_code == 422
    assert (
        "/g/hr-tuesday is already taken" in BeautifulSoup(response.text, "html.parser").select_one("#error-slug").text
    )


async def test_members_cannot_reach_administration(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="guarded")
    facilitator = await make_account(session)
    await make_membership(session, group, facilitator, role=Role.facilitator)
    await sign_in(client, facilitator)
    for url in ("/admin/groups", "/admin/groups/new", "/admin/groups/guarded"):
        response = await client.get(url)
        assert response.status_code == 403, url
        assert "Only administrators" in response.text
    response = await post_form(client, "/admin/groups/guarded", {**VALID, "name": "Taken over"}, page="/settings")
    assert response.status_code == 403
    await session.refresh(group)
    assert group.name != "Taken over"


async def test_admin_edits_a_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="edit-me", name="Before")
    await sign_in(client, await make_admin(session))
    page = BeautifulSoup((await client.get("/admin/groups/edit-me")).text, "html.parser")
    assert page.select_one("#field-name")["value"] == "Before"
    response = await post_form(
        client, "/admin/groups/edit-me", {**VALID, "slug": "edited", "name": "After"}, page="/admin/groups/edit-me"
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/groups/edited"
    await session.refresh(group)
    assert (group.slug, group.name) == ("edited", "After")


async def test_admin_appoints_several_facilitators_and_removes_one_after_confirming(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="team")
    first = await make_member(session, group, email="first@example.com", name="First Facilitator")
    second = await make_member(session, group, email="second@example.com", name="Second Facilitator")
    await sign_in(client, await make_admin(session))
    for email in ("first@example.com", "SECOND@example.com "):
        response = await post_form(
            client, "/admin/groups/team/facilitators", {"email": email}, page="/admin/groups/team"
        )
        assert response.status_code == 303
    roles = (
        await session.execute(select(Membership.account_id, Membership.role).where(Membership.group_id == group.id))
    ).all()
    assert sorted(roles) == sorted([(first.id, Role.facilitator), (second.id, Role.facilitator)])
    page = await client.get("/g/team")
    assert "First Facilitator" in page.text and "Second Facilitator" in page.text

    again = await post_form(
        client, "/admin/groups/team/facilitators", {"email": "first@example.com"}, page="/admin/groups/team"
    )
    assert again.status_code == 422 and "already facilitates" in again.text

    edit_page = BeautifulSoup((await client.get("/admin/groups/team")).text, "html.parser")
    remove_link = next(a["href"] for a in edit_page.select("#facilitators a") if "First Facilitator" in a.text)
    confirm = await client.get(remove_link)
    assert "Remove First Facilitator as facilitator?" in confirm.text
    response = await post_form(client, remove_link, {}, page=remove_link)
    assert response.status_code == 303
    membership = (await session.execute(select(Membership).where(Membership.account_id == first.id))).scalar_one()
    assert membership.role == Role.member


async def test_appointing_someone_outside_the_group_invites_them_whoever_they_are(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="team", name="Team")
    elsewhere = await make_group(session, slug="elsewhere")
    known = await make_member(session, elsewhere, email="known@example.com", name="Known Elsewhere")
    await sign_in(client, await make_admin(session))
    answers = []
    for email in ("known@example.com", "nobody@example.com"):
        response = await post_form(
            client, "/admin/groups/team/facilitators", {"email": email, "name": "Sam"}, page="/admin/groups/team"
        )
        assert response.status_code == 303
        page = await client.get(response.headers["location"])
        answers.append(BeautifulSoup(page.text, "html.parser").select_one(".flash").text.replace(email, "ADDRESS"))
    assert answers[0] == answers[1] and "invited ADDRESS to facilitate Team" in answers[0]
    # Nobody is in the group until they accept.
    assert (await session.execute(select(Membership).where(Membership.group_id == group.id))).first() is None
    invited = {i.email: i for i in (await session.execute(select(GroupInvitation))).scalars()}
    assert set(invited) == {"known@example.com", "nobody@example.com"}
    assert all(i.role == Role.facilitator and i.via == JoinedVia.appointment for i in invited.values())
    [email] = await emails(session, "known@example.com")
    assert email.payload["subject"].endswith("invites you to facilitate Team")

    # The known person signs in and accepts: a facilitator of the group.
    link = await link_in_email(session, "known@example.com", "group_invitation")
    client.cookies.clear()
    await sign_in(client, known)
    accepted = await post_form(client, link, {"agree": "yes"}, page=link)
    assert accepted.status_code == 303, accepted.text
    membership = (
        await session.execute(
            select(Membership).where(Membership.group_id == group.id, Membership.account_id == known.id)
        )
    ).scalar_one()
    assert (membership.role, membership.status, membership.joined_via) == (
        Role.facilitator,
        MembershipStatus.active,
        JoinedVia.appointment,
    )


async def test_reminder_hours_are_a_group_setting(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="reminders")
    await sign_in(client, await make_admin(session))
    bad = await post_form(
        client,
        "/admin/groups/reminders",
        {**VALID, "slug": "reminders", "reminder_hours_before": "500"},
        page="/admin/groups/reminders",
    )
    assert (
        bad.status_code == 422
        and "168" in BeautifulSoup(bad.text, "html.parser").select_one("#error-reminder_hours_before").text
    )
    ok = await post_form(
        client,
        "/admin/groups/reminders",
        {**VALID, "slug": "reminders", "reminder_hours_before": "48"},
        page="/admin/groups/reminders",
    )
    assert ok.status_code == 303
    await session.refresh(group)
    assert group.reminder_hours_before == 48


async def test_the_time_zone_list_offers_canonical_zones_grouped_with_the_group_s_own_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, timezone="America/New_York")
    await sign_in(client, await make_admin(session))
    page = BeautifulSoup((await client.get(f"/admin/groups/{group.slug}")).text, "html.parser")
    select_box = page.select_one("select#field-timezone")
    assert select_box is not None
    groups = select_box.find_all("optgroup")
    assert groups[0]["label"] == "This group's time zone"
    assert [option["value"] for option in groups[0].find_all("option")] == ["America/New_York"]
    assert groups[0].option.get_text() == "America/New York" and groups[0].option.has_attr("selected")
    values = [option["value"] for option in select_box.find_all("option")]
    assert "Europe/Paris" in values and "US/Eastern" not in values and "Etc/GMT+5" not in values
    assert len(select_box.select("option[selected]")) == 1  # the group's own, not its copy under America
