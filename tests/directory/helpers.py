"""Helpers for the directory tests: many members at once, and reading the directory page."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.profiles.models import Profile, ProfileTag, ProfileTagRelation, Stage, TagKind
from app.profiles.tags import tags_for


async def add_members_in_bulk(
    session: AsyncSession, group: Group, count: int, *, name: str = "Bulk Member", skill: str | None = "Recruiting"
) -> list[uuid.UUID]:
    """`count` active members with a profile (and a skill tag) in a handful of statements.

    Names are "<name> 000", "<name> 001"…; returns their person ids in that order.
    """
    now = utcnow()
    person_ids = [uuid.uuid4() for _ in range(count)]
    await session.execute(
        insert(Account),
        [
            {
                "public_id": person_id,
                "email": f"bulk-{person_id.hex}@example.com",
                "display_name": f"{name} {index:03d}",
                "password_hash": None,
                "created_at": now,
            }
            for index, person_id in enumerate(person_ids)
        ],
    )
    account_ids = dict(
        (await session.execute(select(Account.public_id, Account.id).where(Account.public_id.in_(person_ids)))).all()
    )
    await session.execute(
        insert(Membership),
        [
            {
                "public_id": uuid.uuid4(),
                "group_id": group.id,
                "account_id": account_ids[person_id],
                "role": Role.member,
                "status": MembershipStatus.active,
                "created_at": now,
                "joined_at": now,
            }
            for person_id in person_ids
        ],
    )
    await session.execute(
        insert(Profile),
        [
            {
                "public_id": uuid.uuid4(),
                "account_id": account_ids[person_id],
                "headline": f"Headline of {index}",
                "stage": Stage.searching,
                "visibility": {},
                "looking_for": "An introduction",
                "can_help_with": "Résumés",
                "updated_at": now,
            }
            for index, person_id in enumerate(person_ids)
        ],
    )
    if skill:
        tag = (await tags_for(session, TagKind.skill, [skill]))[skill.casefold()]
        profile_ids = (
            (await session.execute(select(Profile.id).where(Profile.account_id.in_(list(account_ids.values())))))
            .scalars()
            .all()
        )
        await session.execute(
            insert(ProfileTag),
            [
                {"profile_id": profile_id, "tag_id": tag.id, "relation": ProfileTagRelation.skill}
                for profile_id in profile_ids
            ],
        )
    return person_ids


def soup_of(response: httpx.Response) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def names_on(response: httpx.Response) -> list[str]:
    """The names the directory page lists, in order."""
    return [link.text.strip() for link in soup_of(response).select(".member-list .member-name a")]


async def listed(client: httpx.AsyncClient, slug: str, **params: Any) -> list[str]:
    return names_on(await client.get(f"/g/{slug}/members", params=params))
