"""What facilitators did about the people on the neglect radar, so that two of them do not send
the same note twice, and entries they set aside for a while."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow


class RadarActionKind(enum.StrEnum):
    note_sent = "note_sent"  # a check-in email
    snoozed = "snoozed"  # set aside until `snoozed_until`, with a reason


class RadarAction(PublicIdMixin, Base):
    __tablename__ = "radar_actions"
    __table_args__ = (Index("ix_radar_actions_group_id_account_id", "group_id", "account_id"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    # The member the radar noticed.
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[RadarActionKind] = mapped_column(str_enum(RadarActionKind, "radar_action_kind"))
    # Which of the radar's rules it was about (a RiskKind value).
    risk: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    snoozed_until: Mapped[datetime | None] = mapped_column(default=None)
    by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
