"""A person using the site in a real browser."""

from __future__ import annotations

import re
from typing import Any

from tests.browser import ADMIN_EMAIL, LiveServer, serious_violations, sign_in


async def test_admin_signs_in_creates_a_group_and_sees_it_on_the_home_page(page: Any) -> None:
    await sign_in(page)
    await page.get_by_role("link", name="Admin", exact=True).click()
    await page.get_by_role("link", name="New group").click()
    await page.get_by_label("Name").fill("Career Changers — Saturday Mornings")
    await page.get_by_label("Web address").fill("saturday-career-changers")
    await page.get_by_label("Description").fill("For people changing fields.\n\nWe meet at 9.")
    await page.get_by_label("Time zone").select_option("America/Denver")
    await page.get_by_label("Usual meeting place").fill("Denver Central Library, room 4")
    await page.get_by_label("Open").check()
    await page.locator("#field-listed-true").check()  # listed, once it has a facilitator (below)
    await page.get_by_role("button", name="Create group").click()
    await page.wait_for_url("**/admin/groups/saturday-career-changers")
    assert "is created" in await page.locator(".flash").inner_text()

    await page.get_by_label("Appoint by email").fill(ADMIN_EMAIL)
    await page.get_by_role("button", name="Appoint facilitator").click()
    assert "now facilitates" in await page.locator(".flash").inner_text()

    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    card = page.locator("section[aria-labelledby=groups-title] .card", has_text="Career Changers — Saturday Mornings")
    assert "Open to everyone" in await card.inner_text()
    await card.get_by_role("link").click()
    await page.wait_for_url("**/g/saturday-career-changers")
    assert await page.locator("h1").inner_text() == "Career Changers — Saturday Mornings"
    assert "Dana Admin" in await page.locator("aside").inner_text()


async def test_a_form_with_mistakes_keeps_what_was_typed(page: Any) -> None:
    await sign_in(page)
    await page.goto("/admin/groups/new")
    await page.get_by_label("Name").fill("OK name")
    await page.get_by_label("Web address").fill("Has Spaces")
    await page.get_by_label("Description").fill("A description I do not want to type twice.")
    await page.get_by_role("button", name="Create group").click()
    summary = page.locator(".error-summary")
    assert "Please check this field" in await summary.inner_text()
    assert await page.get_by_label("Web address").input_value() == "Has Spaces"
    assert await page.get_by_label("Description").input_value() == "A description I do not want to type twice."
    assert await page.get_by_label("Web address").get_attribute("aria-invalid") == "true"


async def test_forgotten_password_is_reset_by_emailed_link(page: Any, live_server: LiveServer, browser: Any) -> None:
    # Someone with an account of their own, so the other tests' admin password stays as it is.
    await sign_in(page)
    await page.goto("/settings/tokens")  # any page; the account comes from the admin's CLI in real life
    helper = await browser.new_context(base_url=live_server.url)
    visitor = await helper.new_page()
    live_server.mailbox.messages.clear()
    await visitor.goto("/password-reset")
    await visitor.get_by_label("Email address").fill(ADMIN_EMAIL.upper())
    await visitor.get_by_role("button", name="Send the link").click()
    assert "Check your inbox" in await visitor.locator("h1").inner_text()

    for _ in range(100):  # the in-process worker sends it through the SMTP server
        if live_server.mailbox.to(ADMIN_EMAIL):
            break
        await visitor.wait_for_timeout(100)
    [email] = live_server.mailbox.to(ADMIN_EMAIL)
    link = re.search(r"http://\S+/password-reset/\S+", email.get_body(("plain",)).get_content()).group(0)

    await visitor.goto(link)
    await visitor.get_by_label("New password", exact=True).fill("browser-admin-password")
    await visitor.get_by_label("New password, again").fill("browser-admin-password")
    await visitor.get_by_role("button", name="Save the new password").click()
    await visitor.wait_for_url("**/login")
    assert "password is changed" in await visitor.locator(".flash").inner_text()
    await helper.close()

    # Resetting signed out every browser, including the first one.
    await page.goto("/settings")
    await page.wait_for_url("**/login?next=/settings")


PAGES_FOR_EVERYONE = ["/", "/login", "/password-reset", "/password-reset/not-a-real-token", "/no-such-page"]


