"""The group's reach as JSON: your warm paths, your sharing per group, and warm-introduction
requests. Counts only, never a contact's name; no webhook says anything about any of it."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from app import links
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.errors import problem_responses
from app.groups import service as groups
from app.reach import gaps, service, warm
from app.reach.schemas import (
    CompanyGapOut,
    ReachOut,
    SharingIn,
    SharingOut,
    WarmAnswerIn,
    WarmAskIn,
    WarmRequestOut,
    WarmRequestsOut,
)

router = APIRouter(tags=["reach"])


def sharing_out(setting: service.SharingSetting) -> SharingOut:
    return warm.sharing_out(setting)


@router.get("/me/reach", response_model=ReachOut, summary="Your warm paths to the target companies on your profile")
async def my_reach(session: DbSession, account: ApiReader) -> ReachOut:
    reach, _ = await warm.warm_paths(session, account)
    return reach


@router.get(
    "/me/reach/sharing", response_model=list[SharingOut], summary="Whether you share your reach with each group"
)
async def my_sharing(session: DbSession, account: ApiReader) -> list[SharingOut]:
    return [sharing_out(setting) for setting in await service.sharing_settings(session, account)]


@router.put(
    "/me/reach/sharing/{group_id}",
    response_model=SharingOut,
    summary="Share your reach with a group, or stop",
    description="Shares which companies you know people at, and how many, with this group's members; never names.",
)
async def set_sharing(session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: SharingIn) -> SharingOut:
    return sharing_out(await service.set_sharing(session, account, group_id, data.shared))


@router.get(
    "/me/reach/requests", response_model=WarmRequestsOut, summary="Warm introductions you asked for and were asked"
)
async def my_requests(session: DbSession, account: ApiReader) -> WarmRequestsOut:
    return await warm.list_requests(session, account)


@router.post(
    "/me/reach/requests",
    response_model=WarmRequestOut,
    status_code=201,
    summary="Ask one of your warm paths for a warm introduction",
    responses=problem_responses(409, s409="You already asked this member about this company."),
)
async def ask(session: DbSession, account: ApiWriter, data: WarmAskIn, response: Response) -> WarmRequestOut:
    request = await warm.ask(session, account, data)
    response.headers["Location"] = links.api("me", "reach", "requests", request.id)
    return request


@router.get(
    "/me/reach/requests/{warm_request_id}", response_model=WarmRequestOut, summary="One warm-introduction request"
)
async def get_request(session: DbSession, account: ApiReader, warm_request_id: uuid.UUID) -> WarmRequestOut:
    return await warm.get_request(session, account, warm_request_id)


@router.post(
    "/me/reach/requests/{warm_request_id}/answer",
    response_model=WarmRequestOut,
    summary="Answer a request made of you: yes (with whom you will connect them) or not now",
    responses=problem_responses(409, s409="You answered already, or the request was withdrawn."),
)
async def answer(
    session: DbSession, account: ApiWriter, warm_request_id: uuid.UUID, data: WarmAnswerIn
) -> WarmRequestOut:
    return await warm.answer(session, account, warm_request_id, data)


@router.post(
    "/me/reach/requests/{warm_request_id}/withdraw",
    response_model=WarmRequestOut,
    summary="Withdraw a request you made",
    responses=problem_responses(409, s409="The request is no longer waiting."),
)
async def withdraw(session: DbSession, account: ApiWriter, warm_request_id: uuid.UUID) -> WarmRequestOut:
    return await warm.withdraw(session, account, warm_request_id)


@router.get(
    "/groups/{group_id}/reach",
    response_model=list[CompanyGapOut],
    summary="The companies members aim for most, and how many of them have a warm path (facilitators)",
    description="Counts only: no member is named, and no contact ever.",
)
async def group_reach(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> list[CompanyGapOut]:
    group = await groups.get_group(session, group_id)
    found = await gaps.group_targets(session, account, group)
    return [
        CompanyGapOut(company=gap.company, members_aiming=gap.aiming, with_warm_path=gap.with_path) for gap in found
    ]
