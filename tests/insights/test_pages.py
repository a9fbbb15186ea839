"""The insights page, its CSV files and the API: who may see them, the filter, and what they say."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import bearer, make_account, make_token, sign_in
from tests.insights.helpers import local, story

H1 = "from=2025-01-01&to=2025-06-30"


def _rows(response: httpx.Response) -> list[list[str]]:
    assert response.text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))


async def test_facilitators_see_every_chart_with_its_table(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await story(session)
    await sign_in(client, setup.lead)
    response = await client.get(f"/g/hr-tuesdays/insights?{H1}")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    for chart in ("attendance", "new-members", "funnel", "landings", "connections"):
        section = page.find("section", id=chart)
        assert section is not None, chart
        svg = section.find("svg", attrs={"role": "img"})
        assert svg["role"] == "img" and svg.find("title").text and svg.find("desc").text
        # The numbers, in a table right after the chart.
        assert svg.find_parent("div").find_next_sibling("details") or section.find("details", class_="chart-numbers")
        assert section.find("table") is not None
        assert section.find("a", href=f"/g/hr-tuesdays/insights/{chart}.csv?{H1}") is not None
    attendance = page.find("section", id="attendance")
    assert "5 meetings between Jan 1, 2025 and Jun 30, 2025" in attendance.text
    assert "4 came for the first time" in attendance.text
    funnel = page.find("section", id="funnel")
    assert "Of 8 introductions proposed" in funnel.text and "4 (50%) connected" in funnel.text
    assert [cell.text for cell in funnel.find("table").find_all("td")][:3] == ["8", "100%", "–"]
    landings = page.find("section", id="landings")
    assert "Median time from joining the group to landing: 8 weeks (over 4)" in landings.text
    connections = page.find("section", id="connections")
    assert "7 members on Jun 30, 2025: 2 (29%) have no connections yet." in connections.text
    assert connections.find("a", href="/g/hr-tuesdays/introductions/suggestions") is not None
    assert page.find("input", id="field-from")["value"] == "2025-01-01"


async def test_only_facilitators_get_in(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await story(session)
    anonymous = await client.get("/g/hr-tuesdays/insights")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    await sign_in(client, setup.people["ana"])
    for url in ("/g/hr-tuesdays/insights", "/g/hr-tuesdays/insights/funnel.csv"):
        assert (await client.get(url)).status_code == 403, url
    await sign_in(client, await make_account(session))
    for url in ("/g/hr-tuesdays/insights", "/g/hr-tuesdays/insights/funnel.csv", "/g/nowhere/insights"):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert "Ana" not in response.text


async def test_a_mistaken_date_is_shown_and_the_default_period_is_used(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await story(session)
    await sign_in(client, setup.lead)
    with time_machine.travel(local(2025, 7, 2, 12), tick=False):
        response = await client.get("/g/hr-tuesdays/insights?from=2025-06-30&to=2025-01-01")
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    summary = page.find(class_="error-summary")
    assert summary is not None and "The start must be on or before the end." in summary.text
    assert page.find("input", id="field-from")["value"] == "2025-06-30"  # what was typed, to fix
    assert page.find("input", id="field-from")["aria-invalid"] == "true"
    assert "Showing Jul 3, 2024 to Jul 2, 2025." in " ".join(page.find(class_="insights-period").text.split())
    response = await client.get("/g/hr-tuesdays/insights?from=soon")
    assert response.status_code == 422
    typed = BeautifulSoup(response.text, "html.parser").find("input", id="field-from")
    # Shown as typed (a date field would show nothing for "soon"), with what is wrong with it.
    assert (typed["type"], typed["value"], typed["aria-invalid"]) == ("text", "soon", "true")
    assert "“soon” is not written as year-month-day. Please enter a date like 2025-01-31." in response.text
    fine = BeautifulSoup(response.text, "html.parser").find("input", id="field-to")
    assert fine["type"] == "date"


async def test_the_default_period_is_the_last_twelve_months(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await story(session)
    await sign_in(client, setup.lead)
    with time_machine.travel(local(2025, 6, 15, 12), tick=False):
        response = await client.get("/g/hr-tuesdays/insights")
        token = await make_token(session, setup.lead)
        api = await client.get(f"/api/v1/groups/{setup.group.public_id}/insights", headers=bearer(token))
    assert response.status_code == 200
    assert 'href="/g/hr-tuesdays/insights/attendance.csv?from=2024-06-16&amp;to=2025-06-15"' in response.text
    assert api.json()["period"] == {"from": "2024-06-16", "to": "2025-06-15", "timezone": "America/Chicago"}
    # Meetings that have not happened yet are not counted.
    assert [m["day"] for m in api.json()["attendance"]["meetings"]][-1] == "2025-03-04"


async def test_each_chart_downloads_as_csv_with_the_same_filter(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await story(session)
    await sign_in(client, setup.lead)
    response = await client.get(f"/g/hr-tuesdays/insights/attendance.csv?{H1}")
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="hr-tuesdays-attendance-2025-01-01-to-2025-06-30.csv"'
    )
    assert _rows(response) == [
        ["date", "time", "meeting", "attended", "first_timers", "returning"],
        ["2025-01-14", "18:30", "Weekly meeting", "2", "1", "1"],
        ["2025-01-21", "18:30", "Weekly meeting", "3", "1", "2"],
        ["2025-02-04", "18:30", "Weekly meeting", "0", "0", "0"],
        ["2025-03-04", "18:30", "Weekly meeting", "3", "2", "1"],
        ["2025-06-30", "20:30", "Weekly meeting", "1", "0", "1"],
    ]
    assert _rows(await client.get(f"/g/hr-tuesdays/insights/new-members.csv?{H1}")) == [
        ["month", "new_members"],
        ["2025-01", "2"],
        ["2025-02", "0"],
        ["2025-03", "2"],
        ["2025-04", "0"],
        ["2025-05", "1"],
        ["2025-06", "0"],
    ]
    assert _rows(await client.get(f"/g/hr-tuesdays/insights/funnel.csv?{H1}")) == [
        ["stage", "count", "percent_of_proposed", "percent_of_previous"],
        ["proposed", "8", "100.0", ""],
        ["both_answered", "5", "62.5", "62.5"],
        ["connected", "4", "50.0", "80.0"],
        ["met", "2", "25.0", "50.0"],
        ["helped", "1", "12.5", "50.0"],
    ]
    assert _rows(await client.get("/g/hr-tuesdays/insights/landings.csv?from=2025-02-01&to=2025-04-30")) == [
        ["month", "landings"],
        ["2025-02", "1"],
        ["2025-03", "1"],
        ["2025-04", "1"],
    ]
    assert _rows(await client.get(f"/g/hr-tuesdays/insights/connections.csv?{H1}")) == [
        ["connections", "members"],
        ["0", "2"],
        ["1", "2"],
        ["2", "2"],
        ["3", "0"],
        ["4+", "1"],
    ]
    assert (await client.get("/g/hr-tuesdays/insights/people.csv")).status_code == 404
    assert (await client.get("/g/hr-tuesdays/insights/funnel.csv?from=tomorrow")).status_code == 422


async def test_a_meeting_title_cannot_run_as_a_spreadsheet_formula(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from tests.insights.helpers import meeting

    setup = await story(session)
    await meeting(session, setup.group, local(2025, 5, 6), [setup.people["ana"]], title='=HYPERLINK("x")')
    await sign_in(client, setup.lead)
    rows = _rows(await client.get(f"/g/hr-tuesdays/insights/attendance.csv?{H1}"))
    assert ["2025-05-06", "18:30", '\'=HYPERLINK("x")', "1", "0", "1"] in rows


async def test_the_api_gives_the_same_numbers(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await story(session)
    token = await make_token(session, setup.lead)
    url = f"/api/v1/groups/{setup.group.public_id}/insights?{H1}"
    body = (await client.get(url, headers=bearer(token))).json()
    assert set(body) == {
        "group_id",
        "period",
        "attendance",
        "new_members",
        "funnel",
        "landings",
        "connections",
        "first_connections",
        "reasons",
    }
    assert body["group_id"] == str(setup.group.public_id)
    assert body["period"] == {"from": "2025-01-01", "to": "2025-06-30", "timezone": "America/Chicago"}
    first = body["attendance"]["meetings"][0]
    assert set(first) == {"meeting_id", "title", "starts_at", "day", "attended", "first_timers", "returning"}
    assert (first["day"], first["attended"], first["first_timers"]) == ("2025-01-14", 2, 1)
    assert body["attendance"]["average_attended"] == 1.8
    assert [m["count"] for m in body["new_members"]["months"]] == [2, 0, 2, 0, 1, 0]
    assert body["funnel"]["stages"][2] == {
        "stage": "connected",
        "label": "Connected (both said yes)",
        "count": 4,
        "percent_of_proposed": 50.0,
        "percent_of_previous": 80.0,
    }
    assert body["landings"] | {"months": None} == {
        "months": None,
        "total": 4,
        "median_weeks_to_landing": 8.0,
        "landings_measured": 4,
    }
    assert body["connections"] == {
        "as_of": "2025-06-30",
        "members": 7,
        "without_connections": 2,
        "buckets": [
            {"connections": "0", "members": 2},
            {"connections": "1", "members": 2},
            {"connections": "2", "members": 2},
            {"connections": "3", "members": 0},
            {"connections": "4+", "members": 1},
        ],
    }


async def test_the_api_refuses_members_outsiders_and_mistaken_dates(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await story(session)
    url = f"/api/v1/groups/{setup.group.public_id}/insights"
    member = await client.get(url, headers=bearer(await make_token(session, setup.people["ana"])))
    assert member.status_code == 403 and member.headers["content-type"] == "application/problem+json"
    outsider = await client.get(url, headers=bearer(await make_token(session, await make_account(session))))
    assert outsider.status_code == 404
    assert (await client.get(url)).status_code == 401
    lead = bearer(await make_token(session, setup.lead))
    mistaken = await client.get(f"{url}?from=2025-13-01", headers=lead)
    assert mistaken.status_code == 422
    assert mistaken.json()["errors"] == [
        {
            "field": "from",
            "message": "There is no month 13: months go from 1 to 12. Please enter a date like 2025-01-31.",
        }
    ]
    too_long = await client.get(f"{url}?from=2019-01-01&to=2025-01-01", headers=lead)
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "to"


async def test_the_api_is_documented(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    operation = schema["paths"]["/api/v1/groups/{group_id}/insights"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"group_id", "from", "to"}
    assert "InsightsOut" in schema["components"]["schemas"]
    assert "median_weeks_to_landing" in schema["components"]["schemas"]["LandingsOut"]["properties"]


async def test_a_facilitator_keeps_seeing_the_page_as_time_passes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await story(session)
    await sign_in(client, setup.lead)
    with time_machine.travel(local(2025, 7, 2, 12) + timedelta(days=400), tick=False):
        response = await client.get("/g/hr-tuesdays/insights")
    assert response.status_code == 200 and "No meetings took place" in response.text
