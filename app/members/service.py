"""Joining a group: sign-up, email verification, approval, invite links, the welcome."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from app import links
from app.accounts import service as accounts
from app.accounts.models import Account, TokenPurpose
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyRequests
from app.groups.models import (
    Group,
    GroupInvite,
    JoinedVia,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Role,
    name_sort_key,
)
from app.groups.service import facilitators, membership_of, require_active_member, require_facilitator
from app.members.schemas import Decision, InviteCreate, JoinAnswers, JoinWithAccount
from app.notifications import service as notifications
from app.profiles.schemas import ProfileUpdate
from app.profiles.service import profile_for, update_profile
from app.ratelimit import count_recent, record_hit
from app.security import hash_password, hash_token, new_token
from app.webhooks import events as webhooks
from app.wording import possessive

VERIFY_HOURS = 48
# Sign-ups from one network address: generous, because a library's or a church hall's Wi-Fi is
# one address for a whole room on meeting night. An invite link skips this count.
SIGNUPS_PER_ADDRESS_PER_HOUR = 60
SIGNUPS_PER_ADDRESS_PER_DAY = 300
# Sign-ups (and requests to join) per email address: strict, since each sends that address an email.
SIGNUPS_PER_EMAIL_PER_HOUR = 3
RESENDS_PER_HOUR = 3

BUSY_NETWORK = (
    "Many people have signed up from this network recently, more than we accept from one place, so we "
    "could not sign you up just now. If you are at a meeting, ask a facilitator for the group's invite "
    "link, or to add you as a walk-in; otherwise, please try again in an hour."
)
BUSY_EMAIL = (
    "We have already sent several emails to this address in the last hour. Please look for them "
    "(in your spam folder too) before trying again, or try again in an hour."
)
BUSY_MEMBER = "You have asked to join groups several times in the last hour. Please try again in an hour."
AGREEMENT_NOT_ACCEPTED = "Please read the group agreement and tick the box to accept it."
AGREEMENT_CHANGED = (
    "The facilitators changed the group agreement while you were reading it. Please read it again "
    "here, and tick the box if you accept it."
)


class JoinResult(StrEnum):
    check_inbox = "check_inbox"  # also the answer for a known email: nobody learns who has an account
    joined = "joined"
    waiting_for_approval = "waiting_for_approval"
    already_member = "already_member"


@dataclass
class JoinOutcome:
    result: JoinResult
    group: Group
    email: str = ""


# --- joining ------------------------------------------------------------------------------------


async def invite_for(session: AsyncSession, token: str) -> GroupInvite:
    """A usable invite link, or a clear reason why it is not."""
    invite = (
        await session.execute(select(GroupInvite).where(GroupInvite.token_hash == hash_token(token)))
    ).scalar_one_or_none()
    if invite is None or invite.revoked_at is not None:
        raise NotFound("This invite link is not valid any more. Ask the facilitator who sent it for a new one.")
    if invite.expires_at is not None and invite.expires_at <= utcnow():
        raise NotFound("This invite link has expired. Ask the facilitator who sent it for a new one.")
    return invite


async def check_may_join(session: AsyncSession, group: Group, invite_token: str) -> GroupInvite | None:
    invite = await invite_for(session, invite_token) if invite_token else None
    if invite is not None and invite.group_id != group.id:
        raise NotFound("This invite link is for another group.")
    if group.join_policy == JoinPolicy.invite and invite is None:
        raise Forbidden(
            "This group welcomes new members by invitation only. Ask one of its facilitators for an invite link."
        )
    return invite


def accepted_agreement_version(group: Group, agree: bool, version_read: str) -> str:
    """The version of the group agreement the person accepts, or why they have not: the box was
    left unticked, or the text changed since the page showing it was opened (`version_read`, which
    the form carries; empty from a client that did not show it, which accepts the text as it is)."""
    if not agree:
        raise InvalidInput(AGREEMENT_NOT_ACCEPTED, field_errors={"agree": AGREEMENT_NOT_ACCEPTED})
    if version_read and version_read != group.agreement_version:
        raise InvalidInput(AGREEMENT_CHANGED, field_errors={"agree": AGREEMENT_CHANGED})
    return group.agreement_version


async def _rate_limit(
    session: AsyncSession, *, client_ip: str, email: str, signed_in: bool, invite: GroupInvite | None
) -> None:
    """Per email address, strictly; per network address, generously, and only for visitors signing
    up without an invite link (someone signed in is counted by their own address)."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    limits = [(f"signup:email:{email}", hour, SIGNUPS_PER_EMAIL_PER_HOUR, BUSY_MEMBER if signed_in else BUSY_EMAIL)]
    if not signed_in and invite is None:
        address = f"signup:ip:{client_ip}"
        limits += [(address, hour, SIGNUPS_PER_ADDRESS_PER_HOUR, BUSY_NETWORK)]
        limits += [(address, day, SIGNUPS_PER_ADDRESS_PER_DAY, BUSY_NETWORK)]
    for key, window, limit, message in limits:
        if await count_recent(session, key, window) >= limit:
            raise TooManyRequests(message, headers={"Retry-After": str(int(hour.total_seconds()))})
    for key in dict.fromkeys(key for key, *_ in limits):
        record_hit(session, key)


