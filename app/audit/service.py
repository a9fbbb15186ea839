"""The audit trail every feature writes to: who did what, in one statement, in the request's
transaction. (The audit log's pages are in app/audit_log.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.models import AuditEvent

if TYPE_CHECKING:  # the base layer knows accounts only as a type
    from app.accounts.models import Account


def record(
    session: AsyncSession,
    actor: Account | None,
    action: str,
    *,
    group_id: int | None = None,
    target: str = "",
    **details: Any,
) -> None:
    session.add(
        AuditEvent(
            actor_account_id=actor.id if actor else None,
            group_id=group_id,
            action=action,
            target=target,
            details=details,
        )
    )
