"""A person's own data as they download it, and the confirmation of deleting an account.

The export models name every field on purpose: password and token hashes have no field here, so
they cannot end up in a download by accident.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from app.contacts.schemas import MyContactOut
from app.introductions.schemas import OwnIntroductionData, OwnRequestData
from app.photos.schemas import PhotoData
from app.profiles.models import Stage
from app.profiles.schemas import ProfileOut
from app.reach.schemas import OwnReachData


class AccountData(BaseModel):
    id: uuid.UUID
    email: str
    display_name: str
    is_admin: bool
    has_password: bool
    email_verified_at: datetime | None
    created_at: datetime
    password_changed_at: datetime | None


class StageChangeData(BaseModel):
    stage: Stage
    changed_at: datetime


class MembershipData(BaseModel):
    group: str
    group_address: str
    role: str
    status: str
    joined_via: str
    requested_at: datetime
    joined_at: datetime | None
    agreement_accepted_at: datetime | None
    # Which text of the group agreement was accepted (the group's agreement_version then).
    agreement_version: str | None
    decided_at: datetime | None


class InvitationData(BaseModel):
    """A facilitator's invitation to this address, with what they typed and the answer."""

    group: str
    name_given: str
    via: str
    invited_at: datetime
    status: str


class ApiTokenData(BaseModel):
    name: str
    starts_with: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class SignInData(BaseModel):
    browser: str
    signed_in_at: datetime
    expires_at: datetime


class EmailData(BaseModel):
    subject: str
    queued_at: datetime
    sent_at: datetime | None
    status: str


class MeetingAnswerData(BaseModel):
    group: str
    meeting: str
    starts_at: datetime
    answer: str
    status: str
    answered_at: datetime


class AttendanceData(BaseModel):
    group: str
    meeting: str
    starts_at: datetime
    checked_in_at: datetime


class CalendarLinkData(BaseModel):
    created_at: datetime
    revoked_at: datetime | None


class LandingData(BaseModel):
    group: str
    role: str
    company: str
    start_date: date | None
    helped_by: str
    story: str
    on_wall: bool
    reported_at: datetime


class OwnDataExport(BaseModel):
    exported_at: datetime
    about: str = (
        "Everything Between keeps about you. Profiles are visible only to the members and "
        "facilitators of your groups, as your visibility settings say."
    )
    account: AccountData
    profile: ProfileOut | None
    stage_history: list[StageChangeData]
    memberships: list[MembershipData]
    invitations: list[InvitationData] = Field(default_factory=list)
    api_tokens: list[ApiTokenData]
    signed_in_browsers: list[SignInData]
    emails: list[EmailData]
    meeting_answers: list[MeetingAnswerData]
    attendance: list[AttendanceData]
    calendar_links: list[CalendarLinkData]
    introductions: list[OwnIntroductionData] = Field(default_factory=list)
    introduction_requests: list[OwnRequestData] = Field(default_factory=list)
    landings: list[LandingData] = Field(default_factory=list)
    contacts: list[MyContactOut] = Field(
        default_factory=list, description="Your own contacts, which nobody else can see."
    )
    reach: OwnReachData | None = Field(
        default=None, description="The groups you share your reach with, and your warm-introduction requests."
    )
    photo: PhotoData | None = Field(default=None, description="Your profile photo, if you have one.")


class AccountDeletion(BaseModel):
    """Proof that it is really the person: their password, or (without one) their email address."""

    password: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