async def join(
    session: AsyncSession, group: Group, answers: JoinAnswers, *, actor: Account | None, client_ip: str
) -> JoinOutcome:
    """A signed-in person asks to join, or a visitor signs up (then `answers` is a JoinWithAccount)."""
    invite = await check_may_join(session, group, answers.invite)
    email = answers.email if isinstance(answers, JoinWithAccount) else None
    if answers.website:  # the honeypot: answer as if all went well, do nothing
        return JoinOutcome(JoinResult.check_inbox, group, email or "")
    agreement_version = accepted_agreement_version(group, answers.agree, answers.agreement_version)
    await _rate_limit(
        session,
        client_ip=client_ip,
        email=actor.email if actor is not None else email or "",
        signed_in=actor is not None,
        invite=invite,
    )

    if actor is not None:
        return await _join_as(session, group, actor, answers, invite, agreement_version)
    assert isinstance(answers, JoinWithAccount)
    existing = await accounts.get_by_email(session, answers.email)
    if existing is not None:
        # Same answer as for a new address, after the same work: a new account's password hash is
        # most of a sign-up's time, so one is computed (and thrown away) here too. The owner
        # learns by email how to join.
        hash_password(answers.password)
        await notifications.queue_email(
            session,
            to=existing.email,
            template="join_existing_account",
            context={
                "name": existing.display_name,
                "group": group.name,
                "link": links.absolute(links.group(group.slug, "join")),
            },
        )
        return JoinOutcome(JoinResult.check_inbox, group, answers.email)

    account = await accounts.create_account(
        session, email=answers.email, display_name=answers.display_name, password=answers.password, verified=False
    )
    await _save_answers(session, account, answers)
    session.add(_new_membership(group, account, invite, agreement_version))
    await _count_invite_use(invite)
    await send_verification(session, account, group)
    return JoinOutcome(JoinResult.check_inbox, group, account.email)


async def rename(session: AsyncSession, account: Account, display_name: str) -> Account:
    """The person's new name, and the directory's order with it in every group they are in."""
    await accounts.update_account(session, account, display_name)
    await follow_name(session, account)
    return account


async def follow_name(session: AsyncSession, account: Account) -> None:
    """Every membership of the account sorted by its name as it is now: called wherever an
    account's display name changes (a rename, a newcomer naming themself, an account deleted)."""
    await session.execute(
        update(Membership)
        .where(Membership.account_id == account.id)
        .values(sort_key=name_sort_key(account.display_name))
        .execution_options(synchronize_session=False)
    )


def _new_membership(group: Group, account: Account, invite: GroupInvite | None, agreement_version: str) -> Membership:
    return Membership(
        group_id=group.id,
        account_id=account.id,
        role=Role.member,
        status=MembershipStatus.pending,
        joined_via=JoinedVia.invite_link if invite else JoinedVia.signup,
        invite_id=invite.id if invite else None,
        agreement_accepted_at=utcnow(),
        agreement_version=agreement_version,
        sort_key=name_sort_key(account.display_name),
    )


async def _count_invite_use(invite: GroupInvite | None) -> None:
    if invite is not None:
        invite.uses += 1


