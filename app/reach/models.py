"""The group's reach, with consent: a member's yes to showing one group which companies they know
people at (companies and counts, never names), and the warm introductions members ask of each other
through it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow


class ReachShare(Base):
    """A member shares, with one group, which companies they know people at. No row, no sharing:
    off by default, and withdrawing deletes the row, so it takes effect on the next read."""

    __tablename__ = "reach_shares"
    __table_args__ = (UniqueConstraint("group_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)


class WarmRequestStatus(enum.StrEnum):
    open = "open"  # waiting for the helper
    accepted = "accepted"  # the helper said yes, with whom they will connect the asker
    not_now = "not_now"  # the helper cannot now; the asker is never told it was a no
    withdrawn = "withdrawn"  # the asker took it back
    expired = "expired"  # replaced by a new ask after it had closed for the asker


class WarmIntroductionRequest(PublicIdMixin, Base):
    """A member asks another (the helper) to connect them with someone the helper knows at a
    company. The helper's answer is private: "not now" looks to the asker like no answer yet, and
    then like a request that closed, as any unanswered one does."""

    __tablename__ = "warm_introduction_requests"
    __table_args__ = (
        # One open request per asker, helper and company.
        Index(
            "uq_warm_introduction_requests_open",
            "asker_account_id",
            "helper_account_id",
            "company_tag_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    asker_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    helper_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    company_tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[WarmRequestStatus] = mapped_column(
        str_enum(WarmRequestStatus, "warm_request_status"), default=WarmRequestStatus.open
    )
    # What the helper wrote with a yes (whom they will connect the asker with): the asker reads it.
    helper_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
