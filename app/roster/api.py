"""The roster as JSON: what the CSV export holds, for integrations that sync a group's members."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from app.db import DbSession
from app.deps import ApiReader, AppSessions
from app.groups import service as groups
from app.pagination import Page, Pages
from app.roster.export import RosterEntry, roster_page
from app.roster.schemas import RosterEntryOut

router = APIRouter(tags=["members"])


def _entry_out(entry: RosterEntry) -> RosterEntryOut:
    return RosterEntryOut(
        person_id=entry.person_id,
        name=entry.name,
        email=entry.email,
        role=entry.role,
        status=entry.status,
        joined_at=entry.joined_at,
        stage=entry.stage,
        headline=entry.headline,
        location=entry.location,
        linkedin_url=entry.linkedin_url,
        looking_for=entry.looking_for,
        can_help_with=entry.can_help_with,
        **entry.tags,
    )


@router.get(
    "/groups/{group_id}/roster",
    response_model=Page[RosterEntryOut],
    summary="Every membership of the group but those who left, by name, with email and profile (facilitators)",
    description="The same facts as the roster CSV export: active, pending and declined memberships, by name "
    "(ties broken by `person_id`), in pages of `limit` (1 to 200, default 50). Follow `next` (also the "
    '`Link: <…>; rel="next"` header) until it is null to read the whole roster; reading it from the first '
    "page is recorded in the audit log as an export.",
)
async def roster(
    session: DbSession, sessions: AppSessions, account: ApiReader, group_id: uuid.UUID, pages: Pages
) -> Page[RosterEntryOut]:
    group = await groups.get_group(session, group_id)
    result = await roster_page(session, sessions, account, group, pages.params)
    return pages.page([_entry_out(entry) for entry in result.items], result.next_cursor)
