from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow


class OutboxStatus(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class OutboxMessage(PublicIdMixin, Base):
    """Work to do after a transaction commits (an email today, webhooks later).

    Written in the same transaction as the change that causes it, so nothing is sent for a
    change that rolled back and nothing is lost for one that committed.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_available_at", "status", "available_at"),)

    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.pending)
    attempts: Mapped[int] = mapped_column(default=0)
    # When a worker may take it next; a claim pushes it forward as a lease, renewed while it is sent.
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What went wrong last, in words an administrator can act on.
    last_error: Mapped[str] = mapped_column(Text, default="")
    # The last attempt could not reach the mail server (or the server refused Between itself): such
    # emails are retried at once when the server answers again, instead of at their next backoff.
    waiting_for_server: Mapped[bool] = mapped_column(default=False)
    # When every attempt had failed and the worker gave up; and when administrators were told.
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    failure_reported_at: Mapped[datetime | None] = mapped_column(default=None)
    # Where a sent message went ("smtp" or "mailbox"), shown on the development mailbox.
    delivered_via: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
