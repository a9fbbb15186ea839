from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.dashboard.radar import RiskKind
from app.form_values import stripped


class CheckInEmail(BaseModel):
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=5000)

    _strip_all = field_validator("subject", "body", mode="before")(stripped)


class RadarSettings(BaseModel):
    """A group's thresholds: when the radar should notice someone, the cap on open proposals, who
    sits out introduction rounds, and when meeting reminders go out and check-in opens."""

    radar_no_connection_days: int = Field(default=7, ge=1, le=365)
    radar_missed_meetings: int = Field(default=3, ge=1, le=20)
    radar_unanswered_days: int = Field(default=5, ge=1, le=60)
    radar_empty_profile_days: int = Field(default=7, ge=1, le=365)
    radar_pending_days: int = Field(default=3, ge=1, le=60)
    max_open_proposals: int = Field(default=3, ge=1, le=20)
    round_owing_days: int = Field(default=5, ge=1, le=60)
    rounds_include_facilitators: bool = False
    reminder_hours_before: int = Field(default=24, ge=0, le=168)
    check_in_opens_hours_before: int = Field(
        default=3,
        ge=1,
        le=24,
        description="Check-in (roster, kiosk, QR code, walk-ins) opens this many hours before a meeting "
        "starts; it closes a day after the start.",
    )

    @field_validator("rounds_include_facilitators", mode="before")
    @classmethod
    def _checkbox(cls, value: object) -> object:
        # A form's unticked box sends nothing, and a ticked one "yes".
        return value in (True, "on", "yes", "true", "1") if isinstance(value, str) else value


class Snooze(BaseModel):
    """Setting a radar entry aside for a while, with why (other facilitators read it)."""

    model_config = ConfigDict(extra="forbid")

    risk: RiskKind
    reason: str = Field(min_length=1, max_length=300)
    days: int = Field(default=14, ge=1, le=90)

    _strip_reason = field_validator("reason", mode="before")(stripped)


class DoneOut(BaseModel):
    what: str
    by: str
    at: datetime


class RiskOut(BaseModel):
    kind: RiskKind
    detail: str
    since: datetime | None
    action: str
    action_url: str


class PersonAtRiskOut(BaseModel):
    person_id: uuid.UUID
    name: str
    risks: list[RiskOut]
    done: list[DoneOut] = Field(
        description="What facilitators did lately: the last note sent, the last introduction proposed."
    )
    snoozed_until: datetime | None = Field(default=None, description="Set aside until then, with `snooze_reason`.")
    snooze_reason: str = ""


class CheckInQueued(BaseModel):
    """A facilitator's check-in email, queued for a member."""

    person_id: uuid.UUID
    name: str
