"""What the introductions pages and API take and give.

A person who is one of the two never learns who declined: to them an introduction is proposed,
connected or "not going ahead" (declined, expired and withdrawn look the same), and they see
only their own answer.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.form_values import stripped
from app.introductions.models import Answer, IntroductionStatus, Outcome, RequestStatus
from app.profiles.schemas import ProfileOut

MAX_REASON = 2000
MAX_NOTE = 2000
MAX_DESCRIPTION = 1000
MAX_DO_NOT_PAIR_NOTE = 500


class ShownStatus(StrEnum):
    """An introduction's status as one of the two people sees it."""

    proposed = "proposed"
    connected = "connected"
    not_going_ahead = "not_going_ahead"


OUTCOME_LABELS = {
    Outcome.not_yet: "We have not met yet",
    Outcome.met: "We met",
    Outcome.helpful: "We met and it helped",
    Outcome.referral: "It led to a referral",
    Outcome.interview: "It led to an interview",
    Outcome.offer: "It led to a job offer",
    Outcome.hire: "It led to a hire",
}


class ReasonsGiven(BaseModel):
    """Why two people should meet: one text both read, or one written to each."""

    reason: str | None = Field(
        default=None, min_length=1, max_length=MAX_REASON, description="One text that both read."
    )
    reason_for_a: str | None = Field(
        default=None, min_length=1, max_length=MAX_REASON, description="What person A reads, written to them."
    )
    reason_for_b: str | None = Field(
        default=None, min_length=1, max_length=MAX_REASON, description="What person B reads, written to them."
    )

    _strip_reasons = field_validator("reason", "reason_for_a", "reason_for_b", mode="before")(stripped)

    @model_validator(mode="after")
    def _said_once(self) -> ReasonsGiven:
        each = (self.reason_for_a, self.reason_for_b)
        if self.reason is None and None in each:
            raise ValueError("Say why these two should meet: give `reason`, or both `reason_for_a` and `reason_for_b`.")
        if self.reason is not None and each != (None, None):
            raise ValueError("Give either `reason` or `reason_for_a` and `reason_for_b`, not both.")
        return self

    def texts(self) -> tuple[str, str]:
        """(what A reads, what B reads)."""
        if self.reason is not None:
            return self.reason, self.reason
        assert self.reason_for_a is not None and self.reason_for_b is not None
        return self.reason_for_a, self.reason_for_b


class ProposalIn(ReasonsGiven):
    model_config = ConfigDict(extra="forbid")

    person_a_id: uuid.UUID
    person_b_id: uuid.UUID


class ReasonsOut(BaseModel):
    """Each side's reason, as the two read them (for facilitators)."""

    person_a: str
    person_b: str
    kinds: list[str] = Field(description="The matching engine's kinds of reason; empty for a facilitator's own words.")


class AnswerIn(BaseModel):
    """An answer to a proposal; the note goes to the facilitators only, never to the other person."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=MAX_NOTE)

    _strip_note = field_validator("note", mode="before")(stripped)


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    note: str = Field(default="", max_length=MAX_NOTE)

    _strip_note = field_validator("note", mode="before")(stripped)


class AskIn(BaseModel):
    """A request to be introduced: to a member of the group, or to "someone who …" in words."""

    model_config = ConfigDict(extra="forbid")

    target_person_id: uuid.UUID | None = None
    description: str = Field(default="", max_length=MAX_DESCRIPTION)

    _strip_description = field_validator("description", mode="before")(stripped)

    @field_validator("target_person_id", mode="before")
    @classmethod
    def _empty(cls, value: object) -> object:
        return None if value == "" else value


class PauseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paused: bool


class PersonOut(BaseModel):
    id: uuid.UUID
    name: str


class ContactOut(BaseModel):
    """The other person's contact details: only in connected introductions, only to the two people."""

    name: str
    email: str
    phone: str | None = None
    linkedin_url: str | None = None


class OutcomeOut(BaseModel):
    person_id: uuid.UUID
    outcome: Outcome
    note: str
    updated_at: datetime


class FacilitatorNotes(BaseModel):
    """Each side's answer and private note, for the group's facilitators (never for the two)."""

    person_a_answer: Answer
    person_b_answer: Answer
    person_a_note: str
    person_b_note: str


class IntroductionOut(BaseModel):
    id: uuid.UUID
    group_id: uuid.UUID
    status: str = Field(
        description="For the two people: proposed, connected or not_going_ahead. "
        "For facilitators: proposed, connected, declined, expired or withdrawn."
    )
    reason: str | None = Field(default=None, description="For the two people: the reason written to you.")
    reasons: ReasonsOut | None = Field(default=None, description="For facilitators: what each of the two reads.")
    person_a: PersonOut
    person_b: PersonOut
    proposed_by: str | None = None
    created_at: datetime
    connected_at: datetime | None = None
    closed_at: datetime | None = None
    my_answer: Answer | None = Field(default=None, description="Your own answer, when you are one of the two.")
    other_person: ProfileOut | None = Field(
        default=None, description="The other person's profile as a fellow member sees it (for the two)."
    )
    contact: ContactOut | None = Field(
        default=None, description="The other person's contact details, once both accepted."
    )
    outcomes: list[OutcomeOut] = Field(
        default_factory=list, description="What came of it: your own, or both for facilitators."
    )
    answers: FacilitatorNotes | None = None


class RequestOut(BaseModel):
    id: uuid.UUID
    group_id: uuid.UUID
    requester: PersonOut
    target: PersonOut | None = None
    description: str
    status: RequestStatus
    created_at: datetime
    closed_at: datetime | None = None


class OwnIntroductionData(BaseModel):
    """One introduction in a person's data export: their side of it."""

    group: str
    with_person: str
    reason: str
    status: ShownStatus
    my_answer: Answer
    my_note: str
    proposed_at: datetime
    connected_at: datetime | None
    my_outcome: Outcome | None
    my_outcome_note: str


class OwnRequestData(BaseModel):
    group: str
    to_meet: str
    status: RequestStatus
    asked_at: datetime


def shown_status(status: IntroductionStatus) -> ShownStatus:
    if status == IntroductionStatus.proposed:
        return ShownStatus.proposed
    if status == IntroductionStatus.connected:
        return ShownStatus.connected
    return ShownStatus.not_going_ahead


class DoNotPairIn(BaseModel):
    """Two members the facilitators will not introduce; the note is for the facilitators only."""

    model_config = ConfigDict(extra="forbid")

    person_a_id: uuid.UUID
    person_b_id: uuid.UUID
    note: str = Field(default="", max_length=MAX_DO_NOT_PAIR_NOTE)

    _strip_note = field_validator("note", mode="before")(stripped)


class DoNotPairOut(BaseModel):
    group_id: uuid.UUID
    person_a: PersonOut
    person_b: PersonOut
    note: str
    created_at: datetime
