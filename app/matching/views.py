"""The facilitator's introduction pages: suggestions, the propose form, rounds, requests, the list."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import Conflict, InvalidInput, NotFound, RuleBroken, humanize_validation_errors
from app.groups.models import Group
from app.groups.service import get_group_by_slug, require_facilitator
from app.introductions import service as introductions
from app.introductions.models import IntroductionStatus
from app.matching import facilitation, group_topics, request_queue, rounds
from app.matching.schemas import MAX_REASON, DoNotPairForm, PairChoice, ProposeForm, RoundForm, TopicIn
from app.pagination import PageParams
from app.web import Form, confirm, empty_form, form_values, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

PageNumber = Annotated[int, Query(ge=1, le=100_000)]
OptionalId = Annotated[str | None, Query()]
INTRODUCTIONS_PER_PAGE = 25
STATUS_LABELS = {
    IntroductionStatus.proposed.value: "Waiting for answers",
    IntroductionStatus.connected.value: "Connected",
    IntroductionStatus.declined.value: "Declined",
    IntroductionStatus.expired.value: "Expired",
    IntroductionStatus.withdrawn.value: "Withdrawn",
}


def _member_options(members: list[facilitation.Person]) -> list[tuple[str, str]]:
    """A pick-list of members: (public id, name), after an empty first choice."""
    return [("", "Choose a member…"), *((str(person.id), person.name) for person in members)]


def _introductions(group: Group, *parts: links.Part, **query: links.Value) -> str:
    return links.group(group.slug, "introductions", *parts, **query)


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    """Query-string ids from links and select forms: blank means not chosen, garbage means not found."""
    if value is None or not value.strip():
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise NotFound(facilitation.NOT_A_MEMBER) from None


# --- suggestions ----------------------------------------------------------------------------------


@router.get("/g/{slug}/introductions/suggestions")
async def suggestions(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    person: OptionalId = None,
    page: PageNumber = 1,
) -> Response:
    group = await get_group_by_slug(session, slug)
    person_id = _uuid_or_none(person)
    if person_id is not None:
        found = await facilitation.for_member(session, account, group, person_id, limit=10)
        return render(request, "matching/member_suggestions.html", {"group": group, "found": found})
    needy = await facilitation.neediest(session, account, group, page=page)
    return render(request, "matching/suggestions.html", {"group": group, "needy": needy})


# --- proposing one introduction -------------------------------------------------------------------


# How the second pick-list marks who cannot be proposed to meet the first person.
REFUSED_LABELS = {
    introductions.PairRefusal.under_way: "introduction under way",
    introductions.PairRefusal.declined_before: "did not go ahead before",
    introductions.PairRefusal.do_not_pair: "on the do-not-pair list",
}


def _marked(name: str, refusal: introductions.PairRefusal | None) -> str:
    return f"{name} ({REFUSED_LABELS[refusal]})" if refusal else name


async def _propose_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    group: Group,
    form: Form,
    a: uuid.UUID | None,
    b: uuid.UUID | None,
    request_id: uuid.UUID | None,
    status_code: int = 200,
) -> Response:
    context = await facilitation.propose_context(session, account, group, a, b, request_id)
    if "reason_for_a" not in form.values and context.a and context.b:
        form.values.update(reason_for_a=context.reason_a, reason_for_b=context.reason_b, kinds=",".join(context.kinds))
    form.values.setdefault("a", str(a) if a else "")
    form.values.setdefault("b", str(b) if b else "")
    return render(
        request,
        "matching/propose.html",
        {
            "group": group,
            "form": form,
            "context": context,
            "max_reason": MAX_REASON,
            "member_options": _member_options(context.members),
            "second_options": [("", "Choose a member…")]
            + [(str(p.id), _marked(p.name, context.refused.get(p.id))) for p in context.members],
        },
        status_code=status_code,
    )


@router.get("/g/{slug}/introductions/new")
async def propose_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    a: OptionalId = None,
    b: OptionalId = None,
    request_id: OptionalId = None,
) -> Response:
    group = await get_group_by_slug(session, slug)
    person_a, person_b, asked = _uuid_or_none(a), _uuid_or_none(b), None
    if request_id and request_id.strip():
        try:
            asked = uuid.UUID(request_id.strip())
        except ValueError:
            raise NotFound("There is no such request.") from None
    form = empty_form({"request_id": str(asked) if asked else ""})
    if person_a and person_a == person_b:
        form.errors["pair"] = "Please choose two different people."
        person_b = None
    return await _propose_page(request, session, account, group, form, person_a, person_b, asked)


@router.post("/g/{slug}/introductions/new")
async def propose(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    form = await parse_form(request, ProposeForm)
    if "request" in form.errors:  # the model's own check: the same person twice
        form.errors["pair"] = form.errors.pop("request")
    if form.data is not None:
        data = form.data
        try:
            await introductions.propose(
                session,
                account,
                group,
                data.a,
                data.b,
                data.reason_for_a,
                data.reason_for_b,
                kinds=data.kinds,
                request_id=data.request_id,
            )
        except RuleBroken as error:
            reasons = [name for name in error.field_errors if name.startswith("reason")]
            form.add_errors({reasons[0] if reasons else "pair": error.detail})
        else:
            context = await facilitation.propose_context(session, account, group, data.a, data.b)
            assert context.a and context.b
            message = (
                f"Proposed: {context.a.name} and {context.b.name} are asked by email and on their "
                "introductions page. Each answers privately; contact details are shared only if both accept."
            )
            target = _introductions(group, "requests") if data.request_id else _introductions(group, status="proposed")
            return redirect(target, message)
    values = form.values
    a, b = _id_value(values.get("a")), _id_value(values.get("b"))
    try:
        return await _propose_page(
            request, session, account, group, form, a, b, _id_value(values.get("request_id")), status_code=422
        )
    except NotFound:
        # Someone left the group, or the request was answered, while the form was open: start again.
        form.values.update({"a": "", "b": "", "request_id": ""})
        form.errors.setdefault(
            "pair",
            "One of these people is no longer an active member, or the request was already answered. Choose again.",
        )
        return await _propose_page(request, session, account, group, form, None, None, None, status_code=422)


def _id_value(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return None


# --- rounds -------------------------------------------------------------------------------------------


@router.get("/g/{slug}/introductions/rounds/new")
async def new_round_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    return render(
        request, "matching/round_new.html", {"group": group, "form": empty_form({"k": "1"}), "max_k": rounds.MAX_K}
    )


@router.post("/g/{slug}/introductions/rounds/new")
async def plan_round(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    form = await parse_form(request, RoundForm)
    if form.data is None:
        return render(
            request, "matching/round_new.html", {"group": group, "form": form, "max_k": rounds.MAX_K}, status_code=422
        )
    planned = await rounds.plan(session, account, group, form.data.k)
    return redirect(_introductions(group, "rounds", planned.public_id))


async def _preview(
    session: DbSession, account: CurrentAccount, slug: str, round_id: uuid.UUID
) -> facilitation.RoundPreview:
    preview = await facilitation.round_preview(session, account, round_id)
    if preview.view.group.slug != slug.lower():
        raise NotFound("There is no such introduction round.")
    return preview


@router.get("/g/{slug}/introductions/rounds/{round_id:uuid}")
async def round_page(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, round_id: uuid.UUID
) -> Response:
    preview = await _preview(session, account, slug, round_id)
    return render(
        request,
        "matching/round.html",
        {
            "group": preview.view.group,
            "preview": preview,
            "form": empty_form(),
            "max_reason": MAX_REASON,
            "status_labels": STATUS_LABELS,
        },
    )


@router.post("/g/{slug}/introductions/rounds/{round_id:uuid}/confirm")
async def confirm_round(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, round_id: uuid.UUID
) -> Response:
    preview = await _preview(session, account, slug, round_id)
    group = preview.view.group
    if preview.confirmed:
        return redirect(
            _introductions(group, "rounds", round_id),
            "This round was already confirmed; its introductions are listed below.",
            "info",
        )
    submitted = await request.form()
    values = form_values(submitted)
    values["keep"] = [item for item in submitted.getlist("keep") if isinstance(item, str)]
    keep, errors = [], {}
    for index in values["keep"]:
        try:
            choice = PairChoice(
                person_a_id=values.get(f"a_{index}"),
                person_b_id=values.get(f"b_{index}"),
                reason_for_a=values.get(f"reason_a_{index}", ""),
                reason_for_b=values.get(f"reason_b_{index}", ""),
            )
        except ValidationError as error:
            fields = humanize_validation_errors(error.errors())
            for side in ("a", "b"):
                if f"reason_for_{side}" in fields:
                    errors[f"reason_{side}_{index}"] = fields[f"reason_for_{side}"]
            if not any(name.endswith(f"_{index}") for name in errors):
                errors[f"reason_a_{index}"] = "This pair is not part of the round any more."
            continue
        keep.append(rounds.KeptPair(choice.person_a_id, choice.person_b_id, *choice.texts()))
    if not values["keep"]:
        errors["keep"] = "Check at least one pair to propose. To propose none, simply leave this page."
    if errors:
        return render(
            request,
            "matching/round.html",
            {"group": group, "preview": preview, "max_reason": MAX_REASON, "form": Form(values=values, errors=errors)},
            status_code=422,
        )
    try:
        result, skipped = await facilitation.confirm_round(session, account, round_id, keep)
    except Conflict as error:
        return redirect(_introductions(group, "rounds", round_id), error.detail, "info")
    return render(
        request,
        "matching/round.html",
        {
            "group": group,
            "preview": result,
            "skipped": skipped,
            "just_confirmed": True,
            "form": empty_form(),
            "max_reason": MAX_REASON,
            "status_labels": STATUS_LABELS,
        },
    )


# --- requests -------------------------------------------------------------------------------------


@router.get("/g/{slug}/introductions/requests")
async def requests_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    queue = await request_queue.request_queue(session, account, group)
    return render(request, "matching/requests.html", {"group": group, "queue": queue})


@router.post("/g/{slug}/introductions/requests/{request_id:uuid}/close")
async def close_request(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, request_id: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    try:
        await introductions.close_request(session, account, request_id)
    except Conflict as error:
        return redirect(_introductions(group, "requests"), error.detail, "info")
    return redirect(_introductions(group, "requests"), "The request is closed without an introduction.")


# --- the group's introductions and the do-not-pair list --------------------------------------------

ANSWER_LABELS = {"pending": "has not answered", "accepted": "accepted", "declined": "declined"}


@router.get("/g/{slug}/introductions")
async def introductions_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    status: str | None = None,
    cursor: str | None = None,
) -> Response:
    group = await get_group_by_slug(session, slug)
    status = status or None
    if status is not None and status not in STATUS_LABELS:
        raise NotFound("There is no such list of introductions. Choose one of the tabs.")
    overview = await facilitation.introductions_overview(
        session, account, group, status, PageParams(limit=INTRODUCTIONS_PER_PAGE, cursor=cursor)
    )
    return render(
        request,
        "matching/introductions.html",
        {
            "group": group,
            "overview": overview,
            "status": status or "",
            "first_page": cursor is None,
            "status_labels": STATUS_LABELS,
            "answer_labels": ANSWER_LABELS,
        },
    )


async def _do_not_pair_form(
    request: Request, session: AsyncSession, account: Account, group: Group, form: Form, status_code: int = 200
) -> Response:
    # A page of its own: its two pick-lists name every member (4,000 choices in a group of 2,000).
    members = await facilitation.members_to_choose(session, account, group)
    return render(
        request,
        "matching/do_not_pair.html",
        {"group": group, "form": form, "member_options": _member_options(members)},
        status_code=status_code,
    )


@router.get("/g/{slug}/introductions/do-not-pair")
async def do_not_pair_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    return await _do_not_pair_form(request, session, account, group, empty_form())


@router.post("/g/{slug}/introductions/do-not-pair")
async def add_do_not_pair(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    form = await parse_form(request, DoNotPairForm)
    if "request" in form.errors:
        form.errors["b"] = form.errors.pop("request")
    if form.data is not None:
        try:
            entry = await introductions.add_do_not_pair(
                session, account, group, form.data.a, form.data.b, form.data.note
            )
        except (InvalidInput, NotFound) as error:
            fields = {"person_a_id": "a", "person_b_id": "b", "note": "note"}
            form.add_errors(
                {fields.get(name, "b"): message for name, message in error.field_errors.items()} or {"b": error.detail}
            )
        else:
            del entry
            return redirect(
                _introductions(group) + "#do-not-pair",
                "Added to the do-not-pair list: the engine will not suggest them and nobody can propose them.",
            )
    return await _do_not_pair_form(request, session, account, group, form, status_code=422)


@router.get("/g/{slug}/introductions/do-not-pair/remove")
async def remove_do_not_pair_page(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, a: uuid.UUID, b: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    entries = await introductions.list_do_not_pair(session, account, group)
    entry = next((e for e in entries if {e.person_a.public_id, e.person_b.public_id} == {a, b}), None)
    if entry is None:
        raise NotFound("These two are not on the do-not-pair list.")
    return confirm(
        request,
        title="Remove from the do-not-pair list?",
        explanation=f"{entry.person_a.display_name} and {entry.person_b.display_name} may then be suggested "
        "and introduced to each other again. Neither of them is told either way.",
        action=_introductions(group, "do-not-pair", "remove", a=a, b=b),
        yes="Yes, remove them from the list",
        back=_introductions(group) + "#do-not-pair",
    )


@router.post("/g/{slug}/introductions/do-not-pair/remove")
async def remove_do_not_pair(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, a: uuid.UUID, b: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    await introductions.remove_do_not_pair(session, account, group, a, b)
    return redirect(_introductions(group) + "#do-not-pair", "Removed from the do-not-pair list.")


@router.get("/g/{slug}/introductions/{introduction_id:uuid}/withdraw")
async def withdraw_page(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, introduction_id: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    view = await introductions.introduction_for(session, account, introduction_id)
    if view.group.id != group.id:
        raise NotFound("There is no such introduction in this group.")
    return confirm(
        request,
        title="Withdraw this introduction?",
        explanation=f"{view.person_a.display_name} and {view.person_b.display_name} are told it is not "
        "going ahead, without a reason, and their answers so far are not shared.",
        action=_introductions(group, introduction_id, "withdraw"),
        yes="Yes, withdraw it",
        back=_introductions(group, status="proposed"),
    )


@router.post("/g/{slug}/introductions/{introduction_id:uuid}/withdraw")
async def withdraw(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, introduction_id: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    try:
        await introductions.withdraw(session, account, introduction_id)
    except Conflict as error:
        return redirect(_introductions(group, status="proposed"), error.detail, "info")
    return redirect(_introductions(group, status="withdrawn"), "Withdrawn: both are told it is not going ahead.")


# --- the group's own topics -------------------------------------------------------------------


async def _topics_page(
    request: Request, session: DbSession, account: CurrentAccount, group: Group, form: Form, status_code: int = 200
) -> Response:
    topics = await group_topics.list_topics(session, account, group)
    return render(
        request, "matching/topics.html", {"group": group, "topics": topics, "form": form}, status_code=status_code
    )


@router.get("/g/{slug}/introductions/topics")
async def topics_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    return await _topics_page(request, session, account, await get_group_by_slug(session, slug), empty_form())


@router.post("/g/{slug}/introductions/topics")
async def add_topic(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, account, group)
    form = await parse_form(request, TopicIn)
    if form.data is not None:
        try:
            topic = await group_topics.add_topic(session, account, group, form.data)
        except Conflict as error:
            form.add_errors(error.field_errors)
        else:
            return redirect(
                _introductions(group, "topics"),
                f"“{topic.label}” is added: the engine reads it in asks and offers from now on.",
            )
    return await _topics_page(request, session, account, group, form, status_code=422)


@router.get("/g/{slug}/introductions/topics/{topic_id:uuid}/remove")
async def confirm_remove_topic(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, topic_id: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    topic = await group_topics.topic_of_group(session, account, group, topic_id)
    return confirm(
        request,
        title=f"Remove “{topic.label}”?",
        explanation="The engine stops reading it in members' asks and offers. Introductions already "
        "proposed keep their words.",
        action=_introductions(group, "topics", topic.public_id, "remove"),
        yes="Yes, remove it",
        back=_introductions(group, "topics"),
        no="No, keep it",
    )


@router.post("/g/{slug}/introductions/topics/{topic_id:uuid}/remove")
async def remove_topic(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, topic_id: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    topic = await group_topics.remove_topic(session, account, group, topic_id)
    return redirect(_introductions(group, "topics"), f"“{topic.label}” is removed.")
