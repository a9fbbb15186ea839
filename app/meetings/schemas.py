from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from app.form_values import stripped
from app.groups.schemas import check_timezone
from app.meetings.models import CheckInMethod, MeetingStatus, RsvpAnswer, RsvpStatus
from app.meetings.recurrence import Repeat

_URL = TypeAdapter(AnyHttpUrl)


def _online_url(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        _URL.validate_python(value.strip())
    except ValueError:
        raise ValueError("Please enter the full web address of the call, starting with https://.") from None
    return value.strip()


# Far enough either way for any real meeting, and clear of the ends of the calendar, where
# moving a time between time zones overflows.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2200


def _plausible_date(value: date | datetime | None) -> date | datetime | None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"Please choose a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}.")
    return value


def _to_the_minute(value: datetime | None) -> datetime | None:
    """Meetings start on a minute. Seconds would only confuse calendars, and a series' rule drops
    fractions of a second, which would lose its first meeting."""
    if value is None:
        return None
    _plausible_date(value)
    return value.replace(second=0, microsecond=0)


class EditScope(StrEnum):
    this = "this"
    following = "following"


class MeetingFields(BaseModel):
    """What a meeting is; `starts_at` is local time in `timezone`, or carries its own offset."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=160)
    starts_at: datetime
    duration_minutes: int = Field(default=90, ge=10, le=720)
    timezone: str | None = Field(default=None, max_length=64, description="IANA name; the group's by default.")
    location: str = Field(default="", max_length=300)
    online_url: str | None = Field(default=None, max_length=500)
    agenda: str = Field(default="", max_length=5000)
    capacity: int | None = Field(default=None, ge=1, le=10000, description="Empty for no limit.")

    _strip_text = field_validator("title", "location", "agenda", mode="before")(stripped)
    _url = field_validator("online_url")(_online_url)
    _start = field_validator("starts_at")(_to_the_minute)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value in (None, "") else check_timezone(value)


class MeetingCreate(MeetingFields):
    recurrence: str | None = Field(
        default=None,
        max_length=300,
        description="An RFC 5545 RRULE such as FREQ=WEEKLY;INTERVAL=2;COUNT=10 for a series; empty for one meeting.",
    )


class MeetingUpdate(BaseModel):
    """Only the fields given change. `scope` says whether later meetings of the series change too."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=160)
    starts_at: datetime | None = None
    duration_minutes: int | None = Field(default=None, ge=10, le=720)
    timezone: str | None = Field(default=None, max_length=64)
    location: str | None = Field(default=None, max_length=300)
    online_url: str | None = Field(default=None, max_length=500)
    agenda: str | None = Field(default=None, max_length=5000)
    capacity: int | None = Field(default=None, ge=1, le=10000)
    scope: EditScope = EditScope.this

    _strip_text = field_validator("title", "location", "agenda", mode="before")(stripped)
    _start = field_validator("starts_at")(_to_the_minute)

    @field_validator("online_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _online_url(value)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)


# Inside MeetingForm the field `date` hides the type, for type checkers.
_Date = date


class MeetingForm(BaseModel):
    """The scheduling page: date and time apart, and a choice of how it repeats."""

    title: str = Field(min_length=1, max_length=160)
    date: date
    time: time
    duration_minutes: int = Field(default=90, ge=10, le=720)
    timezone: str = Field(min_length=1, max_length=64)
    location: str = Field(default="", max_length=300)
    online_url: str | None = Field(default=None, max_length=500)
    agenda: str = Field(default="", max_length=5000)
    capacity: int | None = Field(default=None, ge=1, le=10000)
    repeat: Repeat = Repeat.never
    ends: str = "never"
    count: int | None = Field(default=None, ge=1, le=200)
    until: _Date | None = None
    custom_rule: str = Field(default="", max_length=300)
    scope: EditScope = EditScope.this

    _strip_text = field_validator("title", "location", "agenda", "custom_rule", mode="before")(stripped)
    _tz = field_validator("timezone")(check_timezone)
    _url = field_validator("online_url")(_online_url)
    _dates = field_validator("date", "until")(_plausible_date)

    @field_validator("capacity", "count", "until", "online_url", mode="before")
    @classmethod
    def _empty(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _ending(self) -> MeetingForm:
        if self.repeat != Repeat.never:
            if self.ends == "after" and not self.count:
                raise ValueError("Say after how many meetings the series ends.")
            if self.ends == "on" and not self.until:
                raise ValueError("Say on which date the series ends.")
            if self.repeat == Repeat.custom and not self.custom_rule:
                raise ValueError("Write the custom repeat rule, for example FREQ=WEEKLY;INTERVAL=3.")
        return self


class RsvpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: RsvpAnswer


class RsvpOut(BaseModel):
    meeting_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    answer: RsvpAnswer
    status: RsvpStatus
    waitlist_position: int | None = None
    updated_at: datetime


class MeetingOut(BaseModel):
    id: uuid.UUID
    group_id: uuid.UUID
    series_id: uuid.UUID | None
    recurrence: str | None
    title: str
    starts_at: datetime
    ends_at: datetime
    local_starts_at: str = Field(description="Wall-clock start in `timezone`, ISO 8601 without offset.")
    duration_minutes: int
    timezone: str
    location: str
    online_url: str | None
    agenda: str
    capacity: int | None
    status: MeetingStatus
    going: int
    waitlisted: int
    my_rsvp: RsvpOut | None = None


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: uuid.UUID


class WalkIn(BaseModel):
    display_name: str = Field(min_length=1, max_length=120)
    email: str = Field(min_length=3, max_length=320)

    _strip_all = field_validator("display_name", "email", mode="before")(stripped)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        from email_validator import EmailNotValidError, validate_email

        try:
            return validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise ValueError("Please enter an email address like name@example.org.") from None


class AttendanceOut(BaseModel):
    meeting_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    checked_in_at: datetime
    method: CheckInMethod
    first_time: bool


class AttendedMeetingOut(BaseModel):
    """A meeting a person was checked in at."""

    meeting_id: uuid.UUID
    title: str
    starts_at: datetime
    status: MeetingStatus
    checked_in_at: datetime
    method: CheckInMethod
