from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, ValidationInfo, field_validator

from app.accounts.schemas import long_enough_password
from app.form_values import stripped
from app.groups.models import MembershipStatus, Role
from app.groups.schemas import FacilitatorOut
from app.meetings.schemas import AttendanceOut
from app.profiles.models import Stage


def _checkbox(value: object) -> bool:
    return value in (True, "on", "yes", "true", "1")


def _must_agree(value: bool) -> bool:
    if not value:
        raise ValueError("Please read the group agreement and tick the box to accept it.")
    return value


class JoinAnswers(BaseModel):
    """What everyone answers when joining: where they are, what they look for, how they help."""

    stage: Stage = Stage.searching
    looking_for: str = Field(default="", max_length=2000)
    can_help_with: str = Field(default="", max_length=2000)
    # An unticked box is not sent at all, so the default is validated too.
    agree: bool = Field(default=False, validate_default=True)
    # The version of the agreement the form showed (Group.agreement_version).
    agreement_version: str = Field(default="", max_length=64)
    # A field people never see; bots fill it in.
    website: str = ""
    invite: str = ""

    _strip_text = field_validator("looking_for", "can_help_with", mode="before")(stripped)
    _ticked = field_validator("agree", mode="before")(_checkbox)
    _agreed = field_validator("agree")(_must_agree)


class JoinWithAccount(JoinAnswers):
    """A visitor without an account (or not signed in) also gives a name, email and password."""

    display_name: str = Field(min_length=1, max_length=120)
    email: EmailStr
    password: str = Field(max_length=200)

    _strip_name = field_validator("display_name", mode="before")(stripped)

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

    _strip_note = field_validator("note", mode="before")(stripped)


class UndoDecline(BaseModel):
    """The form under a decline that can still be taken back: which email not to send."""

    message: uuid.UUID


class InviteCreate(BaseModel):
    label: str = Field(default="", max_length=120)
    expires_in_days: int | None = Field(default=30, ge=1, le=365)

    _strip_label = field_validator("label", mode="before")(stripped)

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
    agreement_accepted_at: datetime | None = Field(description="When they accepted the group agreement.")
    agreement_version: str | None = Field(
        description="Which text of the agreement they accepted: it equals the group's `agreement_version` "
        "while the agreement reads the same. Null for memberships from before versions were kept."
    )


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


class InvitationAnswers(BaseModel):
    """Accepting a personal invitation. A newcomer also gives their name and chooses a password;
    someone signed in only ticks the agreement (when the group has one)."""

    display_name: str = Field(default="", max_length=120)
    password: str = Field(default="", max_length=200)
    password_again: str = Field(default="", max_length=200)
    agree: bool = Field(default=False, validate_default=True)
    agreement_version: str = Field(default="", max_length=64)

    _strip_name = field_validator("display_name", mode="before")(stripped)
    _ticked = field_validator("agree", mode="before")(_checkbox)
    _agreed = field_validator("agree")(_must_agree)

    @field_validator("password")
    @classmethod
    def _long_enough_if_given(cls, value: str) -> str:
        return long_enough_password(value) if value else value

    @field_validator("password_again")
    @classmethod
    def _same(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("password") and value != info.data["password"]:
            raise ValueError("The two passwords are not the same.")
        return value


class PersonToInvite(BaseModel):
    """Someone a facilitator invites by email."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    name: str = Field(min_length=1, max_length=120, description="How to greet them in the invitation.")

    _strip_name = field_validator("name", mode="before")(stripped)

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class InvitationOut(BaseModel):
    """A personal invitation as its group's facilitators see it: what they typed, and the answer."""

    id: uuid.UUID
    name: str
    email: str
    via: str = Field(description="import, walk_in or appointment.")
    role: Role
    status: str = Field(description="waiting, accepted, declined, withdrawn or expired.")
    meeting_id: uuid.UUID | None = Field(default=None, description="For a walk-in: the meeting they came to.")
    created_at: datetime
    expires_at: datetime


class AppointmentOut(BaseModel):
    """An administrator's appointment: at once for a member of the group, else an invitation."""

    outcome: Literal["appointed", "invited"]
    facilitator: FacilitatorOut | None = Field(default=None, description="When `outcome` is appointed.")
    invitation: InvitationOut | None = Field(default=None, description="When `outcome` is invited.")


class WalkInOut(BaseModel):
    """A member of the group is checked in; anyone else is this meeting's guest, invited to join."""

    outcome: Literal["checked_in", "invited"]
    attendance: AttendanceOut | None = Field(default=None, description="When `outcome` is checked_in.")
    invitation: InvitationOut | None = Field(default=None, description="When `outcome` is invited.")
