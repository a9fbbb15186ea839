"""Uploading a CSV and confirming its preview, as a facilitator's browser does."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup

from tests.factories import csrf_token

HEADER = (
    "name,email,stage,headline,location,linkedin_url,looking_for,can_help_with,target_roles,industries,skills,"
    "target_companies"
)


async def upload(
    client: httpx.AsyncClient, slug: str, content: bytes | str | None, filename: str = "members.csv"
) -> httpx.Response:
    token = await csrf_token(client, f"/g/{slug}/manage/import")
    data = content.encode() if isinstance(content, str) else content
    files = (
        {"file": (filename, data, "text/csv")} if data is not None else {"file": ("", b"", "application/octet-stream")}
    )
    return await client.post(f"/g/{slug}/manage/import", data={"csrf_token": token}, files=files)


def preview_form(response: httpx.Response) -> dict[str, str | list[str]]:
    form = BeautifulSoup(response.text, "html.parser").select_one("form.roster-confirm")
    assert form is not None, response.text
    fields: dict[str, str | list[str]] = {}
    for field in form.select("input[type=hidden]"):
        if field["name"] == "csv_data":
            fields.setdefault("csv_data", []).append(field.get("value", ""))  # type: ignore[union-attr]
        else:
            fields[field["name"]] = field.get("value", "")
    return fields


async def confirm(client: httpx.AsyncClient, slug: str, preview: httpx.Response) -> httpx.Response:
    return await client.post(f"/g/{slug}/manage/import/confirm", data=preview_form(preview))


def rows(response: httpx.Response) -> dict[int, str]:
    """Each row of the preview table: its number and its text."""
    soup = BeautifulSoup(response.text, "html.parser")
    return {
        int(tr.select_one("td").text): tr.get_text(" ", strip=True) for tr in soup.select("table.roster-rows tbody tr")
    }
