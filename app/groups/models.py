from __future__ import annotations

import enum
import hashlib
import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
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
    # Waiting for the person to verify their email, then (approval groups) for a facilitator.
    pending = "pending"
    active = "active"
    declined = "declined"
    left = "left"


class JoinedVia(enum.StrEnum):
    signup = "signup"
    invite_link = "invite_link"
    import_ = "import"
    appointment = "appointment"
    walk_in = "walk_in"


# What the join form shows when a group has not written an agreement of its own.
DEFAULT_AGREEMENT = "Be kind, keep what others share in confidence, and help where you can."


class Group(PublicIdMixin, Base):
    __tablename__ = "groups"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64))
    default_location: Mapped[str] = mapped_column(String(300), default="")
    join_policy: Mapped[JoinPolicy] = mapped_column(str_enum(JoinPolicy, "join_policy"))
    agreement: Mapped[str] = mapped_column(Text, default="")
    # Marked open by an administrator: the home page lists the group once it is open and has an
    # active facilitator (a new group is neither, so nobody finds it before someone runs it).
    listed: Mapped[bool] = mapped_column(default=False)
    # Meeting reminders go out this many hours before; 0 sends none.
    reminder_hours_before: Mapped[int] = mapped_column(default=24)
    # Check-in (roster, kiosk, QR code, walk-ins) opens this many hours before a meeting starts.
    check_in_opens_hours_before: Mapped[int] = mapped_column(default=3)
    # Nobody carries more unanswered introduction proposals than this at once.
    max_open_proposals: Mapped[int] = mapped_column(default=3)
    # Introduction rounds leave the group's facilitators out unless this is set.
    rounds_include_facilitators: Mapped[bool] = mapped_column(default=False)
    # Rounds skip members who owe an answer to a proposal for longer than this.
    round_owing_days: Mapped[int] = mapped_column(default=5)
    # The neglect radar's thresholds (facilitators may tune them for their group).
    radar_no_connection_days: Mapped[int] = mapped_column(default=7)
    radar_missed_meetings: Mapped[int] = mapped_column(default=3)
    radar_unanswered_days: Mapped[int] = mapped_column(default=5)
    radar_empty_profile_days: Mapped[int] = mapped_column(default=7)
    radar_pending_days: Mapped[int] = mapped_column(default=3)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def agreement_rules(self) -> list[str]:
        """The agreement as newcomers read it, one rule a line."""
        rules = [line.strip() for line in (self.agreement or "").splitlines() if line.strip()]
        return rules or [DEFAULT_AGREEMENT]

    @property
    def agreement_version(self) -> str:
        """Names the text of the agreement as it reads now: a newcomer's acceptance records it, so
        that it is known which wording they said yes to (the same rules give the same version)."""
        return hashlib.sha256("\n".join(self.agreement_rules).encode()).hexdigest()[:16]


SORT_KEY_LENGTH = 240


def name_sort_key(name: str) -> str:
    """A name as the directory sorts and finds it: accents removed, case folded, spaces single
    ("Émile  Zola" → "emile zola"), the same on SQLite and PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())[:SORT_KEY_LENGTH]


def _account_sort_key(context: Any) -> str:
    """The sort key of a membership inserted without one (bulk inserts, tests): read from its
    account, one statement per row. The ways into a group in `members` give it and skip this."""
    name = context.connection.execute(
        select(Account.display_name).where(Account.id == context.get_current_parameters()["account_id"])
    ).scalar_one()
    return name_sort_key(name)


class Membership(PublicIdMixin, Base):
    """A person's place in a group: their role there and where they are in joining."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("group_id", "account_id"),
        # The directory's pages: one group's members of one status, by name, as a range of this index.
        Index("ix_memberships_directory", "group_id", "status", "sort_key", "public_id"),
        # The directory's search for a part of a name: a PostgreSQL trigram index (migration 0012).
        Index(
            "ix_memberships_sort_key_trigrams",
            "sort_key",
            postgresql_using="gin",
            postgresql_ops={"sort_key": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "membership_role"), default=Role.member)
    status: Mapped[MembershipStatus] = mapped_column(
        str_enum(MembershipStatus, "membership_status"), default=MembershipStatus.active
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person became an active member.
    joined_at: Mapped[datetime | None] = mapped_column(default=None)
    joined_via: Mapped[JoinedVia] = mapped_column(str_enum(JoinedVia, "joined_via"), default=JoinedVia.signup)
    # When the person accepted the group agreement, and which text (Group.agreement_version).
    agreement_accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    agreement_version: Mapped[str | None] = mapped_column(String(64), default=None)
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("group_invites.id", ondelete="SET NULL"), default=None)
    # A facilitator's approval or decline; the note is private to facilitators.
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # Set when the member asked not to be proposed introductions for now.
    introductions_paused_at: Mapped[datetime | None] = mapped_column(default=None)
    # The member's name, folded by name_sort_key: the directory's order. Kept in step with the
    # account's name by members.service.rename_account (and by account deletion, in privacy).
    sort_key: Mapped[str] = mapped_column(String(SORT_KEY_LENGTH), default=_account_sort_key)

    account: Mapped[Account] = relationship(lazy="raise", foreign_keys=[account_id])
    group: Mapped[Group] = relationship(lazy="raise")


class GroupInvite(PublicIdMixin, Base):
    """An invite link a facilitator shares; the secret part is shown once and stored hashed."""

    __tablename__ = "group_invites"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    uses: Mapped[int] = mapped_column(default=0)


class GroupChange(Base):
    """A change to something a group's costly pages read, of one kind ("matching": what the
    matching engine and the directory's tag counts read; "activity": what the insights read;
    "radar": the emails, their verification and the headlines the dashboard's radar reads besides).
    Written by the database's own triggers (migrations 0019, 0020) whatever made the change; a group's
    newest change of a kind is its version of that kind (app/groups/kept.py)."""

    __tablename__ = "group_changes"
    __table_args__ = (Index("ix_group_changes_group_id_kind_id", "group_id", "kind", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the rows are written while a group's memberships are deleted with it.
    group_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    # Random: on SQLite a rolled-back change's id is given again, never with the same token.
    token: Mapped[int]
