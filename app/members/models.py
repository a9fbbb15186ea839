"""Personal invitations: a facilitator asks one person, by email, to join their group."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow
from app.groups.models import JoinedVia, Role


class InvitationStatus(enum.StrEnum):
    waiting = "waiting"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"
    expired = "expired"


class GroupInvitation(PublicIdMixin, Base):
    """An invitation of one person, by email, to join a group: from a spreadsheet import, a walk-in
    at the door, or an administrator appointing a facilitator.

    Nobody is added to a group without their own yes: the person becomes a member only when they
    accept. Until then the group knows only what the facilitator typed (name, email, the profile
    columns of an import), never whether the address has an account, nor that account's name,
    profile or id. One row per group and address; inviting the address again renews it.
    """

    __tablename__ = "group_invitations"
    __table_args__ = (UniqueConstraint("group_id", "email"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    # Lower-cased and trimmed, as accounts store it.
    email: Mapped[str] = mapped_column(String(320))
    # As the facilitator typed it.
    name: Mapped[str] = mapped_column(String(120))
    via: Mapped[JoinedVia] = mapped_column(str_enum(JoinedVia, "joined_via"))
    role: Mapped[Role] = mapped_column(str_enum(Role, "membership_role"), default=Role.member)
    # A walk-in: the meeting they came to, as a guest until they accept.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True, default=None
    )
    # Profile fields from an import (ProfileUpdate as JSON), given to the person's profile when
    # they accept, if they have none of their own yet.
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    declined_at: Mapped[datetime | None] = mapped_column(default=None)
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)
    # Who accepted; set only then.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), default=None)

    def status(self, now: datetime) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.accepted
        if self.declined_at is not None:
            return InvitationStatus.declined
        if self.withdrawn_at is not None:
            return InvitationStatus.withdrawn
        if self.expires_at <= now:
            return InvitationStatus.expired
        return InvitationStatus.waiting
