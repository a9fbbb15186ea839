"""What the member directory takes (search and filters) and gives (one line per person)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from app.groups.models import MembershipStatus, Role
from app.profiles.models import Stage
from app.profiles.schemas import MAX_TAG_LENGTH
from app.profiles.tags import clean_label

MAX_SEARCH_LENGTH = 100


class StatusFilter(enum.StrEnum):
    """The membership statuses a facilitator can list; people who left are not in the directory."""

    active = "active"
    pending = "pending"
    declined = "declined"


class DirectoryFilters(BaseModel):
    """Search and filters, as query parameters of the directory page and of the API list.

    Empty values (an untouched field of the filter form) mean "no filter".
    """

    q: str | None = Field(
        default=None,
        max_length=MAX_SEARCH_LENGTH,
        description="Words to find in names, headlines, tags, asks and offers.",
    )
    stage: Stage | None = Field(default=None, description="Job-search stage.")
    industry: str | None = Field(default=None, max_length=MAX_TAG_LENGTH, description="An industry tag.")
    skill: str | None = Field(default=None, max_length=MAX_TAG_LENGTH, description="A skill tag.")
    company: str | None = Field(
        default=None, max_length=MAX_TAG_LENGTH, description="A company the person would like to work for."
    )
    status: StatusFilter | None = Field(
        default=None,
        description="Facilitators only: one membership status. Without it facilitators see active and pending members.",
    )

    @field_validator("q", "stage", "industry", "skill", "company", "status", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = clean_label(value)
            return value or None
        return value

    @property
    def active(self) -> bool:
        return any(getattr(self, name) is not None for name in type(self).model_fields)

    def query_items(self) -> list[tuple[str, str]]:
        """The filters that are set, as query-string pairs (for links that keep them)."""
        return [(name, str(getattr(self, name))) for name in type(self).model_fields if getattr(self, name) is not None]


def _omit_when_none(value: object) -> bool:
    return value is None


class MemberSummary(BaseModel):
    """One person in a group's directory, as the viewer may see them. Fields the person keeps for
    facilitators, and the facilitator-only fields (status, role, requested_at), are left out."""

    id: uuid.UUID = Field(description="The person's id; see /api/v1/people/{id}.")
    name: str
    headline: str = ""
    stage: Stage | None = Field(default=None, exclude_if=_omit_when_none)
    joined_at: datetime | None = Field(
        default=None, exclude_if=_omit_when_none, description="When they became an active member."
    )
    requested_at: datetime | None = Field(
        default=None, exclude_if=_omit_when_none, description="Facilitators only: when they asked to join."
    )
    status: MembershipStatus | None = Field(default=None, exclude_if=_omit_when_none, description="Facilitators only.")
    role: Role | None = Field(default=None, exclude_if=_omit_when_none, description="Facilitators only.")
    target_roles: list[str] | None = Field(default=None, exclude_if=_omit_when_none)
    industries: list[str] | None = Field(default=None, exclude_if=_omit_when_none)
    skills: list[str] | None = Field(default=None, exclude_if=_omit_when_none)
    photo_id: uuid.UUID | None = Field(
        default=None,
        exclude_if=_omit_when_none,
        description="Their photo, when they have one you may see: /api/v1/photos/{photo_id}/{64|256|512}.webp.",
    )
