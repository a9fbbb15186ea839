from __future__ import annotations

import re
from datetime import timedelta

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.models import Account
from app.audit.models import AuditEvent
from app.config import get_settings
from app.db import utcnow
from app.groups.models import JoinedVia, Membership, MembershipStatus, Role
from app.members import invitations
from app.members.models import GroupInvitation
from app.notifications.models import OutboxMessage
from app.notifications.worker import SmtpMailer, run_once
from app.profiles.models import Profile, Stage
from app.profiles.service import load_tags
from app.security import hash_token
from tests.conftest import Mailbox
from tests.factories import csrf_token, make_account, make_group, make_member, sign_in
from tests.roster.helpers import HEADER, confirm, preview_form, rows, upload

INVITE_LINK = re.compile(r"http://testserver/invitation/([\w-]+)")


async def _counts(session: AsyncSession) -> tuple[int, ...]:
    return tuple(
        [
            (await session.execute(select(func.count()).select_from(model))).scalar_one()
            for model in (Account, Membership, Profile, GroupInvitation, OutboxMessage, AuditEvent)
        ]
    )


async def _facilitated_group(session: AsyncSession, client: httpx.AsyncClient, **fields: object):  # type: ignore[no-untyped-def]
    group = await make_group(session, name=fields.pop("name", "HR Tuesdays"), **fields)
    lead = await make_member(session, group, name="Priya Raman", role=Role.facilitator)
    await sign_in(client, lead)
    return group, lead


async def test_preview_says_what_would_happen_to_each_row_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead = await _facilitated_group(session, client)
    await make_account(session, email="known@example.com", name="Known Person")
    await make_member(session, group, name="Already Here", email="here@example.com")
    await make_member(session, group, name="Waiting", email="waiting@example.com", status=MembershipStatus.pending)
    await invitations.invite(
        session, group, [invitations.Invitee("asked@example.com", "Asked Before")], actor=lead, via=JoinedVia.import_
    )
    [said_no] = await invitations.invite(
        session, group, [invitations.Invitee("no@example.com", "Said No")], actor=lead, via=JoinedVia.import_
    )
    said_no.declined_at = utcnow()
    await session.flush()
    csv_text = "\n".join(
        [
            HEADER,
            "Ana Castillo,ana@example.com,searching,HR partner,Chicago,,,,HR business partner;HR manager,Healthcare,,",
            "Known Person,KNOWN@example.com,,,,,,,,,,",
            "Already Here,here@example.com,,,,,,,,,,",
            "Waiting,waiting@example.com,,,,,,,,,,",
            "Bad Email,not-an-email,,,,,,,,,,",
            "Odd Stage,odd@example.com,hunting,,,,,,,,,",
            "Ana Again,ana@example.com,,,,,,,,,,",
            ",nameless@example.com,,,,,,,,,,",
            f"Long Headline,long@example.com,,{'x' * 161},,,,,,,,",
            "Bad Link,link@example.com,,,,https://example.com/me,,,,,,",
            "Asked Before,asked@example.com,,,,,,,,,,",
            "Said No,no@example.com,,,,,,,,,,",
        ]
    )
    before = await _counts(session)
    response = await upload(client, group.slug, csv_text)
    assert response.status_code == 200, response.text
    assert await _counts(session) == before

    by_row = rows(response)
    # A stranger, someone with an account elsewhere, and someone who asked to join: the same words.
    assert (
        by_row[2].replace("2 Ana Castillo ana@example.com", "")
        == by_row[3].replace("3 Known Person known@example.com", "")
        == by_row[5].replace("5 Waiting waiting@example.com", "")
    )
    assert "Will be invited" in by_row[2] and "joins the group on accepting" in by_row[2]
    assert "account" not in by_row[3].lower()
    assert "Already a member of this group: skipped" in by_row[4]
    assert "Email: Please enter an email address like name@example.org." in by_row[6]
    assert "“hunting” is not a stage we know" in by_row[7]
    assert "exploring, searching, interviewing, offer, landed, alumni" in by_row[7]
    assert "the same address as row 2" in by_row[8]
    assert "Name: This is empty" in by_row[9]
    assert "Headline: Keep this to 160 characters or fewer; you wrote 161." in by_row[10]
    assert "LinkedIn URL: Please enter your LinkedIn profile address" in by_row[11]
    assert "has not answered yet: skipped" in by_row[12]
    assert "Said no thanks to an invitation" in by_row[13]
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("form.roster-confirm button").text.strip() == "Invite 3 people"
    assert "6 rows have a problem and will be skipped" in soup.select_one(".error-summary").text


