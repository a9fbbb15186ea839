from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from app.dashboard.radar import RiskKind


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class CheckInEmail(BaseModel):
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=5000)

    _strip_all = field_validator("subject", "body", mode="before")(_strip)


class RadarSettings(BaseModel):
    """A group's thresholds: when the radar should notice someone, and the cap on open proposals."""

    radar_never_introduced_days: int = Field(default=14, ge=1, le=365)
    radar_missed_meetings: int = Field(default=3, ge=1, le=20)
    radar_unanswered_days: int = Field(default=5, ge=1, le=60)
    radar_empty_profile_days: int = Field(default=7, ge=1, le=365)
    radar_pending_days: int = Field(default=3, ge=1, le=60)
    max_open_proposals: int = Field(default=3, ge=1, le=20)
    reminder_hours_before: int = Field(default=24, ge=0, le=168)


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


class CheckInQueued(BaseModel):
    """A facilitator's check-in email, queued for a member."""

    person_id: uuid.UUID
    name: str
