from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Account
from app.db import Base, PublicIdMixin, str_enum, utcnow


class JoinPolicy(enum.StrEnum):
    open = "open"
    approval = "approval"
    invite = "invite"


class Role(enum.StrEnum):
    member = "member"
    facilitator = "facilitator"


class MembershipStatus(enum.StrEnum):
    pending = "pending"
    active = "active"
    declined = "declined"
    left = "left"



class Group(PublicIdMixin, Base):
    __tablename__ = "groups"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64))
    default_location: Mapped[str] = mapped_column(String(300), default="")
    join_policy: Mapped[JoinPolicy] = mapped_column(str_enum(JoinPolicy, "join_policy"))
    agreement: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Membership(PublicIdMixin, Base):
    """A person's place in a group: their role there and where they are in joining."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("group_id", "account_id"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "membership_role"), default=Role.member)
    status: Mapped[MembershipStatus] = mapped_column(
        str_enum(MembershipStatus, "membership_status"), default=MembershipStatus.active)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    joined_at: Mapped[datetime | None] = mapped_column(default=None)

    account: Mapped[Account] = relationship(lazy="raise")
    group: Mapped[Group] = relationship(lazy="raise")