async def test_import_invites_and_nobody_joins_until_they_accept(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    group, lead = await _facilitated_group(session, client, name="HR Tuesdays")
    elsewhere = await make_group(session, name="Elsewhere")
    existing = await make_member(session, elsewhere, email="known@example.com", name="Known Person")
    csv_text = "\n".join(
        [
            HEADER,
            'Ana Castillo,Ana@Example.com,interviewing,HR partner,"Evanston, IL",linkedin.com/in/ana-c,'
            "Intros to hospital HR,Workday help,HR business partner;hr MANAGER,Healthcare,Employee relations,"
            "Acme Health",
            "Known P.,known@example.com,,Typed headline,,,,,,,,",
            "Broken Row,broken,,,,,,,,,,",
        ]
    )
    accounts_before = (await session.execute(select(func.count()).select_from(Account))).scalar_one()
    preview = await upload(client, group.slug, csv_text)
    response = await confirm(client, group.slug, preview)
    assert response.status_code == 200, response.text
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.h1.text == "Invitations sent"
    summary = soup.select_one(".roster-summary").get_text(" ", strip=True)
    assert "2 invited" in summary and "1 row with a problem" in summary

    # Nothing about anyone changes before they say yes: no account, no membership.
    assert (await session.execute(select(func.count()).select_from(Account))).scalar_one() == accounts_before
    assert (
        await session.execute(
            select(Membership).where(Membership.group_id == group.id, Membership.account_id == existing.id)
        )
    ).first() is None
    invited = {
        i.email: i
        for i in (await session.execute(select(GroupInvitation).where(GroupInvitation.group_id == group.id))).scalars()
    }
    assert set(invited) == {"ana@example.com", "known@example.com"}
    assert invited["known@example.com"].name == "Known P."
    assert timedelta(days=13, hours=23) < invited["ana@example.com"].expires_at - utcnow() <= timedelta(days=14)
    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "roster.imported"))).scalars()
    assert event.actor_account_id == lead.id and event.group_id == group.id
    assert event.details["invited"] == 2 and event.details["rows_with_errors"] == 1

    settings = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 2
    [to_ana] = mailbox.to("ana@example.com")
    [to_known] = mailbox.to("known@example.com")
    assert to_ana["Subject"] == to_known["Subject"] == "Priya Raman invites you to join HR Tuesdays"
    text = to_ana.get_body(("plain",)).get_content()
    assert "Hello Ana Castillo" in text and "peer-support group" in text and "14 days" in text
    assert "Nothing happens until you say yes" in text
    # The two emails differ only in the name and the link: they say nothing about an account.
    known_text = to_known.get_body(("plain",)).get_content()
    assert INVITE_LINK.sub("LINK", text).replace("Ana Castillo", "NAME") == INVITE_LINK.sub("LINK", known_text).replace(
        "Known P.", "NAME"
    )
    secret = INVITE_LINK.search(text).group(1)
    assert hash_token(secret) == invited["ana@example.com"].token_hash
    assert f"/invitation/{secret}" in to_ana.get_body(("html",)).get_content()

    # Ana accepts as a newcomer: her account is made with the profile from the file.
    client.cookies.clear()
    page = await client.get(f"/invitation/{secret}")
    assert page.status_code == 200 and "Choose a password" in page.text
    token = await csrf_token(client, f"/invitation/{secret}")
    accepted = await client.post(
        f"/invitation/{secret}",
        data={
            "csrf_token": token,
            "display_name": "Ana C.",
            "password": "long enough pass",
            "password_again": "long enough pass",
            "agree": "yes",
        },
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/g/{group.slug}/welcome"
    ana = (await session.execute(select(Account).where(Account.email == "ana@example.com"))).scalar_one()
    assert ana.display_name == "Ana C." and ana.email_verified_at is not None
    profile = (await session.execute(select(Profile).where(Profile.account_id == ana.id))).scalar_one()
    assert (profile.stage, profile.headline, profile.location) == (Stage.interviewing, "HR partner", "Evanston, IL")
    assert profile.linkedin_url == "https://www.linkedin.com/in/ana-c"
    assert profile.looking_for == "Intros to hospital HR" and profile.can_help_with == "Workday help"
    tags = (await load_tags(session, [profile.id]))[profile.id]
    assert tags.target_roles == ["HR business partner", "hr MANAGER"]
    assert tags.industries == ["Healthcare"] and tags.target_companies == ["Acme Health"]
    membership = (
        await session.execute(
            select(Membership).where(Membership.group_id == group.id, Membership.account_id == ana.id)
        )
    ).scalar_one()
    assert (membership.status, membership.role, membership.joined_via) == (
        MembershipStatus.active,
        Role.member,
        JoinedVia.import_,
    )
    assert membership.agreement_accepted_at is not None


async def test_semicolons_a_byte_order_mark_and_windows_line_ends_are_understood(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, _ = await _facilitated_group(session, client)
    csv_text = (
        "\ufeffName;E-mail;Skills;Notes\r\n"
        '"Martin, Chloé";chloe@example.com;"Payroll;ADP; Benefits ";call her\r\n'
        "\r\n"
        "Ben Okafor;ben@example.com;;\r\n"
    )
    preview = await upload(client, group.slug, csv_text.encode("utf-8"))
    assert preview.status_code == 200, preview.text
    assert "“Notes”" in BeautifulSoup(preview.text, "html.parser").select_one(".notice").text
    assert set(rows(preview)) == {2, 4}
    await confirm(client, group.slug, preview)
    chloe = (
        await session.execute(select(GroupInvitation).where(GroupInvitation.email == "chloe@example.com"))
    ).scalar_one()
    assert chloe.name == "Martin, Chloé"
    assert chloe.profile == {"skills": ["Payroll", "ADP", "Benefits"]}


async def test_file_problems_are_explained_in_plain_words(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, _ = await _facilitated_group(session, client)
    too_many = HEADER + "\n" + "\n".join(f"P{i},p{i}@example.com,,,,,,,,,," for i in range(5001))
    cases = [
        (None, "Please choose a CSV file"),
        (b"", "This file is empty"),
        (b"   \n\n", "This file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00binary spreadsheet", "This is not a CSV file"),
        (b"name,email\n\x00\x01\x02", "This is not a CSV file"),
        ("name,email\nJosé,jose@example.com\n".encode("latin-1"), "not saved as UTF-8"),
        (b"full name,mail\nAna,ana@example.com\n", "must name the columns, including name and email"),
        (b"name,email,email\nAna,a@example.com,b@example.com\n", "appears more than once"),
        (b"name,email\n", "no people in it"),
        (b'name,email\n"Ana,ana@example.com\n', "check its quotation marks"),
        (b"name,email\n" + b"x" * (3 * 1024 * 1024), "This file is 3.0 MB; files can be at most 2 MB"),
        (too_many.encode(), "more than 5,000 people"),
    ]
    before = await _counts(session)
    for content, message in cases:
        response = await upload(client, group.slug, content)
        assert response.status_code == 422, (content, response.status_code)
        error = BeautifulSoup(response.text, "html.parser").select_one("#error-file")
        assert error is not None and message in error.text, (content, error)
    assert await _counts(session) == before


async def test_a_file_near_the_size_limit_travels_through_the_preview(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, _ = await _facilitated_group(session, client)
    notes = "n" * 9000  # an unused column makes the file large without making the import slow
    csv_text = "name,email,notes\n" + "\n".join(f"Person {i},big{i}@example.org,{notes}" for i in range(200))
    assert 1.5 * 1024 * 1024 < len(csv_text) < 2 * 1024 * 1024
    preview = await upload(client, group.slug, csv_text)
    assert preview.status_code == 200, preview.text[:500]
    assert len(preview_form(preview)["csv_data"]) > 1
    response = await confirm(client, group.slug, preview)
    assert response.status_code == 200, response.text[:500]
    assert (
        await session.execute(
            select(func.count()).select_from(GroupInvitation).where(GroupInvitation.email.like("big%@example.org"))
        )
    ).scalar_one() == 200


async def test_extra_cells_in_a_row_are_a_row_problem(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, _ = await _facilitated_group(session, client)
    response = await upload(client, group.slug, "name,email\nAna,ana@example.com,surplus\nBen,ben@example.com\n")
    by_row = rows(response)
    assert "more cells than the first row has columns" in by_row[2]
    assert "Will be invited" in by_row[3]


async def test_nothing_is_imported_when_every_row_has_problems(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, _ = await _facilitated_group(session, client)
    preview = await upload(client, group.slug, "name,email\nAna,nope\n,ben@example.com\n")
    soup = BeautifulSoup(preview.text, "html.parser")
    assert soup.select_one("form.roster-confirm button") is None
    assert "Nothing can be imported" in soup.select_one("form.roster-confirm").text
    before = await _counts(session)
    response = await confirm(client, group.slug, preview)
    assert response.status_code == 422
    assert "every row has a problem" in response.text
    assert await _counts(session) == before


async def test_the_import_checks_the_file_again_and_refuses_a_damaged_one(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, _ = await _facilitated_group(session, client)
    preview = await upload(client, group.slug, "name,email\nAna,ana@example.com\n")
    form = preview_form(preview)
    response = await client.post(f"/g/{group.slug}/manage/import/confirm", data={**form, "csv_data": "%%%not base64"})
    assert response.status_code == 422 and "upload it again" in response.text
    await make_member(session, group, email="ana@example.com", name="Ana Meanwhile")
    response = await confirm(client, group.slug, preview)
    assert response.status_code == 422
    assert "already a member or already invited" in response.text
    assert (await session.execute(select(func.count()).select_from(GroupInvitation))).scalar_one() == 0


async def test_the_import_page_explains_the_columns_and_offers_an_example(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, _ = await _facilitated_group(session, client)
    page = await client.get(f"/g/{group.slug}/manage/import")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    form = soup.select_one("form[enctype='multipart/form-data']")
    assert form.select_one("input[name=csrf_token]") and form.select_one("input[type=file][name=file]")
    assert "separated by semicolons" in soup.text and "interviewing" in soup.text
    example = await client.get(f"/g/{group.slug}/manage/import/example.csv")
    assert example.status_code == 200 and example.headers["content-disposition"].startswith("attachment")
    preview = await upload(client, group.slug, example.content)
    assert preview.status_code == 200
    assert len(rows(preview)) == 3 and not BeautifulSoup(preview.text, "html.parser").select(".row-errors")


async def test_only_facilitators_may_import(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    member = await make_member(session, group, name="Just A Member")
    await sign_in(client, member)
    assert (await client.get(f"/g/{group.slug}/manage/import")).status_code == 403
    assert (await client.get(f"/g/{group.slug}/manage/import/example.csv")).status_code == 403
    token = BeautifulSoup((await client.get("/settings")).text, "html.parser").select_one("input[name=csrf_token]")[
        "value"
    ]
    response = await client.post(
        f"/g/{group.slug}/manage/import",
        data={"csrf_token": token},
        files={"file": ("m.csv", b"name,email\nA,a@example.com\n", "text/csv")},
    )
    assert response.status_code == 403
    response = await client.post(
        f"/g/{group.slug}/manage/import/confirm",
        data={"csrf_token": token, "csv_data": "bmFtZSxlbWFpbApBLGFAZXhhbXBsZS5jb20K"},
    )
    assert response.status_code == 403
    assert (await session.execute(select(Account).where(Account.email == "a@example.com"))).first() is None

    other = await make_group(session)
    assert (await client.get(f"/g/{other.slug}/manage/import")).status_code == 404
    await client.post("/logout", data={"csrf_token": token})
    anonymous = await client.get(f"/g/{group.slug}/manage/import")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
