"""Importing a member's contacts: the plan, the dry run, re-imports, companies, and statement counts."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.contacts import importing, service
from app.contacts.companies import normalize_company
from app.contacts.models import Contact, OutreachStatus
from app.contacts.reading import read_contacts
from app.contacts.schemas import CompanyConfirmation, MyContactUpdate
from app.errors import InvalidInput
from app.profiles.models import TagKind
from app.profiles.tags import tags_for
from tests.contacts.helpers import linkedin_export, many_connections
from tests.factories import make_account

ANA = 'Ana,Castillo,https://www.linkedin.com/in/ana-castillo,,"Acme Health, Inc.",People Lead,02 Dec 2026'
BEN = "Ben,Okafor,https://www.linkedin.com/in/ben-okafor/,ben@example.com,Northwind Helth,CTO,15 Jan 2019"
CHLOE = "Chloe,Martin,https://www.linkedin.com/in/chloe-martin,,Globex,Recruiter,01 Mar 2020"


async def _import(session: AsyncSession, account: Account, data: bytes, *, dry_run: bool = False) -> Any:
    return await importing.import_contacts(session, account, data, "Connections.csv", dry_run=dry_run)


async def _contacts(session: AsyncSession, account: Account) -> list[Contact]:
    statement = select(Contact).where(Contact.account_id == account.id).order_by(Contact.sort_name)
    return list((await session.execute(statement.execution_options(populate_existing=True))).scalars())


def test_company_names_are_normalized() -> None:
    same = {"Acme Health, Inc.", "ACME HEALTH", "The Acme Health Company", "Acme  Health LLC", "acme-health corp."}
    assert {normalize_company(name) for name in same} == {"acme health"}
    assert normalize_company("Société Générale S.A.") == "societe generale"
    assert normalize_company("Procter & Gamble") == "procter and gamble"
    assert normalize_company("The Home Depot") == "home depot"
    assert normalize_company("Inc") == "inc"  # a name that is only a suffix stays a name


async def test_dry_run_counts_and_changes_nothing(session: AsyncSession) -> None:
    account = await make_account(session)
    summary = await _import(
        session,
        account,
        linkedin_export(ANA, BEN, ",,https://www.linkedin.com/in/x,,Acme,,02 Dec 2026", CHLOE),
        dry_run=True,
    )
    assert (summary.dry_run, summary.new, summary.updated, summary.unchanged) == (True, 3, 0, 0)
    assert [(problem.row, problem.message) for problem in summary.problems] == [(7, "Row 7: no name.")]
    assert await _contacts(session, account) == []


async def test_reimporting_updates_and_never_duplicates(session: AsyncSession) -> None:
    account = await make_account(session)
    first = await _import(session, account, linkedin_export(ANA, BEN))
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    ana = (await _contacts(session, account))[0]
    await service.update_contact(
        session, account, ana.public_id, MyContactUpdate(status=OutreachStatus.contacted, note="Coffee on Friday")
    )

    again = await _import(session, account, linkedin_export(ANA, BEN))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    # Ana moved on; Ben's URL is written without the slash, and his email is not in this export.
    newer = linkedin_export(
        ANA.replace("People Lead", "VP People"),
        "Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Northwind Helth,CTO,15 Jan 2019",
        CHLOE,
    )
    plan = await importing.plan_import(session, account, read_contacts(newer))
    assert (len(plan.new), len(plan.updated), plan.unchanged) == (1, 1, 1)
    await importing.apply_plan(session, plan)

    ana, ben, chloe = await _contacts(session, account)
    assert (ana.first_name, ana.position) == ("Ana", "VP People")
    assert (ana.status, ana.note) == (OutreachStatus.contacted, "Coffee on Friday")  # the member's own tracking stays
    assert ben.email == "ben@example.com"  # a blank in the file never erases
    assert chloe.first_name == "Chloe"
    count = select(func.count()).select_from(Contact).where(Contact.account_id == account.id)
    assert (await session.execute(count)).scalar_one() == 3


async def test_the_same_person_twice_in_a_file_is_imported_once(session: AsyncSession) -> None:
    account = await make_account(session)
    summary = await _import(session, account, linkedin_export(ANA, BEN, ANA))
    assert summary.new == 2
    assert [problem.message for problem in summary.problems] == [
        "Row 7: the same person as row 5; only row 5 is imported."
    ]


async def test_people_without_profile_address_or_email_are_told_apart_by_name_and_company(
    session: AsyncSession,
) -> None:
    account = await make_account(session)
    csv = b"name,email,company\nAna Castillo,,Acme\nAna Castillo,,Globex\nAna Castillo,ANA@example.com,\n"
    summary = await importing.import_contacts(session, account, csv, "mine.csv", dry_run=False)
    assert summary.new == 3
    again = await importing.import_contacts(session, account, csv.replace(b"ANA@", b"ana@"), "mine.csv", dry_run=False)
    assert (again.new, again.unchanged) == (0, 2) and again.updated == 1  # the email as written changed


async def test_companies_match_canonical_tags_and_near_misses_wait_for_a_yes(session: AsyncSession) -> None:
    tags = await tags_for(session, TagKind.company, ["Acme Health", "Northwind Health"])
    account = await make_account(session)
    other = await make_account(session)
    await _import(session, account, linkedin_export(ANA, BEN, CHLOE))
    await _import(session, other, linkedin_export(BEN))

    ana, ben, chloe = await _contacts(session, account)
    assert ana.company_tag_id == tags["acme health"].id  # "Acme Health, Inc." is Acme Health
    assert ben.company_tag_id is None  # "Northwind Helth" is only nearly Northwind Health: not guessed
    assert chloe.company_tag_id is None and chloe.company_label == "Globex"  # unknown: a label, no new tag

    suggestions = await service.company_suggestions(session, account)
    assert [(s.company, s.contacts, s.suggested) for s in suggestions] == [("Northwind Helth", 1, "Northwind Health")]

    confirmed = await service.confirm_company(
        session, account, CompanyConfirmation(company="northwind helth", canonical="Northwind Health")
    )
    assert (confirmed.canonical, confirmed.contacts) == ("Northwind Health", 1)
    assert (await _contacts(session, account))[1].company_tag_id == tags["northwind health"].id
    assert await service.company_suggestions(session, account) == []
    # Only this member's contacts: the other member is still asked.
    assert [s.company for s in await service.company_suggestions(session, other)] == ["Northwind Helth"]

    # A later import keeps the confirmation, and a new contact at that company gets it too.
    dana = "Dana,Lee,https://www.linkedin.com/in/dana-lee,,Northwind Helth,Nurse,02 Dec 2026"
    summary = await _import(session, account, linkedin_export(ANA, BEN, CHLOE, dana))
    assert (summary.new, summary.unchanged) == (1, 3)
    assert {contact.first_name: contact.company_tag_id for contact in await _contacts(session, account)}["Dana"] == (
        tags["northwind health"].id
    )


async def test_confirming_an_unknown_company_or_one_no_contact_has_is_refused(session: AsyncSession) -> None:
    await tags_for(session, TagKind.company, ["Acme Health"])
    account = await make_account(session)
    await _import(session, account, linkedin_export(ANA))
    with pytest.raises(InvalidInput, match="There is no company called"):
        await service.confirm_company(session, account, CompanyConfirmation(company="Acme Health", canonical="Acme"))
    with pytest.raises(InvalidInput, match="None of your contacts works at"):
        await service.confirm_company(session, account, CompanyConfirmation(company="Initech", canonical="Acme Health"))


async def test_an_import_takes_the_same_statements_for_few_and_many_rows(
    session: AsyncSession, count_queries: Any
) -> None:
    counts = []
    for size in (10, 2500):
        account = await make_account(session)
        with count_queries() as queries:
            summary = await _import(session, account, many_connections(size))
        assert summary.new == size
        counts.append(len(queries.statements))
    # Two reads, then the inserts in batches of a thousand (three for 2,500 rows).
    assert counts[1] - counts[0] <= 2, counts


async def test_progress_is_told_each_batch(session: AsyncSession, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "BATCH", 2)
    account = await make_account(session)
    plan = await importing.plan_import(session, account, read_contacts(many_connections(5)))
    done: list[int] = []
    await importing.apply_plan(session, plan, progress=done.append)
    assert done == [2, 2, 1]
    assert len(await _contacts(session, account)) == 5
