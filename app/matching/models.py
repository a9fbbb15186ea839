"""Topics a group adds to the matching engine's vocabulary: what its members ask for and offer, in
their own words (the engine ships with the common ones)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, utcnow


class GroupTopic(PublicIdMixin, Base):
    __tablename__ = "group_topics"
    __table_args__ = (UniqueConstraint("group_id", "label"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    # As members read it: "works council consultations".
    label: Mapped[str] = mapped_column(String(80))
    # The ways people write it, lower case: ["works council", "betriebsrat"].
    phrases: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
