from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from app.accounts.schemas import long_enough_password
from app.groups.models import MembershipStatus, Role
from app.profiles.models import Stage


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class JoinAnswers(BaseModel):
    """What everyone answers when joining: where they are, what they look for, how they help."""

    stage: Stage = Stage.searching
    looking_for: str = Field(default="", max_length=2000)
    can_help_with: str = Field(default="", max_length=2000)
    agree: bool = False
    # A field people never see; bots fill it in.
    website: str = ""
    invite: str = ""

    _strip_text = field_validator("looking_for", "can_help_with", mode="before")(_strip)

    @field_validator("agree", mode="before")
    @classmethod
    def _checkbox(cls, value: object) -> object:
        return value in (True, "on", "yes", "true", "1")

    @field_validator("agree")
    @classmethod
    def _must_agree(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Please read the group agreement and tick the box to accept it.")
        return value


class JoinWithAccount(JoinAnswers):
    """A visitor without an account (or not signed in) also gives a name, email and password."""

    display_name: str = Field(min_length=1, max_length=120)
    email: EmailStr
    password: str = Field(max_length=200)

    _strip_name = field_validator("display_name", mode="before")(_strip)

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    _long_enough = field_validator("password")(long_enough_password)


class ResendVerification(BaseModel):
    email: EmailStr

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000, description="Private to the group's facilitators.")

    _strip_note = field_validator("note", mode="before")(_strip)


class InviteCreate(BaseModel):
    label: str = Field(default="", max_length=120)
    expires_in_days: int | None = Field(default=30, ge=1, le=365)

    _strip_label = field_validator("label", mode="before")(_strip)

    @field_validator("expires_in_days", mode="before")
    @classmethod
    def _never(cls, value: object) -> object:
        return None if value in ("", "never", None) else value


class MembershipOut(BaseModel):
    """A person's membership of a group, as facilitators see it."""

    person_id: uuid.UUID
    name: str
    role: Role
    status: MembershipStatus
    requested_at: datetime
    joined_at: datetime | None
    decided_at: datetime | None


class InviteOut(BaseModel):
    """An invite link. Its address is in `url` only in the answer that creates it: only a hash is kept."""

    id: uuid.UUID
    group_id: uuid.UUID
    label: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    uses: int
    url: str | None = Field(default=None, description="The link to share; shown once, when the invite is created.")
