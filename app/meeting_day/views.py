"""The meeting day (HTML): the roster and walk-ins, name badges, the round of introductions, the
kiosk at the door and checking oneself in with the QR code."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import Conflict, NotFound, RuleBroken
from app.groups.models import Group
from app.meeting_day import qr, service
from app.meeting_day.schemas import SelfCheckInForm
from app.meetings import service as meetings
from app.meetings.models import CheckInMethod, Meeting, MeetingStatus, RsvpStatus
from app.meetings.schemas import CheckInIn, WalkIn
from app.members import invitations
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

ANSWER_LABELS = {
    RsvpStatus.going: "Going",
    RsvpStatus.maybe: "Maybe",
    RsvpStatus.waitlisted: "Waitlisted",
    RsvpStatus.not_going: "Not going",
}
WRONG_CODE = (
    "This check-in code does not match this meeting. Scan the QR code at the door again, "
    "or ask a facilitator to check you in."
)
NO_ONE_CHOSEN = "Choose who to check in: the list may have changed, so reload the page and try again."

Search = Annotated[str, Query(max_length=120)]
BlankBadges = Annotated[int, Query(ge=0, le=16)]


def _day_context(meeting: Meeting, group: Group) -> dict[str, object]:
    return {
        "meeting": meeting,
        "group": group,
        "when": meetings.local_when(meeting),
        "cancelled": meeting.status == MeetingStatus.cancelled,
        "answer_labels": ANSWER_LABELS,
    }


# --- the roster -------------------------------------------------------------------------------


async def _roster(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    meeting_id: uuid.UUID,
    find: str = "",
    form: Form | None = None,
    status_code: int = 200,
) -> Response:
    page = await service.roster_page(session, account, meeting_id, find)
    # Said once: next to the walk-in form, when that is where it was just refused.
    refused_here = form is not None and page.check_in_problem in form.errors.values()
    return render(
        request,
        "meeting_day/roster.html",
        {
            **_day_context(page.meeting, page.group),
            "check_in_problem": None if refused_here else page.check_in_problem,
            "page": page,
            "people": page.people,
            "counts": page.counts,
            "find": find,
            "form": form or empty_form(),
        },
        status_code=status_code,
    )


@router.get("/meetings/{meeting_id:uuid}/roster")
async def roster(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID, find: Search = ""
) -> Response:
    return await _roster(request, session, account, meeting_id, find)


@router.post("/meetings/{meeting_id:uuid}/check-ins")
async def check_in(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    back = links.meeting(meeting_id, "roster")
    form = await parse_form(request, CheckInIn)
    if form.data is None:
        await service.meeting_for_facilitator(session, account, meeting_id)
        return redirect(back, NO_ONE_CHOSEN, "error")
    try:
        person = await service.check_in(session, account, meeting_id, form.data.person_id, CheckInMethod.roster)
    except RuleBroken as error:  # check-in is not open
        return redirect(back, error.detail, "error")
    return redirect(f"{back}#person-{person.public_id}", f"{person.display_name} is checked in.")


@router.post("/meetings/{meeting_id:uuid}/check-ins/{person_id:uuid}/undo")
async def undo_check_in(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID, person_id: uuid.UUID
) -> Response:
    person = await service.undo_check_in(session, account, meeting_id, person_id)
    name = person.display_name if person else "This person"
    return redirect(
        links.meeting(meeting_id, "roster") + f"#person-{person_id}", f"{name} is no longer checked in.", "info"
    )


@router.post("/meetings/{meeting_id:uuid}/walk-ins")
async def walk_in(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    form = await parse_form(request, WalkIn)
    if form.data is None:
        return await _roster(request, session, account, meeting_id, form=form, status_code=422)
    try:
        arrival = await invitations.walk_in(session, account, meeting_id, form.data.display_name, form.data.email)
    except RuleBroken as error:  # check-in is not open
        form.add_errors(error.on_field("display_name"))
        return await _roster(request, session, account, meeting_id, form=form, status_code=409)
    if arrival.checked_in is not None:
        return redirect(
            links.meeting(meeting_id, "roster") + f"#person-{arrival.checked_in.public_id}",
            f"{arrival.checked_in.display_name} is a member of the group already, and is checked in.",
        )
    assert arrival.invitation is not None
    return redirect(
        links.meeting(meeting_id, "roster") + "#guests",
        f"{arrival.invitation.name} is welcome as a guest. We emailed {arrival.invitation.email} an "
        "invitation to join the group: they can accept it on their phone right now.",
    )


# --- badges and the round of introductions ----------------------------------------------------


@router.get("/meetings/{meeting_id:uuid}/badges")
async def badges(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID, blank: BlankBadges = 0
) -> Response:
    page = await service.roster_page(session, account, meeting_id)
    return render(
        request,
        "meeting_day/badges.html",
        {**_day_context(page.meeting, page.group), "people": page.people, "blank": blank},
    )


@router.get("/meetings/{meeting_id:uuid}/run")
async def run(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    round_ = await service.introduction_round(session, account, meeting_id)
    return render(
        request,
        "meeting_day/run.html",
        {**_day_context(round_.meeting, round_.group), "people": round_.people, "from_expected": round_.from_expected},
    )


# --- the kiosk at the door --------------------------------------------------------------------


@router.get("/meetings/{meeting_id:uuid}/kiosk")
async def kiosk(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID, q: Search = ""
) -> Response:
    door = await service.kiosk(session, account, meeting_id, q)
    return render(
        request,
        "meeting_day/kiosk.html",
        {
            **_day_context(door.meeting, door.group),
            "listing": door.listing,
            "q": q.strip(),
            "check_in_problem": door.check_in_problem,
        },
    )


@router.post("/meetings/{meeting_id:uuid}/kiosk/check-in")
async def kiosk_check_in(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID
) -> Response:
    form = await parse_form(request, CheckInIn)
    if form.data is None:
        await service.meeting_for_facilitator(session, account, meeting_id)
        return redirect(links.meeting(meeting_id, "kiosk"), "Please tap your name in the list.", "error")
    try:
        person = await service.check_in(session, account, meeting_id, form.data.person_id, CheckInMethod.kiosk)
    except RuleBroken as error:  # check-in is not open
        return redirect(links.meeting(meeting_id, "kiosk"), error.detail, "error")
    return redirect(links.meeting(meeting_id, "kiosk", "welcome"), f"Welcome, {person.display_name}!")


@router.get("/meetings/{meeting_id:uuid}/kiosk/welcome")
async def kiosk_welcome(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID
) -> Response:
    meeting, group = await service.meeting_for_facilitator(session, account, meeting_id)
    return render(request, "meeting_day/kiosk_welcome.html", _day_context(meeting, group))


# --- the QR code and checking oneself in ------------------------------------------------------


@router.get("/meetings/{meeting_id:uuid}/qr.svg")
async def qr_code(session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    meeting, _ = await service.meeting_for_facilitator(session, account, meeting_id)
    svg = qr.qr_svg(qr.check_in_url(meeting.public_id), f"Scan to check in to {meeting.title}")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})


def _require_code(meeting_id: uuid.UUID, code: str | None) -> str:
    if not qr.code_is_valid(meeting_id, code):
        raise NotFound(WRONG_CODE)
    return str(code)


async def _check_in_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    meeting_id: uuid.UUID,
    code: str,
    problem: str | None = None,
    status_code: int = 200,
) -> Response:
    status = await service.self_check_in_status(session, account, meeting_id)
    return render(
        request,
        "meeting_day/check_in.html",
        {
            **_day_context(status.meeting, status.group),
            "attendance": status.attendance,
            "code": code,
            "problem": problem,
            "not_open": status.check_in_problem,
        },
        status_code=status_code,
    )


@router.get("/meetings/{meeting_id:uuid}/check-in")
async def check_in_self_page(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID, code: Search = ""
) -> Response:
    return await _check_in_page(request, session, account, meeting_id, _require_code(meeting_id, code))


@router.post("/meetings/{meeting_id:uuid}/check-in")
async def check_in_self(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID
) -> Response:
    form = await parse_form(request, SelfCheckInForm)
    code = _require_code(meeting_id, form.data.code if form.data else None)
    try:
        await service.check_in_self(session, account, meeting_id)
    except Conflict as error:
        return await _check_in_page(request, session, account, meeting_id, code, error.detail, status_code=409)
    # The page says so itself (and says it again if they reload it).
    return redirect(links.meeting(meeting_id, "check-in", code=code))
