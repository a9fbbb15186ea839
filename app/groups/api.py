from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.groups import service
from app.groups.schemas import GroupCreate, GroupOut, GroupUpdate
from app.pagination import Page, PageParams, page_params

router = APIRouter(prefix="/groups", tags=["groups"])


@router.get("", response_model=Page[GroupOut], summary="List groups, by name")
async def list_groups(session: DbSession, account: ApiReader,
                      page: Annotated[PageParams, Depends(page_params)]) -> Page[GroupOut]:
    result = await service.list_groups(session, page)
    return Page[GroupOut](items=[GroupOut.model_validate(g) for g in result.items],
                          next_cursor=result.next_cursor)


@router.get("/{group_id}", response_model=GroupOut, summary="One group")
async def get_group(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> GroupOut:
    return GroupOut.model_validate(await service.get_group(session, group_id))


@router.post("", response_model=GroupOut, status_code=201, summary="Create a group (administrators)")
async def create_group(session: DbSession, account: ApiWriter, data: GroupCreate,
                       response: Response) -> GroupOut:
    group = await service.create_group(session, account, data)
    response.headers["Location"] = f"/api/v1/groups/{group.public_id}"
    return GroupOut.model_validate(group)


@router.patch("/{group_id}", response_model=GroupOut, summary="Change a group (administrators)")
async def update_group(session: DbSession, account: ApiWriter, group_id: uuid.UUID,
                       data: GroupUpdate) -> GroupOut:
    group = await service.get_group(session, group_id)
    return GroupOut.model_validate(await service.update_group(session, account, group, data))
