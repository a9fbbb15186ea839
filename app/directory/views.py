"""The member directory and member pages (HTML)."""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.directory import service
from app.directory.schemas import DirectoryFilters, StatusFilter
from app.groups.service import get_group_by_slug
from app.meetings.service import attendance_history
from app.pagination import PageParams
from app.photos import service as photos
from app.profiles.schemas import FIELD_LABELS, STAGE_LABELS
from app.profiles.service import Audience
from app.web import empty_form, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

Filters = Annotated[DirectoryFilters, Query()]
# Only for the "Page 2" label: the cursor alone says where the page starts.
PageNumber = Annotated[int, Query(ge=1, le=100_000)]

STATUS_LABELS = {
    "active": "Active member",
    "pending": "Waiting to join",
    "declined": "Declined",
    "left": "Left the group",
}
STATUS_OPTIONS = [
    ("", "Active & waiting"),
    (StatusFilter.active.value, "Active only"),
    (StatusFilter.pending.value, "Waiting to join"),
    (StatusFilter.declined.value, "Declined"),
]
STAGE_OPTIONS = [("", "Any stage"), *((stage.value, label) for stage, label in STAGE_LABELS.items())]


def _listing_query(filters: DirectoryFilters, cursor: str | None = None, page_number: int = 1) -> str:
    """The directory's query string: its filters, and where the listing was (for the way back)."""
    items = filters.query_items()
    if cursor:
        items += [("cursor", cursor), ("page", str(page_number))]
    return urlencode(items)


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


@router.get("/g/{slug}/members")
async def directory(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    filters: Filters,
    cursor: str | None = None,
    page: PageNumber = 1,
) -> Response:
    group = await get_group_by_slug(session, slug)
    listing, suggestions = await service.directory_page(
        session, account, group, filters, PageParams(limit=service.DIRECTORY_PAGE_SIZE, cursor=cursor or None)
    )
    base = links.group(group.slug, "members")
    page_number = page if cursor else 1
    return render(
        request,
        "directory/index.html",
        {
            "group": group,
            "filters": filters,
            "form": empty_form({name: value for name, value in filters.query_items()}),
            "listing": listing,
            "suggestions": suggestions,
            "stage_options": STAGE_OPTIONS,
            "status_options": STATUS_OPTIONS,
            "stage_labels": STAGE_LABELS,
            "status_labels": STATUS_LABELS,
            "page_number": page_number,
            "first_url": _with_query(base, _listing_query(filters)),
            "next_url": _with_query(base, _listing_query(filters, listing.next_cursor, page_number + 1))
            if listing.next_cursor
            else None,
            "listing_query": _listing_query(filters, cursor, page_number),
        },
    )


@router.get("/g/{slug}/members/{person_id:uuid}")
async def member_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    person_id: uuid.UUID,
    filters: Filters,
    cursor: str | None = None,
    page: PageNumber = 1,
) -> Response:
    group = await get_group_by_slug(session, slug)
    member = await service.member_profile(session, account, group, person_id)
    # Attendance is the person's own business and their facilitators'; fellow members see none.
    attended = (
        await attendance_history(session, account, group, person_id)
        if member.audience in (Audience.self, Audience.facilitator)
        else None
    )
    return render(
        request,
        "directory/member.html",
        {
            "group": group,
            "member": member,
            "profile": member.profile,
            "attended": attended,
            "photo": await photos.photo_for_page(session, person_id, member.audience != Audience.member),
            "stage_labels": STAGE_LABELS,
            "status_labels": STATUS_LABELS,
            "field_labels": FIELD_LABELS,
            "back_url": _with_query(links.group(group.slug, "members"), _listing_query(filters, cursor, page)),
        },
    )
