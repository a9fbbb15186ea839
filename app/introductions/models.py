from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow


class IntroductionStatus(enum.StrEnum):
    proposed = "proposed"  # waiting for one or both answers
    connected = "connected"  # both accepted: contact details shared
    declined = "declined"  # one declined; the other only learns it did not go ahead
    expired = "expired"  # not answered within 14 days
    withdrawn = "withdrawn"  # the facilitator took it back


class Answer(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"


class Outcome(enum.StrEnum):
    not_yet = "not_yet"
    met = "met"
    helpful = "helpful"
    referral = "referral"
    interview = "interview"
    offer = "offer"
    hire = "hire"


OPEN_STATUSES = (IntroductionStatus.proposed, IntroductionStatus.connected)


class Introduction(PublicIdMixin, Base):
    """A facilitator's proposal that two members meet; double opt-in.

    `person_a_id` < `person_b_id` always, so a pair has one spelling and duplicates are caught by
    the partial unique index on open introductions.
    """

    __tablename__ = "introductions"
    __table_args__ = (
        Index(
            "uq_introductions_open_pair",
            "group_id",
            "person_a_id",
            "person_b_id",
            unique=True,
            sqlite_where=text("status IN ('proposed', 'connected')"),
            postgresql_where=text("status IN ('proposed', 'connected')"),
        ),
        Index("ix_introductions_status_created_at", "status", "created_at"),
        # One spelling per pair, and nobody is ever introduced to themself.
        CheckConstraint("person_a_id < person_b_id", name="ordered_pair"),
    )

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    person_b_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    proposed_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    # Why the two should meet, written to each of them: A reads `reason_a`, B reads `reason_b`.
    reason_a: Mapped[str] = mapped_column(Text)
    reason_b: Mapped[str] = mapped_column(Text)
    # The matching engine's kinds of reason (ReasonKind values); empty for a facilitator's own words.
    reason_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[IntroductionStatus] = mapped_column(
        str_enum(IntroductionStatus, "introduction_status"), default=IntroductionStatus.proposed
    )
    a_answer: Mapped[Answer] = mapped_column(str_enum(Answer, "a_answer"), default=Answer.pending)
    b_answer: Mapped[Answer] = mapped_column(str_enum(Answer, "b_answer"), default=Answer.pending)
    # Private notes to the facilitator; never shown to the other person.
    a_note: Mapped[str] = mapped_column(Text, default="")
    b_note: Mapped[str] = mapped_column(Text, default="")
    a_answered_at: Mapped[datetime | None] = mapped_column(default=None)
    b_answered_at: Mapped[datetime | None] = mapped_column(default=None)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("introduction_requests.id", ondelete="SET NULL"), default=None
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("introduction_rounds.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    connected_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    first_follow_up_at: Mapped[datetime | None] = mapped_column(default=None)
    second_follow_up_at: Mapped[datetime | None] = mapped_column(default=None)

    def reason_for(self, account_id: int) -> str:
        """What one of the two reads: the reason written to them."""
        return self.reason_a if account_id == self.person_a_id else self.reason_b


class IntroductionOutcome(Base):
    """What came of a connected introduction, as one of the two reported it."""

    __tablename__ = "introduction_outcomes"
    __table_args__ = (UniqueConstraint("introduction_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(ForeignKey("introductions.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, "introduction_outcome"))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RequestStatus(enum.StrEnum):
    open = "open"
    fulfilled = "fulfilled"
    closed = "closed"


class IntroductionRequest(PublicIdMixin, Base):
    """A member asks to be introduced: to a particular member, or to "someone who …"."""

    __tablename__ = "introduction_requests"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    requester_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    target_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "introduction_request_status"), default=RequestStatus.open
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class DoNotPair(Base):
    """A facilitator's note that two people should not be introduced (kept as an ordered pair)."""

    __tablename__ = "do_not_pair"
    __table_args__ = (UniqueConstraint("group_id", "person_a_id", "person_b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    person_a_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IntroductionRound(PublicIdMixin, Base):
    """A planned set of introductions for a whole group, previewed before it is confirmed."""

    __tablename__ = "introduction_rounds"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    k: Mapped[int] = mapped_column(default=1)
    # [{"a": account id, "b": account id, "score": float, "reason_a": str, "reason_b": str,
    #   "kinds": [str], "notes": [str]}], best first.
    pairs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Who was left over by an odd number and paired with someone who then had two: next round
    # someone else should be.
    odd_one_out_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
