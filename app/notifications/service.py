"""The outbox: side effects are written in the request's transaction and done later by a worker."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import make_msgid
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.notifications.models import OutboxMessage
from app.web import templates

EMAIL = "email"
MESSAGE_ID_DOMAIN = "between.local"


def new_message_id() -> str:
    """The email's Message-ID, made once when it is queued: every attempt to send it carries the same
    one, so a receiver that got it twice (a worker died between sending and recording) can tell."""
    return make_msgid(domain=MESSAGE_ID_DOMAIN)


def _email_payload(to: str, template: str, context: dict[str, Any]) -> dict[str, Any]:
    return {"to": to, "template": template, "message_id": new_message_id(), **render_email(template, context)}


def render_email(template: str, context: dict[str, Any]) -> dict[str, str]:
    """Renders emails/<template>.txt and .html; the text template sets `subject`."""
    text_template = templates.env.get_template(f"emails/{template}.txt")
    module = text_template.make_module(context)
    subject = str(getattr(module, "subject", "")).strip()
    if not subject:
        raise ValueError(f"emails/{template}.txt must set a subject")
    html = templates.env.get_template(f"emails/{template}.html").render(subject=subject, **context)
    return {"subject": subject, "text": str(module).strip() + "\n", "html": html}


async def queue_email(session: AsyncSession, *, to: str, template: str, context: dict[str, Any]) -> OutboxMessage:
    message = OutboxMessage(kind=EMAIL, payload=_email_payload(to, template, context))
    session.add(message)
    await session.flush()
    return message


async def queue_emails(
    session: AsyncSession, emails: list[tuple[str, str, dict[str, Any]]], progress: Callable[[int], None] | None = None
) -> None:
    """Many emails into the outbox in one statement, each as queue_email writes it: (to, template,
    context). An import of 5,000 people otherwise makes 5,000 round trips."""
    rows = []
    for to, template, context in emails:
        rows.append({"kind": EMAIL, "payload": _email_payload(to, template, context)})
        if progress is not None:
            progress(1)
    if rows:
        await session.execute(insert(OutboxMessage), rows)


async def mailbox(session: AsyncSession, limit: int = 100) -> list[OutboxMessage]:
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.kind == EMAIL)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def mailbox_message(session: AsyncSession, public_id: Any) -> OutboxMessage:
    statement = select(OutboxMessage).where(OutboxMessage.kind == EMAIL, OutboxMessage.public_id == public_id)
    message = (await session.execute(statement)).scalar_one_or_none()
    if message is None:
        raise NotFound("There is no such message in the mailbox.")
    return message
