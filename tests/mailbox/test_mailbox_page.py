"""The development mailbox says in which zone its times are: UTC."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.notifications import service


async def test_the_mailbox_says_its_times_are_utc(client: httpx.AsyncClient, session: AsyncSession) -> None:
    message = await service.queue_email(
        session,
        to="kim@example.org",
        template="password_reset",
        context={"name": "Kim", "link": "http://testserver/x", "minutes": 60},
    )
    page = BeautifulSoup((await client.get("/dev/mailbox")).text, "html.parser")
    assert "times in UTC" in page.select_one(".lead").text
    assert [th.text for th in page.select("thead th")][-1] == "Queued (UTC)"
    detail = BeautifulSoup((await client.get(f"/dev/mailbox/{message.public_id}")).text, "html.parser")
    assert detail.select_one(".facts").get_text(" ", strip=True).endswith("UTC")
