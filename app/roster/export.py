"""Roster export: every membership of a group as a CSV that opens safely in a spreadsheet."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit import service as audit
from app.csv_export import spreadsheet_safe
from app.db import utcnow
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import require_facilitator
from app.profiles.models import Profile
from app.profiles.service import load_tags
from app.roster.schemas import EXPORT_COLUMNS, TAG_COLUMNS, TAG_SEPARATOR
from app.roster.service import managed_group

EXPORTED_STATUSES = (MembershipStatus.active, MembershipStatus.pending, MembershipStatus.declined)


@dataclass
class RosterExport:
    filename: str
    content: str


@dataclass
class RosterEntry:
    """One membership of the roster: the same facts in the CSV and in the API."""

    membership: Membership
    account: Account
    profile: Profile | None
    tags: dict[str, list[str]]


async def roster_entries(session: AsyncSession, actor: Account, group: Group) -> list[RosterEntry]:
    """Every membership of the group except people who left, by name; three statements for any size."""
    await require_facilitator(session, actor, group)
    statement = (
        select(Membership, Account, Profile)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(Membership.group_id == group.id, Membership.status.in_(EXPORTED_STATUSES))
        .order_by(Account.display_name, Account.id)
    )
    rows = (await session.execute(statement)).all()
    tags = await load_tags(session, [profile.id for _, _, profile in rows if profile is not None])
    audit.record(session, actor, "roster.exported", group_id=group.id, target=group.slug, rows=len(rows))
    entries = []
    for membership, account, profile in rows:
        profile_tags = tags.get(profile.id) if profile is not None else None
        entries.append(
            RosterEntry(
                membership,
                account,
                profile,
                {column: list(getattr(profile_tags, column)) if profile_tags else [] for column in TAG_COLUMNS},
            )
        )
    return entries


async def export_roster(session: AsyncSession, actor: Account, slug: str) -> RosterExport:
    """The roster as CSV that opens safely in a spreadsheet."""
    group = await managed_group(session, actor, slug)
    zone = ZoneInfo(group.timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for entry in await roster_entries(session, actor, group):
        membership, account, profile = entry.membership, entry.account, entry.profile
        values = {
            "name": account.display_name,
            "email": account.email,
            "role": membership.role.value,
            "status": membership.status.value,
            "joined_at": membership.joined_at.astimezone(zone).date().isoformat() if membership.joined_at else "",
            "stage": profile.stage.value if profile else "",
            "headline": profile.headline if profile else "",
            "location": profile.location if profile else "",
            "linkedin_url": (profile.linkedin_url or "") if profile else "",
            "looking_for": profile.looking_for if profile else "",
            "can_help_with": profile.can_help_with if profile else "",
        }
        for column in TAG_COLUMNS:
            values[column] = f"{TAG_SEPARATOR} ".join(entry.tags[column])
        writer.writerow([spreadsheet_safe(values[column]) for column in EXPORT_COLUMNS])
    today = utcnow().astimezone(zone).date().isoformat()
    return RosterExport(filename=f"{group.slug}-members-{today}.csv", content=out.getvalue())
