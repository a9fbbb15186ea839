"""Suggestions and introduction rounds, in and out: the API's bodies and the facilitator's forms."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.form_values import blank_is_none, stripped
from app.introductions.schemas import MAX_REASON, ReasonsGiven
from app.matching.engine import ReasonKind
from app.matching.rounds import MAX_K

MAX_SUGGESTIONS = 50


# --- API out ----------------------------------------------------------------------------------


class SuggestionOut(BaseModel):
    """Someone worth introducing to `for_person_id`, with why."""

    for_person_id: uuid.UUID = Field(description="The member the suggestion is for.")
    person_id: uuid.UUID = Field(description="The suggested person.")
    name: str
    score: float = Field(description="Higher is a stronger match; only comparable within one group.")
    reason_to_member: str = Field(description="Why they should meet, as the member (`for_person_id`) would read it.")
    reason_to_person: str = Field(description="Why they should meet, as the suggested person would read it.")
    kinds: list[str] = Field(
        description="The kinds of reason, strongest first (target_company, topic, skill, "
        "hiring, been_there, shared_role, …)."
    )


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
    reason_for_a: str = Field(description="What person A will read, written to them.")
    reason_for_b: str = Field(description="What person B will read, written to them.")
    kinds: list[str]


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


class TopicOut(BaseModel):
    id: uuid.UUID
    label: str = Field(description="As members read it in a reason.")
    phrases: list[str] = Field(description="The ways people write it, lower case.")


# --- API in -----------------------------------------------------------------------------------


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(default=1, ge=1, le=MAX_K, description=f"New introductions per member, 1 to {MAX_K}.")


class PairChoice(ReasonsGiven):
    """A pair of the round to propose, with what each will read (or one text for both)."""

    model_config = ConfigDict(extra="forbid")

    person_a_id: uuid.UUID
    person_b_id: uuid.UUID


class RoundConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pairs: list[PairChoice] | None = Field(
        default=None,
        description="The pairs to propose, with their reasons; leave out to propose the whole round "
        "with the engine's reasons.",
    )


# --- forms ------------------------------------------------------------------------------------


class ProposeForm(BaseModel):
    """The propose form: two members, what each will read, and the request it answers. `kinds`
    carries the engine's kinds of reason along when its words were offered."""

    a: uuid.UUID
    b: uuid.UUID
    reason_for_a: str = Field(min_length=1, max_length=MAX_REASON)
    reason_for_b: str = Field(min_length=1, max_length=MAX_REASON)
    kinds: list[ReasonKind] = Field(default_factory=list)
    request_id: uuid.UUID | None = None

    _strip_reasons = field_validator("reason_for_a", "reason_for_b", mode="before")(stripped)
    _optional = field_validator("request_id", mode="before")(blank_is_none)

    @field_validator("kinds", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        return [kind for kind in value.split(",") if kind] if isinstance(value, str) else value

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

    _strip_note = field_validator("note", mode="before")(stripped)

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


MAX_PHRASES = 30


class TopicIn(BaseModel):
    """A topic of the group's own, or more ways to write one the engine knows (use its label)."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=2, max_length=80, description="How reasons name it: “works council consultations”.")
    phrases: list[str] = Field(
        default_factory=list,
        max_length=MAX_PHRASES,
        description="Other ways people write it; a form may send one per line or comma.",
    )

    _strip_label = field_validator("label", mode="before")(stripped)

    @field_validator("phrases", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.replace("\n", ",").split(",")
        return value

    @field_validator("phrases")
    @classmethod
    def _tidy(cls, value: list[str]) -> list[str]:
        phrases = list(dict.fromkeys(" ".join(phrase.split()).casefold() for phrase in value if phrase.strip()))
        for phrase in phrases:
            if len(phrase) > 60:
                raise ValueError(f"“{phrase[:30]}…” is too long: keep each phrase to 60 characters.")
            if len(phrase) < 3:
                raise ValueError(f"“{phrase}” is too short to mean anything on its own.")
        return phrases
