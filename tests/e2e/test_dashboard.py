"""Issue 6 in a browser: the facilitator's week starts on the dashboard."""

from __future__ import annotations

from typing import Any

from tests.browser import ADMIN_EMAIL, ADMIN_PASSWORD, APPROVAL_GROUP, FACILITATOR_EMAIL, serious_violations, sign_in


async def test_the_dashboard_points_at_who_is_left_out_and_what_to_do(page: Any) -> None:

    await sign_in(page, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    await page.goto(f"/g/{APPROVAL_GROUP}")
    await page.get_by_role("link", name="This week's dashboard").click()
    radar = page.locator(".radar-item", has_text="Quinn Quiet")
    assert "Joined 3 weeks ago; no introductions yet" in await radar.inner_text()
    # Set aside with a reason, then brought back: the other facilitators read why.
    await radar.locator("summary").click()
    await radar.get_by_label("Why").fill("On holiday until the 20th; I called her.")
    await radar.get_by_role("button", name="Set aside").click()
    assert "On holiday until the 20th" in await page.locator(".radar-set-aside").inner_text()
    assert await serious_violations(page) == []
    await page.get_by_role("button", name="Bring back Quinn Quiet").click()
    radar = page.locator(".radar-item", has_text="Quinn Quiet")
    assert await serious_violations(page) == []
    await radar.get_by_role("link", name="See whom to introduce them to").click()
    assert "Quinn Quiet" in await page.locator("main").inner_text()

    await page.goto(f"/g/{APPROVAL_GROUP}/manage/settings")
    await page.get_by_label("No connection yet, days after joining").fill("30")
    await page.get_by_role("button", name="Save settings").click()
    assert "settings are saved" in await page.locator(".flash").inner_text()
    quinn = await page.locator(".radar-item", has_text="Quinn Quiet").inner_text()
    assert "no introductions yet" not in quinn  # 21 days < 30
    assert "Profile still empty" in quinn
    await page.goto(f"/g/{APPROVAL_GROUP}/manage/settings")
    await page.get_by_label("No connection yet, days after joining").fill("7")
    await page.get_by_role("button", name="Save settings").click()


async def test_insights_the_network_page_and_the_audit_log_read_well(page: Any, browser: Any) -> None:
    problems: list[str] = []
    await sign_in(page, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    await page.goto(f"/g/{APPROVAL_GROUP}/manage")
    await page.get_by_role("link", name="Insights and charts").click()
    await page.wait_for_url(f"**/g/{APPROVAL_GROUP}/insights")
    # Every chart is an image with a name, and its numbers are one click away in a table.
    charts = page.locator("section.insight")
    assert await charts.count() == 5
    for index in range(5):
        section = charts.nth(index)
        assert await section.locator("svg[role=img]").first.get_attribute("aria-labelledby")
        await section.locator("details.chart-numbers summary").click()
        assert await section.locator("table").first.is_visible()
    problems += await serious_violations(page)

    # A mistaken period is explained; the typed dates stay.
    await page.get_by_role("textbox", name="From", exact=True).fill("2026-05-01")
    await page.get_by_role("textbox", name="To", exact=True).fill("2026-01-01")
    await page.get_by_role("button", name="Show").click()
    assert "before" in (await page.locator(".error-summary").inner_text()).lower()
    assert await page.get_by_role("textbox", name="From", exact=True).input_value() == "2026-05-01"
    problems += await serious_violations(page)

    await page.goto("/me/network")
    assert await page.locator("h1").inner_text()
    problems += await serious_violations(page)

    admin_context = await browser.new_context(base_url=page.url.split("/me/")[0])
    admin = await admin_context.new_page()
    await sign_in(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
    await admin.goto("/admin/audit")
    assert await admin.locator("h1").inner_text() == "Audit log"
    assert await admin.locator("table tbody tr").count() >= 1
    problems += await serious_violations(admin)
    await admin_context.close()
    assert problems == []
