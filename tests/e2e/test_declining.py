"""Declining a request to join in a real browser: the facilitator is asked first, with room for a
private note, and can take the decline back before the person is told."""

from __future__ import annotations

import re
from typing import Any

from tests.browser import ADMIN_PASSWORD, APPROVAL_GROUP, FACILITATOR_EMAIL, LiveServer, sign_in, wait_for_email

NEWCOMER = "dev.declined@example.com"


async def test_a_facilitator_declines_after_confirming_and_undoes_it(browser: Any, live_server: LiveServer) -> None:
    newcomer_context = await browser.new_context(base_url=live_server.url)
    newcomer = await newcomer_context.new_page()
    await newcomer.goto(f"/g/{APPROVAL_GROUP}/join")
    await newcomer.get_by_label("Your name").fill("Dev Declined")
    await newcomer.get_by_label("Email address").fill(NEWCOMER)
    await newcomer.get_by_label("Choose a password").fill("dev's long password")
    await newcomer.get_by_label("I have read the agreement and accept it").check()
    await newcomer.get_by_role("button", name="Ask to join").click()
    text = await wait_for_email(live_server, newcomer, NEWCOMER, "Confirm your email")
    await newcomer.goto(re.search(r"http://\S+/verify-email/\S+", text).group(0))
    await newcomer.get_by_role("button", name="Confirm my email address").click()
    await newcomer.wait_for_url(f"**/g/{APPROVAL_GROUP}/welcome")
    await newcomer_context.close()

    context = await browser.new_context(base_url=live_server.url)
    facilitator = await context.new_page()
    await sign_in(facilitator, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    await facilitator.goto(f"/g/{APPROVAL_GROUP}/manage/requests")
    request = facilitator.locator(".request", has_text="Dev Declined")
    await request.get_by_label("Private note").fill("Looking for a finance group.")
    await request.get_by_role("button", name="Decline…").click()

    assert "Decline Dev Declined’s request to join?" in await facilitator.locator("h1").inner_text()
    assert await facilitator.get_by_label("Private note").input_value() == "Looking for a finance group."
    await facilitator.get_by_role("button", name="Decline Dev Declined’s request").click()
    assert (
        "Declined. We will tell Dev Declined by email in 5 minutes" in await facilitator.locator(".flash").inner_text()
    )
    assert await facilitator.locator(".request", has_text="Dev Declined").count() == 0

    await facilitator.get_by_role("button", name="Undo: keep Dev Declined’s request").click()
    assert "request is back in your queue" in await facilitator.locator(".flash").inner_text()
    assert await facilitator.locator(".request", has_text="Dev Declined").count() == 1
    assert await facilitator.locator(".undo").count() == 0
    assert not [m for m in live_server.mailbox.to(NEWCOMER) if "About your request" in m["Subject"]]
    await context.close()
