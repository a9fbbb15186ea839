"""The member's side of introductions: answer, see who you are connected to, say how it went,
ask for an introduction, pause."""

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
from app.introductions import service
from app.introductions.listing import IntroductionView
from app.introductions.models import Outcome
from app.introductions.schemas import OUTCOME_LABELS, AnswerIn, AskIn, OutcomeIn, PauseIn
from app.pagination import PageParams
from app.profiles import service as profiles
from app.profiles.schemas import STAGE_LABELS
from app.web import Form, empty_form, parse_form, redirect, render, safe_next

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

PAGE_SIZE = 100
OUTCOME_OPTIONS = [(outcome.value, OUTCOME_LABELS[outcome]) for outcome in Outcome]


def _common() -> dict[str, Any]:
    return {
        "outcome_options": OUTCOME_OPTIONS,
        "outcome_labels": {o.value: label for o, label in OUTCOME_LABELS.items()},
        "stage_labels": STAGE_LABELS,
    }


def _outcome_form(view: IntroductionView) -> Form[Any]:
    mine = view.my_outcome
    return empty_form({"outcome": mine.outcome.value, "note": mine.note} if mine else {"outcome": ""})


@router.get("/introductions")
async def my_introductions(
    request: Request, session: DbSession, account: CurrentAccount, cursor: str | None = None
) -> Response:
    page = await service.my_introductions(
        session, account, status=None, page=PageParams(limit=PAGE_SIZE, cursor=cursor)
    )
    sections: dict[str, list[IntroductionView]] = {"to_answer": [], "waiting": [], "connected": [], "ended": []}
    for view in page.items:
        if view.waiting_for_me:
            sections["to_answer"].append(view)
        elif view.introduction.status.value == "proposed":
            sections["waiting"].append(view)
        elif view.introduction.status.value == "connected":
            sections["connected"].append(view)
        else:
            sections["ended"].append(view)
    return render(
        request,
        "introductions/index.html",
        {
            **_common(),
            "sections": sections,
            "page": page,
            "first_page": cursor is None,
            "answer_form": empty_form(),
            "groups": await service.my_groups(session, account),
            "requests": await service.my_requests(session, account),
            "outcome_forms": {view.introduction.id: _outcome_form(view) for view in sections["connected"]},
            "profile_filled": await profiles.has_filled_in_profile(session, account),
        },
    )


async def _detail(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    introduction_id: uuid.UUID,
    *,
    answer_form: Form[Any] | None = None,
    outcome_form: Form[Any] | None = None,
    status_code: int = 200,
) -> Response:
    view = await service.introduction_for(session, account, introduction_id)
    return render(
        request,
        "introductions/detail.html",
        {
            **_common(),
            "view": view,
            "answer_form": answer_form or empty_form(),
            "outcome_form": outcome_form or _outcome_form(view),
        },
        status_code=status_code,
    )


@router.get("/introductions/{introduction_id:uuid}")
async def introduction_page(
    request: Request, session: DbSession, account: CurrentAccount, introduction_id: uuid.UUID
) -> Response:
    return await _detail(request, session, account, introduction_id)


async def _answer(
    request: Request, session: DbSession, account: CurrentAccount, introduction_id: uuid.UUID, accept: bool
) -> Response:
    form = await parse_form(request, AnswerIn, prepare=lambda values: {"note": values.get("note", "")})
    back = safe_next(str(form.values.get("next", "")), links.introduction(introduction_id))
    if form.data is not None:
        try:
            introduction = await service.answer(session, account, introduction_id, accept, form.data.note)
        except RuleBroken as error:
            if not error.field_errors:
                return redirect(back, error.detail, "info")
            form.add_errors(error.field_errors)
        else:
            view = await service.introduction_for(session, account, introduction.public_id)
            other = view.other.display_name if view.other else "the other person"
            if not accept:
                message = (
                    f"Thank you for letting us know. {other} will hear only that the introduction is not "
                    "going ahead, never who said no."
                )
            elif view.introduction.status.value == "connected":
                message = f"You are connected with {other}! We have emailed you both each other's contact details."
            else:
                message = f"Thank you: you said yes. We will let you know as soon as {other} answers."
            return redirect(back, message)
    return await _detail(request, session, account, introduction_id, answer_form=form, status_code=422)


