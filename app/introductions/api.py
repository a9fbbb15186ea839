"""Introductions as JSON: proposing (facilitators), answering, outcomes, requests and pausing."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from app import links
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.errors import problem_responses
from app.groups import service as groups
from app.introductions import requests, service
from app.introductions.listing import IntroductionView
from app.introductions.schemas import (
    AnswerIn,
    AskIn,
    ContactOut,
    DoNotPairIn,
    DoNotPairOut,
    FacilitatorNotes,
    IntroductionOut,
    OutcomeIn,
    OutcomeOut,
    PauseIn,
    PersonOut,
    ProposalIn,
    ReasonsOut,
    RequestOut,
)
from app.pagination import Page, Pages

router = APIRouter(tags=["introductions"])


def introduction_out(view: IntroductionView) -> IntroductionOut:
    introduction = view.introduction
    people = {view.person_a.id: view.person_a, view.person_b.id: view.person_b}
    return IntroductionOut(
        id=introduction.public_id,
        group_id=view.group.public_id,
        status=view.status,
        reason=view.my_reason,
        reasons=None
        if view.is_party
        else ReasonsOut(
            person_a=introduction.reason_a, person_b=introduction.reason_b, kinds=introduction.reason_kinds
        ),
        person_a=PersonOut(id=view.person_a.public_id, name=view.person_a.display_name),
        person_b=PersonOut(id=view.person_b.public_id, name=view.person_b.display_name),
        proposed_by=view.proposed_by or None,
        created_at=introduction.created_at,
        connected_at=introduction.connected_at,
        closed_at=introduction.closed_at,
        my_answer=view.my_answer,
        other_person=view.other_profile if view.is_party else None,
        contact=ContactOut(
            name=view.contact.name,
            email=view.contact.email,
            phone=view.contact.phone,
            linkedin_url=view.contact.linkedin_url,
        )
        if view.contact
        else None,
        outcomes=[
            OutcomeOut(
                person_id=people[account_id].public_id,
                outcome=outcome.outcome,
                note=outcome.note,
                updated_at=outcome.updated_at,
            )
            for account_id, outcome in view.outcomes.items()
        ],
        answers=None
        if view.is_party
        else FacilitatorNotes(
            person_a_answer=introduction.a_answer,
            person_b_answer=introduction.b_answer,
            person_a_note=introduction.a_note,
            person_b_note=introduction.b_note,
        ),
    )


async def _one(session: DbSession, account: ApiReader, introduction_id: uuid.UUID) -> IntroductionOut:
    return introduction_out(await service.introduction_for(session, account, introduction_id))


@router.get(
    "/introductions",
    response_model=Page[IntroductionOut],
    summary="Your introductions, newest first; with `group_id`, the group's (facilitators)",
    responses=problem_responses(404, s404="There is no group `group_id`, or you are not in it."),
)
async def list_introductions(
    session: DbSession,
    account: ApiReader,
    pages: Pages,
    status: Annotated[
        str | None,
        Query(
            description=(
                "Yours: proposed, connected or not_going_ahead. A group's: also declined, expired or withdrawn."
            )
        ),
    ] = None,
    group_id: Annotated[uuid.UUID | None, Query(description="A group you facilitate.")] = None,
) -> Page[IntroductionOut]:
    if group_id is not None:
        group = await groups.get_group(session, group_id)
        result = await service.group_introductions(session, account, group, status=status, page=pages.params)
    else:
        result = await service.my_introductions(session, account, status=status, page=pages.params)
    return pages.page([introduction_out(view) for view in result.items], result.next_cursor)


@router.get(
    "/introductions/{introduction_id}",
    response_model=IntroductionOut,
    summary="One introduction (for the two people and the group's facilitators)",
)
async def get_introduction(session: DbSession, account: ApiReader, introduction_id: uuid.UUID) -> IntroductionOut:
    return await _one(session, account, introduction_id)


@router.post(
    "/groups/{group_id}/introductions",
    response_model=IntroductionOut,
    status_code=201,
    summary="Propose that two members meet, with a reason for each (facilitators); both are asked by email",
    description="`reason_for_a` is what `person_a_id` reads and `reason_for_b` what `person_b_id` reads, "
    "each written to its reader; or one `reason` that both read.",
)
async def propose(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: ProposalIn, response: Response
) -> IntroductionOut:
    group = await groups.get_group(session, group_id)
    introduction = await service.propose(session, account, group, data.person_a_id, data.person_b_id, *data.texts())
    response.headers["Location"] = links.api("introductions", introduction.public_id)
    return await _one(session, account, introduction.public_id)


@router.post(
    "/introductions/{introduction_id}/accept",
    response_model=IntroductionOut,
    summary="Say yes; when both have, you are connected and receive each other's contact details",
)
async def accept(
    session: DbSession, account: ApiWriter, introduction_id: uuid.UUID, data: AnswerIn = Body(default_factory=AnswerIn)
) -> IntroductionOut:
    await service.answer(session, account, introduction_id, True, data.note)
    return await _one(session, account, introduction_id)


@router.post(
    "/introductions/{introduction_id}/decline",
    response_model=IntroductionOut,
    summary="Say no; the other person hears only that it did not go ahead",
)
async def decline(
    session: DbSession, account: ApiWriter, introduction_id: uuid.UUID, data: AnswerIn = Body(default_factory=AnswerIn)
) -> IntroductionOut:
    await service.answer(session, account, introduction_id, False, data.note)
    return await _one(session, account, introduction_id)


@router.post(
    "/introductions/{introduction_id}/outcome",
    response_model=IntroductionOut,
    summary="Say what came of a connected introduction (saying it again updates it)",
)
async def outcome(
    session: DbSession, account: ApiWriter, introduction_id: uuid.UUID, data: OutcomeIn
) -> IntroductionOut:
    await service.record_outcome(session, account, introduction_id, data.outcome, data.note)
    return await _one(session, account, introduction_id)


@router.post(
    "/introductions/{introduction_id}/withdraw",
    response_model=IntroductionOut,
    summary="Take back a proposal still waiting for answers (facilitators)",
)
async def withdraw(session: DbSession, account: ApiWriter, introduction_id: uuid.UUID) -> IntroductionOut:
    await service.withdraw(session, account, introduction_id)
    return await _one(session, account, introduction_id)


@router.post(
    "/groups/{group_id}/introduction-requests",
    response_model=RequestOut,
    status_code=201,
    summary="Ask the facilitators for an introduction: to a member, or to “someone who …”",
)
async def ask(session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: AskIn) -> RequestOut:
    group = await groups.get_group(session, group_id)
    request = await service.ask(
        session, account, group, target_person_id=data.target_person_id, description=data.description
    )
    target = await service.request_target(session, request)
    return RequestOut(
        id=request.public_id,
        group_id=group.public_id,
        requester=PersonOut(id=account.public_id, name=account.display_name),
        target=PersonOut(id=target.public_id, name=target.display_name) if target else None,
        description=request.description,
        status=request.status,
        created_at=request.created_at,
        closed_at=request.closed_at,
    )


@router.put(
    "/groups/{group_id}/introductions/paused",
    response_model=PauseIn,
    summary="Pause (or resume) new introductions to you in this group",
)
async def pause(session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: PauseIn) -> PauseIn:
    group = await groups.get_group(session, group_id)
    membership = await service.set_paused(session, account, group, data.paused)
    return PauseIn(paused=membership.introductions_paused_at is not None)


# --- requests, as the facilitators' queue and the asker's own list -----------------------------


def _request_out(view: service.RequestView) -> RequestOut:
    request = view.request
    return RequestOut(
        id=request.public_id,
        group_id=view.group.public_id,
        requester=PersonOut(id=view.requester.public_id, name=view.requester.display_name),
        target=PersonOut(id=view.target.public_id, name=view.target.display_name) if view.target else None,
        description=request.description,
        status=request.status,
        created_at=request.created_at,
        closed_at=request.closed_at,
    )


@router.get(
    "/groups/{group_id}/introduction-requests",
    response_model=Page[RequestOut],
    summary="The group's open requests for introductions, oldest first (facilitators)",
)
async def request_queue(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[RequestOut]:
    group = await groups.get_group(session, group_id)
    return Page[RequestOut](items=[_request_out(view) for view in await service.open_requests(session, account, group)])


@router.get(
    "/me/introduction-requests",
    response_model=Page[RequestOut],
    summary="Your own open requests for introductions, in every group, newest first",
)
async def my_requests(session: DbSession, account: ApiReader) -> Page[RequestOut]:
    return Page[RequestOut](items=[_request_out(view) for view in await service.my_requests(session, account)])


@router.post(
    "/introduction-requests/{request_id}/close",
    response_model=RequestOut,
    summary="Close a request without an introduction (facilitators), or withdraw your own",
)
async def close_request(session: DbSession, account: ApiWriter, request_id: uuid.UUID) -> RequestOut:
    closed = await service.close_request(session, account, request_id)
    return _request_out(await requests.request_view(session, closed))


# --- the do-not-pair list (facilitators) ---------------------------------------------------------


def _do_not_pair_out(group_id: uuid.UUID, view: service.DoNotPairView) -> DoNotPairOut:
    return DoNotPairOut(
        group_id=group_id,
        note=view.entry.note,
        created_at=view.entry.created_at,
        person_a=PersonOut(id=view.person_a.public_id, name=view.person_a.display_name),
        person_b=PersonOut(id=view.person_b.public_id, name=view.person_b.display_name),
    )


@router.get(
    "/groups/{group_id}/do-not-pair",
    response_model=Page[DoNotPairOut],
    summary="Pairs the facilitators will not introduce, oldest first (facilitators)",
)
async def do_not_pair_list(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[DoNotPairOut]:
    group = await groups.get_group(session, group_id)
    entries = await service.list_do_not_pair(session, account, group)
    return Page[DoNotPairOut](items=[_do_not_pair_out(group.public_id, view) for view in entries])


@router.put(
    "/groups/{group_id}/do-not-pair",
    response_model=DoNotPairOut,
    summary="Add two members to the do-not-pair list, or change the pair's note (facilitators)",
    description="The engine will not suggest them and nobody can propose them. Neither is told. "
    "Sending the same pair again (in either order) only changes the note.",
)
async def add_do_not_pair(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: DoNotPairIn
) -> DoNotPairOut:
    group = await groups.get_group(session, group_id)
    await service.add_do_not_pair(session, account, group, data.person_a_id, data.person_b_id, data.note)
    entries = await service.list_do_not_pair(session, account, group)
    pair = {data.person_a_id, data.person_b_id}
    return _do_not_pair_out(
        group.public_id, next(view for view in entries if {view.person_a.public_id, view.person_b.public_id} == pair)
    )


@router.delete(
    "/groups/{group_id}/do-not-pair", status_code=204, summary="Take a pair off the do-not-pair list (facilitators)"
)
async def remove_do_not_pair(
    session: DbSession,
    account: ApiWriter,
    group_id: uuid.UUID,
    person_a_id: Annotated[uuid.UUID, Query(description="One of the two.")],
    person_b_id: Annotated[uuid.UUID, Query(description="The other.")],
) -> Response:
    group = await groups.get_group(session, group_id)
    await service.remove_do_not_pair(session, account, group, person_a_id, person_b_id)
    return Response(status_code=204)
