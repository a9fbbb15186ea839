"""Your own contacts as pages: the list with its filters, adding one, importing a file (checked
first), tracking your outreach with each, and confirming a company's canonical name. Only you see
them: another person's contact is "not found"."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from app import links
from app.contacts import importing, service
from app.contacts.models import OutreachStatus
from app.contacts.reading import MAX_FILE_BYTES
from app.contacts.schemas import CompanyConfirmation, MyContactIn, MyContactOut, MyContactUpdate
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import InvalidInput, RuleBroken
from app.pagination import DEFAULT_LIMIT, PageParams
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

STATUS_LABELS = {
    OutreachStatus.to_reach_out: "To reach out",
    OutreachStatus.contacted: "Contacted",
    OutreachStatus.replied: "Replied",
    OutreachStatus.met: "Met",
}
STATUS_OPTIONS = [("", "No status"), *((status.value, label) for status, label in STATUS_LABELS.items())]
_OPTIONAL = ("email", "profile_url", "connected_on", "follow_up_on", "status")
FIELDS = (
    "first_name",
    "last_name",
    "email",
    "profile_url",
    "company",
    "position",
    "connected_on",
    "status",
    "note",
    "follow_up_on",
)


def _blanks_as_none(values: dict[str, Any]) -> dict[str, Any]:
    return {name: (None if name in _OPTIONAL and value == "" else value) for name, value in values.items()}


def _every_field(values: dict[str, Any]) -> dict[str, Any]:
    """The whole form is sent: a field left empty clears it (the first name must stay)."""
    return _blanks_as_none({name: values.get(name, "") for name in FIELDS})


def _values(contact: MyContactOut) -> dict[str, Any]:
    values = contact.model_dump(include=set(FIELDS))
    values["status"] = contact.status.value if contact.status else ""
    return {name: "" if value is None else str(value) for name, value in values.items()}


# --- the list -----------------------------------------------------------------------------------


@router.get("/me/contacts")
async def contacts_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    q: str = "",
    company: str = "",
    status: str = "",
    cursor: str | None = None,
) -> Response:
    chosen = next((choice for choice in OutreachStatus if choice.value == status), None)
    filters = service.ContactFilters(company=company[:200] or None, status=chosen, q=q[:200] or None)
    page = await service.list_contacts(session, account, filters, PageParams(limit=DEFAULT_LIMIT, cursor=cursor))
    suggestions = await service.company_suggestions(session, account)
    return render(
        request,
        "contacts/list.html",
        {
            "contacts": page.items,
            "next_page": links.contacts(q=q, company=company, status=status, cursor=page.next_cursor)
            if page.next_cursor
            else None,
            "filters": {"q": q, "company": company, "status": status if chosen else ""},
            "filtered": bool(q or company or chosen),
            "first_page": cursor is None,
            "suggestions": suggestions,
            "status_labels": {status.value: label for status, label in STATUS_LABELS.items()},
            "status_options": STATUS_OPTIONS,
        },
    )


@router.post("/me/contacts/companies/confirm")
async def confirm_company(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, CompanyConfirmation)
    if form.data is None:
        return redirect(links.contacts(), "That company could not be confirmed; please try again.", "error")
    try:
        done = await service.confirm_company(session, account, form.data)
    except RuleBroken as error:
        return redirect(links.contacts(), error.detail, "error")
    people = "contact now works" if done.contacts == 1 else "contacts now work"
    return redirect(links.contacts(), f"{done.contacts} {people} at {done.canonical}.")


# --- importing a file ---------------------------------------------------------------------------


@router.get("/me/contacts/import")
async def import_page(request: Request, account: CurrentAccount) -> Response:
    return render(request, "contacts/import.html", {"errors": {}, "summary": None})


@router.post("/me/contacts/import")
async def import_file(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await request.form(max_files=1, max_fields=10)
    upload = form.get("file")
    dry_run = form.get("dry_run") == "true"
    data, filename = b"", ""
    if isinstance(upload, UploadFile):
        data, filename = await upload.read(MAX_FILE_BYTES + 1), upload.filename or ""
    try:
        summary = await importing.import_contacts(session, account, data, filename, dry_run=dry_run)
    except InvalidInput as error:
        errors = error.field_errors or {"file": error.detail}
        return render(request, "contacts/import.html", {"errors": errors, "summary": None}, status_code=422)
    return render(request, "contacts/import.html", {"errors": {}, "summary": summary, "filename": filename})


# --- adding and changing one --------------------------------------------------------------------


def _form_page(
    request: Request, form: Form[Any], contact: MyContactOut | None = None, status_code: int = 200
) -> Response:
    return render(
        request,
        "contacts/edit.html",
        {"form": form, "contact": contact, "status_options": STATUS_OPTIONS},
        status_code=status_code,
    )


@router.get("/me/contacts/new")
async def new_contact_page(request: Request, account: CurrentAccount) -> Response:
    return _form_page(request, empty_form())


@router.post("/me/contacts/new")
async def add_contact(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, MyContactIn, prepare=_blanks_as_none)
    if form.data is not None:
        try:
            contact = await service.create_contact(session, account, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("first_name"))
        else:
            return redirect(links.contacts(contact.public_id), "Contact added.")
    return _form_page(request, form, status_code=422)


@router.get("/me/contacts/{contact_id}")
async def contact_page(
    request: Request, session: DbSession, account: CurrentAccount, contact_id: uuid.UUID
) -> Response:
    contact = await service.get_contact(session, account, contact_id)
    return _form_page(request, empty_form(_values(contact)), contact)


@router.post("/me/contacts/{contact_id}")
async def update_contact(
    request: Request, session: DbSession, account: CurrentAccount, contact_id: uuid.UUID
) -> Response:
    contact = await service.get_contact(session, account, contact_id)
    form = await parse_form(
        request,
        MyContactUpdate,
        prepare=lambda values: _blanks_as_none({name: values.get(name, "") for name in FIELDS}),
    )
    if form.data is not None:
        try:
            await service.update_contact(session, account, contact_id, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("first_name"))
        else:
            return redirect(links.contacts(contact_id), "Saved.")
    return _form_page(request, form, contact, status_code=422)


@router.post("/me/contacts/{contact_id}/delete")
async def delete_contact(
    request: Request, session: DbSession, account: CurrentAccount, contact_id: uuid.UUID
) -> Response:
    await service.delete_contact(session, account, contact_id)
    return redirect(links.contacts(), "Contact deleted.")
