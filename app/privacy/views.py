from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession, utcnow
from app.deps import SESSION_COOKIE, CurrentAccount, csrf_protect, optional_account
from app.errors import InvalidInput
from app.privacy import service
from app.privacy.schemas import AccountDeletion
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


@router.get("/settings/data")
async def data_page(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    return render(request, "privacy/data.html", {"overview": await service.overview(session, account)})


@router.get("/settings/data/export.json")
async def export_json(session: DbSession, account: CurrentAccount) -> Response:
    export = await service.export_own_data(session, account)
    filename = f"between-my-data-{utcnow().date().isoformat()}.json"
    return Response(
        export.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


async def _confirmation_page(
    request: Request, session: DbSession, account: CurrentAccount, form: Form, status_code: int = 200
) -> Response:
    return render(
        request,
        "privacy/delete.html",
        {
            "overview": await service.overview(session, account),
            "form": form,
        },
        status_code=status_code,
    )


@router.get("/settings/data/delete")
async def confirm_delete(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    return await _confirmation_page(request, session, account, empty_form())


@router.post("/settings/data/delete")
async def delete_account(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, AccountDeletion)
    form.values.pop("password", None)
    if form.data is not None:
        try:
            await service.delete_account(session, account, form.data)
        except InvalidInput as error:
            form.add_errors(error.field_errors)
        else:
            response = redirect(links.goodbye())
            response.delete_cookie(SESSION_COOKIE, path="/")
            return response
    return await _confirmation_page(request, session, account, form, status_code=422)


@router.get("/goodbye")
async def goodbye(request: Request) -> Response:
    return render(request, "privacy/goodbye.html")
