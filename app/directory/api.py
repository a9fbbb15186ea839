"""The member directory and people, as JSON."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.db import DbSession
from app.deps import ApiReader
from app.directory import service
from app.directory.schemas import DirectoryFilters, MemberSummary
from app.groups.service import get_group
from app.pagination import Page, Pages
from app.profiles.schemas import ProfileOut

router = APIRouter(tags=["members"])


@router.get(
    "/groups/{group_id}/members",
    response_model=Page[MemberSummary],
    summary="A group's members, by name, with search and filters (its members and facilitators)",
)
async def list_group_members(
    session: DbSession,
    account: ApiReader,
    group_id: uuid.UUID,
    filters: Annotated[DirectoryFilters, Query()],
    pages: Pages,
) -> Page[MemberSummary]:
    group = await get_group(session, group_id)
    result = await service.list_members(session, account, group, filters, pages.params)
    return pages.page(result.items, result.next_cursor)


@router.get(
    "/people/{person_id}",
    response_model=ProfileOut,
    response_model_exclude_none=True,
    summary="A person's profile, with the fields they keep from you left out",
)
async def get_person(session: DbSession, account: ApiReader, person_id: uuid.UUID) -> ProfileOut:
    return await service.person_profile(session, account, person_id)