async def _save_answers(session: AsyncSession, account: Account, answers: JoinAnswers) -> None:
    profile = await profile_for(session, account)
    changes: dict[str, object] = {}
    if answers.stage != profile.stage:
        changes["stage"] = answers.stage
    for name in ("looking_for", "can_help_with"):
        value = getattr(answers, name)
        if value:
            changes[name] = value
    if changes:
        await update_profile(session, account, ProfileUpdate.model_validate(changes))


async def _join_as(
    session: AsyncSession,
    group: Group,
    account: Account,
    answers: JoinAnswers,
    invite: GroupInvite | None,
    agreement_version: str,
) -> JoinOutcome:
    membership = await membership_of(session, account, group)
    if membership is not None:
        if membership.status == MembershipStatus.active:
            return JoinOutcome(JoinResult.already_member, group)
        if membership.status == MembershipStatus.pending:
            return JoinOutcome(JoinResult.waiting_for_approval, group)
        if membership.status == MembershipStatus.declined and invite is None:
            raise Conflict(
                "A facilitator already answered your request to join this group. "
                "If you think that was a mistake, write to one of them."
            )
        membership.status = MembershipStatus.pending
        membership.agreement_accepted_at, membership.agreement_version = utcnow(), agreement_version
        membership.invite_id = invite.id if invite else membership.invite_id
    else:
        membership = _new_membership(group, account, invite, agreement_version)
        session.add(membership)
    await _count_invite_use(invite)
    await _save_answers(session, account, answers)
    await session.flush()
    return await _after_verified(session, account, membership, group)


async def _after_verified(session: AsyncSession, account: Account, membership: Membership, group: Group) -> JoinOutcome:
    """A verified person's pending membership: active at once, or in the facilitators' queue."""
    if group.join_policy == JoinPolicy.approval and membership.invite_id is None:
        await _tell_facilitators(session, group, account)
        await _joined(session, group, account, membership)
        return JoinOutcome(JoinResult.waiting_for_approval, group)
    await _activate(session, account, membership, group)
    await _joined(session, group, account, membership)
    return JoinOutcome(JoinResult.joined, group)


async def add_member(
    session: AsyncSession,
    group: Group,
    account: Account,
    *,
    via: JoinedVia,
    role: Role = Role.member,
    agreement_version: str | None = None,
) -> Membership:
    """The person joins the group as an active member, having said yes themself (they accepted an
    invitation, and with it the agreement whose version is given; an administrator appointing
    themself was shown none). Someone already in the group keeps the higher of the two roles.
    Emits member.joined and welcomes them."""
    membership = await membership_of(session, account, group)
    if membership is None:
        membership = Membership(
            group_id=group.id, account_id=account.id, role=role, sort_key=name_sort_key(account.display_name)
        )
        session.add(membership)
    elif role == Role.facilitator:
        membership.role = Role.facilitator
    membership.joined_via = via
    if agreement_version is not None:
        membership.agreement_accepted_at, membership.agreement_version = utcnow(), agreement_version
    if membership.status != MembershipStatus.active:
        await _activate(session, account, membership, group)
        await _joined(session, group, account, membership)
    await session.flush()
    return membership


async def pause_introductions(session: AsyncSession, account: Account, group: Group, paused: bool) -> Membership:
    """The member's own choice to get no new introductions in the group for now (or to resume)."""
    membership = await require_active_member(session, account, group)
    if paused and membership.introductions_paused_at is None:
        membership.introductions_paused_at = utcnow()
    elif not paused:
        membership.introductions_paused_at = None
    await session.flush()
    return membership


async def leave_every_group(session: AsyncSession, account: Account) -> None:
    """Someone deletes their account: their memberships stay, as `left`, so a group's history still
    adds up; the private note said something about the person and goes."""
    await session.execute(
        update(Membership)
        .where(Membership.account_id == account.id)
        .values(status=MembershipStatus.left, decision_note="")
    )


