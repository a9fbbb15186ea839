"""What the webhook API and pages take and give."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.form_values import stripped
from app.webhooks import targets
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import DeliveryStatus
from app.webhooks.targets import MAX_URL

MAX_DESCRIPTION = 300
_EVENTS_HELP = "Event types to receive: " + ", ".join(EVENT_TYPES) + "."


def _no_nul(value: str | None) -> str | None:
    # PostgreSQL cannot store the NUL character in text; nobody means to type it.
    if value is not None and "\x00" in value:
        raise ValueError("Please remove the invisible NUL character from this text.")
    return value


def _plain_address(value: str | None) -> str | None:
    """The address's shape, checked with the other fields so that every mistake shows at once
    (where its host leads, and whether plain http will do, is checked by the service: it may have to
    look the host up, and it is told whether private targets are allowed)."""
    if value is None:
        return value
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in value):
        raise ValueError("A web address cannot contain spaces or invisible characters.")
    try:
        targets.parse(value, allow_private=True)
    except targets.TargetRefused as refused:
        raise ValueError(str(refused)) from None
    return value


def _known_events(value: list[str]) -> list[str]:
    unknown = [name for name in value if name not in EVENT_TYPES]
    if unknown:
        raise ValueError(
            f"Unknown event {', '.join(repr(name) for name in unknown)}. Choose from: {', '.join(EVENT_TYPES)}."
        )
    # In the documented order, each once: easy to compare and to show.
    return [name for name in EVENT_TYPES if name in value]


def _listify(value: object) -> object:
    """Forms send one value as a string, and nothing at all when no box is ticked."""
    if value in ("", None):
        return []
    return [value] if isinstance(value, str) else value


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=MAX_URL, description="Where to send deliveries: an https:// address.")
    events: list[str] = Field(min_length=1, description=_EVENTS_HELP)
    description: str = Field(default="", max_length=MAX_DESCRIPTION, description="What receives them, for people.")
    group_id: uuid.UUID | None = Field(
        default=None,
        description="Only this group's events. Required for facilitators; administrators may leave "
        "it out to hear every group.",
    )

    _strip_text = field_validator("url", "description", mode="before")(stripped)
    _address = field_validator("url")(_plain_address)
    _text = field_validator("description")(_no_nul)
    _events_list = field_validator("events", mode="before")(_listify)
    _events_known = field_validator("events")(_known_events)

    @field_validator("group_id", mode="before")
    @classmethod
    def _blank_group(cls, value: object) -> object:
        return None if value == "" else value


class EndpointUpdate(BaseModel):
    """The fields given are changed; `enabled: true` turns a disabled endpoint back on."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, min_length=1, max_length=MAX_URL)
    events: list[str] | None = Field(default=None, min_length=1, description=_EVENTS_HELP)
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)
    enabled: bool | None = Field(
        default=None,
        description="true re-enables a disabled endpoint (its waiting deliveries go out again); false pauses it.",
    )

    _strip_text = field_validator("url", "description", mode="before")(stripped)
    _address = field_validator("url")(_plain_address)
    _text = field_validator("description")(_no_nul)
    _events_list = field_validator("events", mode="before")(_listify)

    @field_validator("events")
    @classmethod
    def _events_known(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _known_events(value)


class GroupRef(BaseModel):
    id: uuid.UUID
    slug: str
    name: str


class EndpointOut(BaseModel):
    id: uuid.UUID
    url: str
    description: str
    events: list[str]
    group: GroupRef | None = Field(description="The group whose events it receives; null for every group.")
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str
    consecutive_failures: int = Field(description="Failed attempts since the last success.")
    created_at: datetime
    updated_at: datetime


class EndpointCreated(EndpointOut):
    secret: str = Field(
        description="The signing secret (whsec_…). Shown this once: keep it where your receiver can read it."
    )


class AttemptOut(BaseModel):
    id: uuid.UUID
    attempted_at: datetime = Field(description="When the request was sent.")
    request_headers: dict[str, str]
    status_code: int | None = Field(description="The receiver's answer; null when none came.")
    duration_ms: int
    response_excerpt: str = Field(description="The start of the receiver's answer.")
    error: str = Field(description="What went wrong, when something did (timeout, refused address…).")


class DeliveryOut(BaseModel):
    id: uuid.UUID
    message_id: str = Field(description="The webhook-id header: the same on every attempt.")
    event_type: str
    status: DeliveryStatus
    attempt_count: int = Field(description="Attempts in the current round (redelivering starts a new round).")
    next_attempt_at: datetime | None = Field(description="When it is tried next, while pending.")
    last_status_code: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]
    attempts: list[AttemptOut] = Field(description="Every request made, newest first.")
