"""Issue 4 as people walk it: a series is scheduled, two members answer past capacity, one is
checked in at the door kiosk, and the facilitator opens the run view."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.browser import ADMIN_PASSWORD, APPROVAL_GROUP, FACILITATOR_EMAIL, LiveServer, serious_violations, sign_in


async def _answer_going(browser: Any, live_server: LiveServer, email: str, meeting_path: str) -> str:
    context = await browser.new_context(base_url=live_server.url)
    member = await context.new_page()
    await sign_in(member, email, ADMIN_PASSWORD)
    await member.goto(meeting_path)
    await member.locator(".rsvp-buttons button[value=going]").click()
    status = await member.locator(".rsvp-status").inner_text()
    await context.close()
    return status


async def test_series_waitlist_kiosk_and_run_view(page: Any, browser: Any, live_server: LiveServer) -> None:
    await sign_in(page, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    # The first meeting starts within the hour, so that people can check in at its kiosk.
    first = datetime.now(ZoneInfo("America/Chicago")) + timedelta(hours=1)
    await page.goto(f"/g/{APPROVAL_GROUP}/meetings/new")
    await page.get_by_label("Title", exact=True).fill("Thursday practice circle")
    await page.get_by_label("Date", exact=True).fill(first.date().isoformat())
    await page.get_by_label("Starts at", exact=True).fill(first.strftime("%H:%M"))
    await page.get_by_label("Seats").fill("1")
    # The repeat choices are progressive: the series' end and the raw rule show only when they apply,
    # and the options name the chosen date's weekday.
    repeat = page.get_by_label("Repeats")
    rule = page.get_by_label("Custom rule (only for “Custom…”)")
    assert await page.get_by_label("After a number of meetings").is_hidden() and await rule.is_hidden()
    await repeat.select_option(label="Custom…")
    assert await rule.is_visible()
    await repeat.select_option(label=f"Every other week on {first:%A}")
    assert await rule.is_hidden()
    await page.get_by_label("After a number of meetings").check()
    await page.get_by_label("Number of meetings (optional)").fill("4")
    await page.get_by_role("button", name="Schedule").click()
    await page.wait_for_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))
    meeting_path = "/" + page.url.split("/", 3)[3]
    assert "Every other week" in await page.locator("main").inner_text()
    await page.goto(f"/g/{APPROVAL_GROUP}/meetings")
    assert await page.locator(".meeting-card", has_text="Thursday practice circle").count() == 4

    assert "You are going." in await _answer_going(browser, live_server, "omar@example.org", meeting_path)
    assert "number 1 on the waitlist" in await _answer_going(browser, live_server, "lena@example.org", meeting_path)

    await page.goto(f"{meeting_path}/answers")
    table = await page.locator("table").inner_text()
    assert "Omar Haddad" in table and "Waitlist, number 1" in table

    await page.goto(meeting_path)
    await page.get_by_role("link", name="Door kiosk").click()
    await page.get_by_label("Find your name").fill("omar")
    await page.get_by_role("button", name="Omar Haddad I’m here").click()
    assert "Omar" in await page.locator("main").inner_text()

    await page.goto(meeting_path)
    await page.get_by_role("link", name="Run the meeting").click()
    run = await page.locator("main").inner_text()
    assert "Omar Haddad" in run and "HRIS lead, Workday since 2012" in run


async def test_meeting_pages_pass_an_accessibility_scan(page: Any) -> None:

    await sign_in(page, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    problems: list[str] = []
    await page.goto(f"/g/{APPROVAL_GROUP}/meetings/new")
    problems += await serious_violations(page)
    await page.get_by_label("Title", exact=True).fill("")
    await page.get_by_role("button", name="Schedule").click()  # with its errors showing
    problems += await serious_violations(page)
    await page.get_by_label("Title", exact=True).fill("Scanned meeting")
    tomorrow = (datetime.now(ZoneInfo("America/Chicago")) + timedelta(days=2)).date()
    await page.get_by_label("Date", exact=True).fill(tomorrow.isoformat())
    await page.get_by_label("Starts at", exact=True).fill("09:00")
    await page.get_by_role("button", name="Schedule").click()
    await page.wait_for_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))
    meeting_path = "/" + page.url.split("/", 3)[3]
    for path in (
        meeting_path,
        f"{meeting_path}/edit",
        f"{meeting_path}/cancel",
        f"{meeting_path}/answers",
        f"{meeting_path}/roster",
        f"{meeting_path}/badges",
        f"{meeting_path}/run",
        f"{meeting_path}/kiosk",
        f"/g/{APPROVAL_GROUP}/meetings",
        f"/g/{APPROVAL_GROUP}/meetings?past=true",
        "/settings/calendar",
    ):
        await page.goto(path)
        problems += await serious_violations(page)
    assert problems == [], "\n".join(problems)
