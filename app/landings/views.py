"""The member's side of landings: "I landed", the congratulations page with the invitation to help
newcomers, correcting or withdrawing a landing, and the group's wall of successes."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import RuleBroken
from app.groups.models import Group
from app.groups.service import get_group_by_slug
from app.landings import service
from app.landings.models import HelpedBy
from app.landings.schemas import HELPED_BY_CHOICES, HELPED_BY_HINTS, HelpIn, LandingIn, form_data
from app.pagination import PageParams
from app.web import Form, confirm, empty_form, parse_form, redirect, render
from app.wording import possessive

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

HELPED_BY_OPTIONS = [(helped.value, HELPED_BY_CHOICES[helped], HELPED_BY_HINTS[helped]) for helped in HelpedBy]
_CLEARER = {
    "role": "Please tell us the new role, for example “HR business partner”.",
    "company": "Please tell us where, for example “Acme Health”.",
    "helped_by": "Please choose what helped most.",
}


def _explained(form: Form[Any]) -> Form[Any]:
    """Field messages that say what is expected, instead of "Please fill this in"."""
    for name, message in _CLEARER.items():
        if name in form.errors and (name == "helped_by" or form.errors[name] == "Please fill this in."):
            form.errors[name] = message
    return form


async def _parse(request: Request) -> Form[LandingIn]:
    return _explained(await parse_form(request, LandingIn, prepare=form_data))


def _common(group: Group, introductions: list[service.IntroductionChoice]) -> dict[str, Any]:
    return {
        "group": group,
        "helped_by_options": HELPED_BY_OPTIONS,
        "introduction_options": [(str(choice.id), choice.other_name) for choice in introductions],
    }


# --- "I landed" ---------------------------------------------------------------------------------


async def _report_page(
    request: Request, session: DbSession, account: CurrentAccount, group: Group, form: Form[Any], status_code: int = 200
) -> Response:
    offered = await service.report_form(session, account, group)
    return render(
        request,
        "landings/report.html",
        {**_common(group, offered.introductions), "form": form, "mine": offered.mine},
        status_code=status_code,
    )


@router.get("/g/{slug}/landed")
async def report_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    return await _report_page(request, session, account, group, empty_form())


@router.post("/g/{slug}/landed")
async def report(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    form = await _parse(request)
    if form.data is not None:
        try:
            landing = await service.report_landing(session, account, group, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("role"))
        else:
            return redirect(links.landing(landing.public_id))
    return await _report_page(request, session, account, group, form, status_code=422)


# --- one's own landing: congratulations, help newcomers, correct, withdraw -----------------------


async def _landing_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    landing_id: uuid.UUID,
    help_form: Form[Any] | None = None,
    status_code: int = 200,
) -> Response:
    detail = await service.landing_detail(session, account, landing_id)
    return render(
        request,
        "landings/detail.html",
        {
            "detail": detail,
            "entry": detail.entry,
            "help_form": help_form or empty_form({"can_help_with": detail.can_help_with}),
        },
        status_code=status_code,
    )


@router.get("/landings/{landing_id:uuid}")
async def landing_page(
    request: Request, session: DbSession, account: CurrentAccount, landing_id: uuid.UUID
) -> Response:
    return await _landing_page(request, session, account, landing_id)


@router.post("/landings/{landing_id:uuid}/help")
async def offer_help(request: Request, session: DbSession, account: CurrentAccount, landing_id: uuid.UUID) -> Response:
    form = await parse_form(request, HelpIn)
    if form.data is None:
        return await _landing_page(request, session, account, landing_id, help_form=form, status_code=422)
    await service.offer_help(session, account, landing_id, form.data)
    message = (
        "Thank you. Newcomers who need what you offer may be introduced to you — always with your yes first."
        if form.data.can_help_with
        else "Saved. You can say how you could help any time on your profile."
    )
    return redirect(links.landing(landing_id) + "#help", message)


def _entry_values(entry: service.LandingEntry) -> dict[str, Any]:
    return {
        "role": entry.role,
        "company": entry.company,
        "start_date": entry.start_date.isoformat() if entry.start_date else "",
        "helped_by": entry.helped_by.value,
        "introduction_id": str(entry.introduction_id) if entry.introduction_id else "",
        "story": entry.story,
        "on_wall": "yes" if entry.on_wall else "",
    }


async def _edit_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    landing_id: uuid.UUID,
    form: Form[Any] | None = None,
    status_code: int = 200,
) -> Response:
    entry, group, introductions = await service.edit_form(session, account, landing_id)
    return render(
        request,
        "landings/edit.html",
        {**_common(group, introductions), "entry": entry, "form": form or empty_form(_entry_values(entry))},
        status_code=status_code,
    )


@router.get("/landings/{landing_id:uuid}/edit")
async def edit_page(request: Request, session: DbSession, account: CurrentAccount, landing_id: uuid.UUID) -> Response:
    return await _edit_page(request, session, account, landing_id)


@router.post("/landings/{landing_id:uuid}/edit")
async def edit(request: Request, session: DbSession, account: CurrentAccount, landing_id: uuid.UUID) -> Response:
    form = await _parse(request)
    if form.data is not None:
        try:
            await service.update_landing(session, account, landing_id, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("role"))
        else:
            return redirect(links.landing(landing_id), "Your landing is updated.")
    return await _edit_page(request, session, account, landing_id, form, status_code=422)


@router.get("/landings/{landing_id:uuid}/withdraw")
async def withdraw_page(
    request: Request, session: DbSession, account: CurrentAccount, landing_id: uuid.UUID
) -> Response:
    entry = await service.my_landing(session, account, landing_id)
    return confirm(
        request,
        title="Withdraw your landing?",
        explanation=(
            f"{entry.role} at {entry.company} leaves {possessive(entry.group_name)} wall of successes and its "
            "numbers, and your profile goes back to its earlier stage (unless you reported another "
            "landing). What you said about an introduction stays yours to change. "
            "To fix a detail, correct the landing instead."
        ),
        action=links.landing(landing_id, "withdraw"),
        yes="Yes, withdraw it",
        back=links.landing(landing_id),
        no="No, keep it",
    )


@router.post("/landings/{landing_id:uuid}/withdraw")
async def withdraw(request: Request, session: DbSession, account: CurrentAccount, landing_id: uuid.UUID) -> Response:
    group = await service.withdraw_landing(session, account, landing_id)
    return redirect(
        links.group(group.slug), "Your landing is withdrawn. The group is here for you, whatever comes next."
    )


# --- the wall of successes ----------------------------------------------------------------------


@router.get("/g/{slug}/wall")
async def wall(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, cursor: str | None = None
) -> Response:
    group = await get_group_by_slug(session, slug)
    page = await service.wall(session, account, group, PageParams(limit=service.WALL_PAGE_SIZE, cursor=cursor or None))
    return render(request, "landings/wall.html", {"group": group, "page": page, "first_page": not cursor})
