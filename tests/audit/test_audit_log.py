"""The audit log page (administrators): who did what to what, when; filters, pages, CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit.models import AuditEvent
from app.audit_log.listing import AUDIT_PAGE_SIZE
from app.groups.models import Group, Role
from tests.factories import make_admin, make_group, make_member, sign_in

NOON = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # 12:00 in Chicago, on summer time since March 8


def _event(
    actor: Account | None,
    action: str,
    *,
    group: Group | None = None,
    target: str = "",
    at: datetime = NOON,
    **details: Any,
) -> AuditEvent:
    return AuditEvent(
        actor_account_id=actor.id if actor else None,
        group_id=group.id if group else None,
        action=action,
        target=target,
        details=details,
        created_at=at,
    )


def _rows(response: httpx.Response) -> list[list[str]]:
    page = BeautifulSoup(response.text, "html.parser")
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.select("td")]
        for row in page.select(".audit-table tbody tr")
    ]


async def _world(session: AsyncSession) -> dict[str, Any]:
    group = await make_group(session, name="Tuesday HR Circle", slug="tuesday-hr", timezone="America/Chicago")
    other = await make_group(session, name="Finance Fridays", slug="finance-fridays", timezone="Europe/Paris")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator, email="fay@example.org")
    newcomer = await make_member(session, group, name="Nia Newcomer", email="nia@example.org")
    admin = await make_admin(session, email="dana@example.org", name="Dana Admin")
    session.add_all(
        [
            _event(lead, "member.approved", group=group, target=str(newcomer.public_id)),
            _event(admin, "group.created", group=other, target="finance-fridays", at=NOON - timedelta(days=2)),
            _event(
                None,
                "roster.imported",
                group=group,
                target="tuesday-hr",
                at=NOON - timedelta(days=5),
                created=3,
                via="command line",
            ),
            _event(admin, "something.new", at=NOON - timedelta(days=9)),
        ]
    )
    await session.flush()
    return {"group": group, "other": other, "lead": lead, "newcomer": newcomer, "admin": admin}


async def test_only_administrators_read_it(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await _world(session)
    response = await client.get("/admin/audit")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    await sign_in(client, world["lead"])
    assert (await client.get("/admin/audit")).status_code == 403
    assert (await client.get("/admin/audit/export.csv")).status_code == 403
    await sign_in(client, world["admin"])
    assert (await client.get("/admin/audit")).status_code == 200


async def test_who_what_target_group_and_when(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await _world(session)
    await sign_in(client, world["admin"])
    rows = _rows(await client.get("/admin/audit"))
    assert rows == [
        [
            "Mar 10, 2026 17:00",
            "Fay Facilitator fay@example.org",
            "approved a member member.approved",
            "Nia Newcomer (nia@example.org)",
            "Tuesday HR Circle",
        ],
        [
            "Mar 8, 2026 17:00",
            "Dana Admin dana@example.org",
            "created a group group.created",
            "finance-fridays",
            "Finance Fridays",
        ],
        [
            "Mar 5, 2026 17:00",
            "system",
            "imported members from a spreadsheet roster.imported created: 3; via: command line",
            "tuesday-hr",
            "Tuesday HR Circle",
        ],
        ["Mar 1, 2026 17:00", "Dana Admin dana@example.org", "something.new", "—", "—"],
    ]


async def test_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await _world(session)
    await sign_in(client, world["admin"])
    page = BeautifulSoup((await client.get("/admin/audit")).text, "html.parser")
    assert [o["value"] for o in page.select("#field-action option")] == [
        "",
        "group.created",
        "member.approved",
        "roster.imported",
        "something.new",
    ]
    assert [o["value"] for o in page.select("#field-group option")] == ["", "finance-fridays", "tuesday-hr"]

    def whats(response: httpx.Response) -> list[str]:
        assert response.status_code == 200, response.text[:300]
        return [row[2].split(" ")[-1] if row[2].startswith("something") else row[2] for row in _rows(response)]

    assert len(whats(await client.get("/admin/audit?group=tuesday-hr"))) == 2
    assert [r[3] for r in _rows(await client.get("/admin/audit?action=group.created"))] == ["finance-fridays"]
    assert len(_rows(await client.get("/admin/audit?actor=DANA@example.org"))) == 2
    assert len(_rows(await client.get("/admin/audit?since=2026-03-05&until=2026-03-08"))) == 2
    assert len(_rows(await client.get("/admin/audit?since=2026-03-05&until=2026-03-08&group=tuesday-hr"))) == 1
    empty = await client.get("/admin/audit?actor=nobody@example.org")
    assert _rows(empty) == [] and "Nothing matches these filters" in empty.text

    response = await client.get(
        "/admin/audit?since=2026-03-09&until=2026-03-01&actor=dana&group=nowhere&action=roster.exported"
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one("#error-until").text == "The end date is before the start date."
    assert "like name@example.org" in page.select_one("#error-actor").text
    assert page.select_one("#field-actor")["value"] == "dana"
    assert page.select_one("#field-since")["value"] == "2026-03-09"
    assert _rows(response) == [] and "Correct the filters above" in response.text
    response = await client.get("/admin/audit?group=nowhere&action=roster.exported&since=03/09/2026")
    page = BeautifulSoup(response.text, "html.parser")
    assert "no group at this address" in page.select_one("#error-group").text
    assert "Nothing with this action" in page.select_one("#error-action").text
    assert "2026-03-01" in page.select_one("#error-since").text
    export = await client.get("/admin/audit/export.csv?since=nope")
    assert export.status_code == 303 and export.headers["location"] == "/admin/audit?since=nope"


async def test_pages_and_statements(client: httpx.AsyncClient, session: AsyncSession, count_queries: Any) -> None:
    world = await _world(session)
    big = await make_group(session, slug="big-group", timezone="Europe/Berlin")
    people = [await make_member(session, big, name=f"Person {index:02d}") for index in range(3)]
    for index in range(AUDIT_PAGE_SIZE + 10):
        session.add(
            _event(
                world["lead"],
                "member.approved",
                group=big,
                target=str(people[index % 3].public_id),
                at=NOON - timedelta(hours=index),
            )
        )
    await session.flush()
    await sign_in(client, world["admin"])

    with count_queries() as small:
        first_small = await client.get("/admin/audit?group=tuesday-hr")
    with count_queries() as large:
        first_large = await client.get("/admin/audit?group=big-group")
    assert len(_rows(first_small)) == 2 and len(_rows(first_large)) == AUDIT_PAGE_SIZE
    assert small.count == large.count, (small.statements, large.statements)

    page = BeautifulSoup(first_large.text, "html.parser")
    next_url = page.select_one("a[rel=next]")["href"]
    assert "group=big-group" in next_url and "page=2" in next_url
    second = await client.get(next_url)
    rows = _rows(second)
    assert len(rows) == 10 and all(row[4] == "Group big-group" for row in rows)
    assert "Page 2" in second.text and BeautifulSoup(second.text, "html.parser").select_one("a[rel=next]") is None
    first_times = {row[0] for row in _rows(first_large)}
    assert not first_times & {row[0] for row in rows}


async def test_csv_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await _world(session)
    session.add(
        _event(
            world["lead"],
            "invite.created",
            group=world["group"],
            target='=HYPERLINK("x")',
            at=NOON - timedelta(hours=1),
        )
    )
    await session.flush()
    await sign_in(client, world["admin"])
    response = await client.get("/admin/audit/export.csv?group=tuesday-hr")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="between-audit-log-')
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [row["action"] for row in rows] == ["member.approved", "invite.created", "roster.imported"]
    approved = rows[0]
    assert (approved["time_utc"], approved["group"], approved["actor_name"], approved["actor_email"]) == (
        "2026-03-10 17:00:00",
        "tuesday-hr",
        "Fay Facilitator",
        "fay@example.org",
    )
    assert approved["what"] == "approved a member" and approved["target"] == "Nia Newcomer (nia@example.org)"
    assert approved["target_raw"] == str(world["newcomer"].public_id)
    assert rows[1]["target"].startswith("'=")  # a spreadsheet shows it, never runs it
    assert rows[2]["actor_name"] == "system" and rows[2]["details"] == '{"created": 3, "via": "command line"}'

    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "audit.exported"))).scalars()
    assert event.actor_account_id == world["admin"].id and event.details == {
        "rows": 3,
        "filters": {"group": "tuesday-hr"},
    }


async def test_one_zone_for_every_row_and_truly_newest_first(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await _world(session)
    # Events written in the same instant (one request records several) keep the order they were
    # written in, across pages too: newest first means the last written first.
    for number in range(AUDIT_PAGE_SIZE + 5):
        session.add(
            _event(world["admin"], "webhook.redelivered", target=f"delivery {number}", at=NOON + timedelta(hours=1))
        )
        await session.flush()
    await sign_in(client, world["admin"])
    first = await client.get("/admin/audit")
    page = BeautifulSoup(first.text, "html.parser")
    assert "Times in UTC." in page.select_one(".lead").text
    assert page.select_one(".audit-table th").get_text(" ", strip=True) == "When (UTC)"
    second = await client.get(page.select_one("a[rel=next]")["href"])
    rows = _rows(first) + _rows(second)
    same_instant = [row[3] for row in rows if row[2].startswith("redelivered a webhook")]
    assert same_instant == [f"delivery {number}" for number in reversed(range(AUDIT_PAGE_SIZE + 5))]
    # Every row in one zone, whatever its group's: 17:00 UTC is 12:00 in Chicago and 18:00 in Paris.
    assert [row[0] for row in rows[-4:]] == [
        "Mar 10, 2026 17:00",
        "Mar 8, 2026 17:00",
        "Mar 5, 2026 17:00",
        "Mar 1, 2026 17:00",
    ]
