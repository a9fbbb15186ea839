"""The schedule form (issue 16: 6): errors in people's words, on the page and in the API's problem
document; repeat options named for the date; canonical time zones, grouped, the group's first; the
group's usual meeting day as the default; and a start in the past asked about, not taken."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.meetings.models import Meeting
from app.meetings.views import PAST_DATE
from app.timezones import canonical_zones, grouped_zones, zone_label
from tests.factories import bearer, make_token, post_form, sign_in
from tests.meetings.helpers import group_with_people, schedule
from tests.meetings.test_pages import FORM

MACHINE_WORDS = ("Input should", "input is too short", "valid date", "valid integer", "Value error")


def _soup(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def _error(soup: BeautifulSoup, field: str) -> str:
    found = soup.select_one(f"#error-{field}")
    return found.text.strip() if found else ""


async def test_every_field_error_is_in_plain_words_and_the_input_is_kept(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await group_with_people(session, slug="tuesday", timezone="America/Chicago")
    lead = (await group_with_people(session, slug="words", timezone="America/Chicago"))[1]
    await sign_in(client, lead)
    empty = {
        **FORM,
        "title": "",
        "date": "",
        "time": "",
        "duration_minutes": "",
        "timezone": "",
        "capacity": "0",
        "repeat": "weekly",
        "ends": "after",
        "count": "",
    }
    response = await post_form(client, "/g/words/meetings/new", empty, page="/g/words/meetings/new")
    assert response.status_code == 422
    soup = _soup(response)
    assert _error(soup, "title") == "Give the meeting a title."
    assert _error(soup, "date") == "Pick a date."
    assert _error(soup, "time") == "Pick a start time."
    assert _error(soup, "duration_minutes") == "Say how long the meeting lasts, in minutes."
    assert _error(soup, "timezone") == "Choose a time zone from the list."
    assert _error(soup, "capacity").startswith("Give the number of seats as a whole number from 1 to 10000")
    assert _error(soup, "count") == "Say after how many meetings the series ends."
    assert soup.select_one("#field-agenda").text == FORM["agenda"]
    assert soup.select_one("#field-location")["value"] == FORM["location"]

    garbled = {
        **FORM,
        "date": "31/02/2027",
        "time": "25:99",
        "duration_minutes": "5",
        "repeat": "sometimes",
        "ends": "whenever",
    }
    response = await post_form(client, "/g/words/meetings/new", garbled, page="/g/words/meetings/new")
    soup = _soup(response)
    assert _error(soup, "date") == "Pick a date like 2027-03-14."
    assert _error(soup, "time") == "Give the start time like 18:30."
    assert _error(soup, "duration_minutes") == "A meeting lasts from 10 to 720 minutes (12 hours)."
    assert _error(soup, "repeat") == "Choose how the meeting repeats."
    assert _error(soup, "ends") == "Choose when the series ends."
    assert soup.select_one("#field-date")["value"] == "31/02/2027"  # kept as typed

    ending = {**FORM, "repeat": "weekly", "ends": "on", "until": "2027-01-01"}
    response = await post_form(client, "/g/words/meetings/new", ending, page="/g/words/meetings/new")
    assert _error(_soup(response), "until") == "The last date is before the first meeting; pick a later one."
    custom = {**FORM, "repeat": "custom", "custom_rule": ""}
    response = await post_form(client, "/g/words/meetings/new", custom, page="/g/words/meetings/new")
    assert _error(_soup(response), "custom_rule").startswith("Write the custom repeat rule")
    for words in MACHINE_WORDS:
        assert words not in response.text


async def test_the_api_problem_document_uses_the_same_words(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, timezone="America/Chicago")
    headers = bearer(await make_token(session, lead, Scope.write))
    url = f"/api/v1/groups/{group.public_id}/meetings"
    response = await client.post(
        url, json={"title": "", "starts_at": "", "duration_minutes": 5, "capacity": 0}, headers=headers
    )
    assert response.status_code == 422
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors["title"] == "Give the meeting a title."
    assert errors["starts_at"] == "Give the start as a date and time, like 2027-03-14T18:30."
    assert errors["duration_minutes"] == "A meeting lasts from 10 to 720 minutes (12 hours)."
    assert errors["capacity"].startswith("Give the number of seats as a whole number from 1 to 10000")
    for words in MACHINE_WORDS:
        assert words not in response.text


async def test_a_date_in_the_past_asks_first_and_keeps_everything(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, _ = await group_with_people(session, slug="past", timezone="America/Chicago")
    await sign_in(client, lead)
    yesterday = (datetime.now(ZoneInfo("America/Chicago")) - timedelta(days=1)).date().isoformat()
    typed = {**FORM, "date": yesterday, "repeat": "never", "title": "What we did last night"}
    response = await post_form(client, "/g/past/meetings/new", typed, page="/g/past/meetings/new")
    assert response.status_code == 422
    soup = _soup(response)
    assert _error(soup, "date") == PAST_DATE == "This date is in the past — schedule it anyway?"
    box = soup.select_one("input#field-confirm_past[type=checkbox]")
    assert box is not None and not box.has_attr("checked")
    assert soup.select_one("#field-title")["value"] == "What we did last night"
    assert soup.select_one("#field-date")["value"] == yesterday
    assert (await session.execute(select(Meeting).where(Meeting.group_id == group.id))).first() is None

    confirmed = await post_form(
        client, "/g/past/meetings/new", {**typed, "confirm_past": "yes"}, page="/g/past/meetings/new"
    )
    assert confirmed.status_code == 303
    assert (await session.execute(select(Meeting.title).where(Meeting.group_id == group.id))).scalar_one() == (
        "What we did last night"
    )


async def test_the_api_refuses_a_past_start_unless_allowed(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, timezone="America/Chicago")
    headers = bearer(await make_token(session, lead, Scope.write))
    url = f"/api/v1/groups/{group.public_id}/meetings"
    body = {"title": "Last week", "starts_at": "2020-03-02T18:30"}
    refused = await client.post(url, json=body, headers=headers)
    assert refused.status_code == 422
    errors = {error["field"]: error["message"] for error in refused.json()["errors"]}
    assert "in the past" in errors["starts_at"] and '"allow_past": true' in errors["starts_at"]
    allowed = await client.post(url, json={**body, "allow_past": True}, headers=headers)
    assert allowed.status_code == 201, allowed.text
    # Earlier today is not a day gone by: a meeting scheduled as it begins (for its kiosk) is no slip.
    now = datetime.now(ZoneInfo("America/Chicago")).replace(second=0, microsecond=0, tzinfo=None)
    if now.hour >= 1:
        an_hour_ago = await client.post(
            url, json={**body, "starts_at": (now - timedelta(hours=1)).isoformat()}, headers=headers
        )
        assert an_hour_ago.status_code == 201, an_hour_ago.text


async def test_the_default_date_is_the_groups_usual_meeting_day(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, _ = await group_with_people(session, slug="thursdays", timezone="America/Chicago")
    with time_machine.travel(datetime(2027, 3, 1, 15, 0, tzinfo=UTC), tick=False):  # a Monday
        for day in ("2027-02-11", "2027-02-18", "2027-02-25"):  # Thursdays, 19:00 in Chicago
            await schedule(session, lead, group, starts_at=datetime.fromisoformat(f"{day}T19:00"))
        await schedule(session, lead, group, starts_at=datetime.fromisoformat("2027-02-16T12:00"))  # a one-off
        await sign_in(client, lead)
        soup = _soup(await client.get("/g/thursdays/meetings/new"))
        assert soup.select_one("#field-date")["value"] == "2027-03-04"  # the next Thursday
        assert soup.select_one("#field-time")["value"] == "19:00"
        labels = [option.text for option in soup.select("#field-repeat option")]
        assert labels == [
            "Does not repeat",
            "Weekly on Thursday",
            "Every other week on Thursday",
            "Monthly on the first Thursday",
            "Custom…",
        ]

        await sign_in(client, (await group_with_people(session, slug="fresh", timezone="America/Chicago"))[1])
        soup = _soup(await client.get("/g/fresh/meetings/new"))
        assert soup.select_one("#field-date")["value"] == (date(2027, 3, 1) + timedelta(days=7)).isoformat()


async def test_time_zones_are_canonical_grouped_and_the_groups_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, lead, _ = await group_with_people(session, slug="oslo", timezone="Europe/Oslo")
    await sign_in(client, lead)
    soup = _soup(await client.get("/g/oslo/meetings/new"))
    select_ = soup.select_one("select#field-timezone")
    groups = select_.select("optgroup")
    assert groups[0]["label"] == "This group's time zone"
    first = select_.select_one("option")
    assert first["value"] == "Europe/Oslo" and first.has_attr("selected") and first.text == "Europe/Oslo"
    assert len(select_.select("option[selected]")) == 1
    assert {"America", "Europe", "Asia", "Pacific"} <= {group["label"] for group in groups}
    values = [option["value"] for option in select_.select("option")]
    for legacy in ("US/Eastern", "Etc/GMT+5", "Cuba", "Asia/Calcutta", "Europe/Kiev", "EST5EDT"):
        assert legacy not in values
    assert "America/New_York" in values and "UTC" in values
    new_york = select_.select_one("option[value='America/New_York']")
    assert new_york.text == "America/New York" == zone_label("America/New_York")
    assert select_.find_parent("form").select_one("[data-custom-rule] label").text.strip() == (
        "Custom rule (only for “Custom…”)"
    )


def test_the_zone_list_by_itself() -> None:
    zones = canonical_zones()
    assert "US/Eastern" not in zones and "America/Chicago" in zones and zones[-1] == "UTC"
    assert grouped_zones("US/Eastern")[0] == ("This group's time zone", [("US/Eastern", "US/Eastern")])


async def test_meeting_times_name_their_zone_in_one_form(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, slug="nyc", timezone="America/New_York")
    meeting = await schedule(session, lead, group)
    await sign_in(client, lead)
    detail = await client.get(f"/meetings/{meeting.public_id}")
    listing = await client.get("/g/nyc/meetings")
    for page in (detail, listing):
        assert "America/New York" in page.text and "America/New_York" not in _soup(page).select_one("main").text
