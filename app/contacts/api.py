"""Your own contacts as JSON: list, add, change, delete, import a file, reconcile companies. Private:
only the member they belong to ever reads them (another member's contact is a 404), and no webhook
says anything about them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.datastructures import UploadFile

from app import links
from app.contacts import importing, outreach, service
from app.contacts.models import OutreachStatus
from app.contacts.reading import MAX_FILE_BYTES
from app.contacts.schemas import (
    CompanyConfirmation,
    CompanyConfirmed,
    CompanySuggestion,
    ImportSummary,
    MyContactIn,
    MyContactOut,
    MyContactUpdate,
    OutreachOut,
    OutreachSettingsIn,
)
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.errors import InvalidInput, problem_responses
from app.pagination import Page, Pages

router = APIRouter(prefix="/me/contacts", tags=["contacts"])


@router.get("", response_model=Page[MyContactOut], summary="Your contacts, by name")
async def my_contacts(
    session: DbSession,
    account: ApiReader,
    pages: Pages,
    company: Annotated[
        str | None,
        Query(max_length=200, description="A company: its canonical name, or as your contacts have it."),
    ] = None,
    status: Annotated[OutreachStatus | None, Query(description="Only contacts with this outreach status.")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in the name, email, company or position.")
    ] = None,
) -> Page[MyContactOut]:
    filters = service.ContactFilters(company=company, status=status, q=q)
    result = await service.list_contacts(session, account, filters, pages.params)
    return pages.page(result.items, result.next_cursor)


@router.get(
    "/outreach",
    response_model=OutreachOut,
    summary="Your outreach this week: conversations against your goal, and the follow-ups due",
)
async def my_outreach(session: DbSession, account: ApiReader) -> OutreachOut:
    return await outreach.outreach(session, account)


@router.put(
    "/outreach",
    response_model=OutreachOut,
    summary="Set your weekly goal of conversations and whether a weekly email lists your follow-ups due",
)
async def set_outreach(session: DbSession, account: ApiWriter, data: OutreachSettingsIn) -> OutreachOut:
    return await outreach.save_settings(session, account, data)


@router.post(
    "",
    response_model=MyContactOut,
    status_code=201,
    summary="Add a contact by hand",
    responses=problem_responses(409, s409="You already have this contact (same profile address, email, or name)."),
)
async def add_contact(session: DbSession, account: ApiWriter, data: MyContactIn, response: Response) -> MyContactOut:
    contact = await service.create_contact(session, account, data)
    response.headers["Location"] = links.api("me", "contacts", contact.public_id)
    return await service.get_contact(session, account, contact.public_id)


_IMPORT_FORM = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "Connections.csv, a .vcf file, or a CSV with a header row.",
                    },
                    "dry_run": {
                        "type": "boolean",
                        "default": False,
                        "description": "Only say what importing would do.",
                    },
                },
            }
        }
    },
}
_YES, _NO = {"true", "1", "on", "yes"}, {"false", "0", "off", "no", ""}


@router.post(
    "/import",
    response_model=ImportSummary,
    summary="Import LinkedIn's Connections.csv, a vCard file or a CSV; re-importing updates, never duplicates",
    description="A multipart form with `file` (at most 10 MB and 50,000 contacts) and `dry_run` (true: say "
    "how many contacts would be new, updated and unchanged, and which rows have problems, and change "
    "nothing). Your status, notes and follow-up dates are never changed by an import, and blanks in the "
    "file never erase what you have.",
    openapi_extra={"requestBody": _IMPORT_FORM},
)
async def import_contacts(request: Request, session: DbSession, account: ApiWriter) -> ImportSummary:
    # The form is read here, not declared as parameters: FastAPI would read it before the router's
    # input checks, which then find the body gone.
    form = await request.form(max_files=1, max_fields=10)
    upload, dry_run = form.get("file"), str(form.get("dry_run", "")).strip().lower()
    if dry_run not in _YES | _NO:
        raise InvalidInput("dry_run is true or false.", field_errors={"dry_run": "Send true or false."})
    data, filename = b"", ""
    if isinstance(upload, UploadFile):
        data, filename = await upload.read(MAX_FILE_BYTES + 1), upload.filename or "contacts"
    return await importing.import_contacts(session, account, data, filename, dry_run=dry_run in _YES)


@router.get(
    "/companies/suggestions",
    response_model=list[CompanySuggestion],
    summary="Your contacts' companies that nearly match a canonical company, for you to confirm",
)
async def company_suggestions(session: DbSession, account: ApiReader) -> list[CompanySuggestion]:
    return await service.company_suggestions(session, account)


@router.post(
    "/companies/confirm",
    response_model=CompanyConfirmed,
    summary="Confirm that a company, as your contacts have it, is this canonical company",
)
async def confirm_company(session: DbSession, account: ApiWriter, data: CompanyConfirmation) -> CompanyConfirmed:
    return await service.confirm_company(session, account, data)


@router.get("/{contact_id}", response_model=MyContactOut, summary="One of your contacts")
async def get_contact(session: DbSession, account: ApiReader, contact_id: uuid.UUID) -> MyContactOut:
    return await service.get_contact(session, account, contact_id)


@router.patch(
    "/{contact_id}",
    response_model=MyContactOut,
    summary="Change a contact, or track your outreach (status, note, follow-up); only the fields you send change",
    responses=problem_responses(409, s409="You already have another contact with these details."),
)
async def update_contact(
    session: DbSession, account: ApiWriter, contact_id: uuid.UUID, data: MyContactUpdate
) -> MyContactOut:
    await service.update_contact(session, account, contact_id, data)
    return await service.get_contact(session, account, contact_id)


@router.delete("/{contact_id}", status_code=204, summary="Delete one of your contacts")
async def delete_contact(session: DbSession, account: ApiWriter, contact_id: uuid.UUID) -> Response:
    await service.delete_contact(session, account, contact_id)
    return Response(status_code=204)
