"""Writing many imported people at once: one statement per table instead of one per person.

An import of 5,000 rows otherwise makes tens of thousands of round trips, and on SQLite holds the
write lock for all of them. These write the same rows as create_account, update_profile and
queue_email do for one person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import Base, utcnow
from app.errors import Conflict
from app.notifications.models import OutboxMessage
from app.notifications.service import EMAIL, render_email
from app.profiles.models import Profile, ProfileTag, Stage, StageChange, Tag
from app.profiles.schemas import ProfileUpdate
from app.profiles.service import TAG_FIELD_RELATIONS
from app.profiles.tags import canonical, tags_for

_TAGS_PER_LOOKUP = 1000  # keeps each IN (...) well below the databases' limits on parameters


async def insert_rows(session: AsyncSession, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(model), rows)


async def create_accounts(session: AsyncSession, people: list[tuple[str, str]]) -> dict[str, Account]:
    """New accounts without a password, email not verified yet, by (normalised email, name)."""
    if not people:
        return {}
    try:
        await insert_rows(session, Account, [
            {"email": email, "display_name": name, "password_hash": None, "is_admin": False,
             "email_verified_at": None, "password_changed_at": None} for email, name in people])
    except IntegrityError:
        raise Conflict("Someone in this file got an account while the import ran. "
                       "Please upload the file again to see the current state.") from None
    statement = select(Account).where(Account.email.in_([email for email, _ in people]))
    return {account.email: account for account in (await session.execute(statement)).scalars()}


async def create_profiles(session: AsyncSession, people: list[tuple[Account, ProfileUpdate]]) -> None:
    """Profiles for new accounts, their first stage and their tags."""
    if not people:
        return
    now = utcnow()
    stages: dict[int, Stage] = {}
    rows = []
    for account, data in people:
        values = data.model_dump(exclude_unset=True)
        stages[account.id] = values.get("stage") or Stage.searching
        rows.append({"account_id": account.id, "stage": stages[account.id], "visibility": {}, "updated_at": now,
                     **{name: values.get(name) or "" for name in ("headline", "location", "looking_for",
                                                                   "can_help_with")},
                     "linkedin_url": values.get("linkedin_url")})
    await insert_rows(session, Profile, rows)
    profile_ids = {account_id: profile_id for account_id, profile_id in await session.execute(
        select(Profile.account_id, Profile.id).where(Profile.account_id.in_(list(stages))))}
    await insert_rows(session, StageChange, [
        {"profile_id": profile_ids[account_id], "stage": stage, "changed_at": now} for account_id, stage in stages.items()])

    links: list[dict[str, Any]] = []
    for name, (kind, relation) in TAG_FIELD_RELATIONS.items():
        labels = list({canonical(label): label for _, data in people for label in getattr(data, name) or []}.values())
        tags: dict[str, Tag] = {}
        for start in range(0, len(labels), _TAGS_PER_LOOKUP):
            tags.update(await tags_for(session, kind, labels[start:start + _TAGS_PER_LOOKUP]))
        for account, data in people:
            for tag_id in {tags[canonical(label)].id for label in getattr(data, name) or []}:
                links.append({"profile_id": profile_ids[account.id], "tag_id": tag_id, "relation": relation})
    await insert_rows(session, ProfileTag, links)


async def queue_emails(session: AsyncSession, emails: list[tuple[str, str, dict[str, Any]]],
                       progress: Callable[[int], None] | None = None) -> None:
    """Many emails into the outbox at once, each as queue_email would write it: (to, template, context)."""
    rows = []
    for to, template, context in emails:
        rows.append({"kind": EMAIL, "payload": {"to": to, "template": template, **render_email(template, context)}})
        if progress is not None:
            progress(1)
    await insert_rows(session, OutboxMessage, rows)
