"""Shared set-up for the landings tests: a group with a facilitator, two members who were
introduced and connected, a third member, and someone from another group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.groups.models import Group, Role
from app.introductions import service as introductions
from app.introductions.models import Introduction
from app.landings.schemas import LandingIn
from tests.factories import make_group, make_member


@dataclass
class Setup:
    group: Group
    lead: Account
    lena: Account
    omar: Account
    cleo: Account
    outsider: Account
    introduction: Introduction


async def make_setup(session: AsyncSession, **group_fields: Any) -> Setup:
    group = await make_group(session, **group_fields)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    lena = await make_member(
        session,
        group,
        name="Lena Fischer",
        headline="Recruiter in healthcare",
        stage="interviewing",
        can_help_with="Sourcing on LinkedIn.",
    )
    omar = await make_member(session, group, name="Omar Haddad", headline="HRIS lead")
    cleo = await make_member(session, group, name="Cleo Park")
    outsider = await make_member(session, await make_group(session), name="Otto Outsider")
    introduction = await introductions.propose(
        session, lead, group, lena.public_id, omar.public_id, "Omar knows the people at Acme Health."
    )
    await introductions.answer(session, lena, introduction.public_id, True)
    await introductions.answer(session, omar, introduction.public_id, True)
    return Setup(group, lead, lena, omar, cleo, outsider, introduction)


def landing(**fields: Any) -> LandingIn:
    data: dict[str, Any] = {
        "role": "Senior recruiter",
        "company": "Acme Health",
        "helped_by": "group",
        "story": "Keep going to the meetings.",
        "on_wall": True,
    }
    return LandingIn.model_validate({**data, **fields})
