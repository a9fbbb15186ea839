"""What the insights page, its CSV files and the API give: the same numbers, one schema.

Definitions (also shown on the page):
- attendance: meetings that have started and were not cancelled; a first-timer is someone checked
  in for the first time at any meeting of the group.
- new members: memberships whose joining date falls in the month (in the group's time zone).
- the introduction funnel, for introductions proposed in the period: proposed (all), both answered
  (neither answer pending), connected (both said yes), met (at least one of the two reported
  "we met" or better) and helped (at least one reported helpful, referral, interview, offer or hire).
- landings: by the month they were reported; weeks to landing run from joining the group to the report.
- connections: members (not facilitators) active in the group, with the connections they had made
  in it by the end of the period.
- first connections: members who joined in the period, and how long until their first connection
  (an introduction both accepted) in the group.
- reasons: introductions proposed in the period, by the kind of reason the engine gave (one
  introduction counts under each of its kinds; a facilitator's own words are "in their own words").
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Chart(StrEnum):
    """The charts, as they appear in CSV addresses: /g/{slug}/insights/{chart}.csv."""

    attendance = "attendance"
    new_members = "new-members"
    funnel = "funnel"
    landings = "landings"
    connections = "connections"


class FunnelStageKey(StrEnum):
    proposed = "proposed"
    both_answered = "both_answered"
    connected = "connected"
    met = "met"
    helped = "helped"


FUNNEL_LABELS = {
    FunnelStageKey.proposed: "Proposed",
    FunnelStageKey.both_answered: "Both answered",
    FunnelStageKey.connected: "Connected (both said yes)",
    FunnelStageKey.met: "Met",
    FunnelStageKey.helped: "Helped",
}
FUNNEL_DEFINITIONS = {
    FunnelStageKey.proposed: "every introduction a facilitator proposed in the period",
    FunnelStageKey.both_answered: "both people gave an answer, yes or no",
    FunnelStageKey.connected: "both said yes, so their contact details were shared",
    FunnelStageKey.met: "at least one of the two said they met (or more came of it)",
    FunnelStageKey.helped: "at least one said it helped, or led to a referral, an interview, an offer or a hire",
}
CONNECTION_BUCKETS = ("0", "1", "2", "3", "4+")


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    start: date = Field(alias="from", description="The first day counted, in the group's time zone.")
    end: date = Field(alias="to", description="The last day counted (inclusive), in the group's time zone.")
    timezone: str = Field(description="The group's time zone, in which days and months are counted.")


class MeetingAttendance(BaseModel):
    meeting_id: uuid.UUID
    title: str
    starts_at: datetime
    day: date = Field(description="The meeting's day in the group's time zone.")
    attended: int = Field(description="People checked in.")
    first_timers: int = Field(description="Of them, checked in for the first time at any meeting of the group.")
    returning: int = Field(description="attended − first_timers.")


class AttendanceOut(BaseModel):
    meetings: list[MeetingAttendance] = Field(description="Meetings that started in the period, oldest first.")
    total_attended: int
    total_first_timers: int
    average_attended: float | None = Field(description="Per meeting; null without meetings.")


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM, in the group's time zone; the first and last may be partial months.")
    count: int


class NewMembersOut(BaseModel):
    months: list[MonthCount]
    total: int


class FunnelStage(BaseModel):
    stage: FunnelStageKey
    label: str
    count: int
    percent_of_proposed: float | None = Field(description="Null when nothing was proposed.")
    percent_of_previous: float | None = Field(
        description="Of the stage before; null for the first stage or when the stage before is zero."
    )


class FunnelOut(BaseModel):
    stages: list[FunnelStage]


class LandingsOut(BaseModel):
    months: list[MonthCount]
    total: int
    median_weeks_to_landing: float | None = Field(
        description="Median weeks from joining the group to reporting the landing; null without landings."
    )
    landings_measured: int = Field(description="Landings by people whose joining date is known (the median's basis).")


class ConnectionBucket(BaseModel):
    connections: str = Field(description="0, 1, 2, 3 or 4+ connections.")
    members: int


class ConnectionsOut(BaseModel):
    as_of: date = Field(description="Connections made by the end of this day.")
    buckets: list[ConnectionBucket]
    members: int
    without_connections: int


class FirstConnectionsOut(BaseModel):
    newcomers: int = Field(description="Members (not facilitators) who joined in the period.")
    connected: int = Field(description="Of them, those with at least one connection by now.")
    within_14_days: int = Field(description="Of them, those whose first connection came within 14 days of joining.")
    percent_within_14_days: float | None
    median_days: float | None = Field(
        description="Median days from joining to the first connection, among those connected."
    )


class ReasonRate(BaseModel):
    kind: str = Field(description="A kind of reason (target_company, topic, …), or `own_words`.")
    label: str
    proposed: int
    connected: int
    met: int = Field(description="Connected, and at least one of the two said they met (or better).")
    helped: int = Field(
        description="Connected, and at least one said it helped (helpful, referral, interview, offer or hire)."
    )
    percent_connected: float | None
    percent_helped: float | None


class InsightsOut(BaseModel):
    """A group's numbers for a period: attendance, joining, introductions, landings and connections."""

    group_id: uuid.UUID
    period: PeriodOut
    attendance: AttendanceOut | None = None
    new_members: NewMembersOut | None = None
    funnel: FunnelOut | None = None
    landings: LandingsOut | None = None
    connections: ConnectionsOut | None = None
    first_connections: FirstConnectionsOut | None = None
    reasons: list[ReasonRate] | None = None
