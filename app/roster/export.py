"""The roster: every membership of a group but those who left, by name, with email and profile, for
its facilitators. The API gives it in pages; the CSV export streams it, its order read once and its
rows in batches, each in a transaction of its own, so that a group of 20,000 is never held in memory
(or the event loop, or a database connection) at once.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.models import Account
from app.audit import service as audit
from app.csv_export import CsvFile, spreadsheet_safe
from app.db import Sessions, utcnow
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.pagination import Keyset, PageParams
from app.profiles.models import Profile, Stage
from app.profiles.service import tag_labels
from app.roster.schemas import EXPORT_COLUMNS, TAG_COLUMNS, TAG_SEPARATOR
from app.roster.service import managed_group

EXPORTED_STATUSES = (MembershipStatus.active, MembershipStatus.pending, MembershipStatus.declined)
# Rows of the CSV read per transaction: a few milliseconds of work, then other requests get a turn.
EXPORT_BATCH = 100


def by_name(session: AsyncSession) -> Keyset:
    """By name, as people look for one another, case aside; the public id breaks ties, so pages
    never skip or repeat. On SQLite with its own NOCASE collation: lower() is a Python function
    there (app/db.py), which a page of a 20,000-member group would call 60,000 times."""
    name = Account.display_name
    sort = name.collate("NOCASE") if session.get_bind().dialect.name == "sqlite" else func.lower(name)
    return Keyset(sort, Account.public_id, descending=False, read_sort=str)


@dataclass
class RosterEntry:
    """One membership of the roster: the same facts in the CSV and in the API."""

    membership_id: int
    person_id: uuid.UUID
    name: str
    email: str
    role: Role
    status: MembershipStatus
    joined_at: datetime | None
    stage: Stage | None
    headline: str
    location: str
    linkedin_url: str
    looking_for: str
    can_help_with: str
    tags: dict[str, list[str]]


@dataclass
class RosterPage:
    items: list[RosterEntry]
    next_cursor: str | None


async def roster_page(
    session: AsyncSession, sessions: Sessions, actor: Account, group: Group, page: PageParams
) -> RosterPage:
    """One page of the roster (facilitators). Reading it from the start is recorded as an export."""
    await require_facilitator(session, actor, group)
    if page.cursor is None:
        await _record_export(session, sessions, actor, group)
    return await _entries(session, group.id, page)


async def export_roster(session: AsyncSession, sessions: Sessions, actor: Account, slug: str) -> CsvFile:
    """The roster as a CSV that opens safely in a spreadsheet. Who may export it is checked, and the
    export recorded, before the first byte is sent; the rows are read as the file goes out, one
    batch per transaction."""
    group = await managed_group(session, actor, slug)
    await _record_export(session, sessions, actor, group)
    zone = ZoneInfo(group.timezone)
    today = utcnow().astimezone(zone).date().isoformat()
    return CsvFile(
        filename=f"{group.slug}-members-{today}.csv",
        header=EXPORT_COLUMNS,
        batches=_csv_batches(sessions.read, group.id, zone),
    )


async def _csv_batches(
    reads: async_sessionmaker[AsyncSession], group_id: int, zone: ZoneInfo
) -> AsyncIterator[list[list[str]]]:
    """The rows in batches: the order once (the memberships' ids, by name), then each batch by id."""
    async with reads() as session:
        order = by_name(session)
        statement = (
            select(Membership.id)
            .join(Account, Account.id == Membership.account_id)
            .where(Membership.group_id == group_id, Membership.status.in_(EXPORTED_STATUSES))
            .order_by(order.sort, order.tiebreak)
        )
        ids = list((await session.execute(statement)).scalars())
    for start in range(0, len(ids), EXPORT_BATCH):
        batch = ids[start : start + EXPORT_BATCH]
        async with reads() as session:
            found = await session.execute(_roster_rows(Membership.id.in_(batch)))
            entries = await _with_tags(session, found.all())
        position = {membership_id: index for index, membership_id in enumerate(batch)}
        entries.sort(key=lambda entry: position[entry.membership_id])
        yield [_csv_row(entry, zone) for entry in entries]


def _csv_row(entry: RosterEntry, zone: ZoneInfo) -> list[str]:
    values = {
        "name": entry.name,
        "email": entry.email,
        "role": entry.role.value,
        "status": entry.status.value,
        "joined_at": entry.joined_at.astimezone(zone).date().isoformat() if entry.joined_at else "",
        "stage": entry.stage.value if entry.stage else "",
        "headline": entry.headline,
        "location": entry.location,
        "linkedin_url": entry.linkedin_url,
        "looking_for": entry.looking_for,
        "can_help_with": entry.can_help_with,
    }
    for column in TAG_COLUMNS:
        values[column] = f"{TAG_SEPARATOR} ".join(entry.tags[column])
    return [spreadsheet_safe(values[column]) for column in EXPORT_COLUMNS]


async def _record_export(session: AsyncSession, sessions: Sessions, actor: Account, group: Group) -> None:
    """In a transaction of its own: the request only reads, and on SQLite a reading transaction
    cannot start writing once anyone else has written since it began."""
    rows = await session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.group_id == group.id, Membership.status.in_(EXPORTED_STATUSES))
    )
    async with sessions.write() as recording, recording.begin():
        audit.record(recording, actor, "roster.exported", group_id=group.id, target=group.slug, rows=rows or 0)


def _roster_rows(*conditions: ColumnElement[bool]) -> Select:
    return (
        select(
            Membership.id.label("membership_id"),
            Account.public_id,
            Account.display_name,
            Account.email,
            Membership.role,
            Membership.status,
            Membership.joined_at,
            Profile.id.label("profile_id"),
            Profile.stage,
            Profile.headline,
            Profile.location,
            Profile.linkedin_url,
            Profile.looking_for,
            Profile.can_help_with,
        )
        .select_from(Membership)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(Membership.status.in_(EXPORTED_STATUSES), *conditions)
    )


async def _entries(session: AsyncSession, group_id: int, page: PageParams) -> RosterPage:
    """A page of memberships by name, with their profiles: two statements for any page size."""
    order = by_name(session)
    statement = _roster_rows(Membership.group_id == group_id).add_columns(order.sort.label("sort_name"))
    found = (await session.execute(order.apply(statement, page))).all()
    rows, next_cursor = order.cut(found, page, lambda row: (row.sort_name, row.public_id))
    return RosterPage(await _with_tags(session, rows), next_cursor)


async def _with_tags(session: AsyncSession, rows: Sequence[Any]) -> list[RosterEntry]:
    tags = await tag_labels(session, [row.profile_id for row in rows if row.profile_id is not None], TAG_COLUMNS)
    return [_entry(row, tags.get(row.profile_id, {})) for row in rows]


def _entry(row: Any, tags: dict[str, list[str]]) -> RosterEntry:
    has_profile = row.profile_id is not None
    return RosterEntry(
        membership_id=row.membership_id,
        person_id=row.public_id,
        name=row.display_name,
        email=row.email,
        role=row.role,
        status=row.status,
        joined_at=row.joined_at,
        stage=row.stage if has_profile else None,
        headline=row.headline or "",
        location=row.location or "",
        linkedin_url=row.linkedin_url or "",
        looking_for=row.looking_for or "",
        can_help_with=row.can_help_with or "",
        tags={column: tags.get(column, []) for column in TAG_COLUMNS},
    )
