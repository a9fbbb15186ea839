"""The facilitators' insights page and its CSV files, and a member's own network page."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from app import links
from app.contacts import outreach as contacts_outreach
from app.contacts.schemas import OutreachSettingsIn
from app.csv_export import csv_download
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import NotFound
from app.groups.service import get_group_by_slug
from app.insights import network, service
from app.insights.charts import growth_chart
from app.insights.figures import CONNECTION_LABELS, day, insights_figures, month_label, percent
from app.insights.schemas import FUNNEL_DEFINITIONS, Chart
from app.introductions.schemas import OUTCOME_LABELS
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

FromDate = Annotated[str | None, Query(alias="from")]
NO_SUCH_CHART = f"There is no such chart. The CSV files are: {', '.join(chart.value + '.csv' for chart in Chart)}."


@router.get("/g/{slug}/insights")
async def insights_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    start: FromDate = None,
    to: str | None = None,
) -> Response:
    group = await get_group_by_slug(session, slug)
    result = await service.insights_for(session, account, group, start, to, lenient=True)
    period, errors = result.period, result.choice.errors
    shown = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    return render(
        request,
        "insights/index.html",
        {
            "group": group,
            "data": result.data,
            "figures": insights_figures(result.data),
            "form": Form(values=result.choice.values if errors else shown, errors=dict(errors)),
            "query": urlencode(shown),
            "day": day,
            "percent": percent,
            "month_label": month_label,
            "funnel_definitions": FUNNEL_DEFINITIONS,
            "connection_labels": CONNECTION_LABELS,
        },
        status_code=422 if errors else 200,
    )


@router.get("/g/{slug}/insights/{chart}.csv")
async def insights_csv(
    session: DbSession, account: CurrentAccount, slug: str, chart: str, start: FromDate = None, to: str | None = None
) -> Response:
    group = await get_group_by_slug(session, slug)
    try:
        which = Chart(chart)
    except ValueError:
        raise NotFound(NO_SUCH_CHART) from None
    result = await service.insights_for(session, account, group, start, to, only=which)
    filename, content = service.chart_csv(group, result.data, which)
    # A byte-order mark, so that Excel reads the file as UTF-8.
    return csv_download(content, filename)


@router.get("/me/network")
async def my_network(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    return await network_page(request, session, account)


@router.post("/me/network/outreach")
async def save_outreach(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, OutreachSettingsIn, prepare=_outreach_form)
    if form.data is None:
        return await network_page(request, session, account, form, status_code=422)
    saved = await contacts_outreach.save_settings(session, account, form.data)
    goal = f"Your goal is {saved.weekly_goal} a week. " if saved.weekly_goal else ""
    email = "A Monday email will list your follow-ups due." if saved.weekly_email else "No weekly email."
    return redirect(links.network() + "#outreach", goal + email)


def _outreach_form(values: dict[str, Any]) -> dict[str, Any]:
    return {"weekly_goal": values.get("weekly_goal") or None, "weekly_email": values.get("weekly_email") == "yes"}


async def network_page(
    request: Request, session: DbSession, account: CurrentAccount, form: Form[Any] | None = None, status_code: int = 200
) -> Response:
    mine = await network.my_network(session, account)
    outreach = await contacts_outreach.outreach(session, account)
    if form is None:
        form = empty_form(
            {"weekly_goal": str(outreach.weekly_goal or ""), "weekly_email": "yes" if outreach.weekly_email else ""}
        )
    chart = None
    if mine.connections and mine.since:
        total = len(mine.connections)
        description = (
            f"{total} {'connection' if total == 1 else 'connections'} since {day(mine.since)}, the day you joined."
        )
        chart = Markup("").join(
            growth_chart(
                "network-growth",
                "Your connections over time",
                description,
                mine.since,
                mine.today,
                mine.growth(),
                y_label="Connections",
                x_label="Since you joined",
                width=width,
            )
            for width in (480, 320)
        )
    return render(
        request,
        "insights/network.html",
        {
            "network": mine,
            "outreach": outreach,
            "outreach_form": form,
            "chart": chart,
            "day": day,
            "outcome_labels": {outcome.value: label for outcome, label in OUTCOME_LABELS.items()},
        },
        status_code=status_code,
    )
