from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import httpx
import time_machine
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Membership, MembershipStatus, Role
from tests.factories import make_group, make_member, sign_in


def _table(response: httpx.Response) -> list[dict[str, str]]:
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


async def test_export_has_one_row_per_membership_with_the_profile(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="hr-tuesdays", timezone="America/Chicago")
    lead = await make_member(session, group, name="Priya Raman", role=Role.facilitator, email="priya@example.com")
    ana = await make_member(
        session,
        group,
        name="Ana Castillo",
        email="ana@example.com",
        stage="interviewing",
        headline="HR partner",
        location="Evanston, IL",
        linkedin_url="https://www.linkedin.com/in/ana-c",
        looking_for="Intros",
        can_help_with="Workday",
        target_roles=["HR manager", "HR business partner"],
        industries=["Healthcare"],
        skills=["Workday", "Payroll"],
        target_companies=["Acme"],
    )
    await make_member(
        session, group, name="Pending Person", email="pending@example.com", status=MembershipStatus.pending
    )
    await make_member(
        session, group, name="Declined Person", email="declined@example.com", status=MembershipStatus.declined
    )
    await make_member(session, group, name="Gone Person", email="gone@example.com", status=MembershipStatus.left)
    await make_member(session, await make_group(session), name="Elsewhere", email="elsewhere@example.com")
    # 03:30 UTC on March 1 is still February 28 in Chicago.
    await session.execute(
        update(Membership)
        .where(Membership.account_id == ana.id)
        .values(joined_at=datetime(2026, 3, 1, 3, 30, tzinfo=UTC))
    )
    await sign_in(client, lead)

    with time_machine.travel(datetime(2026, 11, 25, 4, 0, tzinfo=UTC)):
        response = await client.get("/g/hr-tuesdays/manage/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="hr-tuesdays-members-2026-11-24.csv"'
    table = _table(response)
    assert list(table[0]) == [
        "name",
        "email",
        "role",
        "status",
        "joined_at",
        "stage",
        "headline",
        "location",
        "linkedin_url",
        "target_roles",
        "industries",
        "skills",
        "target_companies",
        "looking_for",
        "can_help_with",
    ]
    by_email = {row["email"]: row for row in table}
    assert set(by_email) == {"priya@example.com", "ana@example.com", "pending@example.com", "declined@example.com"}
    assert by_email["ana@example.com"] == {
        "name": "Ana Castillo",
        "email": "ana@example.com",
        "role": "member",
        "status": "active",
        "joined_at": "2026-02-28",
        "stage": "interviewing",
        "headline": "HR partner",
        "location": "Evanston, IL",
        "linkedin_url": "https://www.linkedin.com/in/ana-c",
        "target_roles": "HR business partner; HR manager",
        "industries": "Healthcare",
        "skills": "Payroll; Workday",
        "target_companies": "Acme",
        "looking_for": "Intros",
        "can_help_with": "Workday",
    }
    assert by_email["priya@example.com"]["role"] == "facilitator"
    assert by_email["pending@example.com"]["status"] == "pending"
    assert by_email["declined@example.com"]["status"] == "declined"


async def test_export_cells_cannot_run_as_spreadsheet_formulas(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    await make_member(
        session,
        group,
        name='=HYPERLINK("http://evil.example","click")',
        headline="+1 555 0100",
        location="-Chicago",
        looking_for="@SUM(A1:A9)",
        can_help_with="Plain = fine",
        skills=["=cmd|' /C calc'!A0"],
    )
    await sign_in(client, lead)
    row = next(r for r in _table(await client.get(f"/g/{group.slug}/manage/export.csv")) if r["role"] == "member")
    assert row["name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["headline"] == "'+1 555 0100"
    assert row["location"] == "'-Chicago"
    assert row["looking_for"] == "'@SUM(A1:A9)"
    assert row["can_help_with"] == "Plain = fine"
    assert row["skills"] == "'=cmd|' /C calc'!A0"


async def test_export_needs_the_same_statements_for_few_and_many_members(
    client: httpx.AsyncClient, session: AsyncSession, count_queries
) -> None:  # type: ignore[no-untyped-def]
    counts = []
    for size in (3, 30):
        group = await make_group(session)
        lead = await make_member(session, group, name="Lead", role=Role.facilitator)
        for index in range(size):
            await make_member(
                session, group, name=f"Member {index}", skills=["Payroll", f"Skill {index}"], industries=["Retail"]
            )
        await sign_in(client, lead)
        with count_queries() as counter:
            response = await client.get(f"/g/{group.slug}/manage/export.csv")
        assert response.status_code == 200 and len(_table(response)) == size + 1
        counts.append(counter.count)
    assert counts[0] == counts[1]


async def test_only_facilitators_may_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    member = await make_member(session, group, name="Member")
    anonymous = await client.get(f"/g/{group.slug}/manage/export.csv")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    await sign_in(client, member)
    forbidden = await client.get(f"/g/{group.slug}/manage/export.csv")
    assert forbidden.status_code == 403 and "facilitators" in forbidden.text
    other = await make_group(session)
    assert (await client.get(f"/g/{other.slug}/manage/export.csv")).status_code == 404
    assert (await client.get("/g/no-such-group/manage/export.csv")).status_code == 404
