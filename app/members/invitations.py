"""Personal invitations: how a facilitator brings someone in by email (an import, a walk-in at the
door, an administrator appointing a facilitator), with the person's own yes.

Inviting does the same work and gives the same answer whether or not the address has an account:
the group learns nothing about the person until they accept. Accepting is the only way such a
person becomes a member (through members.service.add_member).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts import service as accounts
from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, Forbidden, Gone, InvalidInput, NotFound
from app.groups.models import Group, JoinedVia, Membership, MembershipStatus, Role
from app.groups.service import facilitators, require_facilitator
from app.meetings import service as meetings
from app.meetings.models import CheckInMethod, Meeting
from app.members.models import GroupInvitation, InvitationStatus
from app.members.schemas import InvitationAnswers
from app.members.service import accepted_agreement_version, add_member, follow_name
from app.notifications import service as notifications
from app.profiles.schemas import ProfileUpdate
from app.profiles.service import find_profile, update_profile
from app.security import hash_password, hash_token, new_token

INVITATION_DAYS = 14
# Answered and lapsed invitations stay on the facilitators' list this long.
ANSWERED_SHOWN_DAYS = 30

GONE = (
    "This invitation is no longer open: it was already answered, withdrawn, or it has expired "
    "(invitations last two weeks). If you would still like to join, ask the facilitator who invited "
    "you for a new one."
)


@dataclass(frozen=True)
class Invitee:
    """Someone to invite, as the facilitator typed them."""

    email: str
    name: str
    # Profile fields from an import, for the person's profile if they have none yet.
    profile: ProfileUpdate | None = None


# --- inviting ------------------------------------------------------------------------------------


async def _inviter_name(session: AsyncSession, group: Group, actor: Account | None) -> str:
    if actor is not None:
        return actor.display_name
    names = [membership.account.display_name for membership in await facilitators(session, group)]
    if not names:
        return f"The facilitators of {group.name}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def invitation_link(token: str) -> str:
    return links.absolute(links.invitation(token))


async def invite(
    session: AsyncSession,
    group: Group,
    people: list[Invitee],
    *,
    actor: Account | None,
    via: JoinedVia,
    role: Role = Role.member,
    meeting: Meeting | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[GroupInvitation]:
    """Invites each person (callers check who may). An earlier invitation of the same address to this
    group is renewed with a new link. One email each, the same for every address: nothing here reads
    accounts, so neither the answer nor its timing says who has one."""
    now = utcnow()
    emails = [accounts.normalize_email(person.email) for person in people]
    existing = (
        {
            invitation.email: invitation
            for invitation in (
                await session.execute(
                    select(GroupInvitation).where(
                        GroupInvitation.group_id == group.id, GroupInvitation.email.in_(emails)
                    )
                )
            ).scalars()
        }
        if emails
        else {}
    )
    inviter = await _inviter_name(session, group, actor)
    invitations, messages = [], []
    for person, email in zip(people, emails, strict=True):
        token = new_token()
        invitation = existing.get(email) or GroupInvitation(group_id=group.id, email=email)
        invitation.name = person.name
        invitation.via, invitation.role = via, role
        invitation.meeting_id = meeting.id if meeting else None
        invitation.profile = person.profile.model_dump(mode="json", exclude_unset=True) if person.profile else None
        invitation.token_hash = hash_token(token)
        invitation.invited_by_account_id = actor.id if actor else None
        invitation.created_at, invitation.expires_at = now, now + timedelta(days=INVITATION_DAYS)
        invitation.accepted_at = invitation.declined_at = invitation.withdrawn_at = None
        invitation.account_id = None
        if email not in existing:
            session.add(invitation)
        invitations.append(invitation)
        messages.append(
            (
                email,
                "group_invitation",
                {
                    "name": person.name,
                    "group_name": group.name,
                    "group_description": group.description,
                    "inviter": inviter,
                    "via": via.value,
                    "role": role.value,
                    "link": invitation_link(token),
                    "meeting_title": meeting.title if meeting else "",
                    "days": INVITATION_DAYS,
                },
            )
        )
    await session.flush()
    await notifications.queue_emails(session, messages, progress)
    return invitations


async def open_invitations_by_email(
    session: AsyncSession, group: Group, emails: list[str]
) -> dict[str, GroupInvitation]:
    """This group's own invitations of these addresses (for the import preview)."""
    if not emails:
        return {}
    statement = select(GroupInvitation).where(GroupInvitation.group_id == group.id, GroupInvitation.email.in_(emails))
    return {invitation.email: invitation for invitation in (await session.execute(statement)).scalars()}


async def active_member_emails(session: AsyncSession, group: Group, emails: list[str]) -> set[str]:
    """Which of these addresses belong to the group's active members (whom its facilitators see
    anyway); says nothing about anyone else."""
    if not emails:
        return set()
    statement = (
        select(Account.email)
        .join(Membership, Membership.account_id == Account.id)
        .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active, Account.email.in_(emails))
    )
    return set((await session.execute(statement)).scalars())