async def _joined(session: AsyncSession, group: Group, account: Account, membership: Membership) -> None:
    """Every way in ends here: `member.joined` (active, or pending for approval) and the audit record.
    Being invited is not joining; accepting is."""
    await webhooks.emit(session, group, "member.joined", webhooks.member(account, membership.status))
    audit.record(
        session,
        account,
        "member.joined",
        group_id=group.id,
        target=str(account.public_id),
        via=membership.joined_via.value,
        status=membership.status.value,
    )


async def _activate(session: AsyncSession, account: Account, membership: Membership, group: Group) -> None:
    membership.status = MembershipStatus.active
    membership.joined_at = utcnow()
    await session.flush()
    await notifications.queue_email(
        session,
        to=account.email,
        template="welcome",
        context={
            "name": account.display_name,
            "group": group,
            "welcome_link": links.absolute(links.group(group.slug, "welcome")),
            "profile_link": links.absolute(links.profile()),
        },
    )


async def _tell_facilitators(session: AsyncSession, group: Group, newcomer: Account) -> None:
    link = links.absolute(links.group(group.slug, "manage", "requests"))
    for membership in await facilitators(session, group):
        await notifications.queue_email(
            session,
            to=membership.account.email,
            template="join_request",
            context={
                "name": membership.account.display_name,
                "newcomer": newcomer.display_name,
                "group": group.name,
                "link": link,
            },
        )


# --- email verification -----------------------------------------------------------------------


async def send_verification(session: AsyncSession, account: Account, group: Group | None = None) -> None:
    token = accounts.issue_token(session, account, TokenPurpose.verify_email, timedelta(hours=VERIFY_HOURS))
    await notifications.queue_email(
        session,
        to=account.email,
        template="verify_email",
        context={
            "name": account.display_name,
            "group": group.name if group else None,
            "hours": VERIFY_HOURS,
            "link": links.absolute(links.verify_email(token)),
        },
    )


async def resend_verification(session: AsyncSession, email: str) -> None:
    """Sends a new link when the account exists and is unverified; says nothing either way."""
    email = accounts.normalize_email(email)
    key = f"verify-resend:{email}"
    if await count_recent(session, key, timedelta(hours=1)) >= RESENDS_PER_HOUR:
        return
    record_hit(session, key)
    account = await accounts.get_by_email(session, email)
    if account is not None and account.email_verified_at is None and account.password_hash is not None:
        await send_verification(session, account)


EXPIRED_VERIFICATION = (
    "This confirmation link has expired or was already used. "
    "Sign in to ask for a new one, or use “Forgot your password?”."
)


@dataclass
class Verified:
    account: Account
    outcome: JoinOutcome | None


async def verify_email(session: AsyncSession, token: str) -> Verified:
    record = await accounts.usable_token(session, token, TokenPurpose.verify_email)
    if record is None:
        raise InvalidInput(EXPIRED_VERIFICATION)
    account = await session.get_one(Account, record.account_id)
    account.email_verified_at = account.email_verified_at or utcnow()
    await accounts.use_up_tokens(session, account, TokenPurpose.verify_email)
    outcome = None
    statement = (
        select(Membership, Group)
        .join(Group, Group.id == Membership.group_id)
        .where(Membership.account_id == account.id, Membership.status == MembershipStatus.pending)
        .order_by(Membership.created_at.desc())
    )
    for membership, group in (await session.execute(statement)).all():
        result = await _after_verified(session, account, membership, group)
        outcome = outcome or result
    return Verified(account, outcome)


# --- the facilitators' queue ------------------------------------------------------------------


@dataclass
class JoinRequest:
    membership: Membership
    account: Account
    looking_for: str
    can_help_with: str
    stage: str


async def join_requests(session: AsyncSession, actor: Account, group: Group) -> tuple[list[JoinRequest], int]:
    """Verified people waiting for a decision (oldest first), and how many have not verified yet."""
    await require_facilitator(session, actor, group)
    from app.profiles.models import Profile

    statement = (
        select(Membership, Account, Profile)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(
            Membership.group_id == group.id,
            Membership.status == MembershipStatus.pending,
            Account.email_verified_at.is_not(None),
        )
        .order_by(Membership.created_at, Membership.id)
    )
    requests = [
        JoinRequest(
            membership,
            account,
            profile.looking_for if profile else "",
            profile.can_help_with if profile else "",
            profile.stage.value if profile else "",
        )
        for membership, account, profile in (await session.execute(statement)).all()
    ]
    unverified = (
        await session.execute(
            select(func.count())
            .select_from(Membership)
            .join(Account, Account.id == Membership.account_id)
            .where(
                Membership.group_id == group.id,
                Membership.status == MembershipStatus.pending,
                Account.email_verified_at.is_(None),
            )
        )
    ).scalar_one()
    return requests, unverified


