"""An import commits in batches: should one batch fail, those before it stay
done, the results page says exactly how far the import got, and importing the same file again
invites only the rest."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.models import AuditEvent
from app.groups.models import Role
from app.members.models import GroupInvitation
from app.notifications.models import OutboxMessage
from app.roster import service
from tests.factories import make_group, make_member, sign_in
from tests.roster.helpers import confirm, upload

PEOPLE = [f"Person {index},person{index}@example.org" for index in range(5)]
CSV = "name,email\n" + "\n".join(PEOPLE) + "\n"


async def _count(session: AsyncSession, model: type, *where: Any) -> int:
    return int((await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one())


async def test_an_import_stopped_by_an_outage_keeps_what_it_did_says_so_and_resumes(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await make_group(session, name="HR Tuesdays")
    lead = await make_member(session, group, name="Priya Raman", role=Role.facilitator)
    await sign_in(client, lead)
    monkeypatch.setattr(service, "IMPORT_BATCH", 2)
    real_invite = service.invitations.invite
    calls = 0

    async def invite_until_the_database_goes(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:  # the second batch: the database goes away
            raise OperationalError("INSERT INTO group_invitations", {}, ConnectionRefusedError("refused"))
        return await real_invite(*args, **kwargs)

    monkeypatch.setattr(service.invitations, "invite", invite_until_the_database_goes)
    preview = await upload(client, group.slug, CSV)
    stopped = await confirm(client, group.slug, preview)

    assert stopped.status_code == 503 and stopped.headers["retry-after"] == "5"
    page = BeautifulSoup(stopped.text, "html.parser")
    assert page.h1.text == "The import stopped partway"
    lead_text = " ".join(page.select_one(".lead").text.split())
    assert "We lost touch with our database partway through" in lead_text
    assert "2 people from members.csv are invited" in lead_text and "the other 3 were not invited" in lead_text
    rows = {tr["id"]: tr.get_text(" ", strip=True) for tr in page.select("table.roster-rows tbody tr")}
    assert rows["row-2"].endswith("Invited") and rows["row-3"].endswith("Invited")
    assert all("Not invited yet" in rows[f"row-{number}"] for number in (4, 5, 6))
    # Exactly the first batch is saved, with its emails; the audit log says where it stopped.
    assert await _count(session, GroupInvitation, GroupInvitation.group_id == group.id) == 2
    assert await _count(session, OutboxMessage) == 2
    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "roster.imported"))).scalars()
    assert event.details == {
        "invited": 2,
        "not_invited": 3,
        "stopped": "outage",
        "skipped": 0,
        "rows_with_errors": 0,
        "via": "web",
    }

    # The database is back: the same file again invites the three who were not, nobody twice.
    monkeypatch.setattr(service.invitations, "invite", real_invite)
    preview = await upload(client, group.slug, CSV)
    assert preview.text.count("has not answered yet: skipped") == 2
    finished = await confirm(client, group.slug, preview)
    assert finished.status_code == 200
    assert BeautifulSoup(finished.text, "html.parser").h1.text == "Invitations sent"
    assert await _count(session, GroupInvitation, GroupInvitation.group_id == group.id) == 5
    assert await _count(session, OutboxMessage) == 5


async def test_a_failure_before_anything_is_saved_is_the_usual_error(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Priya Raman", role=Role.facilitator)
    await sign_in(client, lead)

    async def no_database(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("INSERT INTO group_invitations", {}, ConnectionRefusedError("refused"))

    monkeypatch.setattr(service.invitations, "invite", no_database)
    preview = await upload(client, group.slug, CSV)
    response = await confirm(client, group.slug, preview)
    assert response.status_code == 503 and "What you just sent has not been saved" in response.text
    assert await _count(session, GroupInvitation, GroupInvitation.group_id == group.id) == 0
