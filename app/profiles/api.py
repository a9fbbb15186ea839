from __future__ import annotations

from fastapi import APIRouter

from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.profiles import service
from app.profiles.schemas import ProfileOut, ProfileUpdate
from app.profiles.service import Audience

router = APIRouter(prefix="/me/profile", tags=["profiles"])


async def _own(session: DbSession, account: ApiReader) -> ProfileOut:
    profile = await service.readable_profile(session, account)
    tags = (await service.load_tags(session, [profile.id]))[profile.id] if profile.id else None
    return service.present(account, profile, tags, Audience.self)


@router.get("", response_model=ProfileOut, response_model_exclude_none=True, summary="Your own profile")
async def my_profile(session: DbSession, account: ApiReader) -> ProfileOut:
    return await _own(session, account)


@router.patch(
    "",
    response_model=ProfileOut,
    response_model_exclude_none=True,
    summary="Change your profile; only the fields you send change",
)
async def update_my_profile(session: DbSession, account: ApiWriter, data: ProfileUpdate) -> ProfileOut:
    await service.update_profile(session, account, data)
    return await _own(session, account)
