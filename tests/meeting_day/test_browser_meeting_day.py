"""The meeting day in a real browser: a facilitator schedules a meeting, checks people in at the
roster (a member who did not answer, and a walk-in), a member checks in from her phone with the QR
link, the facilitator taps her own name at the kiosk, and the round of introductions runs."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.meeting_day.qr import check_in_code
from tests.browser import (
    ADMIN_PASSWORD,
    APPROVAL_GROUP,
    FACILITATOR_EMAIL,
    LiveServer,
    serious_violations,
    sign_in,
    wait_for_email,
)

pytestmark = pytest.mark.browser


async def _schedule_a_meeting_starting_now(page: Any) -> str:
    now = datetime.now(ZoneInfo("America/Chicago"))  # the group's time zone
    await page.goto(f"/g/{APPROVAL_GROUP}/meetings/new")
    await page.get_by_label("Title", exact=True).fill("Door and room night")
    await page.get_by_label("Date", exact=True).fill(now.date().isoformat())
    await page.get_by_label("Starts at", exact=True).fill(now.strftime("%H:%M"))
    await page.get_by_role("button", name="Schedule").click()
    await page.wait_for_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[1]


async def test_a_facilitator_runs_the_door_and_the_room(page: Any, browser: Any, live_server: LiveServer) -> None:
    await sign_in(page, FACILITATOR_EMAIL)
    meeting_id = await _schedule_a_meeting_starting_now(page)
    base = f"/meetings/{meeting_id}"
    problems: list[str] = []

    # The roster: Omar did not answer, but came; Wren is new.
    await page.goto(f"{base}/roster")
    assert "Nobody on the list yet" in await page.locator("main").inner_text()
    await page.get_by_label("Member’s name").fill("omar")
    await page.get_by_role("button", name="Find").click()
    await page.get_by_role("button", name="Check in Omar Haddad").click()
    assert "Omar Haddad is checked in." in await page.locator(".flash").inner_text()
    assert "First meeting" in await page.locator("tr", has_text="Omar Haddad").inner_text()

    await page.get_by_label("Name", exact=True).fill("Wren Walkin")
    await page.get_by_label("Email address").fill("wren-at-example")
    await page.get_by_role("button", name="Welcome them").click()
    assert "name@example.org" in await page.locator("#error-email").inner_text()
    assert await page.get_by_label("Name", exact=True).input_value() == "Wren Walkin"
    problems += await serious_violations(page)
    await page.get_by_label("Email address").fill("wren@example.org")
    await page.get_by_role("button", name="Welcome them").click()
    assert "Wren Walkin is welcome as a guest" in await page.locator(".flash").inner_text()
    assert "invitation sent" in await page.locator("#guests").inner_text()
    problems += await serious_violations(page)

    # Wren accepts the invitation on her phone, there and then: she joins and counts as present.
    invitation = await wait_for_email(live_server, page, "wren@example.org", "invites you to join")
    link = re.search(r"http://\S+/invitation/\S+", invitation).group(0)
    wren_context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    wren = await wren_context.new_page()
    await wren.goto(link)
    await wren.get_by_label("Choose a password").fill("wren's long password")
    await wren.get_by_label("The password, again").fill("wren's long password")
    await wren.get_by_label("I have read the agreement and accept it").check()
    problems += await serious_violations(wren)
    await wren.get_by_role("button", name=re.compile("^Join ")).click()
    await wren.wait_for_url("**/welcome")
    await wren_context.close()
    await page.reload()
    assert "Walk-in" in await page.locator("tr", has_text="Wren Walkin").inner_text()
    assert await page.locator("#guests").count() == 0
    await page.get_by_role("button", name="Print the roster").wait_for()  # revealed by the script

    await page.emulate_media(media="print")
    assert await page.locator(".day-roster-table table").is_visible()
    for hidden in (".day-nav", ".site-header", "#walk-in", ".day-row-action"):
        assert not await page.locator(hidden).first.is_visible(), hidden
    await page.emulate_media(media="screen")
    problems += await serious_violations(page)

    # Lena scans the code at the door with her phone, and signs in on the way.
    phone_context = await browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = await phone_context.new_page()
    await phone.goto(f"{base}/check-in?code={check_in_code(uuid.UUID(meeting_id))}")
    await phone.get_by_label("Email address").fill("lena@example.org")
    await phone.get_by_label("Password").fill(ADMIN_PASSWORD)
    await phone.get_by_role("button", name="Sign in").click()
    await phone.wait_for_url("**/check-in?code=*")
    assert await phone.locator("h1").inner_text() == "Check in to Door and room night?"
    await phone.get_by_role("button", name="Yes, check me in").click()
    await phone.locator("h1", has_text="You’re checked in").wait_for()
    problems += await serious_violations(phone)
    await phone_context.close()

    # The kiosk: the list narrows as a name is typed; Fay taps her own.
    await page.goto(f"{base}/kiosk")
    assert "✓ Checked in" in await page.locator(".kiosk-list li", has_text="Lena Fischer").inner_text()
    problems += await serious_violations(page)
    await page.get_by_label("Find your name").fill("fay")
    assert await page.locator(".kiosk-list li", has_text="Lena Fischer").is_hidden()
    await page.get_by_role("button", name="Fay Facilitator I’m here").click()
    assert await page.locator("h1").inner_text() == "Welcome, Fay Facilitator!"
    await page.get_by_role("link", name="Next person").click()
    assert "✓ Checked in" in await page.locator(".kiosk-list li", has_text="Fay Facilitator").inner_text()

    # The round of introductions, in the order people arrived, with a timer.
    await page.goto(f"{base}/run")
    people = page.locator("ol.day-round > li")
    assert await people.evaluate_all("items => items.map(item => item.dataset.name)") == [
        "Omar Haddad",
        "Wren Walkin",
        "Lena Fischer",
        "Fay Facilitator",
    ]
    await page.get_by_label("Minutes each").fill("1")
    await page.get_by_role("button", name="Start").click()
    assert await people.nth(0).get_attribute("aria-current") == "step"
    await page.locator("[data-announce]", has_text="Now: Omar Haddad, here for the first time").wait_for(
        state="attached"
    )
    assert re.fullmatch(r"[01]:\d\d", await page.locator("[data-clock]").inner_text())
    await page.get_by_role("button", name="Pause").click()
    paused = await page.locator("[data-clock]").inner_text()
    await page.wait_for_timeout(1300)
    assert await page.locator("[data-clock]").inner_text() == paused
    await page.get_by_role("button", name="Next").click()
    assert await people.nth(1).get_attribute("aria-current") == "step"
    assert await people.nth(0).get_attribute("aria-current") is None
    await page.locator("[data-announce]", has_text="Now: Wren Walkin").wait_for(state="attached")
    problems += await serious_violations(page)

    await page.goto(f"{base}/badges")
    assert await page.locator(".day-name-badge").count() == 4
    problems += await serious_violations(page)
    assert problems == []