async def test_every_page_passes_an_accessibility_scan(page: Any) -> None:
    problems: list[str] = []
    for path in PAGES_FOR_EVERYONE:
        await page.goto(path)
        problems += await serious_violations(page)
    # The same forms with their error messages showing.
    await page.goto("/login")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Sign in").click()
    problems += await serious_violations(page)
    await page.goto("/password-reset")
    await page.get_by_label("Email address").fill("someone@example.com")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Send the link").click()
    problems += await serious_violations(page)

    await sign_in(page)
    await page.goto("/admin/groups/new")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Create group").click()
    problems += await serious_violations(page)
    await page.get_by_label("Name").fill("Accessible Group")
    await page.get_by_label("Web address").fill("accessible-group")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Create group").click()
    await page.get_by_label("Appoint by email").fill(ADMIN_EMAIL)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Appoint facilitator").click()
    await page.goto("/settings/tokens")
    await page.get_by_label("Name").fill("Scanner")
    await page.get_by_label("Read", exact=False).first.check()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Create token").click()
    problems += await serious_violations(page)  # the page that shows a new token once
    for path in [
        "/",
        "/g/accessible-group",
        "/admin/groups",
        "/admin/groups/accessible-group",
        "/settings",
        "/settings/tokens",
        "/dev/mailbox",
    ]:
        await page.goto(path)
        problems += await serious_violations(page)
    await page.goto("/admin/groups/accessible-group")
    await page.locator("#facilitators a", has_text="Remove").first.click()
    problems += await serious_violations(page)
    await page.goto("/settings/tokens")
    await page.get_by_role("link", name=re.compile("Revoke")).first.click()
    problems += await serious_violations(page)
    await page.goto("/dev/mailbox")
    if await page.locator("tbody a").count():
        await page.locator("tbody a").first.click()
        problems += await serious_violations(page)
    assert problems == [], "\n".join(problems)


async def test_pages_work_on_a_phone(browser: Any, live_server: LiveServer) -> None:
    context = await browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    phone = await context.new_page()
    await phone.goto("/login")
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the sign-in page scrolls sideways on a phone"
    await context.close()


async def test_member_and_facilitator_pages_pass_an_accessibility_scan(browser: Any, live_server: LiveServer) -> None:
    from tests.browser import APPROVAL_GROUP, FACILITATOR_EMAIL

    context = await browser.new_context(base_url=live_server.url)
    page = await context.new_page()
    problems: list[str] = []
    await page.goto(f"/g/{APPROVAL_GROUP}/join")
    problems += await serious_violations(page)
    await page.get_by_role("button", name="Ask to join").click()  # with every error showing
    problems += await serious_violations(page)

    await sign_in(page, FACILITATOR_EMAIL, "browser-admin-password")
    group = f"/g/{APPROVAL_GROUP}"
    for path in (
        group,
        f"{group}/members",
        f"{group}/members?q=nobody-matches-this",
        f"{group}/welcome",
        f"{group}/manage/requests",
        f"{group}/manage/invites",
        "/profile",
    ):
        await page.goto(path)
        problems += await serious_violations(page)
    await page.goto(f"{group}/members")
    await page.get_by_role("link", name="Omar Haddad").click()
    problems += await serious_violations(page)
    await page.goto("/profile")
    await page.get_by_label("LinkedIn profile (optional)").fill("not a linkedin address")
    await page.get_by_role("button", name="Save profile").click()
    problems += await serious_violations(page)
    await page.goto(f"{group}/manage/invites")
    await page.get_by_role("button", name="Create invite link").click()
    problems += await serious_violations(page)
    for path in (f"{group}/manage/import", "/settings/data", "/settings/data/delete"):
        await page.goto(path)
        problems += await serious_violations(page)
    await page.goto(f"{group}/manage/import")
    await page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "members.csv",
                "mimeType": "text/csv",
                "buffer": b"name,email,stage\nRae Import,rae@example.com,searching\nNo Email,,flying\n",
            }
        ]
    )
    await page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    problems += await serious_violations(page)  # the dry-run preview, with a row in error
    await context.close()
    assert problems == [], "\n".join(problems)


async def test_the_web_address_follows_the_name_until_the_admin_writes_one(page: Any) -> None:
    await sign_in(page)
    await page.goto("/admin/groups/new")
    await page.get_by_label("Name").press_sequentially("Cafés & Careers — Tuesdays")
    assert await page.get_by_label("Web address").input_value() == "cafes-careers-tuesdays"
    await page.get_by_label("Web address").fill("careers-tuesdays")
    await page.get_by_label("Name").press_sequentially(" (Evanston)")
    assert await page.get_by_label("Web address").input_value() == "careers-tuesdays"


async def test_a_new_api_token_is_copied_with_one_click(page: Any, live_server: LiveServer) -> None:
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    await sign_in(page)
    await page.goto("/settings/tokens")
    await page.get_by_label("Name").fill("Copied token")
    await page.locator("#field-scopes-read").check()
    await page.get_by_role("button", name="Create token").click()
    await page.get_by_role("button", name="Copy the token").click()
    await page.wait_for_function("document.getElementById('new-token-copied').textContent === 'Copied'")
    token = await page.locator("#new-token").input_value()
    assert await page.evaluate("navigator.clipboard.readText()") == token
