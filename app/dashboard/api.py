from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from app.dashboard import service
from app.dashboard.schemas import CheckInEmail, CheckInQueued, DoneOut, PersonAtRiskOut, RadarSettings, RiskOut, Snooze
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.groups import service as groups
from app.pagination import Page

router = APIRouter(tags=["dashboard"])


@router.get(
    "/groups/{group_id}/at-risk",
    response_model=Page[PersonAtRiskOut],
    summary="Members the neglect radar notices, with why and what to do (facilitators)",
)
async def at_risk(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[PersonAtRiskOut]:
    group = await groups.get_group(session, group_id)
    people = await service.radar(session, account, group)
    return Page[PersonAtRiskOut](
        items=[
            PersonAtRiskOut(
                person_id=person.person_id,
                name=person.name,
                risks=[
                    RiskOut(
                        kind=risk.kind,
                        detail=risk.detail,
                        since=risk.since,
                        action=risk.action_label,
                        action_url=risk.action_url,
                    )
                    for risk in person.risks
                ],
                done=[DoneOut(what=done.what, by=done.by, at=done.at) for done in person.done],
                snoozed_until=person.snoozed_until,
                snooze_reason=person.snooze_reason,
            )
            for person in people
        ]
    )


@router.post(
    "/groups/{group_id}/at-risk/{person_id}/snooze",
    status_code=204,
    summary="Set a member's radar entry aside for a while, with why (facilitators)",
    description='`{"risk", "reason", "days"}` (1 to 90, default 14); the other facilitators see the '
    "reason, and the entry comes back by itself.",
)
async def snooze(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, person_id: uuid.UUID, data: Snooze
) -> Response:
    group = await groups.get_group(session, group_id)
    await service.snooze(session, account, group, person_id, data)
    return Response(status_code=204)


@router.delete(
    "/groups/{group_id}/at-risk/{person_id}/snooze",
    status_code=204,
    summary="Bring a snoozed member back onto the radar now (facilitators)",
)
async def wake(session: DbSession, account: ApiWriter, group_id: uuid.UUID, person_id: uuid.UUID) -> Response:
    group = await groups.get_group(session, group_id)
    await service.wake(session, account, group, person_id)
    return Response(status_code=204)


@router.get(
    "/groups/{group_id}/settings",
    response_model=RadarSettings,
    summary="The group's radar thresholds, proposal cap, reminder time and check-in opening (facilitators)",
)
async def group_settings(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> RadarSettings:
    group = await groups.get_group(session, group_id)
    return await service.group_settings(session, account, group)


@router.patch(
    "/groups/{group_id}/settings",
    response_model=RadarSettings,
    summary="Change the fields given of the group's settings (facilitators)",
)
async def update_settings(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: RadarSettings
) -> RadarSettings:
    group = await groups.get_group(session, group_id)
    current = await service.group_settings(session, account, group)
    changed = current.model_copy(update=data.model_dump(exclude_unset=True))
    await service.update_settings(session, account, group, changed)
    return changed


@router.post(
    "/groups/{group_id}/people/{person_id}/check-in-emails",
    response_model=CheckInQueued,
    status_code=202,
    summary="Email a member a note in your own words, as the radar suggests (facilitators)",
    description='`{"subject", "body"}`; sent from the outbox shortly, and noted on the dashboard.',
)
async def send_check_in(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, person_id: uuid.UUID, data: CheckInEmail
) -> CheckInQueued:
    group = await groups.get_group(session, group_id)
    person = await service.send_check_in(session, account, group, person_id, data)
    return CheckInQueued(person_id=person.public_id, name=person.display_name)
