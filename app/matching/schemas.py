"""Suggestions and introduction rounds, in and out: the API's bodies and the facilitator's forms."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.form_values import blank_is_none
from app.matching.rounds import MAX_K

MAX_REASON = 2000
MAX_SUGGESTIONS = 50


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value




# --- API out ----------------------------------------------------------------------------------

class SuggestionOut(BaseModel):
    """Someone worth introducing to `for_person_id`, with why."""

    for_person_id: uuid.UUID = Field(description="The member the suggestion is for.")
    person_id: uuid.UUID = Field(description="The suggested person.")
    name: str
    score: float = Field(description="Higher is a stronger match; only comparable within one group.")
    reasons: list[str] = Field(description="Plain-language sentences, strongest first.")


class SuggestionList(BaseModel):
    items: list[SuggestionOut]


class PersonRef(BaseModel):
    person_id: uuid.UUID
    name: str


class PlannedPairOut(BaseModel):
    person_a_id: uuid.UUID
    person_a_name: str
    person_b_id: uuid.UUID
    person_b_name: str
    score: float
    reasons: list[str]


class RoundOut(BaseModel):
    id: uuid.UUID
    group_id: uuid.UUID
    k: int
    created_at: datetime
    confirmed_at: datetime | None
    pairs: list[PlannedPairOut]
    unpaired: list[PersonRef] = Field(description="Active members the round leaves without an introduction.")


class RoundConfirmed(BaseModel):
    round_id: uuid.UUID
    introduction_ids: list[uuid.UUID] = Field(description="The introductions proposed, one per pair.")
    skipped: list[str] = Field(description="Why each pair that was not proposed was left out.")


# --- API in -----------------------------------------------------------------------------------

class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(default=1, ge=1, le=MAX_K, description=f"New introductions per member, 1 to {MAX_K}.")


class PairChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_a_id: uuid.UUID
    person_b_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=MAX_REASON,
                        description="What both people will read: why they should meet.")

    _strip_reason = field_validator("reason", mode="before")(_strip)


class RoundConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pairs: list[PairChoice] | None = Field(
        default=None, description="The pairs to propose, with their reasons; leave out to propose the whole round "
                                  "with the engine's reasons.")


# --- forms ------------------------------------------------------------------------------------

class ProposeForm(BaseModel):
    """The propose form: two members, the reason both will read, and the request it answers."""

    a: uuid.UUID
    b: uuid.UUID
    reason: str = Field(min_length=1, max_length=MAX_REASON)
    request_id: uuid.UUID | None = None

    _strip_reason = field_validator("reason", mode="before")(_strip)
    _optional = field_validator("request_id", mode="before")(blank_is_none)

    @field_validator("a", "b", mode="before")
    @classmethod
    def _chosen(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("Please choose a member.")
        return value

    @model_validator(mode="after")
    def _two_people(self) -> ProposeForm:
        if self.a == self.b:
            raise ValueError("Please choose two different people.")
        return self


class RoundForm(BaseModel):
    k: int = Field(default=1, ge=1, le=MAX_K)


class DoNotPairForm(BaseModel):
    a: uuid.UUID
    b: uuid.UUID
    note: str = Field(default="", max_length=500)

    _strip_note = field_validator("note", mode="before")(_strip)

    @field_validator("a", "b", mode="before")
    @classmethod
    def _chosen(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("Please choose a member.")
        return value

    @model_validator(mode="after")
    def _two_people(self) -> DoNotPairForm:
        if self.a == self.b:
            raise ValueError("Please choose two different people.")
        return self
