"""Declining a request to join: one facilitator's decision, which the person hears about only after
a few minutes, so that a click on the wrong button can be taken back before anyone is told."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, NotFound
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import require_facilitator
from app.members.schemas import Decision
from app.members.service import pending_request
from app.notifications import service as notifications
from app.wording import possessive

UNDO_MINUTES = 5


@dataclass
class Declined:
    membership: Membership
    # The email that tells the person, held back in the outbox until `send_at`.
    message_id: uuid.UUID
    send_at: datetime


def _about(membership: Membership) -> str:
    """What the decline email is about, written on it so that undoing finds the right one."""
    return f"join_declined:{membership.public_id}"


async def request_to_decline(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID) -> Membership:
    """The waiting request a facilitator is about to decline, for the page that asks them to confirm."""
    await require_facilitator(session, actor, group)
    return await pending_request(session, group, person_id)


async def decline(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, decision: Decision
) -> Declined:
    """Declines the request at once; the email telling the person waits UNDO_MINUTES in the outbox."""
    await require_facilitator(session, actor, group)
    membership = await pending_request(session, group, person_id)
    now = utcnow()
    membership.status = MembershipStatus.declined
    membership.decided_at, membership.decided_by_account_id = now, actor.id
    membership.decision_note = decision.note
    await session.flush()
    message = await notifications.queue_email(
        session,
        to=membership.account.email,
        template="join_declined",
        context={
            "name": membership.account.display_name,
            "group": group.name,
            "groups_link": links.absolute(links.home()),
        },
        send_after=now + timedelta(minutes=UNDO_MINUTES),
        about=_about(membership),
    )
    audit.record(
        session, actor, "member.declined", group_id=group.id, target=str(person_id), email=str(message.public_id)
    )
    return Declined(membership, message.public_id, message.available_at)


async def _declined_membership(session: AsyncSession, group: Group, person_id: uuid.UUID) -> Membership | None:
    statement = (
        select(Membership)
        .join(Membership.account)
        .options(contains_eager(Membership.account))
        .where(Membership.group_id == group.id, Account.public_id == person_id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def held_decline(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, message_id: uuid.UUID
) -> Declined | None:
    """A decline whose email has not gone yet, so it can still be undone; None once it cannot."""
    await require_facilitator(session, actor, group)
    membership = await _declined_membership(session, group, person_id)
    if membership is None or membership.status != MembershipStatus.declined:
        return None
    message = await notifications.unsent_email(session, message_id, _about(membership))
    if message is None:
        return None
    return Declined(membership, message.public_id, message.available_at)


async def undo_decline(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, message_id: uuid.UUID
) -> Membership:
    """Puts a declined request back in the queue, if the email telling the person has not gone."""
    await require_facilitator(session, actor, group)
    membership = await _declined_membership(session, group, person_id)
    if membership is None:
        raise NotFound("This person has not asked to join this group.")
    name = membership.account.display_name
    if membership.status == MembershipStatus.pending:
        raise Conflict(f"{possessive(name)} request is already back in your queue, waiting for a decision.")
    if membership.status != MembershipStatus.declined:
        raise Conflict(f"{possessive(name)} request is no longer declined, so there is nothing to undo.")
    if not await notifications.cancel_unsent(session, message_id, _about(membership)):
        raise Conflict(
            f"The {UNDO_MINUTES} minutes to undo have passed and our email to {name} has gone (or is on its "
            "way), so this decline can't be undone. If it was a mistake, you could send them an invite link: "
            "with it they can join even after a decline."
        )
    membership.status = MembershipStatus.pending
    membership.decided_at, membership.decided_by_account_id = None, None
    membership.decision_note = ""
    await session.flush()
    audit.record(session, actor, "member.decline_undone", group_id=group.id, target=str(person_id))
    return membership
