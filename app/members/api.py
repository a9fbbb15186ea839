from __future__ import annotations

import uuid

from fastapi import APIRouter, Body, Response

from app import links
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.errors import problem_responses
from app.groups import service as groups
from app.groups.models import GroupInvite, Membership
from app.members import declines, invitations, service
from app.members.schemas import Decision, InvitationOut, InviteCreate, InviteOut, MembershipOut, PersonToInvite
from app.pagination import Page

router = APIRouter(prefix="/groups/{group_id}/members", tags=["members"])


def _out(membership: Membership) -> MembershipOut:
    return MembershipOut(
        person_id=membership.account.public_id,
        name=membership.account.display_name,
        role=membership.role,
        status=membership.status,
        requested_at=membership.created_at,
        joined_at=membership.joined_at,
        decided_at=membership.decided_at,
        agreement_accepted_at=membership.agreement_accepted_at,
        agreement_version=membership.agreement_version,
    )


@router.post("/{member_id}/approve", response_model=MembershipOut, summary="Approve a request to join (facilitators)")
async def approve(
    session: DbSession,
    account: ApiWriter,
    group_id: uuid.UUID,
    member_id: uuid.UUID,
    decision: Decision = Body(default_factory=Decision),
) -> MembershipOut:
    group = await groups.get_group(session, group_id)
    return _out(await service.approve(session, account, group, member_id, decision))


@router.post(
    "/{member_id}/decline",
    response_model=MembershipOut,
    summary="Decline a request to join (facilitators); the note stays private",
    description="The request is declined at once. The email telling the person is sent "
    f"{declines.UNDO_MINUTES} minutes later, as when a facilitator declines on the requests page "
    "(where the decline can be undone until then).",
)
async def decline(
    session: DbSession,
    account: ApiWriter,
    group_id: uuid.UUID,
    member_id: uuid.UUID,
    decision: Decision = Body(default_factory=Decision),
) -> MembershipOut:
    group = await groups.get_group(session, group_id)
    return _out((await declines.decline(session, account, group, member_id, decision)).membership)


# --- invite links (facilitators) ----------------------------------------------------------------

invites_router = APIRouter(prefix="/groups/{group_id}/invites", tags=["members"])


def _invite_out(group_id: uuid.UUID, invite: GroupInvite, url: str | None = None) -> InviteOut:
    return InviteOut(
        id=invite.public_id,
        group_id=group_id,
        label=invite.label,
        created_at=invite.created_at,
        expires_at=invite.expires_at,
        revoked_at=invite.revoked_at,
        uses=invite.uses,
        url=url,
    )


@invites_router.get(
    "",
    response_model=Page[InviteOut],
    summary="The group's invite links, newest first, revoked ones last (facilitators)",
)
async def list_invites(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[InviteOut]:
    group = await groups.get_group(session, group_id)
    return Page[InviteOut](
        items=[_invite_out(group.public_id, invite) for invite in await service.list_invites(session, account, group)]
    )


@invites_router.post(
    "",
    response_model=InviteOut,
    status_code=201,
    summary="Create an invite link (facilitators); its `url` is shown in this answer only",
    description="`expires_in_days` (1 to 365, default 30; null for never). For invite-only groups, "
    "the link is the way in.",
)
async def create_invite(
    session: DbSession,
    account: ApiWriter,
    group_id: uuid.UUID,
    response: Response,
    data: InviteCreate = Body(default_factory=InviteCreate),
) -> InviteOut:
    group = await groups.get_group(session, group_id)
    invite, url = await service.create_invite(session, account, group, data)
    response.headers["Location"] = links.api("groups", group.public_id, "invites", invite.public_id)
    return _invite_out(group.public_id, invite, url)


@invites_router.get("/{invite_id}", response_model=InviteOut, summary="One invite link (facilitators)")
async def get_invite(session: DbSession, account: ApiReader, group_id: uuid.UUID, invite_id: uuid.UUID) -> InviteOut:
    group = await groups.get_group(session, group_id)
    return _invite_out(group.public_id, await service.invite_of_group(session, account, group, invite_id))


@invites_router.post(
    "/{invite_id}/revoke",
    response_model=InviteOut,
    summary="Revoke an invite link: nobody can join with it any more (facilitators)",
)
async def revoke_invite(session: DbSession, account: ApiWriter, group_id: uuid.UUID, invite_id: uuid.UUID) -> InviteOut:
    group = await groups.get_group(session, group_id)
    return _invite_out(group.public_id, await service.revoke_invite(session, account, group, invite_id))


# --- personal invitations (facilitators) ---------------------------------------------------------

invitations_router = APIRouter(prefix="/groups/{group_id}/invitations", tags=["members"])


def invitation_out(row: invitations.InvitationRow) -> InvitationOut:
    invitation = row.invitation
    return InvitationOut(
        id=invitation.public_id,
        name=invitation.name,
        email=invitation.email,
        via=invitation.via.value,
        role=invitation.role,
        status=row.status.value,
        meeting_id=row.meeting.public_id if row.meeting else None,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


@invitations_router.get(
    "",
    response_model=Page[InvitationOut],
    summary="Invitations by email: open ones, then those answered in the last month (facilitators)",
)
async def list_invitations(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[InvitationOut]:
    group = await groups.get_group(session, group_id)
    return Page[InvitationOut](
        items=[invitation_out(row) for row in await invitations.list_invitations(session, account, group)]
    )


@invitations_router.post(
    "",
    response_model=InvitationOut,
    status_code=201,
    summary="Invite someone by email (facilitators); they join when they accept",
    description="The answer is the same whether or not the address has an account, and the "
    "group sees nothing of the person until they accept. Inviting the same address "
    "again renews the invitation with a new link.",
)
async def invite(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: PersonToInvite, response: Response
) -> InvitationOut:
    group = await groups.get_group(session, group_id)
    invitation = await invitations.invite_one(session, account, group, data.email, data.name)
    response.headers["Location"] = links.api("groups", group.public_id, "invitations")
    return invitation_out(invitations.InvitationRow(invitation, invitation.status(invitation.created_at), None))


@invitations_router.delete(
    "/{invitation_id}",
    status_code=204,
    summary="Withdraw an invitation that has not been answered (facilitators)",
    responses=problem_responses(409, s409="The person already accepted."),
)
async def withdraw(session: DbSession, account: ApiWriter, group_id: uuid.UUID, invitation_id: uuid.UUID) -> Response:
    group = await groups.get_group(session, group_id)
    await invitations.withdraw(session, account, group, invitation_id)
    return Response(status_code=204)
