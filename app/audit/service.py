from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit.models import AuditEvent


def record(session: AsyncSession, actor: Account | None, action: str, *, group_id: int | None = None,
           target: str = "", **details: Any) -> None:
    session.add(AuditEvent(actor_account_id=actor.id if actor else None, group_id=group_id,
                           action=action, target=target, details=details))
