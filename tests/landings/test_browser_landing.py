"""Landing, in a real browser: Lena tells the group she landed, shares it on the wall and says how
she could help newcomers; her facilitator is emailed; Omar reads her story on the wall."""

from __future__ import annotations

from typing import Any

import pytest

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


async def test_lena_lands_and_omar_celebrates(page: Any, browser: Any, live_server: LiveServer) -> None:
    problems: list[str] = []
    await sign_in(page, "lena@example.org", ADMIN_PASSWORD)
    await page.goto(f"/g/{APPROVAL_GROUP}")
    await page.get_by_role("link", name="Wall of successes").click()
    await page.get_by_role("link", name="I landed!").click()
    await page.wait_for_url(f"**/g/{APPROVAL_GROUP}/landed")
    share = page.get_by_label("Share it on Tuesday HR Circle’s wall of successes")
    assert not await share.is_checked()
    problems += await serious_violations(page)

    # A forgotten field is explained, and what was typed stays.
    await page.get_by_label("Company or organisation").fill("Acme Health")
    await page.get_by_label("The group itself").check()
    await page.get_by_role("button", name="Tell the group").click()
    assert "Please tell us the new role" in await page.locator("#error-role").inner_text()
    assert await page.get_by_label("Company or organisation").input_value() == "Acme Health"
    assert await page.get_by_label("The group itself").is_checked()
    problems += await serious_violations(page)

    await page.get_by_label("Your new role").fill("Senior healthcare recruiter")
    await page.get_by_label("Your story in a few words").fill("Tuesdays kept me going. Say hello to everyone.")
    await share.check()
    await page.get_by_role("button", name="Tell the group").click()
    await page.wait_for_url("**/landings/*")
    assert await page.locator("h1").inner_text() == "Congratulations, Lena!"
    problems += await serious_violations(page)

    helping = page.get_by_label("How could you help newcomers?")
    await helping.fill("Mock interviews for recruiter roles; what it is like to work at Acme Health.")
    await page.get_by_role("button", name="Save how I can help").click()
    assert "Newcomers who need what you offer" in await page.locator(".flash").inner_text()
    assert "Mock interviews" in await page.get_by_label("How could you help newcomers?").input_value()

    email = await wait_for_email(live_server, page, FACILITATOR_EMAIL, "Lena Fischer landed")
    assert "Senior healthcare recruiter at Acme Health" in email

    omar_context = await browser.new_context(base_url=live_server.url)
    omar = await omar_context.new_page()
    await sign_in(omar, "omar@example.org", ADMIN_PASSWORD)
    await omar.goto(f"/g/{APPROVAL_GROUP}/wall")
    card = omar.locator(".wall-card", has_text="Senior healthcare recruiter")
    assert "Lena F." in await card.locator(".wall-name").inner_text()
    assert "Tuesdays kept me going." in await card.inner_text()
    assert "Fischer" not in await omar.locator("main").inner_text()
    problems += await serious_violations(omar)
    await omar_context.close()
    assert problems == []
