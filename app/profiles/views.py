from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.landings import service as landings
from app.photos import service as photos
from app.profiles import service
from app.profiles.models import Stage
from app.profiles.schemas import FIELD_LABELS, STAGE_LABELS, TAG_FIELDS, VISIBILITY_FIELDS, ProfileUpdate, Visibility
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

TEXT_FIELDS = (
    "headline",
    "location",
    "linkedin_url",
    "phone",
    "stage",
    "bio",
    "looking_for",
    "can_help_with",
    "hiring_company",
)
BLANK_COMPANY_ROWS = 2
MAX_COMPANY_ROWS = 20
_ROW_ERROR = re.compile(r"^past_companies\.(\d+)")


def profile_form_data(values: dict[str, Any]) -> dict[str, Any]:
    """The profile page's flat form as the ProfileUpdate the API takes: rows of past companies
    become a list, one select per field becomes the visibility map."""
    data: dict[str, Any] = {name: values.get(name, "") for name in (*TEXT_FIELDS, *TAG_FIELDS)}
    rows = []
    for index in range(MAX_COMPANY_ROWS):
        name, start, end = (str(values.get(f"pc_{part}_{index}", "")).strip() for part in ("name", "from", "to"))
        if name or start or end:
            rows.append({"name": name, "from": start or None, "to": end or None})
    data["past_companies"] = rows
    data["visibility"] = {
        field: values.get(f"visibility_{field}", Visibility.members.value) for field in VISIBILITY_FIELDS
    }
    return data


def _form_errors(errors: dict[str, str]) -> dict[str, str]:
    """Past-company rows have one message for the whole list, naming the row."""
    shown: dict[str, str] = {}
    for key, message in errors.items():
        match = _ROW_ERROR.match(key)
        if match:
            shown.setdefault("past_companies", f"Row {int(match.group(1)) + 1}: {message}")
        else:
            shown.setdefault(key, message)
    return shown


async def _page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    form: Form,
    status_code: int = 200,
    groups_to_tell: Sequence[object] = (),
) -> Response:
    rows = [row for row in form.values.get("_companies", [])]
    rows += [{"name": "", "from": "", "to": ""}] * BLANK_COMPANY_ROWS
    suggestions = await service.tag_suggestions(session, account)
    photo = await photos.own_photo(session, account)
    return render(
        request,
        "profiles/edit.html",
        {
            "form": form,
            "company_rows": rows[:MAX_COMPANY_ROWS],
            "suggestions": suggestions,
            "stage_options": [(stage.value, STAGE_LABELS[stage]) for stage in Stage],
            "labels": FIELD_LABELS,
            "visibility_fields": VISIBILITY_FIELDS,
            "groups_to_tell": groups_to_tell,
            "photo": photo,
        },
        status_code=status_code,
    )


@router.get("/profile")
async def edit_profile(request: Request, session: DbSession, account: CurrentAccount, landed: str = "") -> Response:
    profile = await service.readable_profile(session, account)
    # Just saved as landed: offer to tell each group, with the landing form, while it is news.
    groups_to_tell = await landings.groups_to_tell(session, account) if profile.stage == Stage.landed and landed else []
    tags = (await service.load_tags(session, [profile.id]))[profile.id] if profile.id else service.ProfileTags()
    values: dict[str, Any] = {
        "headline": profile.headline,
        "location": profile.location,
        "linkedin_url": profile.linkedin_url or "",
        "phone": profile.phone,
        "stage": profile.stage.value,
        "bio": profile.bio,
        "looking_for": profile.looking_for,
        "can_help_with": profile.can_help_with,
        "hiring_company": tags.hiring_company,
        **{name: ", ".join(getattr(tags, name)) for name in TAG_FIELDS},
        **{
            f"visibility_{name}": (profile.visibility or {}).get(name, Visibility.members.value)
            for name in VISIBILITY_FIELDS
        },
        "_companies": [
            {"name": c.name, "from": c.start_year or "", "to": c.end_year or ""} for c in tags.past_companies
        ],
    }
    return await _page(request, session, account, empty_form(values), groups_to_tell=groups_to_tell)


@router.post("/profile")
async def save_profile(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, ProfileUpdate, prepare=profile_form_data)
    if form.data is None:
        form.errors = _form_errors(form.errors)
        form.values["_companies"] = [
            {
                "name": form.values.get(f"pc_name_{i}", ""),
                "from": form.values.get(f"pc_from_{i}", ""),
                "to": form.values.get(f"pc_to_{i}", ""),
            }
            for i in range(MAX_COMPANY_ROWS)
            if any(form.values.get(f"pc_{part}_{i}") for part in ("name", "from", "to"))
        ]
        return await _page(request, session, account, form, status_code=422)
    profile = await service.update_profile(session, account, form.data)
    if profile.stage == Stage.landed and await landings.groups_to_tell(session, account):
        return redirect(links.profile(landed="tell"), "Your profile is saved, and congratulations on landing!")
    return redirect(links.profile(), "Your profile is saved. Thank you — it helps your facilitators introduce you.")
