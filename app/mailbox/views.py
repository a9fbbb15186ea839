"""The development mailbox: every email the outbox holds, to read in the browser (development and test)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app.config import Settings
from app.db import DbSession
from app.deps import AppSettings, csrf_protect, optional_account
from app.errors import NotFound
from app.notifications import service
from app.web import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


def _require_mailbox(settings: Settings) -> None:
    if not settings.mailbox_enabled:
        raise NotFound("The local mailbox exists only in development.")


@router.get("/dev/mailbox")
async def mailbox(request: Request, session: DbSession, settings: AppSettings) -> Response:
    _require_mailbox(settings)
    return render(request, "notifications/mailbox.html", {"messages": await service.mailbox(session)})


@router.get("/dev/mailbox/{message_id}")
async def mailbox_message(
    request: Request, session: DbSession, message_id: uuid.UUID, settings: AppSettings
) -> Response:
    _require_mailbox(settings)
    return render(
        request, "notifications/message.html", {"message": await service.mailbox_message(session, message_id)}
    )
