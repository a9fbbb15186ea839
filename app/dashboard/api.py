from __future__ import annotations

import uuid

from fastapi import APIRouter

from app.dashboard import service
from app.dashboard.schemas import PersonAtRiskOut, RiskOut
from app.db import DbSession
from app.deps import ApiReader
from app.groups import service as groups
from app.pagination import Page

router = APIRouter(tags=["dashboard"])


@router.get("/groups/{group_id}/at-risk", response_model=Page[PersonAtRiskOut],
            summary="Members the neglect radar notices, with why and what to do (facilitators)")
async def at_risk(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[PersonAtRiskOut]:
    group = await groups.get_group(session, group_id)
    people = await service.radar(session, account, group)
    return Page[PersonAtRiskOut](items=[
        PersonAtRiskOut(person_id=person.person_id, name=person.name, risks=[
            RiskOut(kind=risk.kind, detail=risk.detail, since=risk.since, action=risk.action_label,
                    action_url=risk.action_url) for risk in person.risks])
        for person in people])
