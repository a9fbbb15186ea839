from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, str_enum, utcnow


class MeetingStatus(enum.StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class MeetingSeries(PublicIdMixin, Base):
    """A recurring meeting: an RFC 5545 rule applied to the first start, in local time."""

    __tablename__ = "meeting_series"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    # The RRULE without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=2"; DTSTART is `starts_at` in `timezone`.
    rrule: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    # Occurrences are stored as meetings up to here; the worker moves it forward as time passes.
    generated_until: Mapped[datetime]
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Meeting(PublicIdMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_group_id_starts_at", "group_id", "starts_at"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True, default=None
    )
    # Which occurrence of the series this is (its original start), even after it was moved.
    occurrence_starts_at: Mapped[datetime | None] = mapped_column(default=None)
    title: Mapped[str] = mapped_column(String(160))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    duration_minutes: Mapped[int] = mapped_column(default=90)
    timezone: Mapped[str] = mapped_column(String(64))
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str | None] = mapped_column(String(500), default=None)
    agenda: Mapped[str] = mapped_column(Text, default="")
    # None: no limit.
    capacity: Mapped[int | None] = mapped_column(default=None)
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus, "meeting_status"), default=MeetingStatus.scheduled
    )
    # Calendar clients replace an event when its SEQUENCE grows (moves, cancellations).
    sequence: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    reminders_queued_at: Mapped[datetime | None] = mapped_column(default=None)
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RsvpAnswer(enum.StrEnum):
    going = "going"
    maybe = "maybe"
    not_going = "not_going"


class RsvpStatus(enum.StrEnum):
    going = "going"
    waitlisted = "waitlisted"
    maybe = "maybe"
    not_going = "not_going"


class Rsvp(Base):
    """A member's answer for one meeting, and where it left them (going, or waiting for a seat)."""

    __tablename__ = "rsvps"
    __table_args__ = (
        UniqueConstraint("meeting_id", "account_id"),
        Index("ix_rsvps_meeting_id_status", "meeting_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    answer: Mapped[RsvpAnswer] = mapped_column(str_enum(RsvpAnswer, "rsvp_answer"))
    status: Mapped[RsvpStatus] = mapped_column(str_enum(RsvpStatus, "rsvp_status"))
    # The order of the waitlist: who asked for a seat first.
    waitlisted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CheckInMethod(enum.StrEnum):
    roster = "roster"
    kiosk = "kiosk"
    qr = "qr"
    api = "api"
    walk_in = "walk_in"


class Attendance(Base):
    """Someone was there: checked in at the door, by a facilitator or by themselves."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    checked_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    method: Mapped[CheckInMethod] = mapped_column(str_enum(CheckInMethod, "check_in_method"))


class CalendarFeed(PublicIdMixin, Base):
    """A secret, revocable address of a person's calendar of the meetings they said yes to."""

    __tablename__ = "calendar_feeds"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
