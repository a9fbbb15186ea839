from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow


class HelpedBy(enum.StrEnum):
    introduction = "introduction"
    group = "group"
    contact = "contact"
    posting = "posting"
    other = "other"


class Landing(PublicIdMixin, Base):
    """A member found their next job: what, where, from when, and what helped."""

    __tablename__ = "landings"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    # The group they reported it in (the one that gets the credit on its wall and charts).
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(160))
    company: Mapped[str] = mapped_column(String(160))
    start_date: Mapped[date | None] = mapped_column(default=None)
    helped_by: Mapped[HelpedBy] = mapped_column(str_enum(HelpedBy, "landing_helped_by"))
    introduction_id: Mapped[int | None] = mapped_column(
        ForeignKey("introductions.id", ondelete="SET NULL"), default=None
    )
    story: Mapped[str] = mapped_column(Text, default="")
    # Shown on the group's wall of successes only when the person says so.
    on_wall: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
