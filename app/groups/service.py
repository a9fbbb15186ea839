"""Groups and who facilitates them. Every function checks the caller's right to do it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.schemas import GroupCreate, GroupUpdate
from app.pagination import Keyset, PageParams

GROUP_NOT_FOUND = "There is no such group. It may have been renamed."
BY_NAME = Keyset(Group.name, Group.slug, descending=False, read_sort=str, read_tiebreak=str)


@dataclass
class GroupPage:
    items: list[Group]
    next_cursor: str | None


def require_admin(actor: Account) -> None:
    if not actor.is_admin:
        raise Forbidden("Only administrators can do this.")


def _is_public() -> ColumnElement[bool]:
    """Open, and run by someone: an active facilitator."""
    facilitated = (
        select(Membership.id)
        .where(
            Membership.group_id == Group.id,
            Membership.role == Role.facilitator,
            Membership.status == MembershipStatus.active,
        )
        .exists()
    )
    return and_(Group.listed.is_(True), facilitated)


async def list_groups(session: AsyncSession, page: PageParams, *, public_only: bool = False) -> GroupPage:
    """Every group (for administrators), or only those the home page lists (`public_only`)."""
    statement = select(Group).where(_is_public()) if public_only else select(Group)
    found = list((await session.execute(BY_NAME.apply(statement, page))).scalars())
    groups, next_cursor = BY_NAME.cut(found, page, lambda group: (group.name, group.slug))
    return GroupPage(groups, next_cursor)


# The lookups that nearly every request makes, built once: a statement reused is neither built
# again nor given its cache key again (together more than its execution costs the process).
_GROUP_BY_ID = select(Group).where(Group.public_id == bindparam("public_id"))
_GROUP_BY_SLUG = select(Group).where(Group.slug == bindparam("slug"))
_MEMBERSHIP = select(Membership).where(
    Membership.group_id == bindparam("group_id"), Membership.account_id == bindparam("account_id")
)


async def get_group(session: AsyncSession, group_id: uuid.UUID) -> Group:
    group = (await session.execute(_GROUP_BY_ID, {"public_id": group_id})).scalar_one_or_none()
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


async def get_group_by_slug(session: AsyncSession, slug: str) -> Group:
    group = (await session.execute(_GROUP_BY_SLUG, {"slug": slug.lower()})).scalar_one_or_none()
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


async def _ensure_slug_free(session: AsyncSession, slug: str, except_group: Group | None = None) -> None:
    existing = (await session.execute(select(Group.id).where(Group.slug == slug))).scalar_one_or_none()
    if existing is not None and (except_group is None or existing != except_group.id):
        message = f"The address /g/{slug} is already taken by another group."
        raise Conflict(message, field_errors={"slug": message})


async def _free_slug_like(session: AsyncSession, slug: str) -> str:
    """The slug itself if no group has it, else the first free one of slug-2, slug-3…"""
    stem = slug[:55].rstrip("-")
    taken = set(
        (
            await session.execute(select(Group.slug).where(or_(Group.slug == slug, Group.slug.like(f"{stem}-%"))))
        ).scalars()
    )
    if slug not in taken:
        return slug
    return next(f"{stem}-{number}" for number in range(2, len(taken) + 3) if f"{stem}-{number}" not in taken)


async def create_group(session: AsyncSession, actor: Account, data: GroupCreate) -> Group:
    require_admin(actor)
    if data._slug_from_name:
        data.slug = await _free_slug_like(session, data.slug)
    else:
        await _ensure_slug_free(session, data.slug)
    group = Group(**data.model_dump())
    session.add(group)
    await session.flush()
    audit.record(session, actor, "group.created", group_id=group.id, target=group.slug)
    return group


async def update_group(session: AsyncSession, actor: Account, group: Group, data: GroupUpdate) -> Group:
    require_admin(actor)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    empty = {name: "This cannot be empty." for name, value in changes.items() if value is None}
    if empty:
        raise InvalidInput("Some fields cannot be empty.", field_errors=empty)
    if "slug" in changes and changes["slug"] != group.slug:
        await _ensure_slug_free(session, changes["slug"], except_group=group)
    changed = {name: value for name, value in changes.items() if getattr(group, name) != value}
    for name, value in changed.items():
        setattr(group, name, value)
    if changed:
        group.updated_at = utcnow()
        await session.flush()
        audit.record(session, actor, "group.updated", group_id=group.id, target=group.slug, fields=sorted(changed))
    return group


async def facilitators(session: AsyncSession, group: Group) -> list[Membership]:
    statement = (
        select(Membership)
        .join(Membership.account)
        .options(contains_eager(Membership.account))
        .where(
            Membership.group_id == group.id,
            Membership.role == Role.facilitator,
            Membership.status == MembershipStatus.active,
        )
        .order_by(Account.display_name, Membership.id)
    )
    return list((await session.execute(statement)).scalars())


async def membership_of(session: AsyncSession, account: Account | None, group: Group) -> Membership | None:
    if account is None:
        return None
    parameters = {"group_id": group.id, "account_id": account.id}
    return (await session.execute(_MEMBERSHIP, parameters)).scalar_one_or_none()


# --- who may see a group's people -------------------------------------------------------------

MEMBERS_ONLY = "Only this group's members can see this. If you are one, sign in with the account you joined with."


async def require_active_member(session: AsyncSession, account: Account, group: Group) -> Membership:
    """The caller's active membership (facilitators included), or NotFound: to outsiders a group's
    people do not exist, so nobody learns who is in a group they are not part of."""
    membership = await membership_of(session, account, group)
    if membership is None or membership.status != MembershipStatus.active:
        raise NotFound(MEMBERS_ONLY)
    return membership


async def require_facilitator(session: AsyncSession, account: Account, group: Group) -> Membership:
    membership = await require_active_member(session, account, group)
    if membership.role != Role.facilitator:
        raise Forbidden("Only this group's facilitators can do this.")
    return membership