# --- facilitators' view ---------------------------------------------------------------------------


@dataclass
class InvitationRow:
    invitation: GroupInvitation
    status: InvitationStatus
    meeting: Meeting | None


async def list_invitations(session: AsyncSession, actor: Account, group: Group) -> list[InvitationRow]:
    """Open invitations (newest first), then those answered or lapsed in the last month."""
    await require_facilitator(session, actor, group)
    now = utcnow()
    recent = now - timedelta(days=ANSWERED_SHOWN_DAYS)
    statement = (
        select(GroupInvitation, Meeting)
        .outerjoin(Meeting, Meeting.id == GroupInvitation.meeting_id)
        .where(
            GroupInvitation.group_id == group.id, GroupInvitation.created_at >= recent - timedelta(days=INVITATION_DAYS)
        )
        .order_by(GroupInvitation.created_at.desc(), GroupInvitation.id.desc())
    )
    rows = [
        InvitationRow(invitation, invitation.status(now), meeting)
        for invitation, meeting in (await session.execute(statement)).all()
    ]
    waiting = [row for row in rows if row.status == InvitationStatus.waiting]
    answered = [row for row in rows if row.status != InvitationStatus.waiting and _settled_at(row.invitation) >= recent]
    return waiting + answered


def _settled_at(invitation: GroupInvitation) -> Any:
    return invitation.accepted_at or invitation.declined_at or invitation.withdrawn_at or invitation.expires_at


async def invitation_of_group(
    session: AsyncSession, actor: Account, group: Group, invitation_id: uuid.UUID
) -> GroupInvitation:
    await require_facilitator(session, actor, group)
    invitation = (
        await session.execute(
            select(GroupInvitation).where(
                GroupInvitation.public_id == invitation_id, GroupInvitation.group_id == group.id
            )
        )
    ).scalar_one_or_none()
    if invitation is None:
        raise NotFound("There is no such invitation in this group.")
    return invitation


async def withdraw(session: AsyncSession, actor: Account, group: Group, invitation_id: uuid.UUID) -> GroupInvitation:
    """Takes back an invitation that has not been answered; its link stops working."""
    invitation = await invitation_of_group(session, actor, group, invitation_id)
    status = invitation.status(utcnow())
    if status == InvitationStatus.accepted:
        raise Conflict(f"{invitation.name} already accepted and is a member now.")
    if status == InvitationStatus.waiting:
        invitation.withdrawn_at = utcnow()
        audit.record(session, actor, "invitation.withdrawn", group_id=group.id, target=invitation.email)
        await session.flush()
    return invitation


async def invite_one(session: AsyncSession, actor: Account, group: Group, email: str, name: str) -> GroupInvitation:
    """A facilitator invites one person by email."""
    await require_facilitator(session, actor, group)
    [invitation] = await invite(session, group, [Invitee(email, name)], actor=actor, via=JoinedVia.import_)
    audit.record(session, actor, "invitation.sent", group_id=group.id, target=invitation.email)
    return invitation


# --- the invited person's side -------------------------------------------------------------------


class Answerer(StrEnum):
    """Who is looking at an invitation, and so what the page asks of them."""

    invitee = "invitee"  # signed in with the invited address: one click to accept
    someone_else = "someone_else"  # signed in with another account
    account_holder = "account_holder"  # not signed in; the address has an account: sign in first
    newcomer = "newcomer"  # not signed in; no account (or one never opened): choose a password


@dataclass
class OpenInvitation:
    invitation: GroupInvitation
    group: Group
    inviter_name: str
    answerer: Answerer
    meeting: Meeting | None


async def _usable(session: AsyncSession, token: str) -> tuple[GroupInvitation, Group]:
    row = (
        await session.execute(
            select(GroupInvitation, Group)
            .join(Group, Group.id == GroupInvitation.group_id)
            .where(GroupInvitation.token_hash == hash_token(token))
        )
    ).one_or_none()
    if row is None or row[0].status(utcnow()) != InvitationStatus.waiting:
        raise Gone(GONE)
    return row[0], row[1]


async def open_invitation(session: AsyncSession, token: str, viewer: Account | None) -> OpenInvitation:
    """The invitation behind an emailed link, for the person who holds it. Whether the address has
    an account shows only here, to whoever reads that mailbox."""
    invitation, group = await _usable(session, token)
    inviter = await session.get(Account, invitation.invited_by_account_id) if invitation.invited_by_account_id else None
    meeting = await session.get(Meeting, invitation.meeting_id) if invitation.meeting_id else None
    if viewer is not None:
        answerer = Answerer.invitee if viewer.email == invitation.email else Answerer.someone_else
    else:
        holder = await accounts.get_by_email(session, invitation.email)
        has_password = holder is not None and holder.password_hash is not None and holder.deleted_at is None
        answerer = Answerer.account_holder if has_password else Answerer.newcomer
    return OpenInvitation(
        invitation, group, inviter.display_name if inviter else f"The facilitators of {group.name}", answerer, meeting
    )


