"""The group agreement in a real browser: joining with the box left unticked is refused with a
message next to the box, and what was typed is kept."""

from __future__ import annotations

from typing import Any

from tests.browser import APPROVAL_GROUP, LiveServer, serious_violations

NEWCOMER = "una.unticked@example.com"


async def test_the_join_form_refuses_an_unticked_agreement_and_keeps_what_was_typed(
    browser: Any, live_server: LiveServer
) -> None:
    context = await browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await page.goto(f"/g/{APPROVAL_GROUP}/join")
    await page.get_by_label("Your name").fill("Una Unticked")
    await page.get_by_label("Email address").fill(NEWCOMER)
    await page.get_by_label("Choose a password").fill("una's long password")
    await page.get_by_label("What are you looking for?").fill("A way back into payroll after a layoff.")
    await page.get_by_role("button", name="Ask to join").click()

    message = "Please read the group agreement and tick the box to accept it."
    assert message in await page.locator(".error-summary").inner_text()
    assert await page.locator("#error-agree").inner_text() == message
    box = page.get_by_label("I have read the agreement and accept it")
    assert not await box.is_checked()
    assert await box.get_attribute("aria-describedby") == "error-agree"
    assert await box.get_attribute("aria-invalid") == "true"
    assert await page.get_by_label("Your name").input_value() == "Una Unticked"
    assert await page.get_by_label("Email address").input_value() == NEWCOMER
    assert await page.get_by_label("What are you looking for?").input_value() == (
        "A way back into payroll after a layoff."
    )
    assert await page.get_by_label("Choose a password").input_value() == ""  # never sent back
    assert "Keep confidences." in await page.locator("#field-agree").inner_text()
    assert await serious_violations(page) == []

    await page.locator(".error-summary a[href='#field-agree']").click()
    await page.get_by_label("Choose a password").fill("una's long password")
    await box.check()
    await page.get_by_role("button", name="Ask to join").click()
    assert "Check your inbox" in await page.locator("h1").inner_text()
    await context.close()
