"""A person's own data, as JSON: the same document as the download on the "Your data" page."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.db import DbSession
from app.deps import ApiReader
from app.privacy import service
from app.privacy.schemas import OwnDataExport

router = APIRouter(tags=["accounts"])


@router.get(
    "/me/export", response_model=OwnDataExport, summary="Everything Between holds about you, as on Settings → Your data"
)
async def export_own_data(session: DbSession, account: ApiReader, response: Response) -> OwnDataExport:
    response.headers["Cache-Control"] = "no-store"
    return await service.export_own_data(session, account)
