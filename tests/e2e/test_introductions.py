"""Issue 5 as people walk it: a suggestion becomes a proposal, both say yes, both are introduced."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import (ADMIN_PASSWORD, APPROVAL_GROUP, FACILITATOR_EMAIL, LiveServer, serious_violations,
                                sign_in, wait_for_email)


async def _as(browser: Any, live_server: LiveServer, email: str) -> tuple[Any, Any]:
    context = await browser.new_context(base_url=live_server.url)
    page = await context.new_page()
    await sign_in(page, email, ADMIN_PASSWORD)
    return context, page


async def test_from_suggestion_to_connected(browser: Any, live_server: LiveServer) -> None:
    facilitator_context, facilitator = await _as(browser, live_server, FACILITATOR_EMAIL)
    await facilitator.goto(f"/g/{APPROVAL_GROUP}/introductions/suggestions")
    card = facilitator.locator("main li, main article, main section").filter(
        has_text="Omar Haddad worked at Acme Health (2012–2024), which is on Lena Fischer's target list").first
    await card.wait_for()
    await card.get_by_role("link", name="Propose").first.click()
    reason = facilitator.locator("#field-reason")
    assert "Omar Haddad worked at Acme Health (2012–2024)" in await reason.input_value()
    await reason.fill(await reason.input_value() + " You both care about Workday done well.")
    await facilitator.get_by_role("button", name="Propose the introduction").click()
    await facilitator_context.close()

    omar_context, omar = await _as(browser, live_server, "omar@example.org")
    proposal = await wait_for_email(live_server, omar, "omar@example.org", "would like to introduce you to Lena Fischer")
    assert "lena@example.org" not in proposal  # no contact details before both say yes
    await omar.goto("/introductions")
    assert "You both care about Workday done well." in await omar.locator("main").inner_text()
    await omar.get_by_role("button", name="Yes, introduce us").first.click()
    await omar_context.close()

    lena_context, lena = await _as(browser, live_server, "lena@example.org")
    await lena.goto("/introductions")
    assert "omar@example.org" not in await lena.locator("main").inner_text()
    await lena.get_by_role("button", name="Yes, introduce us").first.click()
    await lena.goto("/introductions")
    assert "omar@example.org" in await lena.locator("main").inner_text()  # connected: contact details shared

    for person, other, name in (("omar@example.org", "lena@example.org", "Lena Fischer"),
                                ("lena@example.org", "omar@example.org", "Omar Haddad")):
        text = await wait_for_email(live_server, lena, person, f"Meet {name}")
        assert other in text and "Workday done well" in text, person
    await lena_context.close()


async def test_introduction_pages_pass_an_accessibility_scan(browser: Any, live_server: LiveServer) -> None:

    problems: list[str] = []
    context, page = await _as(browser, live_server, FACILITATOR_EMAIL)
    group = f"/g/{APPROVAL_GROUP}/introductions"
    for path in (f"{group}/suggestions", f"{group}/requests", f"{group}/rounds/new", group, f"{group}/new"):
        await page.goto(path)
        problems += await serious_violations(page)
    await page.goto(f"{group}/rounds/new")
    await page.locator("main form button[type=submit]").last.click()  # plan a round: its preview
    problems += await serious_violations(page)
    await context.close()
    context, page = await _as(browser, live_server, "lena@example.org")
    for path in ("/introductions", f"{group}/ask"):
        await page.goto(path)
        problems += await serious_violations(page)
    await page.locator("main form button[type=submit]").last.click()  # the ask form with its errors
    problems += await serious_violations(page)
    await context.close()
    assert problems == [], "\n".join(problems)
