"""Who facilitates a group (administrators decide): an active member becomes one at once; anyone
else is invited to, and becomes one on accepting. Memberships are the members package's to write."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from app import links
from app.accounts import service as accounts
from app.accounts.models import Account
from app.audit import service as audit
from app.errors import Conflict, NotFound
from app.groups.models import Group, JoinedVia, Membership, Role
from app.groups.service import membership_of, require_admin
from app.members.invitations import Invitee, active_member_emails, invite
from app.members.models import GroupInvitation
from app.members.service import add_member
from app.notifications import service as notifications


class AppointmentResult(StrEnum):
    appointed = "appointed"  # an active member, now a facilitator
    invited = "invited"  # anyone else: they become one when they accept


@dataclass
class Appointment:
    result: AppointmentResult
    account: Account | None = None
    invitation: GroupInvitation | None = None


async def appoint_facilitator(
    session: AsyncSession, actor: Account, group: Group, email: str, name: str = ""
) -> Appointment:
    """An active member of the group becomes a facilitator at once, and so does an administrator
    who appoints themself; anyone else is invited to facilitate, and becomes one on accepting."""
    require_admin(actor)
    email = accounts.normalize_email(email)
    if email in await active_member_emails(session, group, [email]):
        account = await accounts.get_by_email(session, email)
        assert account is not None
        membership = await membership_of(session, account, group)
        assert membership is not None
        if membership.role == Role.facilitator:
            message = f"{account.display_name} already facilitates this group."
            raise Conflict(message, field_errors={"email": message})
        membership.role = Role.facilitator
        await session.flush()
        audit.record(session, actor, "group.facilitator_appointed", group_id=group.id, target=email)
        if account.id != actor.id:
            await _tell_the_new_facilitator(session, actor, group, account)
        return Appointment(AppointmentResult.appointed, account=account)
    if email == actor.email:  # appointing oneself is one's own yes
        await add_member(session, group, actor, via=JoinedVia.appointment, role=Role.facilitator)
        audit.record(session, actor, "group.facilitator_appointed", group_id=group.id, target=email)
        return Appointment(AppointmentResult.appointed, account=actor)
    [invitation] = await invite(
        session,
        group,
        [Invitee(email, name or email.split("@")[0])],
        actor=actor,
        via=JoinedVia.appointment,
        role=Role.facilitator,
    )
    audit.record(session, actor, "group.facilitator_invited", group_id=group.id, target=email)
    return Appointment(AppointmentResult.invited, invitation=invitation)


async def _tell_the_new_facilitator(session: AsyncSession, actor: Account, group: Group, account: Account) -> None:
    await notifications.queue_email(
        session,
        to=account.email,
        template="facilitator_appointed",
        context={
            "name": account.display_name,
            "group_name": group.name,
            "appointed_by": actor.display_name,
            "appointed_by_email": actor.email,
            "dashboard_link": links.absolute(links.group(group.slug, "manage")),
        },
    )


async def remove_facilitator(session: AsyncSession, actor: Account, group: Group, membership_id: uuid.UUID) -> Account:
    """Steps a facilitator down to member; they stay in the group."""
    require_admin(actor)
    statement = (
        select(Membership)
        .join(Membership.account)
        .options(contains_eager(Membership.account))
        .where(
            Membership.public_id == membership_id, Membership.group_id == group.id, Membership.role == Role.facilitator
        )
    )
    membership = (await session.execute(statement)).scalar_one_or_none()
    if membership is None:
        raise NotFound("This person is not a facilitator of this group.")
    membership.role = Role.member
    await session.flush()
    audit.record(session, actor, "group.facilitator_removed", group_id=group.id, target=membership.account.email)
    return membership.account


async def remove_facilitator_person(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID
) -> Account:
    """As remove_facilitator, for the person (the API names people, not memberships)."""
    require_admin(actor)
    membership_id = (
        await session.execute(
            select(Membership.public_id)
            .join(Membership.account)
            .where(Membership.group_id == group.id, Account.public_id == person_id)
        )
    ).scalar_one_or_none()
    if membership_id is None:
        raise NotFound("This person is not a facilitator of this group.")
    return await remove_facilitator(session, actor, group, membership_id)
