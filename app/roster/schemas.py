"""The columns of a roster CSV, a person as one row of it, and the import's confirmation form."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from app.accounts.service import normalize_email
from app.groups.models import MembershipStatus, Role
from app.profiles.models import Stage

# The columns an import understands, in the order of the example file.
REQUIRED_COLUMNS = ("name", "email")
TEXT_COLUMNS = ("stage", "headline", "location", "linkedin_url", "looking_for", "can_help_with")
TAG_COLUMNS = ("target_roles", "industries", "skills", "target_companies")
IMPORT_COLUMNS = (*REQUIRED_COLUMNS, *TEXT_COLUMNS, *TAG_COLUMNS)
TAG_SEPARATOR = ";"

# Spellings people use in their spreadsheets for our columns.
COLUMN_ALIASES = {
    "full_name": "name",
    "e_mail": "email",
    "email_address": "email",
    "linkedin": "linkedin_url",
    "linkedin_profile": "linkedin_url",
    "job_search_stage": "stage",
    "roles": "target_roles",
    "companies": "target_companies",
}

COLUMN_LABELS = {
    "name": "Name",
    "email": "Email",
    "stage": "Stage",
    "headline": "Headline",
    "location": "Location",
    "linkedin_url": "LinkedIn URL",
    "looking_for": "Looking for",
    "can_help_with": "Can help with",
    "target_roles": "Target roles",
    "industries": "Industries",
    "skills": "Skills",
    "target_companies": "Target companies",
}

EXPORT_COLUMNS = (
    "name",
    "email",
    "role",
    "status",
    "joined_at",
    "stage",
    "headline",
    "location",
    "linkedin_url",
    "target_roles",
    "industries",
    "skills",
    "target_companies",
    "looking_for",
    "can_help_with",
)


class RowOutcome(enum.StrEnum):
    invite = "invite"  # invited by email; joins on accepting
    skip = "skip"  # already a member, or already invited and not (yet) answered
    error = "error"  # the row cannot be imported as it is


class ImportedPerson(BaseModel):
    """Who a row is; the rest of the row is a ProfileUpdate."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    email: EmailStr = Field(max_length=320)

    @field_validator("name", mode="before")
    @classmethod
    def _strip_name(cls, value: object) -> object:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("email", mode="before")
    @classmethod
    def _clean_email(cls, value: object) -> object:
        return normalize_email(value) if isinstance(value, str) else value


# A 2 MB file grows by a third in base64; it travels in several fields, because a form field may
# hold at most 1 MB (Starlette's limit, applied when the CSRF check reads the form).
MAX_CARRIED_CSV = 3 * 1024 * 1024
CARRIED_PART = 768 * 1024


class ImportConfirmation(BaseModel):
    """The preview's form: the checked file travels back with it, so nothing waits on the server."""

    csv_data: list[str] = Field(min_length=1, max_length=MAX_CARRIED_CSV // CARRIED_PART + 1)
    filename: str = Field(default="", max_length=255)

    @field_validator("csv_data", mode="before")
    @classmethod
    def _parts(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class RosterEntryOut(BaseModel):
    """One membership of the roster, as the CSV export has it (facilitators)."""

    person_id: uuid.UUID
    name: str
    email: str
    role: Role
    status: MembershipStatus
    joined_at: datetime | None
    stage: Stage | None
    headline: str
    location: str
    linkedin_url: str
    target_roles: list[str]
    industries: list[str]
    skills: list[str]
    target_companies: list[str]
    looking_for: str
    can_help_with: str
