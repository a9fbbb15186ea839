"""Every main page on a 360 px phone (issue 16: 8), and the facilitators' one navigation (issue 16: 5).

Set BETWEEN_SCREENSHOTS to a folder to keep a picture of each page visited: the facilitators' pages
at 1280 px, the rest at 360 px."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from tests.browser import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    APPROVAL_GROUP,
    FACILITATOR_EMAIL,
    LiveServer,
    serious_violations,
    sign_in,
)

PHONE = {"width": 360, "height": 740}
# One word of 60 letters, as people do type into names: it must wrap, never widen the page.
LONG_WORD = "Arbeitsmarktintegrationsbegleitungsgesprächsrundenteilnehmer"
LONG_GROUP = "long-word-circle"
SECTIONS = ["Dashboard", "Meetings", "Members", "Requests", "Introductions", "Insights", "Settings"]


def test_the_long_word_is_sixty_letters() -> None:
    assert len(LONG_WORD) == 60


async def _phone(browser: Any, live_server: LiveServer, email: str | None) -> Any:
    context = await browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = await context.new_page()
    if email:
        await sign_in(page, email, ADMIN_PASSWORD)
    return page


async def _screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("BETWEEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


async def _layout_problems(page: Any, path: str) -> list[str]:
    """What is wrong with the page at `path` on this phone: a sideways scroll, a header of two rows."""
    response = await page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    found = await page.evaluate(
        """() => {
            const row = document.querySelector('.header-row');
            const middle = (el) => { const box = el.getBoundingClientRect(); return box.top + box.height / 2; };
            const brand = middle(row.querySelector('.brand'));
            // Everything shown in the header sits on the brand's line.
            const items = [...row.children].filter((el) => el.offsetParent !== null);
            const sticksOut = (el) => el.getBoundingClientRect().right > window.innerWidth + 1
                && !el.closest('.visually-hidden, .skip-link');
            // The innermost elements that stick out, to say where to look.
            const wide = [...document.querySelectorAll('body *')]
                .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
                .slice(0, 3)
                .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 30)}`);
            return {
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: window.innerWidth,
                headerRows: items.some((el) => Math.abs(middle(el) - brand) > 16) ? 2 : 1,
                headerHeight: row.getBoundingClientRect().height,
                wide,
            };
        }"""
    )
    problems = []
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(f"{path}: {found['scrollWidth']} px wide on a {found['innerWidth']} px screen {found['wide']}")
    if found["headerRows"] > 1 or found["headerHeight"] > 80:
        problems.append(f"{path}: the header takes {found['headerHeight']} px, in {found['headerRows']} rows")
    await _screenshot(page, "phone-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"))
    return problems


async def _set_up_long_group(browser: Any, live_server: LiveServer) -> str:
    """The admin makes a group whose name holds the long word, facilitates it and schedules a meeting
    there (once a run); answers the meeting's path."""
    context = await browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await sign_in(page)
    response = await page.goto(f"/g/{LONG_GROUP}")
    if response is None or response.status == 404:
        await page.goto("/admin/groups/new")
        await page.get_by_label("Name").fill(f"The {LONG_WORD} Circle")
        await page.get_by_label("Web address").fill(LONG_GROUP)
        await page.get_by_label("Description").fill(f"For every {LONG_WORD}.\n\nWe meet weekly.")
        await page.get_by_label("Time zone").select_option("Europe/Berlin")
        await page.get_by_label("Usual meeting place").fill(f"The {LONG_WORD}saal, second floor")
        await page.locator("#field-join_policy-open").check()
        await page.get_by_role("button", name="Create group").click()
        await page.wait_for_url(f"**/admin/groups/{LONG_GROUP}")
        await page.get_by_label("Appoint by email").fill(ADMIN_EMAIL)
        await page.get_by_role("button", name="Appoint facilitator").click()
        assert "now facilitates" in await page.locator(".flash").inner_text()

        await page.goto(f"/g/{LONG_GROUP}/meetings/new")
        await page.get_by_label("Title", exact=True).fill(f"{LONG_WORD} evening")
        await page.get_by_role("button", name="Schedule").click()
        await page.wait_for_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))
    await page.goto(f"/g/{LONG_GROUP}/meetings")
    meeting = await page.locator(".meeting-card h3 a").first.get_attribute("href")
    await context.close()
    return meeting


async def _member_path(page: Any, group: str, name: str) -> str:
    await page.goto(f"/g/{group}/members")
    return await page.locator(".member-name a", has_text=name).first.get_attribute("href")


async def test_every_main_page_fits_a_360_pixel_phone(browser: Any, live_server: LiveServer) -> None:
    meeting = await _set_up_long_group(browser, live_server)
    problems: list[str] = []

    admin = await _phone(browser, live_server, ADMIN_EMAIL)
    for path in [
        "/",
        f"/g/{LONG_GROUP}",
        f"/g/{LONG_GROUP}/members",
        f"/g/{LONG_GROUP}/meetings",
        meeting,
        f"{meeting}/roster",
        f"/g/{LONG_GROUP}/manage",
        f"/g/{LONG_GROUP}/introductions",
        f"/g/{LONG_GROUP}/insights",
        f"/g/{LONG_GROUP}/manage/settings",
        "/admin/groups",
        f"/admin/groups/{LONG_GROUP}",
        "/admin/audit",
        "/settings/tokens",
        "/settings",
        "/profile",
        "/introductions",
        "/dev/mailbox",
    ]:
        problems += await _layout_problems(admin, path)
    await admin.context.close()

    facilitator = await _phone(browser, live_server, FACILITATOR_EMAIL)
    omar = await _member_path(facilitator, APPROVAL_GROUP, "Omar Haddad")
    for path in [
        f"/g/{APPROVAL_GROUP}",
        f"/g/{APPROVAL_GROUP}/manage",
        f"/g/{APPROVAL_GROUP}/members",
        omar,
        f"/g/{APPROVAL_GROUP}/meetings",
        f"/g/{APPROVAL_GROUP}/manage/requests",
        f"/g/{APPROVAL_GROUP}/introductions",
        f"/g/{APPROVAL_GROUP}/introductions/suggestions",
        f"/g/{APPROVAL_GROUP}/insights",
    ]:
        problems += await _layout_problems(facilitator, path)
    problems += await serious_violations(facilitator)
    await facilitator.context.close()

    member = await _phone(browser, live_server, "lena@example.org")
    for path in ["/", f"/g/{APPROVAL_GROUP}", f"/g/{APPROVAL_GROUP}/members", omar, "/me/network", "/profile"]:
        problems += await _layout_problems(member, path)
    await member.context.close()

    visitor = await _phone(browser, live_server, None)
    for path in ["/login", "/", f"/g/{LONG_GROUP}"]:
        problems += await _layout_problems(visitor, path)
    await visitor.context.close()

    assert not problems, "\n".join(problems)


async def test_the_header_collapses_to_a_menu_that_opens_without_javascript(
    browser: Any, live_server: LiveServer
) -> None:
    context = await browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    page = await context.new_page()
    await sign_in(page, "omar@example.org", ADMIN_PASSWORD)
    await page.goto("/")
    main = page.get_by_role("navigation", name="Main")
    assert not await main.get_by_role("link", name="Profile").is_visible()
    await page.locator(".site-menu summary").click()
    await _screenshot(page, "phone-menu-open")
    await main.get_by_role("link", name="Profile").click()
    await page.wait_for_url("**/profile")
    assert await page.locator(".site-menu summary").inner_text() == "Menu"
    await context.close()


async def test_facilitators_have_one_navigation_on_every_page_of_their_group(
    page: Any, browser: Any, live_server: LiveServer
) -> None:
    await sign_in(page, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    nav = page.get_by_role("navigation", name="Manage Tuesday HR Circle")
    omar = await _member_path(page, APPROVAL_GROUP, "Omar Haddad")
    for path, current in [
        (f"/g/{APPROVAL_GROUP}/manage", "Dashboard"),
        (f"/g/{APPROVAL_GROUP}/meetings", "Meetings"),
        (f"/g/{APPROVAL_GROUP}/meetings/new", "Meetings"),
        (f"/g/{APPROVAL_GROUP}/members", "Members"),
        (omar, "Members"),
        (f"/g/{APPROVAL_GROUP}/manage/invites", "Members"),
        (f"/g/{APPROVAL_GROUP}/manage/import", "Members"),
        (f"/g/{APPROVAL_GROUP}/manage/requests", "Requests"),
        (f"/g/{APPROVAL_GROUP}/introductions", "Introductions"),
        (f"/g/{APPROVAL_GROUP}/introductions/suggestions", "Introductions"),
        (f"/g/{APPROVAL_GROUP}/insights", "Insights"),
        (f"/g/{APPROVAL_GROUP}/manage/settings", "Settings"),
    ]:
        await page.goto(path)
        assert await nav.get_by_role("listitem").all_inner_texts() == SECTIONS, path
        assert await nav.locator("[aria-current=page]").all_inner_texts() == [current], path
        await _screenshot(page, "1280-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-"))

    await page.goto(f"/g/{APPROVAL_GROUP}/manage")
    await page.get_by_role("link", name="Schedule a meeting").click()
    await page.wait_for_url(f"**/g/{APPROVAL_GROUP}/meetings/new")

    # A member's page has what a facilitator comes there to do.
    await page.goto(omar)
    actions = page.get_by_role("region", name="For facilitators")
    omar_id = omar.rsplit("/", 1)[1]
    suggestions = actions.get_by_role("link", name="Suggestions for Omar Haddad")
    assert await suggestions.get_attribute("href") == f"/g/{APPROVAL_GROUP}/introductions/suggestions?person={omar_id}"
    note = actions.get_by_role("link", name="Write Omar Haddad a note")
    assert await note.get_attribute("href") == f"/g/{APPROVAL_GROUP}/manage/check-in/{omar_id}"
    assert await actions.get_by_role("link", name="Attendance").get_attribute("href") == "#attended-title"
    await actions.get_by_role("link", name="Propose an introduction").click()
    await page.wait_for_url(f"**/introductions/new?a={omar_id}")
    assert await page.locator("select[name=a]").input_value() == omar_id

    # A member sees none of it.
    context = await browser.new_context(base_url=live_server.url)
    member = await context.new_page()
    await sign_in(member, "lena@example.org", ADMIN_PASSWORD)
    for path in [f"/g/{APPROVAL_GROUP}", f"/g/{APPROVAL_GROUP}/members", omar, f"/g/{APPROVAL_GROUP}/meetings"]:
        await member.goto(path)
        assert await member.locator("nav.manage-nav").count() == 0, path
        assert await member.get_by_role("region", name="For facilitators").count() == 0, path
    await context.close()


_AXE_HEADING_ORDER = """async () => (await axe.run(document, {runOnly: ["heading-order"]}))
    .violations.map((v) => v.id)"""


async def test_headings_go_in_order(page: Any, browser: Any, live_server: LiveServer) -> None:
    from axe_playwright_python.base import AXE_SCRIPT

    meeting = await _set_up_long_group(browser, live_server)
    await sign_in(page)
    for path in [f"/g/{LONG_GROUP}/meetings", f"/g/{LONG_GROUP}/manage", meeting]:
        await page.goto(path)
        await page.evaluate(AXE_SCRIPT)
        assert await page.evaluate(_AXE_HEADING_ORDER) == [], path
