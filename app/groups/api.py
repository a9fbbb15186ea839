from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from app import links
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.errors import problem_responses
from app.groups import service
from app.groups.models import Membership
from app.groups.schemas import FacilitatorAppointment, FacilitatorOut, GroupCreate, GroupOut, GroupUpdate
from app.members import facilitators, invitations
from app.members.api import invitation_out
from app.members.schemas import AppointmentOut
from app.pagination import Page, Pages

router = APIRouter(prefix="/groups", tags=["groups"])


@router.get(
    "",
    response_model=Page[GroupOut],
    summary="List groups, by name",
    description="Administrators see every group; anyone else sees the groups the home page lists: "
    "those marked open (`listed`) that have an active facilitator.",
)
async def list_groups(session: DbSession, account: ApiReader, pages: Pages) -> Page[GroupOut]:
    result = await service.list_groups(session, pages.params, public_only=not account.is_admin)
    return pages.page([GroupOut.model_validate(g) for g in result.items], result.next_cursor)


@router.get("/{group_id}", response_model=GroupOut, summary="One group")
async def get_group(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> GroupOut:
    return GroupOut.model_validate(await service.get_group(session, group_id))


@router.post("", response_model=GroupOut, status_code=201, summary="Create a group (administrators)")
async def create_group(session: DbSession, account: ApiWriter, data: GroupCreate, response: Response) -> GroupOut:
    group = await service.create_group(session, account, data)
    response.headers["Location"] = links.api("groups", group.public_id)
    return GroupOut.model_validate(group)


@router.patch(
    "/{group_id}",
    response_model=GroupOut,
    summary="Change a group (administrators)",
    responses=problem_responses(409, s409="Another group has this slug."),
)
async def update_group(session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: GroupUpdate) -> GroupOut:
    group = await service.get_group(session, group_id)
    return GroupOut.model_validate(await service.update_group(session, account, group, data))


# --- facilitators (administrators) ---------------------------------------------------------------


def _facilitator_out(membership: Membership) -> FacilitatorOut:
    return FacilitatorOut(
        person_id=membership.account.public_id,
        name=membership.account.display_name,
        email=membership.account.email,
        since=membership.joined_at,
    )


@router.get(
    "/{group_id}/facilitators",
    response_model=Page[FacilitatorOut],
    summary="The group's facilitators, by name (administrators)",
)
async def list_facilitators(session: DbSession, account: ApiReader, group_id: uuid.UUID) -> Page[FacilitatorOut]:
    service.require_admin(account)
    group = await service.get_group(session, group_id)
    return Page[FacilitatorOut](items=[_facilitator_out(m) for m in await service.facilitators(session, group)])


@router.post(
    "/{group_id}/facilitators",
    response_model=AppointmentOut,
    status_code=201,
    summary="Appoint a facilitator by email (administrators)",
    description="An active member of the group becomes a facilitator at once (`appointed`). Anyone else "
    "is emailed an invitation to facilitate and becomes one on accepting (`invited`): "
    "nobody joins a group without their own yes.",
    responses=problem_responses(409, s409="They already facilitate this group."),
)
async def appoint_facilitator(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: FacilitatorAppointment
) -> AppointmentOut:
    group = await service.get_group(session, group_id)
    appointment = await facilitators.appoint_facilitator(session, account, group, data.email, data.name)
    if appointment.invitation is not None:
        invitation = appointment.invitation
        row = invitations.InvitationRow(invitation, invitation.status(invitation.created_at), None)
        return AppointmentOut(outcome="invited", invitation=invitation_out(row))
    appointed = appointment.account
    assert appointed is not None  # not invited, so appointed at once
    return AppointmentOut(
        outcome="appointed",
        facilitator=_facilitator_out(
            next(m for m in await service.facilitators(session, group) if m.account_id == appointed.id)
        ),
    )


@router.delete(
    "/{group_id}/facilitators/{person_id}",
    status_code=204,
    summary="Step a facilitator down to member (administrators); they stay in the group",
)
async def remove_facilitator(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, person_id: uuid.UUID
) -> Response:
    group = await service.get_group(session, group_id)
    await facilitators.remove_facilitator_person(session, account, group, person_id)
    return Response(status_code=204)
