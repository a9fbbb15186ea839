"""Check-in days before a meeting, in a real browser: the kiosk shows the meeting's date and says
when check-in opens, and an early tap at the kiosk or on the roster is refused with that message."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.browser import APPROVAL_GROUP, FACILITATOR_EMAIL, serious_violations, sign_in

pytestmark = pytest.mark.browser


async def test_the_kiosk_and_the_roster_refuse_an_early_check_in(page: Any) -> None:
    await sign_in(page, FACILITATOR_EMAIL)
    day = (datetime.now(ZoneInfo("America/Chicago")) + timedelta(days=2)).date()  # the group's time zone
    await page.goto(f"/g/{APPROVAL_GROUP}/meetings/new")
    await page.get_by_label("Title", exact=True).fill("Saturday early birds")
    await page.get_by_label("Date", exact=True).fill(day.isoformat())
    await page.get_by_label("Starts at", exact=True).fill("18:30")
    await page.get_by_role("button", name="Schedule").click()
    await page.wait_for_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))
    base = page.url.split("/", 3)[3]
    opens = (
        f"It is too early to check in: check-in opens at 3:30 PM on {day:%A, %B} {day.day} "
        "(America/Chicago time), 3 hours before the meeting starts."
    )
    problems: list[str] = []

    await page.goto(f"/{base}/kiosk")
    assert f"{day:%A, %B} {day.day}, {day.year} at 6:30 PM" in await page.locator(".kiosk-header").inner_text()
    assert await page.locator(".notice").inner_text() == opens
    problems += await serious_violations(page)
    await page.get_by_role("button", name="Omar Haddad I’m here").click()
    await page.wait_for_url(f"**/{base}/kiosk")
    assert await page.locator(".flash-error").inner_text() == opens
    assert await page.get_by_role("button", name="Omar Haddad I’m here").count() == 1  # not checked in

    await page.goto(f"/{base}/roster")
    assert opens in await page.locator(".notice").inner_text()
    await page.get_by_label("Member’s name").fill("omar")
    await page.get_by_role("button", name="Find").click()
    await page.get_by_role("button", name="Check in Omar Haddad").click()
    assert await page.locator(".flash-error").inner_text() == opens
    assert "0 checked in" in await page.locator(".day-counts").inner_text()

    await page.get_by_label("Name", exact=True).fill("Wren Early")
    await page.get_by_label("Email address").fill("wren.early@example.org")
    await page.get_by_role("button", name="Welcome them").click()
    assert await page.locator("#error-display_name").inner_text() == opens
    assert await page.get_by_label("Name", exact=True).input_value() == "Wren Early"
    assert await page.get_by_label("Email address").input_value() == "wren.early@example.org"
    problems += await serious_violations(page)
    assert problems == [], "\n".join(problems)
