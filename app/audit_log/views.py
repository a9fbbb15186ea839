"""The audit log page for administrators: filters in the address (a GET form), keyset pages, CSV."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from app import links
from app.audit_log import listing
from app.audit_log.listing import AuditFilters
from app.csv_export import csv_stream
from app.db import DbSession
from app.deps import AppSessions, CurrentAccount, csrf_protect, optional_account
from app.errors import humanize_validation_errors
from app.pagination import PageParams
from app.web import Form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

FILTER_FIELDS = tuple(AuditFilters.model_fields)
# Only for the "Page 2" label: the cursor alone says where the page starts.
PageNumber = Annotated[int, Query(ge=1, le=1_000_000)]


def _filters(request: Request) -> Form[AuditFilters]:
    values: dict[str, Any] = {name: request.query_params.get(name, "") for name in FILTER_FIELDS}
    try:
        return Form(values=values, data=AuditFilters.model_validate(values))
    except ValidationError as error:
        return Form(values=values, errors=humanize_validation_errors(error.errors()))


def _with_query(path: str, items: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(items)}" if items else path


@router.get("/admin/audit")
async def audit_log(
    request: Request, session: DbSession, account: CurrentAccount, cursor: str | None = None, page: PageNumber = 1
) -> Response:
    choices = await listing.audit_choices(session, account)
    form = _filters(request)
    problems = {name: message for name, message in choices.problems(form.values).items() if name not in form.errors}
    if problems:
        form.add_errors(problems)
    log = None
    if form.data is not None:
        log = await listing.audit_log(
            session, account, form.data, PageParams(limit=listing.AUDIT_PAGE_SIZE, cursor=cursor or None)
        )
    filters = form.data.query_items() if form.data is not None else []
    page_number = page if cursor else 1
    return render(
        request,
        "audit/index.html",
        {
            "form": form,
            "log": log,
            "filtered": bool(filters),
            "group_options": [("", "Any group"), *choices.groups],
            "action_options": [
                ("", "Any action"),
                *((action, f"{listing.action_label(action)} ({action})") for action in choices.actions),
            ],
            "page_number": page_number,
            "first_url": _with_query(links.admin("audit"), filters),
            "next_url": _with_query(
                links.admin("audit"), [*filters, ("cursor", log.next_cursor), ("page", str(page_number + 1))]
            )
            if log and log.next_cursor
            else None,
            "export_url": _with_query(links.admin("audit", "export.csv"), filters),
            "export_limit": listing.MAX_EXPORT_ROWS,
        },
        status_code=200 if form.data is not None else 422,
    )


@router.get("/admin/audit/export.csv")
async def export_csv(request: Request, session: DbSession, sessions: AppSessions, account: CurrentAccount) -> Response:
    form = _filters(request)
    if form.data is None:  # the page explains what is wrong with the filters
        return redirect(f"{links.admin('audit')}?{request.url.query}")
    return csv_stream(await listing.export_audit_log(session, sessions, account, form.data))
