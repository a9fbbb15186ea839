from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.notifications.models import OutboxMessage

LINK = re.compile(r"http://testserver(/[\w/-]+)")


async def emails(session: AsyncSession, to: str | None = None) -> list[OutboxMessage]:
    statement = select(OutboxMessage).order_by(OutboxMessage.id)
    messages = list((await session.execute(statement)).scalars())
    return [m for m in messages if to is None or m.payload["to"] == to]


async def link_in_email(session: AsyncSession, to: str, template: str) -> str:
    [message] = [m for m in await emails(session, to) if m.payload["template"] == template]
    return LINK.search(message.payload["text"]).group(1)


SIGNUP = {
    "display_name": "Nia Newcomer",
    "email": "nia@example.com",
    "password": "a good long password",
    "stage": "searching",
    "looking_for": "An intro to someone at Acme Health.",
    "can_help_with": "Payroll systems.",
    "agree": "yes",
}
