from __future__ import annotations

import uuid

from fastapi import APIRouter, Body

from app.db import DbSession
from app.deps import ApiWriter
from app.groups import service as groups
from app.groups.models import Membership
from app.members import service
from app.members.schemas import Decision, MembershipOut

router = APIRouter(prefix="/groups/{group_id}/members", tags=["members"])


def _out(membership: Membership) -> MembershipOut:
    return MembershipOut(person_id=membership.account.public_id, name=membership.account.display_name,
                         role=membership.role, status=membership.status, requested_at=membership.created_at,
                         joined_at=membership.joined_at, decided_at=membership.decided_at)


@router.post("/{member_id}/approve", response_model=MembershipOut,
             summary="Approve a request to join (facilitators)")
async def approve(session: DbSession, account: ApiWriter, group_id: uuid.UUID, member_id: uuid.UUID,
                  decision: Decision = Body(default_factory=Decision)) -> MembershipOut:
    group = await groups.get_group(session, group_id)
    return _out(await service.approve(session, account, group, member_id, decision))


@router.post("/{member_id}/decline", response_model=MembershipOut,
             summary="Decline a request to join (facilitators); the note stays private")
async def decline(session: DbSession, account: ApiWriter, group_id: uuid.UUID, member_id: uuid.UUID,
                  decision: Decision = Body(default_factory=Decision)) -> MembershipOut:
    group = await groups.get_group(session, group_id)
    return _out(await service.decline(session, account, group, member_id, decision))
