"""The period an insights page covers: days in the group's time zone, and the months they span."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EARLIEST = date(2000, 1, 1)
MAX_DAYS = 5 * 366  # five years of weekly meetings is already 260 bars
DATE_HINT = "Please enter a date like 2025-01-31."
_WRITTEN_AS_A_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _local_midnight(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """From the start of `start` to the end of `end` (both local days, inclusive)."""

    start: date
    end: date
    timezone: str

    @property
    def starts_at(self) -> datetime:
        return _local_midnight(self.start, self.timezone)

    @property
    def ends_before(self) -> datetime:
        return _local_midnight(self.end + timedelta(days=1), self.timezone)

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = _add_months(first, 1)
        return months

    def month_boundaries(self) -> list[datetime]:
        """UTC instants where each month's bucket ends (the last one is the period's end), so that
        a timestamp belongs to bucket i when it is before boundary i and not before boundary i-1."""
        ends = [_local_midnight(_add_months(month, 1), self.timezone) for month in self.months()]
        ends[-1] = min(ends[-1], self.ends_before)
        return ends


def twelve_months_to(end: date) -> date:
    """The first day of the twelve months that end with `end`: the day after the same date a year
    before (2024-06-16 for 2025-06-15; 2027-03-01 for 2028-02-29)."""
    try:
        a_year_before = end.replace(year=end.year - 1)
    except ValueError:  # February 29th
        a_year_before = end.replace(year=end.year - 1, day=28)
    return a_year_before + timedelta(days=1)


def default_period(today: date, timezone: str) -> Period:
    """The last twelve months, to the day: from a year ago tomorrow to today."""
    return Period(twelve_months_to(today), today, timezone)


def date_problem(text: str) -> str:
    """What is wrong with `text`, which is not a date, and how to write one."""
    written = _WRITTEN_AS_A_DATE.fullmatch(text)
    if written is None:
        return f"“{text}” is not written as year-month-day. {DATE_HINT}"
    year, month, day = (int(part) for part in written.groups())
    if year == 0:
        return f"There is no year 0. {DATE_HINT}"
    if not 1 <= month <= 12:
        return f"There is no month {month}: months go from 1 to 12. {DATE_HINT}"
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days, so there is no day {day}. {DATE_HINT}"


@dataclass
class PeriodChoice:
    """What was asked for (`values`, to show again), what is shown, and what was wrong with it."""

    period: Period
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


def _parse(raw: str | None, name: str, errors: dict[str, str]) -> date | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors[name] = date_problem(text)
        return None
    if day < EARLIEST:
        errors[name] = "Please choose a date in 2000 or later."
        return None
    return day


def choose_period(raw_from: str | None, raw_to: str | None, timezone: str, today: date) -> PeriodChoice:
    """The period from a form or query string. Either end may be left out: the end defaults to
    today, the start to twelve months before the end, to the day. On a mistake the default period
    is chosen and `errors` says what to fix, by field ("from", "to")."""
    values = {"from": (raw_from or "").strip(), "to": (raw_to or "").strip()}
    errors: dict[str, str] = {}
    start, end = _parse(raw_from, "from", errors), _parse(raw_to, "to", errors)
    if not errors:
        end = end or max(today, start or today)
        start = start or twelve_months_to(end)
        if start > end:
            errors["from"] = "The start must be on or before the end."
        elif (end - start).days >= MAX_DAYS:
            errors["to"] = "Please choose at most five years."
    if errors or start is None or end is None:
        return PeriodChoice(default_period(today, timezone), values, errors)
    return PeriodChoice(Period(start, end, timezone), values)
