from __future__ import annotations

import uuid

from fastapi import APIRouter, Body, Response

from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.groups import service as groups
from app.groups.models import GroupInvite, Membership
from app.members import service
from app.members.schemas import Decision, InviteCreate, InviteOut, MembershipOut
from app.pagination import Page

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


# --- invite links (facilitators) ----------------------------------------------------------------

invites_router = APIRouter(prefix="/groups/{group_id}/invites", tags=["members"])


def _invite_out(group_id: uuid.UUID, invite: GroupInvite, url: str | None = None) -> InviteOut:
    return InviteOut(id=invite.public_id, group_id=group_id, label=invite.label, created_at=invite.created_at,
                     expires_at=invite.expires_at, revoked_at=invite.revoked_at, uses=invite.uses, url=url)


@invites_router.get("", response_model=Page[InviteOut],
                    summary="The group's invite links, newest first, revoked ones last (facilitators)")
async def list_invites(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[InviteOut]:
    group = await groups.get_group(session, group_id)
    return Page[InviteOut](items=[_invite_out(group.public_id, invite)
                                  for invite in await service.list_invites(session, account, group)])


@invites_router.post("", response_model=InviteOut, status_code=201,
                     summary="Create an invite link (facilitators); its `url` is shown in this answer only",
                     description="`expires_in_days` (1 to 365, default 30; null for never). For invite-only groups, "
                                 "the link is the way in.")
async def create_invite(session: DbSession, account: ApiWriter, group_id: uuid.UUID, response: Response,
                        data: InviteCreate = Body(default_factory=InviteCreate)) -> InviteOut:
    group = await groups.get_group(session, group_id)
    invite, url = await service.create_invite(session, account, group, data)
    response.headers["Location"] = f"/api/v1/groups/{group.public_id}/invites/{invite.public_id}"
    return _invite_out(group.public_id, invite, url)


@invites_router.get("/{invite_id}", response_model=InviteOut, summary="One invite link (facilitators)")
async def get_invite(session: DbSession, account: ApiReader, group_id: uuid.UUID, invite_id: uuid.UUID) -> InviteOut:
    group = await groups.get_group(session, group_id)
    return _invite_out(group.public_id, await service.invite_of_group(session, account, group, invite_id))


@invites_router.post("/{invite_id}/revoke", response_model=InviteOut,
                     summary="Revoke an invite link: nobody can join with it any more (facilitators)")
async def revoke_invite(session: DbSession, account: ApiWriter, group_id: uuid.UUID,
                        invite_id: uuid.UUID) -> InviteOut:
    group = await groups.get_group(session, group_id)
    return _invite_out(group.public_id, await service.revoke_invite(session, account, group, invite_id))
