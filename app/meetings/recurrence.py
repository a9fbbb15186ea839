"""Recurrence rules (RFC 5545, via python-dateutil) applied in local time, so that a weekly 18:30
meeting stays at 18:30 on both sides of a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

MAX_OCCURRENCES = 200
_ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Repeat(StrEnum):
    never = "never"
    weekly = "weekly"
    every_other_week = "every_other_week"
    monthly_weekday = "monthly_weekday"
    custom = "custom"


def repeat_choices(day: date | None) -> list[tuple[str, str]]:
    """The form's repeat options, in words for the meeting's date ("Weekly on Tuesday")."""
    if day is None:
        weekday, nth = "the same weekday", "same weekday of the month"
    else:
        n = (day.day - 1) // 7 + 1
        weekday = _WEEKDAY_NAMES[day.weekday()]
        nth = f"{_ORDINALS[n if n <= 4 else -1]} {weekday}"
    return [
        (Repeat.never.value, "Does not repeat"),
        (Repeat.weekly.value, f"Weekly on {weekday}"),
        (Repeat.every_other_week.value, f"Every other week on {weekday}"),
        (Repeat.monthly_weekday.value, f"Monthly on the {nth}"),
        (Repeat.custom.value, "Custom…"),
    ]


def local_naive(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def to_utc(local: datetime, timezone: str) -> datetime:
    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def combine(day: date, at: time, timezone: str) -> datetime:
    return to_utc(datetime.combine(day, at), timezone)


def nth_weekday(moment: datetime, timezone: str) -> tuple[int, int]:
    """(n, weekday) of a local date: the second Tuesday is (2, 1); the last week counts as -1."""
    local = local_naive(moment, timezone)
    n = (local.day - 1) // 7 + 1
    return (n if n <= 4 else -1), local.weekday()


def rule_for(
    repeat: Repeat,
    starts_at: datetime,
    timezone: str,
    *,
    count: int | None = None,
    until: date | None = None,
    custom: str = "",
) -> str | None:
    """The RRULE text for a choice on the form (None for a one-off meeting)."""
    if repeat == Repeat.never:
        return None
    if repeat == Repeat.custom:
        rule = custom.strip().removeprefix("RRULE:")
    elif repeat == Repeat.weekly:
        rule = "FREQ=WEEKLY"
    elif repeat == Repeat.every_other_week:
        rule = "FREQ=WEEKLY;INTERVAL=2"
    else:
        n, weekday = nth_weekday(starts_at, timezone)
        rule = f"FREQ=MONTHLY;BYDAY={n}{_WEEKDAYS[weekday]}"
    if count:
        rule += f";COUNT={count}"
    elif until:
        rule += f";UNTIL={until:%Y%m%d}T235959"
    return validate_rule(rule, starts_at, timezone)


def validate_rule(rule: str, starts_at: datetime, timezone: str) -> str:
    """Checks a rule and returns it tidied; raises ValueError with a reason a person understands."""
    rule = rule.strip().removeprefix("RRULE:").upper()
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") not in _ALLOWED_FREQUENCIES:
        raise ValueError(
            "A repeat rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY, for example FREQ=WEEKLY;INTERVAL=2."
        )
    if "UNTIL" in parts and "COUNT" in parts:
        raise ValueError("A repeat rule can end after a number of meetings (COUNT) or on a date (UNTIL), not both.")
    try:
        parsed = _parse(rule, starts_at, timezone)
        first = next(iter(parsed), None)
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError(f"This repeat rule is not valid ({error}). Example: FREQ=MONTHLY;BYDAY=2TU.") from None
    if first is None:
        raise ValueError("This repeat rule gives no meetings at all; check its end date.")
    return rule


def _parse(rule: str, starts_at: datetime, timezone: str) -> rrule:
    parsed = rrulestr(rule, dtstart=local_naive(starts_at, timezone), ignoretz=True)
    assert isinstance(parsed, rrule)
    return parsed


def occurrences(rule: str, starts_at: datetime, timezone: str, after: datetime, before: datetime) -> list[datetime]:
    """Starts (UTC) of the occurrences in [after, before), computed in local wall-clock time."""
    parsed = _parse(rule, starts_at, timezone)
    local_after, local_before = local_naive(after, timezone), local_naive(before, timezone)
    starts = []
    for local in parsed.xafter(local_after, count=MAX_OCCURRENCES, inc=True):
        if local >= local_before:
            break
        starts.append(to_utc(local, timezone))
    return starts


def describe(rule: str | None, starts_at: datetime, timezone: str) -> str:
    """A rule in words: "Every week", "Every other week", "Monthly on the second Tuesday"."""
    if not rule:
        return "Does not repeat"
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    interval = int(parts.get("INTERVAL", "1"))
    frequency = parts["FREQ"]
    if frequency == "WEEKLY":
        text = "Every week" if interval == 1 else "Every other week" if interval == 2 else f"Every {interval} weeks"
        text += f" on {_WEEKDAY_NAMES[local_naive(starts_at, timezone).weekday()]}"
    elif frequency == "MONTHLY" and "BYDAY" in parts:
        byday = parts["BYDAY"]
        n, day = int(byday[:-2] or 1), byday[-2:]
        text = f"Monthly on the {_ORDINALS.get(n, str(n))} {_WEEKDAY_NAMES[_WEEKDAYS.index(day)]}"
    elif frequency == "MONTHLY":
        text = "Every month" if interval == 1 else f"Every {interval} months"
    elif frequency == "DAILY":
        text = "Every day" if interval == 1 else f"Every {interval} days"
    else:
        text = "Every year"
    if "COUNT" in parts:
        text += f", {parts['COUNT']} times"
    elif "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d")
        text += f", until {until:%b %-d, %Y}"
    return text


def end_before(rule: str, cut: datetime, timezone: str) -> str:
    """The same rule, ending just before `cut` (to split a series at "this and following")."""
    parts = [part for part in rule.split(";") if not part.startswith(("COUNT=", "UNTIL="))]
    last = local_naive(cut, timezone).replace(microsecond=0) - timedelta(seconds=1)
    return ";".join([*parts, f"UNTIL={last:%Y%m%dT%H%M%S}"])
