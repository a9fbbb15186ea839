"""The audit log as JSON (administrators), for the tools that keep an organisation's records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.audit_log import listing
from app.audit_log.listing import AuditFilters, AuditRow
from app.audit_log.schemas import AuditEventOut
from app.db import DbSession
from app.deps import ApiReader
from app.pagination import Page, Pages

router = APIRouter(tags=["audit"])


def _event_out(row: AuditRow) -> AuditEventOut:
    return AuditEventOut(
        id=row.id,
        created_at=row.created_at,
        action=row.action,
        label=row.label,
        actor_name=row.actor_name,
        actor_email=row.actor_email,
        target=row.target,
        target_label=row.target_label,
        group=row.group_slug,
        details=row.details,
    )


@router.get(
    "/audit-events",
    response_model=Page[AuditEventOut],
    summary="The audit log, newest first, with filters (administrators)",
)
async def audit_events(
    session: DbSession, account: ApiReader, filters: Annotated[AuditFilters, Query()], pages: Pages
) -> Page[AuditEventOut]:
    log = await listing.audit_log(session, account, filters, pages.params)
    return pages.page([_event_out(row) for row in log.items], log.next_cursor)
