"""Invitations of imported people: the emailed link lets them choose a password and come in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account, TokenPurpose
from app.accounts.service import end_all_sessions, start_session, usable_token, use_up_tokens
from app.db import utcnow
from app.errors import InvalidInput
from app.groups.models import Group, JoinedVia, Membership
from app.security import hash_password

EXPIRED_INVITATION = ("This invitation link has expired or was already used. You can still come in: "
                      "ask for a password link with the email address the invitation was sent to.")


@dataclass
class Invitation:
    account: Account
    group: Group | None


async def _latest_group(session: AsyncSession, account: Account) -> Group | None:
    """The group they were most recently imported into, else the one they joined last."""
    statement = (select(Group).join(Membership, Membership.group_id == Group.id)
                 .where(Membership.account_id == account.id)
                 .order_by((Membership.joined_via == JoinedVia.import_).desc(), Membership.created_at.desc(),
                           Membership.id.desc())
                 .limit(1))
    return (await session.execute(statement)).scalar_one_or_none()


async def find_invitation(session: AsyncSession, token: str) -> Invitation | None:
    invitation = await usable_token(session, token, TokenPurpose.invitation)
    if invitation is None:
        return None
    account = await session.get_one(Account, invitation.account_id)
    if account.deleted_at is not None:
        return None
    return Invitation(account=account, group=await _latest_group(session, account))


async def accept_invitation(session: AsyncSession, token: str, password: str,
                            user_agent: str = "") -> tuple[Invitation, str]:
    """Sets the password, counts the email as verified (the link came to it), uses the link up and
    signs the person in; returns the invitation and the new session's token."""
    invitation = await find_invitation(session, token)
    if invitation is None:
        raise InvalidInput(EXPIRED_INVITATION)
    account = invitation.account
    now = utcnow()
    account.password_hash = hash_password(password)
    account.password_changed_at = now
    account.email_verified_at = account.email_verified_at or now
    await use_up_tokens(session, account, TokenPurpose.invitation)
    await end_all_sessions(session, account)
    return invitation, await start_session(session, account, user_agent)


def destination(invitation: Invitation) -> str:
    return f"/g/{invitation.group.slug}/welcome" if invitation.group else "/"
