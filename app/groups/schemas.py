from __future__ import annotations

import re
import unicodedata
import uuid
import zoneinfo
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from app.form_values import stripped
from app.groups.models import JoinPolicy

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"new", "admin", "api", "static", "login", "logout", "settings"}


def _check_slug(value: str) -> str:
    value = value.lower()
    if not 3 <= len(value) <= 60 or not SLUG_PATTERN.match(value):
        raise ValueError("Use 3 to 60 lower-case letters, digits and single hyphens, for example tuesday-hr-group.")
    if value in RESERVED_SLUGS:
        raise ValueError("This address is reserved; please choose another.")
    return value


def slug_from_name(name: str) -> str:
    """The web address a name suggests: "Cafés & Careers, Tuesdays" → "cafes-careers-tuesdays".
    static/js/group-form.js suggests the same as the name is typed."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")[:60].strip("-")


NOT_AN_EMAIL = "That is not an email address. Please enter one like name@example.org."


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
    listed: bool = Field(
        default=False,
        description="Open: the home page lists the group, once it also has an active facilitator.",
    )

    _strip_text = field_validator("name", "description", "timezone", "default_location", "agreement", mode="before")(
        stripped
    )
    _timezone = field_validator("timezone")(check_timezone)


class GroupCreate(GroupFields):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(
        default="", max_length=60, description="The group page's address, /g/<slug>; made from the name if left out."
    )
    # Set when the slug was made from the name: the service then finds a free one (adding -2, -3…).
    _slug_from_name: bool = PrivateAttr(default=False)

    _strip_slug = field_validator("slug", mode="before")(stripped)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        return _check_slug(value) if value else value

    @model_validator(mode="after")
    def _slug_from_the_name(self) -> GroupCreate:
        if not self.slug:
            slug = slug_from_name(self.name)
            if len(slug) < 3 or slug in RESERVED_SLUGS:  # a name of symbols, or a reserved word
                slug = f"group-{slug}".strip("-")
            self.slug, self._slug_from_name = slug, True
        return self


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
    listed: bool | None = None

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
    listed: bool = Field(description="Open: the home page lists the group, once it also has an active facilitator.")
    created_at: datetime
    updated_at: datetime


class FacilitatorAppointment(BaseModel):
    email: str = Field(min_length=1, max_length=320)
    name: str = Field(
        default="", max_length=120, description="How to greet them, if they are invited (someone not in the group yet)."
    )

    _strip_email = field_validator("email", "name", mode="before")(stripped)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        # Only its form is checked: whether anyone has an account with it is never said.
        from email_validator import EmailNotValidError, validate_email

        try:
            return validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise ValueError(NOT_AN_EMAIL) from None


class FacilitatorOut(BaseModel):
    person_id: uuid.UUID
    name: str
    email: str
    since: datetime | None = Field(description="When they joined the group.")
