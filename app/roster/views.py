from __future__ import annotations

import base64
import binascii

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from app.csv_export import csv_stream
from app.db import DbSession
from app.deps import AppSessions, CurrentAccount, csrf_protect, optional_account
from app.errors import RETRY_AFTER_SECONDS, InvalidInput
from app.groups.models import Group
from app.members.invitations import INVITATION_DAYS
from app.profiles.schemas import STAGE_LABELS
from app.roster import reading, service
from app.roster.export import export_roster
from app.roster.schemas import CARRIED_PART, ImportConfirmation
from app.web import empty_form, parse_form, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


def _import_page(
    request: Request, group: Group, errors: dict[str, str] | None = None, status_code: int = 200
) -> Response:
    return render(
        request,
        "roster/import.html",
        {
            "group": group,
            "form": empty_form().add_errors(errors or {}),
            "stage_labels": STAGE_LABELS,
            "max_rows": reading.MAX_ROWS,
            "invitation_days": INVITATION_DAYS,
        },
        status_code=status_code,
    )


def _carry(text: str) -> list[str]:
    """The file as URL-safe base64 (nothing to escape in a form post), in parts that fit a form field."""
    encoded = base64.urlsafe_b64encode(text.encode()).decode()
    return [encoded[start : start + CARRIED_PART] for start in range(0, len(encoded), CARRIED_PART)]


def _carried(parts: list[str]) -> str:
    try:
        return base64.b64decode("".join(parts).encode(), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput(
            "The checked file did not come back intact. Please upload it again.",
            field_errors={"file": "Please upload the file again."},
        ) from None


@router.get("/g/{slug}/manage/import")
async def import_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await service.managed_group(session, account, slug)
    return _import_page(request, group)


@router.get("/g/{slug}/manage/import/example.csv")
async def example_csv(session: DbSession, account: CurrentAccount, slug: str) -> Response:
    await service.managed_group(session, account, slug)
    return Response(
        service.EXAMPLE_CSV,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="between-import-example.csv"'},
    )


@router.post("/g/{slug}/manage/import")
async def preview(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await service.managed_group(session, account, slug)
    upload = (await request.form()).get("file")
    data, filename, size = b"", "", None
    if isinstance(upload, UploadFile):
        filename, size = upload.filename or "", upload.size
        data = await upload.read(reading.MAX_FILE_BYTES + 1)
    try:
        text = reading.decode_csv(data, filename, size)
        plan = await service.preview_import(session, account, group, text)
    except InvalidInput as error:
        return _import_page(request, group, error.field_errors or {"file": error.detail}, status_code=422)
    return render(
        request,
        "roster/preview.html",
        {
            "group": group,
            "plan": plan,
            "filename": filename,
            "csv_parts": _carry(text),
        },
    )


# An import that stopped partway says so with its status too (what was done is on the page).
_STOPPED_STATUS = {service.Stopped.outage: 503, service.Stopped.error: 500}


@router.post("/g/{slug}/manage/import/confirm")
async def run_import(
    request: Request, session: DbSession, sessions: AppSessions, account: CurrentAccount, slug: str
) -> Response:
    group = await service.managed_group(session, account, slug)
    form = await parse_form(request, ImportConfirmation)
    try:
        if form.data is None:
            raise InvalidInput("The checked file did not come back with the form. Please upload it again.")
        result = await service.import_members(session, sessions.write, account, group, _carried(form.data.csv_data))
    except InvalidInput as error:
        return _import_page(request, group, {"file": error.detail}, status_code=422)
    response = render(
        request,
        "roster/results.html",
        {
            "group": group,
            "result": result,
            "filename": form.data.filename,
            "days": INVITATION_DAYS,
        },
        status_code=_STOPPED_STATUS[result.stopped] if result.stopped else 200,
    )
    if result.stopped == service.Stopped.outage:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@router.get("/g/{slug}/manage/export.csv")
async def export_csv(session: DbSession, sessions: AppSessions, account: CurrentAccount, slug: str) -> Response:
    return csv_stream(await export_roster(session, sessions, account, slug))
