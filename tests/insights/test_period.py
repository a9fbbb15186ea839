"""The period of an insights page: defaults, mistakes, and months in the group's time zone (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.insights.period import Period, choose_period, default_period

TODAY = date(2025, 6, 15)
HINT = "Please enter a date like 2025-01-31."


def test_the_default_is_the_last_twelve_months_to_the_day() -> None:
    choice = choose_period(None, None, "America/Chicago", TODAY)
    assert (choice.period.start, choice.period.end, choice.errors) == (date(2024, 6, 16), TODAY, {})
    assert (choice.period.end - choice.period.start).days + 1 == 365
    # Not "January 1st to today" in December: the twelve months before it.
    december = choose_period(None, None, "UTC", date(2026, 12, 3)).period
    assert (december.start, december.end) == (date(2025, 12, 4), date(2026, 12, 3))
    leap = default_period(date(2028, 2, 29), "UTC")
    assert (leap.start, leap.end) == (date(2027, 3, 1), date(2028, 2, 29))


def test_either_end_may_be_left_out() -> None:
    assert choose_period("", "2025-03-10", "UTC", TODAY).period == Period(date(2024, 3, 11), date(2025, 3, 10), "UTC")
    assert choose_period("2025-03-10", " ", "UTC", TODAY).period == Period(date(2025, 3, 10), TODAY, "UTC")


def test_mistakes_say_what_to_fix_and_fall_back_to_the_default() -> None:
    cases = {
        ("31/01/2025", ""): {"from": f"“31/01/2025” is not written as year-month-day. {HINT}"},
        ("", "2025-02-30"): {"to": f"February 2025 has 28 days, so there is no day 30. {HINT}"},
        ("2025-13-01", ""): {"from": f"There is no month 13: months go from 1 to 12. {HINT}"},
        ("2025-05-01", "2025-04-01"): {"from": "The start must be on or before the end."},
        ("2015-01-01", "2025-01-01"): {"to": "Please choose at most five years."},
        ("1999-12-31", ""): {"from": "Please choose a date in 2000 or later."},
    }
    for (start, end), errors in cases.items():
        choice = choose_period(start, end, "UTC", TODAY)
        assert choice.errors == errors, (start, end)
        assert choice.period == default_period(TODAY, "UTC")
        assert choice.values == {"from": start.strip(), "to": end.strip()}


def test_month_boundaries_are_local_midnights_in_utc() -> None:
    period = Period(date(2025, 2, 10), date(2025, 4, 5), "America/Chicago")
    assert period.starts_at == datetime(2025, 2, 10, 6, tzinfo=UTC)
    assert period.month_boundaries() == [
        datetime(2025, 3, 1, 6, tzinfo=UTC),  # CST
        datetime(2025, 4, 1, 5, tzinfo=UTC),  # CDT
        datetime(2025, 4, 6, 5, tzinfo=UTC),
    ]
    assert [f"{month:%Y-%m}" for month in period.months()] == ["2025-02", "2025-03", "2025-04"]
