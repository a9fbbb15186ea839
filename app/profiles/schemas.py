from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.form_values import stripped
from app.profiles.models import Stage
from app.profiles.tags import canonical, clean_label

STAGE_LABELS = {
    Stage.exploring: "Exploring what's next",
    Stage.searching: "Searching",
    Stage.interviewing: "Interviewing",
    Stage.offer: "Weighing an offer",
    Stage.landed: "Landed",
    Stage.alumni: "Employed (alumni)",
}
TAG_FIELDS = ("target_roles", "industries", "skills", "target_companies", "hiring_roles")
MAX_TAGS = 15
MAX_TAG_LENGTH = 60


class Visibility(StrEnum):
    members = "members"
    facilitators = "facilitators"


# Name and headline are always shown to the group; everything here can be kept for facilitators.
VISIBILITY_FIELDS = (
    "photo",
    "bio",
    "location",
    "linkedin_url",
    "stage",
    "target_roles",
    "industries",
    "skills",
    "target_companies",
    "past_companies",
    "looking_for",
    "can_help_with",
    "hiring_roles",
    "hiring_company",
)
FIELD_LABELS = {
    "photo": "Photo",
    "headline": "Headline",
    "bio": "About me",
    "location": "Location",
    "linkedin_url": "LinkedIn profile",
    "phone": "Phone",
    "stage": "Job-search stage",
    "target_roles": "Roles I'm aiming for",
    "industries": "Industries",
    "skills": "Skills",
    "target_companies": "Companies I'd like to work for",
    "past_companies": "Where I've worked",
    "looking_for": "Looking for",
    "can_help_with": "Can help with",
    "hiring_roles": "Roles I'm hiring for",
    "hiring_company": "Hiring at",
}

_LINKEDIN = re.compile(
    r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub)/([A-Za-z0-9\-_%.]{2,100})/?(?:\?.*)?$", re.IGNORECASE
)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,30}$")


def clean_tags(values: Any) -> list[str]:
    """A list of labels from a list or a comma-separated string, tidied and without repeats."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, (list, tuple)):
        raise ValueError("Please give a list of entries (or one line, separated by commas).")
    labels: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            raise ValueError("Each entry must be text.")
        label = clean_label(value)
        if not label or canonical(label) in seen:
            continue
        if len(label) > MAX_TAG_LENGTH:
            raise ValueError(f"“{label[:30]}…” is too long: keep each entry to {MAX_TAG_LENGTH} characters.")
        seen.add(canonical(label))
        labels.append(label)
    if len(labels) > MAX_TAGS:
        raise ValueError(f"Please list at most {MAX_TAGS}.")
    return labels


def normalize_linkedin(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    match = _LINKEDIN.match(value.strip())
    if not match:
        raise ValueError("Please enter your LinkedIn profile address, like https://www.linkedin.com/in/your-name.")
    return f"https://www.linkedin.com/{match.group(1).lower()}/{match.group(2)}"


class PastCompanyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str = Field(min_length=1, max_length=MAX_TAG_LENGTH)
    start_year: int | None = Field(default=None, alias="from")
    end_year: int | None = Field(default=None, alias="to")

    @field_validator("name", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_label(value) if isinstance(value, str) else value

    @field_validator("start_year", "end_year")
    @classmethod
    def _year(cls, value: int | None) -> int | None:
        if value is not None and not 1950 <= value <= datetime.now(UTC).year:
            raise ValueError(f"Please enter a year between 1950 and {datetime.now(UTC).year}.")
        return value

    @model_validator(mode="after")
    def _order(self) -> PastCompanyIn:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError("The year you left is before the year you started.")
        return self


Tags = Annotated[list[str], Field(default_factory=list)]


class ProfileUpdate(BaseModel):
    """A change to one's own profile; only the fields given change (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    headline: str | None = Field(default=None, max_length=160)
    bio: str | None = Field(default=None, max_length=4000)
    location: str | None = Field(default=None, max_length=120)
    linkedin_url: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=40)
    stage: Stage | None = None
    target_roles: list[str] | None = None
    industries: list[str] | None = None
    skills: list[str] | None = None
    target_companies: list[str] | None = None
    past_companies: list[PastCompanyIn] | None = Field(default=None, max_length=20)
    looking_for: str | None = Field(default=None, max_length=2000)
    can_help_with: str | None = Field(default=None, max_length=2000)
    hiring_roles: list[str] | None = None
    hiring_company: str | None = Field(default=None, max_length=MAX_TAG_LENGTH)
    visibility: dict[str, Visibility] | None = None

    @field_validator("hiring_company", mode="before")
    @classmethod
    def _company(cls, value: object) -> object:
        return clean_label(value) if isinstance(value, str) else value

    _strip = field_validator("headline", "bio", "location", "phone", "looking_for", "can_help_with", mode="before")(
        stripped
    )

    @field_validator("linkedin_url", mode="before")
    @classmethod
    def _linkedin(cls, value: object) -> object:
        return normalize_linkedin(value) if isinstance(value, str) or value is None else value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value and not _PHONE.match(value):
            raise ValueError("Please enter a phone number with digits, spaces and + ( ) - only.")
        return value

    @field_validator(*TAG_FIELDS, mode="before")
    @classmethod
    def _tags(cls, value: object) -> object:
        return None if value is None else clean_tags(value)

    @field_validator("visibility")
    @classmethod
    def _visibility_fields(cls, value: dict[str, Visibility] | None) -> dict[str, Visibility] | None:
        if value is not None:
            unknown = sorted(set(value) - set(VISIBILITY_FIELDS))
            if unknown:
                raise ValueError(
                    f"Visibility can be set for {', '.join(VISIBILITY_FIELDS)}; not for {', '.join(unknown)}."
                )
        return value


class PastCompanyOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    name: str
    start_year: int | None = Field(default=None, serialization_alias="from")
    end_year: int | None = Field(default=None, serialization_alias="to")


class ProfileOut(BaseModel):
    """A person's profile as one viewer may see it: fields kept from that viewer are left out."""

    model_config = ConfigDict(serialize_by_alias=True)

    id: uuid.UUID
    name: str
    headline: str = ""
    bio: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    phone: str | None = None
    email: str | None = None
    stage: Stage | None = None
    target_roles: list[str] | None = None
    industries: list[str] | None = None
    skills: list[str] | None = None
    target_companies: list[str] | None = None
    past_companies: list[PastCompanyOut] | None = None
    looking_for: str | None = None
    can_help_with: str | None = None
    hiring_roles: list[str] | None = None
    hiring_company: str | None = None
    visibility: dict[str, Visibility] | None = None
    updated_at: datetime | None = None
