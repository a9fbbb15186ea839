from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)

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


def _plainly(empty: str, wrong: str | None = None) -> WrapValidator:
    """Whatever the type or its bounds find wrong reads as one sentence for people: `empty` when
    nothing was given, `wrong` otherwise. Reasons our own validators give are kept as they are."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as error:
            for found in error.errors():
                if found["type"] == "value_error":
                    raise ValueError(str(found["msg"]).removeprefix("Value error, ")) from None
            raise ValueError(empty if value is None or value == "" else (wrong or empty)) from None

    return WrapValidator(validate)


Title = Annotated[
    str,
    Field(min_length=1, max_length=160),
    _plainly("Give the meeting a title.", "Keep the title to 160 characters or fewer."),
]
StartsAt = Annotated[
    datetime,
    AfterValidator(lambda value: _to_the_minute(value)),
    _plainly(
        "Give the start as a date and time, like 2027-03-14T18:30.",
        "Give the start as a date and time, like 2027-03-14T18:30 (local time in `timezone`, or with an offset).",
    ),
]
Minutes = Annotated[
    int,
    Field(ge=10, le=720),
    _plainly("Say how long the meeting lasts, in minutes.", "A meeting lasts from 10 to 720 minutes (12 hours)."),
]
Seats = Annotated[
    int,
    Field(ge=1, le=10000),
    _plainly(
        "Give the number of seats.",
        "Give the number of seats as a whole number from 1 to 10000, or leave it empty for no limit.",
    ),
]
Day = Annotated[
    date, AfterValidator(lambda value: _plausible_date(value)), _plainly("Pick a date.", "Pick a date like 2027-03-14.")
]
StartTime = Annotated[time, _plainly("Pick a start time.", "Give the start time like 18:30.")]
Count = Annotated[
    int,
    Field(ge=1, le=200),
    _plainly("Say after how many meetings the series ends.", "A series has from 1 to 200 meetings."),
]


class EditScope(StrEnum):
    this = "this"
    following = "following"


class MeetingFields(BaseModel):
    """What a meeting is; `starts_at` is local time in `timezone`, or carries its own offset."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    starts_at: StartsAt
    duration_minutes: Minutes = 90
    timezone: str | None = Field(default=None, max_length=64, description="IANA name; the group's by default.")
    location: str = Field(default="", max_length=300)
    online_url: str | None = Field(default=None, max_length=500)
    agenda: str = Field(default="", max_length=5000)
    capacity: Seats | None = Field(default=None, description="Empty for no limit.")

    _strip_text = field_validator("title", "location", "agenda", mode="before")(stripped)
    _url = field_validator("online_url")(_online_url)

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
    allow_past: bool = Field(
        default=False,
        description="A start on a day gone by is refused (422) unless this is true, to record a meeting that happened.",
    )


class MeetingUpdate(BaseModel):
    """Only the fields given change. `scope` says whether later meetings of the series change too."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    starts_at: StartsAt | None = None
    duration_minutes: Minutes | None = None
    timezone: str | None = Field(default=None, max_length=64)
    location: str | None = Field(default=None, max_length=300)
    online_url: str | None = Field(default=None, max_length=500)
    agenda: str | None = Field(default=None, max_length=5000)
    capacity: Seats | None = None
    scope: Annotated[EditScope, _plainly("Say whether only this meeting changes, or the following ones too.")] = (
        EditScope.this
    )

    _strip_text = field_validator("title", "location", "agenda", mode="before")(stripped)

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
    """The scheduling page: date and time apart, a choice of how it repeats, and, for a start in the
    past, the facilitator's confirmation."""

    title: Title
    date: Day
    time: StartTime
    duration_minutes: Minutes = 90
    timezone: Annotated[str, Field(min_length=1, max_length=64), _plainly("Choose a time zone from the list.")]
    location: str = Field(default="", max_length=300)
    online_url: str | None = Field(default=None, max_length=500)
    agenda: str = Field(default="", max_length=5000)
    capacity: Seats | None = None
    repeat: Annotated[Repeat, _plainly("Choose how the meeting repeats.")] = Repeat.never
    ends: Annotated[Literal["never", "after", "on"], _plainly("Choose when the series ends.")] = "never"
    count: Count | None = Field(default=None, validate_default=True)
    until: Annotated[_Date, _plainly("Pick a date.", "Pick a date like 2027-03-14.")] | None = Field(
        default=None, validate_default=True
    )
    custom_rule: str = Field(default="", max_length=300, validate_default=True)
    scope: Annotated[EditScope, _plainly("Say whether only this meeting changes, or the following ones too.")] = (
        EditScope.this
    )
    confirm_past: bool = False

    _strip_text = field_validator("title", "location", "agenda", "custom_rule", mode="before")(stripped)
    _tz = field_validator("timezone")(check_timezone)
    _url = field_validator("online_url")(_online_url)

    @field_validator("capacity", "count", "until", "online_url", mode="before")
    @classmethod
    def _empty(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("confirm_past", mode="before")
    @classmethod
    def _ticked(cls, value: object) -> object:
        return value not in (None, "", "no", "false", False)

    # The series' ending is checked on the field it concerns, so that its message stands beside it.
    @field_validator("count")
    @classmethod
    def _count_needed(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None and _repeats(info) and info.data.get("ends") == "after":
            raise ValueError("Say after how many meetings the series ends.")
        return value

    @field_validator("until")
    @classmethod
    def _until_needed(cls, value: _Date | None, info: ValidationInfo) -> _Date | None:
        if not _repeats(info) or info.data.get("ends") != "on":
            return value
        if value is None:
            raise ValueError("Pick the date of the series' last meeting.")
        _plausible_date(value)
        first = info.data.get("date")
        if first is not None and value < first:
            raise ValueError("The last date is before the first meeting; pick a later one.")
        return value

    @field_validator("custom_rule")
    @classmethod
    def _rule_needed(cls, value: str, info: ValidationInfo) -> str:
        if not value and info.data.get("repeat") == Repeat.custom:
            raise ValueError("Write the custom repeat rule, for example FREQ=WEEKLY;INTERVAL=3.")
        return value


def _repeats(info: ValidationInfo) -> bool:
    return info.data.get("repeat", Repeat.never) != Repeat.never


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