async def pending_request(session: AsyncSession, group: Group, person_id: uuid.UUID) -> Membership:
    """A verified person's request to join, still waiting for a facilitator's decision."""
    statement = (
        select(Membership)
        .join(Membership.account)
        .options(contains_eager(Membership.account))
        .where(Membership.group_id == group.id, Account.public_id == person_id)
    )
    membership = (await session.execute(statement)).scalar_one_or_none()
    if membership is None:
        raise NotFound("This person has not asked to join this group.")
    if membership.status != MembershipStatus.pending or membership.account.email_verified_at is None:
        raise Conflict(
            f"{possessive(membership.account.display_name)} request was already answered "
            "or is still waiting for them to confirm their email."
        )
    return membership


async def approve(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, decision: Decision
) -> Membership:
    await require_facilitator(session, actor, group)
    membership = await pending_request(session, group, person_id)
    membership.decided_at, membership.decided_by_account_id = utcnow(), actor.id
    membership.decision_note = decision.note
    await _activate(session, membership.account, membership, group)
    await webhooks.emit(session, group, "member.approved", webhooks.member(membership.account, membership.status))
    audit.record(session, actor, "member.approved", group_id=group.id, target=str(person_id))
    return membership


# --- invite links -------------------------------------------------------------------------------


async def list_invites(session: AsyncSession, actor: Account, group: Group) -> list[GroupInvite]:
    await require_facilitator(session, actor, group)
    statement = (
        select(GroupInvite)
        .where(GroupInvite.group_id == group.id)
        .order_by(GroupInvite.revoked_at.is_not(None), GroupInvite.created_at.desc())
    )
    return list((await session.execute(statement)).scalars())


async def create_invite(
    session: AsyncSession, actor: Account, group: Group, data: InviteCreate
) -> tuple[GroupInvite, str]:
    await require_facilitator(session, actor, group)
    token = new_token()
    invite = GroupInvite(
        group_id=group.id,
        token_hash=hash_token(token),
        label=data.label,
        created_by_account_id=actor.id,
        expires_at=utcnow() + timedelta(days=data.expires_in_days) if data.expires_in_days else None,
    )
    session.add(invite)
    await session.flush()
    audit.record(session, actor, "invite.created", group_id=group.id, target=data.label)
    return invite, links.absolute(links.join(token))


async def invite_of_group(session: AsyncSession, actor: Account, group: Group, invite_id: uuid.UUID) -> GroupInvite:
    await require_facilitator(session, actor, group)
    invite = (
        await session.execute(
            select(GroupInvite).where(GroupInvite.public_id == invite_id, GroupInvite.group_id == group.id)
        )
    ).scalar_one_or_none()
    if invite is None:
        raise NotFound("There is no such invite link for this group.")
    return invite


async def revoke_invite(session: AsyncSession, actor: Account, group: Group, invite_id: uuid.UUID) -> GroupInvite:
    invite = await invite_of_group(session, actor, group, invite_id)
    invite.revoked_at = invite.revoked_at or utcnow()
    audit.record(session, actor, "invite.revoked", group_id=group.id, target=invite.label)
    return invite


async def group_of_invite(session: AsyncSession, invite: GroupInvite) -> Group:
    return await session.get_one(Group, invite.group_id)


async def memberships_of(session: AsyncSession, account: Account) -> list[tuple[Membership, Group]]:
    """The person's groups, for their home page."""
    statement = (
        select(Membership, Group)
        .join(Group, Group.id == Membership.group_id)
        .where(
            Membership.account_id == account.id,
            Membership.status.in_([MembershipStatus.active, MembershipStatus.pending]),
        )
        .order_by(Group.name)
    )
    return [(membership, group) for membership, group in (await session.execute(statement)).all()]
