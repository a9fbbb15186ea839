"""Emails the worker gave up on: listing them, sending them again, and taking the ones nobody has
been told about yet (for the administrators' alert). The outbox's rows are written here and in the
worker only; who may do what is the caller's to check (app/mailbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import NotFound
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.service import EMAIL
from app.pagination import Keyset, PageParams

LATEST_FAILURE_FIRST = Keyset(OutboxMessage.failed_at, OutboxMessage.public_id)
NO_SUCH_EMAIL = "There is no such email in the outbox."


@dataclass(frozen=True)
class FailedEmails:
    items: list[OutboxMessage]
    next_cursor: str | None
    # Emails not sent yet whose last attempt failed: they are still being tried.
    still_trying: int


async def failed_emails(session: AsyncSession, page: PageParams) -> FailedEmails:
    statement = select(OutboxMessage).where(OutboxMessage.kind == EMAIL, OutboxMessage.status == OutboxStatus.failed)
    rows = list((await session.execute(LATEST_FAILURE_FIRST.apply(statement, page))).scalars())
    items, next_cursor = LATEST_FAILURE_FIRST.cut(rows, page, lambda message: (message.failed_at, message.public_id))
    still_trying = (
        await session.execute(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.kind == EMAIL,
                OutboxMessage.status == OutboxStatus.pending,
                OutboxMessage.last_error != "",
            )
        )
    ).scalar_one()
    return FailedEmails(items, next_cursor, still_trying)


async def email(session: AsyncSession, public_id: Any) -> OutboxMessage:
    statement = select(OutboxMessage).where(OutboxMessage.kind == EMAIL, OutboxMessage.public_id == public_id)
    message = (await session.execute(statement)).scalar_one_or_none()
    if message is None:
        raise NotFound(NO_SUCH_EMAIL)
    return message


def _fresh_start() -> dict[str, Any]:
    """Due now, with a whole new round of attempts; the Message-ID stays, so a receiver that did get
    an earlier attempt can tell this is the same email."""
    return {
        "status": OutboxStatus.pending,
        "attempts": 0,
        "available_at": utcnow(),
        "waiting_for_server": False,
        "failed_at": None,
        "failure_reported_at": None,
    }


async def send_again(session: AsyncSession, public_id: Any) -> tuple[OutboxMessage, bool]:
    """Queues a failed email again; returns it and whether it was queued (False: it is not a failed
    one, so it has been sent or is still being tried)."""
    message = await email(session, public_id)
    if message.status != OutboxStatus.failed:
        return message, False
    for name, value in _fresh_start().items():
        setattr(message, name, value)
    await session.flush()
    return message, True


async def send_all_again(session: AsyncSession) -> int:
    result = cast(
        CursorResult[Any],
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.kind == EMAIL, OutboxMessage.status == OutboxStatus.failed)
            .values(**_fresh_start())
        ),
    )
    return result.rowcount or 0


async def take_unreported_failures(session: AsyncSession, *, quiet_after_report: timedelta) -> list[OutboxMessage]:
    """Failures nobody has been told about, marked as told in this transaction; nothing while a report
    was made less than `quiet_after_report` ago (so that failures trickling in make one report, not
    one each). Of several workers at once, one takes them (FOR UPDATE SKIP LOCKED; SQLite's writing
    transactions take turns)."""
    now = utcnow()
    last_report = (await session.execute(select(func.max(OutboxMessage.failure_reported_at)))).scalar_one()
    if last_report is not None and last_report > now - quiet_after_report:
        return []
    statement = (
        select(OutboxMessage)
        .where(
            OutboxMessage.kind == EMAIL,
            OutboxMessage.status == OutboxStatus.failed,
            OutboxMessage.failure_reported_at.is_(None),
        )
        .order_by(OutboxMessage.failed_at, OutboxMessage.id)
        .with_for_update(skip_locked=True)
    )
    failures = list((await session.execute(statement)).scalars())
    for message in failures:
        message.failure_reported_at = now
    await session.flush()
    return failures


async def pending_with_template(session: AsyncSession, template: str) -> int:
    """How many emails made from `template` are not sent yet (still being tried)."""
    statement = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.kind == EMAIL,
            OutboxMessage.status == OutboxStatus.pending,
            OutboxMessage.payload["template"].as_string() == template,
        )
    )
    return int((await session.execute(statement)).scalar_one())