@dataclass
class Accepted:
    group: Group
    account: Account
    # A new sign-in, when accepting also created the account or chose its password.
    session_token: str | None
    profile_prefilled: bool


async def accept(
    session: AsyncSession,
    token: str,
    viewer: Account | None,
    answers: InvitationAnswers,
    user_agent: str = "",
    *,
    session_days: int,
) -> Accepted:
    """The person says yes: they join the group (as facilitator, when that was the invitation), a
    walk-in counts as at the meeting they came to, and a newcomer's account is made with the
    password they chose (the emailed link proved the address)."""
    opened = await check_answers(session, token, viewer, answers)
    invitation, group = opened.invitation, opened.group
    agreement_version = accepted_agreement_version(group, answers.agree, answers.agreement_version)
    session_token = None
    if viewer is not None:
        account = viewer
    else:
        account = await _newcomer_account(session, invitation, answers)
        session_token = await accounts.start_session(session, account, user_agent, days=session_days)
    prefilled = False
    if invitation.profile and await find_profile(session, account) is None:
        await update_profile(session, account, ProfileUpdate.model_validate(invitation.profile))
        prefilled = True
    await add_member(
        session, group, account, via=invitation.via, role=invitation.role, agreement_version=agreement_version
    )
    if opened.meeting is not None:
        await meetings.record_arrival(
            session, opened.meeting, group, account, CheckInMethod.walk_in, at=invitation.created_at
        )
    invitation.accepted_at, invitation.account_id = utcnow(), account.id
    await session.flush()
    return Accepted(group, account, session_token, prefilled)


async def check_answers(
    session: AsyncSession, token: str, viewer: Account | None, answers: InvitationAnswers
) -> OpenInvitation:
    """The open invitation, if these answers may accept it: the invited person signed in, or a
    newcomer who chose a password."""
    opened = await open_invitation(session, token, viewer)
    if opened.answerer == Answerer.someone_else:
        raise Forbidden("This invitation was sent to another email address. Sign out, then open the link again.")
    if opened.answerer == Answerer.account_holder:
        raise Forbidden("You already have an account with this email address: please sign in to accept.")
    if opened.answerer == Answerer.newcomer and not answers.password:
        raise InvalidInput("Please choose a password.", field_errors={"password": "Please choose a password."})
    return opened


async def _newcomer_account(session: AsyncSession, invitation: GroupInvitation, answers: InvitationAnswers) -> Account:
    """A new account for the invited address, or a password for one that never had it (people
    imported before invitations asked first)."""
    account = await accounts.get_by_email(session, invitation.email)
    name = answers.display_name or invitation.name
    if account is None:
        return await accounts.create_account(
            session, email=invitation.email, display_name=name, password=answers.password, verified=True
        )
    now = utcnow()
    account.display_name = name
    account.password_hash, account.password_changed_at = hash_password(answers.password), now
    account.email_verified_at = account.email_verified_at or now
    await session.flush()
    await follow_name(session, account)
    return account


async def decline(session: AsyncSession, token: str) -> Group:
    """The person says no thanks; the facilitators see "declined", and nothing else happens."""
    invitation, group = await _usable(session, token)
    invitation.declined_at = utcnow()
    await session.flush()
    return group


# --- walk-ins at the door -------------------------------------------------------------------------


@dataclass
class WalkIn:
    # Someone already in the group: checked in.
    checked_in: Account | None = None
    # Anyone else: a guest of this meeting, invited to join.
    invitation: GroupInvitation | None = None


async def walk_in(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, name: str, email: str) -> WalkIn:
    """Someone at the door who is not on the list, while check-in is open. A member of this group
    is checked in; anyone else is this meeting's guest and gets an invitation to join, which they
    can accept right away on their phone. The same answer for every address outside the group."""
    meeting, group = await meetings.meeting_for_facilitator(session, actor, meeting_id)
    meetings.require_check_in_open(meeting, group)
    email = accounts.normalize_email(email)
    if email in await active_member_emails(session, group, [email]):
        person = await accounts.get_by_email(session, email)
        assert person is not None
        await meetings.record_arrival(session, meeting, group, person, CheckInMethod.walk_in, actor=actor)
        return WalkIn(checked_in=person)
    [invitation] = await invite(
        session, group, [Invitee(email, name)], actor=actor, via=JoinedVia.walk_in, meeting=meeting
    )
    audit.record(session, actor, "meeting.walk_in", group_id=group.id, target=str(meeting.public_id))
    return WalkIn(invitation=invitation)


async def guests_of(session: AsyncSession, meeting: Meeting) -> list[InvitationRow]:
    """Walk-ins of this meeting who have not joined (yet): what the facilitator typed, and the answer."""
    now = utcnow()
    statement = (
        select(GroupInvitation)
        .where(GroupInvitation.meeting_id == meeting.id, GroupInvitation.accepted_at.is_(None))
        .order_by(GroupInvitation.created_at, GroupInvitation.id)
    )
    return [
        InvitationRow(invitation, invitation.status(now), meeting)
        for invitation in (await session.execute(statement)).scalars()
    ]
