"""Issue 3 walked as people would: a newcomer joins an approval group and finds the others."""

from __future__ import annotations

import re
from typing import Any

from tests.browser import ADMIN_PASSWORD, APPROVAL_GROUP, FACILITATOR_EMAIL, LiveServer, sign_in

NEWCOMER = "nia.newcomer@example.com"


async def _email_to(live_server: LiveServer, page: Any, address: str, subject_part: str) -> str:
    for _ in range(150):  # the in-process worker sends through the test SMTP server
        found = [m for m in live_server.mailbox.to(address) if subject_part in m["Subject"]]
        if found:
            return found[-1].get_body(("plain",)).get_content()
        await page.wait_for_timeout(100)
    raise AssertionError(f"no email to {address} about {subject_part!r}")


async def test_a_newcomer_joins_is_approved_fills_the_profile_and_finds_the_group(
    browser: Any, live_server: LiveServer
) -> None:
    newcomer_context = await browser.new_context(base_url=live_server.url)
    newcomer = await newcomer_context.new_page()
    await newcomer.goto(f"/g/{APPROVAL_GROUP}")
    await newcomer.get_by_role("link", name="Ask to join this group").click()
    await newcomer.get_by_label("Your name").fill("Nia Newcomer")
    await newcomer.get_by_label("Email address").fill(NEWCOMER)
    await newcomer.get_by_label("Choose a password").fill("nia's long password")
    await newcomer.get_by_label("Where are you in your search?").select_option("searching")
    await newcomer.get_by_label("What are you looking for?").fill("Someone who moved from generalist HR into HRIS.")
    await newcomer.get_by_label("How could you help others?").fill("Plant-floor employee relations.")
    await newcomer.get_by_label("I have read the agreement and accept it").check()
    await newcomer.get_by_role("button", name="Ask to join").click()
    assert "Check your inbox" in await newcomer.locator("h1").inner_text()

    text = await _email_to(live_server, newcomer, NEWCOMER, "Confirm your email")
    link = re.search(r"http://\S+/verify-email/\S+", text).group(0)
    await newcomer.goto(link)
    await newcomer.get_by_role("button", name="Confirm my email address").click()
    await newcomer.wait_for_url(f"**/g/{APPROVAL_GROUP}/welcome")
    assert "your request is with the facilitators" in await newcomer.locator("h1").inner_text()

    facilitator_context = await browser.new_context(base_url=live_server.url)
    facilitator = await facilitator_context.new_page()
    await sign_in(facilitator, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    await facilitator.goto(f"/g/{APPROVAL_GROUP}/manage/requests")
    request = facilitator.locator(".request", has_text="Nia Newcomer")
    assert "generalist HR into HRIS" in await request.inner_text()
    await request.get_by_label("Private note").fill("Came via the outplacement firm.")
    await request.get_by_role("button", name="Approve Nia Newcomer").click()
    assert "is now a member" in await facilitator.locator(".flash").inner_text()
    await facilitator_context.close()
    await _email_to(live_server, newcomer, NEWCOMER, "Welcome to")

    await newcomer.goto("/profile")
    await newcomer.get_by_label("Headline (optional)").fill("HR generalist learning HRIS")
    await newcomer.get_by_label("Skills (optional)").fill("Employee relations, Workday")
    await newcomer.get_by_label("Company 1").fill("Fabrikam Foods")
    await newcomer.get_by_role("button", name="Save profile").click()
    assert "profile is saved" in await newcomer.locator(".flash").inner_text()

    await newcomer.goto(f"/g/{APPROVAL_GROUP}/members")
    directory = await newcomer.locator("main").inner_text()
    for name in ("Nia Newcomer", "Omar Haddad", "Lena Fischer", "Fay Facilitator"):
        assert name in directory
    await newcomer.get_by_role("searchbox", name="Search").fill("HRIS")
    await newcomer.get_by_role("button", name="Show people").click()
    results = await newcomer.locator("main").inner_text()
    assert "Omar Haddad" in results and "Lena Fischer" not in results
    await newcomer.get_by_role("link", name="Omar Haddad").click()
    assert "HRIS lead, Workday since 2012" in await newcomer.locator("main").inner_text()
    await newcomer_context.close()
