"""The group's reach as pages: your warm paths to your target companies, the switch per group for
sharing your own reach, asking for a warm introduction, and answering one privately."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import RuleBroken
from app.groups import service as groups
from app.reach import gaps, service, warm
from app.reach.schemas import MAX_HELPER_NOTE, MAX_MESSAGE, SharingIn, WarmAnswerIn, WarmAskIn
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


@router.get("/me/reach")
async def reach_page(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    reach, has_groups = await warm.warm_paths(session, account)
    settings = await service.sharing_settings(session, account)
    return render(
        request,
        "reach/index.html",
        {"companies": reach.companies, "has_groups": has_groups, "settings": settings},
    )


@router.post("/me/reach/sharing/{group_id:uuid}")
async def set_sharing(request: Request, session: DbSession, account: CurrentAccount, group_id: uuid.UUID) -> Response:
    form = await parse_form(request, SharingIn)
    if form.data is None:
        return redirect(links.reach(), "That did not change anything; please try again.", "error")
    setting = await service.set_sharing(session, account, group_id, form.data.shared)
    if setting.shared_at is not None:
        message = (
            f"Members of {setting.group.name} now see which companies you know people at, and how many — "
            "never who they are."
        )
    else:
        message = f"You no longer share your reach with {setting.group.name}. Nobody there sees it from now on."
    return redirect(links.reach(), message)


# --- asking -------------------------------------------------------------------------------------


async def _ask_page(
    request: Request, session: DbSession, account: CurrentAccount, form: Form[Any], status_code: int = 200
) -> Response:
    try:
        person_id = uuid.UUID(str(form.values.get("person_id", "")))
    except ValueError:
        person_id = uuid.UUID(int=0)
    path, company = await warm.ask_target(session, account, person_id, str(form.values.get("company", "")))
    return render(
        request,
        "reach/ask.html",
        {"form": form, "path": path, "company": company, "max_message": MAX_MESSAGE},
        status_code=status_code,
    )


@router.get("/me/reach/ask")
async def ask_page(
    request: Request, session: DbSession, account: CurrentAccount, person: str = "", company: str = ""
) -> Response:
    return await _ask_page(request, session, account, empty_form({"person_id": person, "company": company}))


@router.post("/me/reach/ask")
async def ask(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    form = await parse_form(request, WarmAskIn)
    if form.data is not None:
        try:
            asked = await warm.ask(session, account, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("message"))
        else:
            return redirect(
                links.reach("requests", asked.id),
                f"Your request is on its way to {asked.helper.name}. We will email you when they answer.",
            )
    return await _ask_page(request, session, account, form, status_code=422)


# --- requests -------------------------------------------------------------------------------------


@router.get("/me/reach/requests")
async def requests_page(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    mine = await warm.list_requests(session, account)
    return render(request, "reach/requests.html", {"asked": mine.asked, "received": mine.received})


async def _request_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    warm_request_id: uuid.UUID,
    form: Form[Any],
    status_code: int = 200,
) -> Response:
    found = await warm.get_request(session, account, warm_request_id)
    return render(
        request,
        "reach/request.html",
        {"request_": found, "form": form, "max_note": MAX_HELPER_NOTE},
        status_code=status_code,
    )


@router.get("/me/reach/requests/{warm_request_id:uuid}")
async def request_page(
    request: Request, session: DbSession, account: CurrentAccount, warm_request_id: uuid.UUID
) -> Response:
    return await _request_page(request, session, account, warm_request_id, empty_form())


@router.post("/me/reach/requests/{warm_request_id:uuid}/answer")
async def answer(request: Request, session: DbSession, account: CurrentAccount, warm_request_id: uuid.UUID) -> Response:
    form = await parse_form(request, WarmAnswerIn)
    if form.data is not None:
        try:
            answered = await warm.answer(session, account, warm_request_id, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("note"))
        else:
            if answered.status == "accepted":
                message = f"Thank you. {answered.asker.name} will read your note and hear from you outside Between."
            else:
                message = f"Thank you for answering. {answered.asker.name} is not told that you said not now."
            return redirect(links.reach("requests"), message)
    return await _request_page(request, session, account, warm_request_id, form, status_code=422)


@router.post("/me/reach/requests/{warm_request_id:uuid}/withdraw")
async def withdraw(
    request: Request, session: DbSession, account: CurrentAccount, warm_request_id: uuid.UUID
) -> Response:
    try:
        await warm.withdraw(session, account, warm_request_id)
    except RuleBroken as error:
        return redirect(links.reach("requests", warm_request_id), error.detail, "info")
    return redirect(links.reach("requests"), "Your request is withdrawn.")


# --- for facilitators -------------------------------------------------------------------------------


@router.get("/g/{slug}/reach")
async def group_reach_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    found = await gaps.group_targets(session, account, group)
    return render(request, "reach/group.html", {"group": group, "gaps": found})
