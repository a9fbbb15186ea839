"""A group's insights as JSON (facilitators): the numbers behind the insights page's charts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.db import DbSession
from app.deps import ApiReader
from app.groups import service as groups
from app.insights import service
from app.insights.schemas import InsightsOut

router = APIRouter(tags=["insights"])


@router.get(
    "/groups/{group_id}/insights",
    response_model=InsightsOut,
    summary="A group's attendance, new members, introduction funnel, landings and connections (facilitators)",
    description="The same numbers as the insights page, for the days from `from` to `to` (inclusive, in "
    "the group's time zone). Without them: the last twelve months. A mistaken date is a 422 "
    "whose `errors` name the field.",
)
async def group_insights(
    session: DbSession,
    account: ApiReader,
    group_id: uuid.UUID,
    start: Annotated[
        str | None,
        Query(
            alias="from",
            description=(
                "First day, YYYY-MM-DD. Default: twelve months before `to`, to the day "
                "(the day after the same date a year earlier)."
            ),
            examples=["2025-01-01"],
        ),
    ] = None,
    to: Annotated[
        str | None, Query(description="Last day, YYYY-MM-DD. Default: today.", examples=["2025-12-31"])
    ] = None,
) -> InsightsOut:
    group = await groups.get_group(session, group_id)
    return (await service.insights_for(session, account, group, start, to)).data
