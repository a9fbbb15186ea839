"""Suggestions and introduction rounds (facilitators), as JSON."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from app import links
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.errors import problem_responses
from app.groups import service as groups
from app.matching import facilitation, group_topics, rounds
from app.matching.models import GroupTopic
from app.matching.schemas import (
    MAX_SUGGESTIONS,
    PersonRef,
    PlannedPairOut,
    RoundConfirm,
    RoundConfirmed,
    RoundCreate,
    RoundOut,
    SuggestionList,
    SuggestionOut,
    TopicIn,
    TopicOut,
)
from app.pagination import Page

router = APIRouter(tags=["matching"])


@router.get(
    "/groups/{group_id}/suggestions",
    response_model=SuggestionList,
    summary="Who should meet whom, with reasons (facilitators)",
    description="With `person_id`: the best people for that member to meet. Without it: the members "
    "who need an introduction most (no connections yet, newcomers first), each with their "
    "best suggestions, as pairs; `for_person_id` says whom each suggestion is for.",
)
async def suggestions(
    session: DbSession,
    account: ApiReader,
    group_id: uuid.UUID,
    person_id: Annotated[uuid.UUID | None, Query(description="A member of the group.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SUGGESTIONS, description=f"How many, 1 to {MAX_SUGGESTIONS}.")] = 10,
) -> SuggestionList:
    group = await groups.get_group(session, group_id)
    if person_id is not None:
        found = await facilitation.for_member(session, account, group, person_id, limit)
        return SuggestionList(items=[_suggestion_out(found.person, s) for s in found.suggestions])
    pairs = await facilitation.neediest_pairs(session, account, group, limit)
    return SuggestionList(items=[_suggestion_out(pair.for_person, pair.suggested) for pair in pairs])


def _suggestion_out(for_person: facilitation.Person, suggested: facilitation.Suggested) -> SuggestionOut:
    return SuggestionOut(
        for_person_id=for_person.id,
        person_id=suggested.person.id,
        name=suggested.person.name,
        score=suggested.score,
        reason_to_member=suggested.to_member,
        reason_to_person=suggested.to_person,
        kinds=suggested.kinds,
    )


def _round_out(preview: facilitation.RoundPreview) -> RoundOut:
    planned = preview.view.round
    return RoundOut(
        id=planned.public_id,
        group_id=preview.view.group.public_id,
        k=planned.k,
        created_at=planned.created_at,
        confirmed_at=planned.confirmed_at,
        pairs=[
            PlannedPairOut(
                person_a_id=pair.person_a.id,
                person_a_name=pair.person_a.name,
                person_b_id=pair.person_b.id,
                person_b_name=pair.person_b.name,
                score=pair.score,
                reason_for_a=pair.reason_a,
                reason_for_b=pair.reason_b,
                kinds=pair.kinds,
            )
            for pair in preview.pairs
        ],
        unpaired=[PersonRef(person_id=item.person.id, name=item.person.name) for item in preview.unpaired],
    )


@router.post(
    "/groups/{group_id}/introduction-rounds",
    response_model=RoundOut,
    status_code=201,
    summary="Plan an introduction round for the whole group (facilitators)",
    description="Each member gets at most `k` new introductions and everyone who can be paired with "
    "someone gets one. Nothing is proposed until the round is confirmed.",
)
async def plan_round(
    session: DbSession,
    account: ApiWriter,
    group_id: uuid.UUID,
    response: Response,
    data: Annotated[RoundCreate | None, Body()] = None,
) -> RoundOut:
    group = await groups.get_group(session, group_id)
    planned = await rounds.plan(session, account, group, (data or RoundCreate()).k)
    response.headers["Location"] = links.api("introduction-rounds", planned.public_id)
    return _round_out(await facilitation.round_preview(session, account, planned.public_id))


@router.get(
    "/introduction-rounds/{round_id}", response_model=RoundOut, summary="A planned round and its pairs (facilitators)"
)
async def get_round(session: DbSession, account: ApiReader, round_id: uuid.UUID) -> RoundOut:
    return _round_out(await facilitation.round_preview(session, account, round_id))


@router.post(
    "/introduction-rounds/{round_id}/confirm",
    response_model=RoundConfirmed,
    summary="Propose a round's introductions (facilitators)",
    description="Proposes every pair with the engine's words, or only the `pairs` sent, each with "
    "`reason_for_a` and `reason_for_b` (what each reads) or one `reason` for both. A pair "
    "that can no longer be proposed is skipped and said why. A round is confirmed once.",
)
async def confirm_round(
    session: DbSession, account: ApiWriter, round_id: uuid.UUID, data: Annotated[RoundConfirm | None, Body()] = None
) -> RoundConfirmed:
    keep = None
    if data is not None and data.pairs is not None:
        keep = [rounds.KeptPair(pair.person_a_id, pair.person_b_id, *pair.texts()) for pair in data.pairs]
    preview, skipped = await facilitation.confirm_round(session, account, round_id, keep)
    return RoundConfirmed(round_id=round_id, introduction_ids=[intro.id for intro in preview.proposed], skipped=skipped)


# --- the group's own topics (facilitators) ---------------------------------------------------


def _topic_out(topic: GroupTopic) -> TopicOut:
    return TopicOut(id=topic.public_id, label=topic.label, phrases=list(topic.phrases))


@router.get(
    "/groups/{group_id}/topics",
    response_model=Page[TopicOut],
    summary="Topics the group added to the engine's vocabulary (facilitators)",
)
async def list_topics(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[TopicOut]:
    group = await groups.get_group(session, group_id)
    return Page[TopicOut](
        items=[_topic_out(topic) for topic in (await group_topics.list_topics(session, account, group)).own]
    )


@router.post(
    "/groups/{group_id}/topics",
    response_model=TopicOut,
    status_code=201,
    summary="Add a topic, or more ways to write a known one (facilitators)",
    description='`{"label", "phrases"}`: the engine reads them in members\' asks and offers. Use a known '
    "topic's label to add phrases to it.",
    responses=problem_responses(409, s409="The group already has a topic with this label."),
)
async def add_topic(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: TopicIn, response: Response
) -> TopicOut:
    group = await groups.get_group(session, group_id)
    topic = await group_topics.add_topic(session, account, group, data)
    response.headers["Location"] = links.api("groups", group.public_id, "topics")
    return _topic_out(topic)


@router.delete("/groups/{group_id}/topics/{topic_id}", status_code=204, summary="Remove a topic (facilitators)")
async def remove_topic(session: DbSession, account: ApiWriter, group_id: uuid.UUID, topic_id: uuid.UUID) -> Response:
    group = await groups.get_group(session, group_id)
    await group_topics.remove_topic(session, account, group, topic_id)
    return Response(status_code=204)
