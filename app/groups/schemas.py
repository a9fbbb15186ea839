from __future__ import annotations

import re
import uuid
import zoneinfo
from datetime import datetime
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.form_values import stripped
from app.groups.models import JoinPolicy

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"new", "admin", "api", "static", "login", "logout", "settings"}


@lru_cache
def known_timezones() -> list[str]:
    return sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    ) + ["UTC"]


def _check_slug(value: str) -> str:
    value = value.lower()
    if not 3 <= len(value) <= 60 or not SLUG_PATTERN.match(value):
        raise ValueError("Use 3 to 60 lower-case letters, digits and single hyphens, for example tuesday-hr-group.")
    if value in RESERVED_SLUGS:
        raise ValueError("This address is reserved; please choose another.")
    return value


def check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("Please choose a time zone from the list, for example America/Chicago.") from None
    return value


class GroupFields(BaseModel):
    name: str = Field(min_length=3, max_length=120)
    description: str = Field(default="", max_length=5000)
    timezone: str = Field(min_length=1, max_length=64)
    default_location: str = Field(default="", max_length=300)
    join_policy: JoinPolicy = JoinPolicy.approval
    agreement: str = Field(default="", max_length=5000)
    reminder_hours_before: int = Field(
        default=24, ge=0, le=168, description="Meeting reminders go out this many hours before; 0 for none."
    )

    _strip_text = field_validator("name", "description", "timezone", "default_location", "agreement", mode="before")(
        stripped
    )
    _timezone = field_validator("timezone")(check_timezone)


class GroupCreate(GroupFields):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(min_length=1, max_length=60)

    _strip_slug = field_validator("slug", mode="before")(stripped)
    _slug = field_validator("slug")(_check_slug)


class GroupUpdate(BaseModel):
    """Only the fields given are changed (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    slug: str | None = Field(default=None, max_length=60)
    name: str | None = Field(default=None, min_length=3, max_length=120)
    description: str | None = Field(default=None, max_length=5000)
    timezone: str | None = Field(default=None, max_length=64)
    default_location: str | None = Field(default=None, max_length=300)
    join_policy: JoinPolicy | None = None
    agreement: str | None = Field(default=None, max_length=5000)
    reminder_hours_before: int | None = Field(default=None, ge=0, le=168)

    _strip_all = field_validator(
        "slug", "name", "description", "timezone", "default_location", "agreement", mode="before"
    )(stripped)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        return None if value is None else _check_slug(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)


class GroupOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(validation_alias="public_id")
    slug: str
    name: str
    description: str
    timezone: str
    default_location: str
    join_policy: JoinPolicy
    agreement: str
    agreement_version: str = Field(
        description="Names the agreement's current text; each membership records the version its person accepted."
    )
    reminder_hours_before: int
    created_at: datetime
    updated_at: datetime


class FacilitatorAppointment(BaseModel):
    email: str = Field(min_length=1, max_length=320)
    name: str = Field(
        default="", max_length=120, description="How to greet them, if they are invited (someone not in the group yet)."
    )

    _strip_email = field_validator("email", "name", mode="before")(stripped)


class FacilitatorOut(BaseModel):
    person_id: uuid.UUID
    name: str
    email: str
    since: datetime | None = Field(description="When they joined the group.")
