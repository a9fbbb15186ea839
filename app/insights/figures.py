"""The insights page's figures: each chart's SVG, legend and a sentence that says what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup

from app.insights.charts import ACCENT, NARROW, WARM, WIDE, Column, Row, Series, bar_rows, column_chart
from app.insights.schemas import (
    AttendanceOut,
    Chart,
    ConnectionsOut,
    FunnelOut,
    InsightsOut,
    LandingsOut,
    MonthCount,
    NewMembersOut,
)

CONNECTION_LABELS = {
    "0": "No connections yet",
    "1": "1 connection",
    "2": "2 connections",
    "3": "3 connections",
    "4+": "4 or more",
}


@dataclass
class Figure:
    chart: Chart
    title: str
    svg: Markup
    summary: str
    legend: list[Series] = field(default_factory=list)


def day(value: date) -> str:
    return f"{value:%b %-d, %Y}"


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}%" if value >= 10 or value == int(value) else f"{value:.1f}%"


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{date(int(year), int(number), 1):%b %Y}"


def insights_figures(data: InsightsOut) -> dict[Chart, Figure]:
    between = f"between {day(data.period.start)} and {day(data.period.end)}"
    figures: list[Figure] = []
    if data.attendance is not None:
        figures.append(_attendance(data.attendance, between))
    if data.new_members is not None:
        figures.append(_new_members(data.new_members, between))
    if data.funnel is not None:
        figures.append(_funnel(data.funnel, between))
    if data.landings is not None:
        figures.append(_landings(data.landings, between))
    if data.connections is not None:
        figures.append(_connections(data.connections))
    return {figure.chart: figure for figure in figures}


def _both_sizes(
    chart_id: str, title: str, summary: str, columns: list[Column], series: list[Series], **options: Any
) -> Markup:
    """The chart drawn for a wide screen and for a phone; the style sheet shows one of them."""
    return column_chart(chart_id, title, summary, columns, series, width=WIDE, **options) + column_chart(
        chart_id, title, summary, columns, series, width=NARROW, **options
    )


def _attendance(attendance: AttendanceOut, between: str) -> Figure:
    returning, first = Series("Came before", ACCENT), Series("First time", WARM)
    columns, previous_month, labelled_year = [], None, None
    for meeting in attendance.meetings:
        month = (meeting.day.year, meeting.day.month)
        label = sublabel = ""
        if month != previous_month:
            label = f"{meeting.day:%b}"
            if labelled_year != meeting.day.year:
                sublabel, labelled_year = str(meeting.day.year), meeting.day.year
        previous_month = month
        columns.append(
            Column(
                (meeting.returning, meeting.first_timers),
                label,
                sublabel,
                f"{meeting.day:%a %b %-d, %Y}: {meeting.attended} came, {meeting.first_timers} for the first time",
            )
        )
    meetings = attendance.meetings
    if meetings:
        busiest = max(meetings, key=lambda meeting: (meeting.attended, meeting.day))
        summary = (
            f"{len(meetings)} {'meeting' if len(meetings) == 1 else 'meetings'} {between}. "
            f"On average {attendance.average_attended:g} people came; the most was {busiest.attended} "
            f"on {day(busiest.day)}. {attendance.total_first_timers} came for the first time."
        )
    else:
        summary = f"No meetings took place {between}."
    title = "Attendance per meeting, with first-timers"
    svg = _both_sizes(
        "attendance", title, summary, columns, [returning, first], y_label="People checked in", x_label="Meeting date"
    )
    return Figure(Chart.attendance, title, svg, summary, [returning, first])


def _month_columns(months: list[MonthCount], noun: str) -> list[Column]:
    columns, labelled_year = [], None
    for month in months:
        year, number = (int(part) for part in month.month.split("-"))
        first = date(year, number, 1)
        sublabel = ""
        if labelled_year != year:
            sublabel, labelled_year = str(year), year
        columns.append(Column((month.count,), f"{first:%b}", sublabel, f"{first:%B %Y}: {month.count} {noun}"))
    return columns


def _busiest(months: list[MonthCount]) -> MonthCount:
    return max(reversed(months), key=lambda month: month.count)


def _new_members(new_members: NewMembersOut, between: str) -> Figure:
    if new_members.total:
        busiest = _busiest(new_members.months)
        summary = (
            f"{new_members.total} {'person' if new_members.total == 1 else 'people'} joined {between}; "
            f"the most in {month_label(busiest.month)} ({busiest.count})."
        )
    else:
        summary = f"Nobody joined {between}."
    title = "New members per month"
    svg = _both_sizes(
        "new-members",
        title,
        summary,
        _month_columns(new_members.months, "joined"),
        [Series("New members", ACCENT)],
        y_label="People who joined",
        x_label="Month joined",
        show_values=True,
    )
    return Figure(Chart.new_members, title, svg, summary)


def _funnel(funnel: FunnelOut, between: str) -> Figure:
    proposed, _, connected, met, helped = (stage.count for stage in funnel.stages)
    if proposed:
        share = funnel.stages[2].percent_of_proposed
        summary = (
            f"Of {proposed} {'introduction' if proposed == 1 else 'introductions'} proposed {between}, "
            f"{connected} ({percent(share)}) connected: both said yes. "
            f"{met} led to a meeting and {helped} helped someone, as the people themselves reported."
        )
    else:
        summary = f"No introductions were proposed {between}."
    rows = [
        Row(
            stage.label,
            stage.count,
            f"{stage.count:,}" if index == 0 else f"{stage.count:,} · {percent(stage.percent_of_proposed)}",
        )
        for index, stage in enumerate(funnel.stages)
    ]
    title = "The introduction funnel"
    svg = bar_rows(
        "funnel", title, summary, rows, category_label="Stage", value_label="Introductions (and share of all proposed)"
    )
    return Figure(Chart.funnel, title, svg, summary)


def _landings(landings: LandingsOut, between: str) -> Figure:
    if landings.total:
        summary = f"{landings.total} {'landing' if landings.total == 1 else 'landings'} reported {between}."
        if landings.median_weeks_to_landing is not None:
            summary += (
                f" Median time from joining the group to landing: {landings.median_weeks_to_landing:g} weeks"
                f" (over {landings.landings_measured})."
            )
    else:
        summary = f"No landings were reported {between}."
    title = "Landings per month"
    svg = _both_sizes(
        "landings",
        title,
        summary,
        _month_columns(landings.months, "landed"),
        [Series("Landings", ACCENT)],
        y_label="Landings reported",
        x_label="Month reported",
        show_values=True,
    )
    return Figure(Chart.landings, title, svg, summary)


def _connections(connections: ConnectionsOut) -> Figure:
    members = connections.members
    if members:
        none = connections.without_connections
        summary = (
            f"{members} {'member' if members == 1 else 'members'} on {day(connections.as_of)}: "
            f"{none} ({percent(100 * none / members)}) {'has' if none == 1 else 'have'} no connections yet."
        )
    else:
        summary = f"No members on {day(connections.as_of)}."
    rows = [
        Row(
            CONNECTION_LABELS[bucket.connections],
            bucket.members,
            f"{bucket.members:,} · {percent(100 * bucket.members / members if members else None)}",
            highlight=bucket.connections == "0",
        )
        for bucket in connections.buckets
    ]
    title = "Connections per member"
    svg = bar_rows(
        "connections",
        title,
        summary,
        rows,
        category_label="Connections made in the group",
        value_label="Members (and share of all members)",
    )
    return Figure(Chart.connections, title, svg, summary)
