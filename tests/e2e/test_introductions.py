"""Issue 5 as people walk it: a suggestion becomes a proposal, both say yes, both are introduced."""

from __future__ import annotations

from typing import Any

from tests.browser import (
    ADMIN_PASSWORD,
    APPROVAL_GROUP,
    FACILITATOR_EMAIL,
    LiveServer,
    serious_violations,
    sign_in,
    wait_for_email,
)


async def _as(browser: Any, live_server: LiveServer, email: str) -> tuple[Any, Any]:
    context = await browser.new_context(base_url=live_server.url)
    page = await context.new_page()
    await sign_in(page, email, ADMIN_PASSWORD)
    return context, page


async def test_from_suggestion_to_connected(browser: Any, live_server: LiveServer) -> None:
    facilitator_context, facilitator = await _as(browser, live_server, FACILITATOR_EMAIL)
    await facilitator.goto(f"/g/{APPROVAL_GROUP}/introductions/suggestions")
    card = (
        facilitator.locator("main li, main article, main section")
        .filter(has_text="Omar worked at Acme Health (2012–2024), one of the companies on your list.")
        .first
    )
    await card.wait_for()
    await card.get_by_role("link", name="Propose").first.click()
    to_lena, to_omar = (
        facilitator.get_by_label("What Lena Fischer reads"),
        facilitator.get_by_label("What Omar Haddad reads"),
    )
    assert "Omar worked at Acme Health (2012–2024)" in await to_lena.input_value()
    assert "Lena is hoping to join Acme Health, where you worked." in await to_omar.input_value()
    for field in (to_lena, to_omar):
        await field.fill(await field.input_value() + " You both care about Workday done well.")
    await facilitator.get_by_role("button", name="Propose the introduction").click()
    await facilitator_context.close()

    omar_context, omar = await _as(browser, live_server, "omar@example.org")
    proposal = await wait_for_email(
        live_server, omar, "omar@example.org", "would like to introduce you to Lena Fischer"
    )
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

    for person, other, name in (
        ("omar@example.org", "lena@example.org", "Lena Fischer"),
        ("lena@example.org", "omar@example.org", "Omar Haddad"),
    ):
        text = await wait_for_email(live_server, lena, person, f"Meet {name}")
        assert other in text and "Workday done well" in text, person
    await lena_context.close()


async def test_a_round_whose_proposals_each_side_reads_in_their_own_words(
    browser: Any, live_server: LiveServer
) -> None:
    context, facilitator = await _as(browser, live_server, FACILITATOR_EMAIL)
    await facilitator.goto(f"/g/{APPROVAL_GROUP}/introductions/rounds/new")
    await facilitator.get_by_role("button", name="Plan the round").click()
    await facilitator.wait_for_url("**/introductions/rounds/*")
    pairs = facilitator.locator(".round-pair")
    pair = pairs.filter(has_text="Rosa Ramos").filter(has_text="Theo Tran")
    to_theo = await pair.get_by_label("What Theo Tran reads").input_value()
    to_rosa = await pair.get_by_label("What Rosa Ramos reads").input_value()
    assert "Rosa can help with interview practice, which you are looking for." in to_theo
    assert "Theo is looking for help with interview practice, which you offer." in to_rosa
    assert "Ramos" not in to_theo and "Tran" not in to_rosa  # first names, to each reader
    for index in range(await pairs.count()):  # only this pair: the rest of the group stays as it is
        other = pairs.nth(index)
        if "Theo Tran" not in await other.inner_text():
            await other.get_by_role("checkbox").uncheck()
    # The button counts what is ticked (static/round.js): one pair is left.
    await facilitator.get_by_role("button", name="Propose this introduction", exact=True).click()
    await facilitator.locator("main", has_text="1 introduction is proposed").wait_for()
    await context.close()

    for email, own, other in (("theo@example.org", to_theo, to_rosa), ("rosa@example.org", to_rosa, to_theo)):
        context, member = await _as(browser, live_server, email)
        await member.goto("/introductions")
        text = await member.locator("main").inner_text()
        assert own.split(".")[0] in text and other.split(".")[0] not in text, email
        email_text = await wait_for_email(live_server, member, email, "would like to introduce you to")
        assert own.split(".")[0] in email_text and other.split(".")[0] not in email_text
        await context.close()


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
