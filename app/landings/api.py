"""Landings as JSON: report one's own, correct or withdraw it, read a group's (facilitators: all;
members: the wall of successes) and one's own."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from app import links
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.groups import service as groups
from app.landings import service
from app.landings.schemas import LandingIn, LandingOut
from app.pagination import Page, Pages

router = APIRouter(tags=["landings"])


def _page(pages: Pages, result: service.LandingPage) -> Page[LandingOut]:
    return pages.page([entry.out() for entry in result.items], result.next_cursor)


@router.post(
    "/groups/{group_id}/landings",
    response_model=LandingOut,
    status_code=201,
    summary="Tell the group you landed (your own landing); the facilitators are told by email",
)
async def report_landing(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: LandingIn, response: Response
) -> LandingOut:
    group = await groups.get_group(session, group_id)
    landing = await service.report_landing(session, account, group, data)
    response.headers["Location"] = links.api("landings", landing.public_id)
    return (await service.my_landing(session, account, landing.public_id)).out()


@router.get(
    "/groups/{group_id}/landings",
    response_model=Page[LandingOut],
    summary="A group's landings, newest first: all of them for facilitators, the wall of successes for members",
)
async def group_landings(session: DbSession, account: ApiReader, group_id: uuid.UUID, pages: Pages) -> Page[LandingOut]:
    group = await groups.get_group(session, group_id)
    return _page(pages, await service.group_landings(session, account, group, pages.params))


@router.get("/me/landings", response_model=Page[LandingOut], summary="Your landings in every group, newest first")
async def my_landings(session: DbSession, account: ApiReader, pages: Pages) -> Page[LandingOut]:
    return _page(pages, await service.my_landings(session, account, pages.params))


@router.get("/landings/{landing_id}", response_model=LandingOut, summary="One of your landings")
async def get_landing(session: DbSession, account: ApiReader, landing_id: uuid.UUID) -> LandingOut:
    return (await service.my_landing(session, account, landing_id)).out()


@router.put(
    "/landings/{landing_id}",
    response_model=LandingOut,
    summary="Correct one of your landings (all fields, as when reporting it)",
)
async def update_landing(session: DbSession, account: ApiWriter, landing_id: uuid.UUID, data: LandingIn) -> LandingOut:
    await service.update_landing(session, account, landing_id, data)
    return (await service.my_landing(session, account, landing_id)).out()


@router.delete(
    "/landings/{landing_id}",
    status_code=204,
    summary="Withdraw one of your landings: it leaves the wall and the group's numbers",
)
async def withdraw_landing(session: DbSession, account: ApiWriter, landing_id: uuid.UUID) -> Response:
    await service.withdraw_landing(session, account, landing_id)
    return Response(status_code=204)
