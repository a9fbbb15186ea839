"""Shared set-up for the introductions tests: a group with a facilitator and members with profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.groups.models import Group, Role
from app.introductions import service
from app.introductions.models import Introduction
from app.notifications.models import OutboxMessage
from tests.factories import make_group, make_member

REASON = "Ana worked at Acme (2015–2019), which is on Ben's target list."


@dataclass
class Setup:
    group: Group
    lead: Account
    ana: Account
    ben: Account
    cleo: Account


async def make_setup(session: AsyncSession, **group_fields: Any) -> Setup:
    group = await make_group(session, **group_fields)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    ana = await make_member(
        session,
        group,
        name="Ana Lopez",
        headline="HRIS lead",
        phone="+1 312 555 0101",
        linkedin_url="https://www.linkedin.com/in/ana-lopez",
        looking_for="A mentor in people analytics.",
        can_help_with="Workday and HRIS questions.",
    )
    ben = await make_member(
        session,
        group,
        name="Ben Okafor",
        headline="Talent acquisition",
        phone="+1 312 555 0202",
        looking_for="An introduction to someone at Acme.",
        can_help_with="Interview practice.",
    )
    cleo = await make_member(session, group, name="Cleo Park", headline="Recruiter")
    return Setup(group, lead, ana, ben, cleo)


async def propose(
    session: AsyncSession,
    setup: Setup,
    first: Account | None = None,
    second: Account | None = None,
    reason: str = REASON,
    **kwargs: Any,
) -> Introduction:
    return await service.propose(
        session,
        setup.lead,
        setup.group,
        (first or setup.ana).public_id,
        (second or setup.ben).public_id,
        reason,
        **kwargs,
    )


async def emails(session: AsyncSession, *, to: str | None = None, template: str | None = None) -> list[dict[str, Any]]:
    """Queued emails' payloads, oldest first, optionally for one address or of one template."""
    payloads = (await session.execute(select(OutboxMessage.payload).order_by(OutboxMessage.id))).scalars()
    return [p for p in payloads if (to is None or p["to"] == to) and (template is None or p["template"] == template)]


def whole(payload: dict[str, Any]) -> str:
    return payload["subject"] + "\n" + payload["text"] + "\n" + payload["html"]
