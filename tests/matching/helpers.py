"""A small group with hand-built profiles whose reasons to meet are known in advance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Membership, Role
from tests.factories import make_group, make_member


@dataclass
class Acme:
    group: Group
    lead: Account
    sam: Account  # searching; Acme Health is on his target list; asks for HRIS
    ana: Account  # alumna; worked at Acme Health; offers HRIS and Workday
    kim: Account  # searching; asks about resumes
    lou: Account  # landed; offers resume reviews
    member: Account  # an ordinary member with an empty profile


async def acme_group(session: AsyncSession, slug: str = "hr-tuesday", **group: object) -> Acme:
    group_ = await make_group(session, slug=slug, **group)
    lead = await make_member(session, group_, name="Fay Facilitator", role=Role.facilitator)
    sam = await make_member(
        session,
        group_,
        name="Sam Lee",
        headline="HR generalist",
        stage="searching",
        target_companies=["Acme Health"],
        looking_for="Someone with HRIS experience",
    )
    ana = await make_member(
        session,
        group_,
        name="Ana Ruiz",
        headline="HRIS lead",
        stage="alumni",
        skills=["HRIS", "Workday"],
        past_companies=[{"name": "Acme Health", "from": 2015, "to": 2019}],
        can_help_with="Resume reviews for HR roles",
    )
    kim = await make_member(
        session,
        group_,
        name="Kim Park",
        headline="Recruiter",
        stage="searching",
        looking_for="Feedback on my resume, please",
    )
    lou = await make_member(
        session,
        group_,
        name="Lou Diaz",
        headline="Talent partner",
        stage="landed",
        can_help_with="Happy to do resume reviews",
    )
    member = await make_member(session, group_, name="Max Quiet")
    return Acme(group_, lead, sam, ana, kim, lou, member)


async def joined_long_ago(session: AsyncSession, group: Group, *accounts: Account, days: int = 200) -> None:
    """Members who are no longer newcomers."""
    await session.execute(
        update(Membership)
        .where(Membership.group_id == group.id, Membership.account_id.in_([a.id for a in accounts]))
        .values(joined_at=utcnow() - timedelta(days=days))
    )
    await session.flush()


async def pause(session: AsyncSession, group: Group, account: Account) -> None:
    await session.execute(
        update(Membership)
        .where(Membership.group_id == group.id, Membership.account_id == account.id)
        .values(introductions_paused_at=utcnow())
    )
    await session.flush()


def text_of(html: str) -> str:
    """A page's visible text with its whitespace collapsed, for asserting on sentences."""
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
