"""Webhooks as a facilitator sets them up: from the dashboard, register an endpoint for the group,
copy the secret, schedule a meeting, and watch the in-process worker deliver a signed event that the
reference library accepts; then remove the endpoint after confirming."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.browser import ADMIN_PASSWORD, APPROVAL_GROUP, FACILITATOR_EMAIL, serious_violations, sign_in
from tests.webhooks.helpers import running_receiver


async def test_a_facilitator_registers_a_webhook_and_sees_it_delivered(page: Any) -> None:
    problems: list[str] = []
    with running_receiver() as receiver:
        await sign_in(page, FACILITATOR_EMAIL, ADMIN_PASSWORD)
        await page.goto(f"/g/{APPROVAL_GROUP}/manage")
        await page.get_by_role("link", name="Webhooks").click()
        await page.wait_for_url("**/admin/webhooks")
        problems += await serious_violations(page)

        await page.get_by_role("button", name="Register endpoint").click()  # nothing filled in: explained
        assert "Choose at least one event" in await page.locator(".error-summary").inner_text()
        problems += await serious_violations(page)
        await page.get_by_label("Address").fill(receiver.url)
        await page.get_by_label("Description").fill("Browser test receiver")
        await page.get_by_label("meeting.created").check()
        await page.get_by_role("button", name="Register endpoint").click()
        secret = await page.locator("#new-secret").input_value()
        assert secret.startswith("whsec_")
        endpoint_path = (await page.get_by_role("link", name="Remove").get_attribute("href")).removesuffix("/delete")
        problems += await serious_violations(page)

        tomorrow = (datetime.now(ZoneInfo("America/Chicago")) + timedelta(days=1)).date()
        await page.goto(f"/g/{APPROVAL_GROUP}/meetings/new")
        await page.get_by_label("Title", exact=True).fill("Webhook practice")
        await page.get_by_label("Date", exact=True).fill(tomorrow.isoformat())
        await page.get_by_label("Starts at", exact=True).fill("12:00")
        await page.get_by_role("button", name="Schedule").click()
        await page.wait_for_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))

        for _ in range(100):  # the worker in the app's process polls every second
            if receiver.received:
                break
            await asyncio.sleep(0.1)
        [event] = receiver.verified(secret)
        assert event["type"] == "meeting.created" and event["data"]["meeting"]["title"] == "Webhook practice"

        # The worker records the attempt just after the receiver answers: reload until the log says so.
        log = page.locator(".delivery-list")
        for _ in range(50):
            await page.goto(endpoint_path)
            if "Delivered." in await log.inner_text():
                break
            await asyncio.sleep(0.2)
        assert "meeting.created" in await log.inner_text() and "Delivered." in await log.inner_text()
        problems += await serious_violations(page)

        await page.get_by_role("link", name="Remove").click()
        problems += await serious_violations(page)
        await page.get_by_role("button", name="Yes, remove it").click()
        await page.wait_for_url("**/admin/webhooks")
        assert "is removed" in await page.locator(".flash").inner_text()
    assert problems == []
