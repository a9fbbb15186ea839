"""What the reach pages and API take and give.

Counts, never names: a warm path says how many people a member knows at a company, only where the
member shared their reach with a group the reader is in. A warm introduction's "not now" is the
helper's alone: to the asker it looks like a request still waiting, and then like one that closed,
as an unanswered request does.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.form_values import stripped

MAX_MESSAGE = 1000
MAX_HELPER_NOTE = 1000
# An unanswered request (or one the helper answered "not now") closes for the asker after this.
ASKER_WAITS_DAYS = 14


class SharingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shared: bool = Field(description="Share which companies you know people at (companies and counts only).")


class SharingOut(BaseModel):
    group_id: uuid.UUID
    group: str
    shared: bool
    shared_at: datetime | None = None


class YearsOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    start_year: int | None = Field(default=None, serialization_alias="from")
    end_year: int | None = Field(default=None, serialization_alias="to")


class WarmPathOut(BaseModel):
    person_id: uuid.UUID
    name: str
    groups: list[str] = Field(description="The groups you share with this member.")
    works_there: bool = Field(description="They work at the company now, as their profile says.")
    worked_there: list[YearsOut] = Field(default_factory=list, description="Their time there, from their profile.")
    knows_people: int | None = Field(
        default=None, description="How many people they know there; only when they shared their reach with you."
    )
    open_to_requests: bool = Field(
        default=True, description="False while they have paused introductions: not to be asked for now."
    )
    open_request_id: uuid.UUID | None = Field(
        default=None, description="Your warm-introduction request to them about this company, while it waits."
    )


class CompanyReachOut(BaseModel):
    company: str
    paths: list[WarmPathOut] = Field(description="The closest ties first: who works there now, who knows most people.")
    more_people: int = Field(default=0, description="People in your groups who can help there besides those listed.")


class ReachOut(BaseModel):
    companies: list[CompanyReachOut] = Field(description="The target companies on your profile, each with its paths.")


class WarmAskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: uuid.UUID = Field(description="The member you ask: one of your warm paths to the company.")
    company: Annotated[str, Field(min_length=1, max_length=100)]
    message: Annotated[str, Field(max_length=MAX_MESSAGE)]

    _strip = field_validator("company", "message", mode="before")(stripped)

    @field_validator("message")
    @classmethod
    def _something_said(cls, value: str) -> str:
        if not value:
            raise ValueError("Say in a sentence or two what you are looking for, so they know whom to think of.")
        return value


class WarmAnswer(StrEnum):
    yes = "yes"
    not_now = "not_now"


class WarmAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: WarmAnswer
    note: Annotated[str, Field(default="", max_length=MAX_HELPER_NOTE)] = ""

    _strip = field_validator("note", mode="before")(stripped)


class AskerStatus(StrEnum):
    """A request as the asker sees it: never whether the helper said "not now"."""

    waiting = "waiting"
    accepted = "accepted"
    closed = "closed"
    withdrawn = "withdrawn"


class HelperStatus(StrEnum):
    open = "open"
    accepted = "accepted"
    not_now = "not_now"
    withdrawn = "withdrawn"
    closed = "closed"


class PersonRef(BaseModel):
    id: uuid.UUID
    name: str


class WarmRequestOut(BaseModel):
    id: uuid.UUID
    role: str = Field(description='"asker" when you asked, "helper" when you were asked.')
    group: str
    company: str
    asker: PersonRef
    helper: PersonRef
    message: str
    status: str = Field(
        description="For the asker: waiting, accepted, closed or withdrawn. For the helper: open, "
        "accepted, not_now, withdrawn or closed."
    )
    helper_note: str | None = Field(default=None, description="Whom the helper will connect the asker with.")
    created_at: datetime
    answered_at: datetime | None = Field(default=None, description="Shown to the helper only.")


class WarmRequestsOut(BaseModel):
    asked: list[WarmRequestOut]
    received: list[WarmRequestOut]


class OwnReachData(BaseModel):
    """The reach part of a person's data export."""

    shared_with: list[SharingOut]
    warm_introductions: list[WarmRequestOut]


class CompanyGapOut(BaseModel):
    company: str
    members_aiming: int = Field(description="Active members with this company on their list.")
    with_warm_path: int = Field(description="Of them, how many have a warm path there in this group.")
