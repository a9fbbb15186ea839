"""A contact in and out, an import's summary, and the company suggestions a member confirms."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from app.contacts.models import (
    COMPANY_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    POSITION_LENGTH,
    URL_LENGTH,
    ContactSource,
    OutreachStatus,
)
from app.contacts.reading import profile_url


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _profile_url(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    url = profile_url(value)
    if url is None:
        raise ValueError("This is not a web address; paste the profile's address, like https://www.linkedin.com/in/…")
    return url


OneLine = Annotated[str, AfterValidator(_one_line)]
ProfileUrl = Annotated[str | None, Field(max_length=URL_LENGTH), AfterValidator(_profile_url)]


class MyContactIn(BaseModel):
    """A contact typed in by hand."""

    model_config = ConfigDict(extra="forbid")

    first_name: OneLine = Field(min_length=1, max_length=NAME_LENGTH)
    last_name: OneLine = Field(default="", max_length=NAME_LENGTH)
    email: EmailStr | None = Field(default=None, max_length=320)
    profile_url: ProfileUrl = Field(default=None, description="Their LinkedIn profile's address.")
    company: OneLine = Field(default="", max_length=COMPANY_LENGTH, description="Where they work, as you write it.")
    position: OneLine = Field(default="", max_length=POSITION_LENGTH)
    connected_on: date | None = None
    status: OutreachStatus | None = Field(default=None, description="Where you are with them; none until you set one.")
    note: str = Field(default="", max_length=NOTE_LENGTH)
    follow_up_on: date | None = Field(default=None, description="When you mean to follow up.")


class MyContactUpdate(BaseModel):
    """Only the fields sent change; null clears an optional one."""

    model_config = ConfigDict(extra="forbid")

    first_name: OneLine | None = Field(default=None, min_length=1, max_length=NAME_LENGTH)
    last_name: OneLine | None = Field(default=None, max_length=NAME_LENGTH)
    email: EmailStr | None = Field(default=None, max_length=320)
    profile_url: ProfileUrl = None
    company: OneLine | None = Field(default=None, max_length=COMPANY_LENGTH)
    position: OneLine | None = Field(default=None, max_length=POSITION_LENGTH)
    connected_on: date | None = None
    status: OutreachStatus | None = None
    note: str | None = Field(default=None, max_length=NOTE_LENGTH)
    follow_up_on: date | None = None


class MyContactOut(BaseModel):
    id: uuid.UUID
    first_name: str
    last_name: str
    email: str | None
    profile_url: str | None
    company: str = Field(description="The company as written in your file or by you.")
    company_canonical: str | None = Field(
        description="The company's canonical name in Between, when the name matches one (or you confirmed it)."
    )
    position: str
    connected_on: date | None
    source: ContactSource
    status: OutreachStatus | None
    note: str
    follow_up_on: date | None
    last_contacted_at: datetime | None = Field(description="When the status last moved to contacted, replied or met.")
    created_at: datetime
    updated_at: datetime


class RowProblemOut(BaseModel):
    row: int = Field(description="The row as a spreadsheet numbers it (or the card's number in a vCard file).")
    message: str


class ImportSummary(BaseModel):
    dry_run: bool = Field(description="True when nothing was changed: what importing would do.")
    format: ContactSource
    new: int = Field(description="Contacts added (or that would be).")
    updated: int = Field(description="Contacts you had already whose details the file changes.")
    unchanged: int
    problems: list[RowProblemOut] = Field(description="Rows that cannot be imported, with what is wrong, in order.")
    ignored_columns: list[str] = Field(default_factory=list)


class CompanySuggestion(BaseModel):
    company: str = Field(description="The company as your contacts' files write it.")
    contacts: int = Field(description="How many of your contacts have it.")
    suggested: str = Field(description="The canonical company it is probably the same as.")


class CompanyConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    company: str = Field(min_length=1, max_length=COMPANY_LENGTH, description="The company as your contacts have it.")
    canonical: str = Field(min_length=1, max_length=100, description="The canonical company it is the same as.")


class CompanyConfirmed(BaseModel):
    company: str
    canonical: str
    contacts: int = Field(description="How many of your contacts now have the canonical company.")


class FollowUpOut(BaseModel):
    id: uuid.UUID
    name: str
    company: str
    status: OutreachStatus | None
    follow_up_on: date
    note: str


class OutreachOut(BaseModel):
    week_of: date = Field(description="The Monday of this week (weeks run Monday to Sunday, UTC).")
    conversations_this_week: int = Field(
        description="Contacts whose status moved to contacted, replied or met this week."
    )
    weekly_goal: int | None = Field(description="Your goal of conversations a week, if you set one.")
    weekly_email: bool = Field(description="Whether you get a Monday email of the follow-ups due.")
    follow_ups_due: int = Field(description="Contacts whose follow-up date has come (not those you met).")
    follow_ups: list[FollowUpOut] = Field(description="The first ten of them, soonest first.")


class OutreachSettingsIn(BaseModel):
    weekly_goal: int | None = Field(default=None, ge=1, le=50, description="Conversations a week; null for none.")
    weekly_email: bool = False
