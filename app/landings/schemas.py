"""What the landing pages and API take and give.

On the wall a person is their first name and last initial, and an introduction is "an introduction
through the group": the person on the other side of it never appears there.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from app.form_values import blank_is_none, form_date, stripped
from app.landings.models import HelpedBy

MAX_ROLE = 160
MAX_COMPANY = 160
MAX_STORY = 2000
# A start date this far away is almost always a typo in the year.
START_DATE_PAST = timedelta(days=5 * 366)
START_DATE_FUTURE = timedelta(days=2 * 366)

# As the wall, the emails and the API's readers see it.
HELPED_BY_LABELS = {
    HelpedBy.introduction: "An introduction through the group",
    HelpedBy.group: "The group itself",
    HelpedBy.contact: "A personal contact",
    HelpedBy.posting: "A job posting",
    HelpedBy.other: "Something else",
}
# As the person answers the question "What helped most?".
HELPED_BY_CHOICES = {**HELPED_BY_LABELS, HelpedBy.contact: "A contact of my own"}
HELPED_BY_HINTS = {
    HelpedBy.introduction: "Someone you were introduced to here.",
    HelpedBy.group: "The meetings, the advice, the encouragement.",
    HelpedBy.contact: "Someone you already knew, or met elsewhere.",
    HelpedBy.posting: "An advertised job you applied for.",
    HelpedBy.other: "",
}


class LandingIn(BaseModel):
    """A landing as the person reports or corrects it."""

    model_config = ConfigDict(extra="forbid")

    role: str = Field(min_length=1, max_length=MAX_ROLE, description="The new job's title.")
    company: str = Field(min_length=1, max_length=MAX_COMPANY, description="Where.")
    start_date: date | None = Field(default=None, description="When the job starts, if known.")
    helped_by: HelpedBy = Field(description="What helped most.")
    introduction_id: uuid.UUID | None = Field(
        default=None,
        validate_default=True,
        description="With helped_by `introduction`: one of your connected introductions in this group.",
    )
    story: str = Field(
        default="", max_length=MAX_STORY, description="A few words for the facilitators (and for the wall, if shared)."
    )
    on_wall: bool = Field(
        default=False, description="Share it on the group's wall of successes (seen by the group's members only)."
    )

    _strip_text = field_validator("role", "company", "story", mode="before")(stripped)

    @field_validator("start_date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return form_date(value)

    @field_validator("start_date")
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        today = date.today()
        if value is not None and not (today - START_DATE_PAST <= value <= today + START_DATE_FUTURE):
            raise ValueError("Please check the year: this date is more than five years ago or two years ahead.")
        return value

    @field_validator("introduction_id", mode="before")
    @classmethod
    def _blank_introduction(cls, value: object) -> object:
        return blank_is_none(value)

    @field_validator("introduction_id")
    @classmethod
    def _introduction_when_credited(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        helped_by = info.data.get("helped_by")
        if helped_by != HelpedBy.introduction:
            return None  # a choice left in the form after changing one's mind means nothing
        if value is None:
            raise ValueError("Please choose the introduction that helped.")
        return value


def _omit_when_none(value: object) -> bool:
    return value is None


class PersonOut(BaseModel):
    id: uuid.UUID
    name: str


class LandingOut(BaseModel):
    """A landing as the viewer may see it. On the wall (fellow members): a short name, no person id
    and no introduction; the person themself and the group's facilitators see everything."""

    id: uuid.UUID
    group_id: uuid.UUID
    name: str = Field(description="First name and last initial on the wall; the full name otherwise.")
    person: PersonOut | None = Field(
        default=None, exclude_if=_omit_when_none, description="The person themself and facilitators only."
    )
    role: str
    company: str
    start_date: date | None = None
    helped_by: HelpedBy
    introduction_id: uuid.UUID | None = Field(
        default=None, exclude_if=_omit_when_none, description="The person themself and facilitators only."
    )
    story: str = ""
    on_wall: bool
    landed_in: str = Field(description="The month it was reported, as YYYY-MM in the group's time zone.")
    created_at: datetime


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """The landing form's fields as LandingIn takes them (an unticked box sends nothing)."""
    data = {name: values.get(name, "") for name in ("role", "company", "start_date", "introduction_id", "story")}
    if values.get("helped_by"):
        data["helped_by"] = values["helped_by"]
    data["on_wall"] = values.get("on_wall") == "yes"
    return data


class HelpIn(BaseModel):
    """How an alumnus could help newcomers (the profile's "can help with")."""

    model_config = ConfigDict(extra="forbid")

    can_help_with: str = Field(default="", max_length=2000)

    _strip_help = field_validator("can_help_with", mode="before")(stripped)