@router.post("/introductions/{introduction_id:uuid}/accept")
async def accept(request: Request, session: DbSession, account: CurrentAccount, introduction_id: uuid.UUID) -> Response:
    return await _answer(request, session, account, introduction_id, True)


@router.post("/introductions/{introduction_id:uuid}/decline")
async def decline(
    request: Request, session: DbSession, account: CurrentAccount, introduction_id: uuid.UUID
) -> Response:
    return await _answer(request, session, account, introduction_id, False)


@router.post("/introductions/{introduction_id:uuid}/outcome")
async def outcome(
    request: Request, session: DbSession, account: CurrentAccount, introduction_id: uuid.UUID
) -> Response:
    form = await parse_form(
        request,
        OutcomeIn,
        prepare=lambda values: {"outcome": values.get("outcome", ""), "note": values.get("note", "")},
    )
    back = safe_next(str(form.values.get("next", "")), links.introduction(introduction_id))
    if form.data is not None:
        try:
            await service.record_outcome(session, account, introduction_id, form.data.outcome, form.data.note)
        except RuleBroken as error:
            if not error.field_errors:
                return redirect(back, error.detail, "info")
            form.add_errors(error.field_errors)
        else:
            return redirect(back, "Thank you for telling us. It helps your facilitators make the next introductions.")
    if "outcome" in form.errors:
        form.errors["outcome"] = "Please choose what came of it (“We have not met yet” is a fine answer)."
    return await _detail(request, session, account, introduction_id, outcome_form=form, status_code=422)


@router.post("/g/{slug}/introductions/pause")
async def pause(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, PauseIn)
    if form.data is None:
        return redirect(links.introductions(), "Please use the pause or resume button.", "error")
    await service.set_paused(session, account, group, form.data.paused)
    if form.data.paused:
        message = (
            f"Introductions in {group.name} are paused. Nobody will propose new ones to you until you "
            "resume them; those already under way go on."
        )
    else:
        message = f"Welcome back: your facilitators in {group.name} can introduce you to people again."
    return redirect(links.introductions(), message)


async def _ask_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    form: Form[Any],
    problem: str = "",
    status_code: int = 200,
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    people = await service.people_to_ask_for(session, account, group)
    options = [("", "Nobody in particular: I will describe them below")] + [
        (str(person_id), f"{name} — {headline}" if headline else name) for person_id, name, headline in people
    ]
    return render(
        request,
        "introductions/ask.html",
        {"group": group, "form": form, "people_options": options, "problem": problem},
        status_code=status_code,
    )


@router.get("/g/{slug}/introductions/ask")
async def ask_page(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person: str = ""
) -> Response:
    return await _ask_page(request, session, account, slug, empty_form({"target_person_id": person}))


@router.post("/g/{slug}/introductions/ask")
async def ask(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, AskIn)
    problem = ""
    if form.data is not None:
        try:
            await service.ask(
                session, account, group, target_person_id=form.data.target_person_id, description=form.data.description
            )
        except RuleBroken as error:
            if error.field_errors:
                form.add_errors(error.field_errors)
            else:
                problem = error.detail
                form.data = None
        else:
            return redirect(
                links.introductions(),
                "Your request is with the facilitators of "
                f"{group.name}. We will email you when they propose an introduction.",
            )
    return await _ask_page(request, session, account, slug, form, problem, status_code=422)


@router.post("/introduction-requests/{request_id:uuid}/withdraw")
async def withdraw_request(
    request: Request, session: DbSession, account: CurrentAccount, request_id: uuid.UUID
) -> Response:
    try:
        await service.close_request(session, account, request_id)
    except RuleBroken as error:
        return redirect(links.introductions(), error.detail, "info")
    return redirect(links.introductions(), "Your request is withdrawn.")
