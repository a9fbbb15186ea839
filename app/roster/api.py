"""The roster as JSON: what the CSV export holds, for integrations that sync a group's members."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from app.db import DbSession
from app.deps import ApiReader
from app.groups import service as groups
from app.pagination import Page
from app.roster.export import RosterEntry, roster_entries
from app.roster.schemas import RosterEntryOut

router = APIRouter(tags=["members"])


def _entry_out(entry: RosterEntry) -> RosterEntryOut:
    membership, account, profile = entry.membership, entry.account, entry.profile
    return RosterEntryOut(
        person_id=account.public_id,
        name=account.display_name,
        email=account.email,
        role=membership.role,
        status=membership.status,
        joined_at=membership.joined_at,
        stage=profile.stage if profile else None,
        headline=profile.headline if profile else "",
        location=profile.location if profile else "",
        linkedin_url=(profile.linkedin_url or "") if profile else "",
        looking_for=profile.looking_for if profile else "",
        can_help_with=profile.can_help_with if profile else "",
        **entry.tags,
    )


@router.get(
    "/groups/{group_id}/roster",
    response_model=Page[RosterEntryOut],
    summary="Every membership of the group but those who left, by name, with email and profile (facilitators)",
    description="The same facts as the roster CSV export: active, pending and declined memberships.",
)
async def roster(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[RosterEntryOut]:
    group = await groups.get_group(session, group_id)
    return Page[RosterEntryOut](items=[_entry_out(entry) for entry in await roster_entries(session, account, group)])
