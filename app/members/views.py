from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.accounts import service as accounts
from app.accounts.views import set_session_cookie
from app.db import DbSession
from app.deps import AppSettings, CurrentAccount, MaybeAccount, csrf_protect, optional_account
from app.errors import InvalidInput, NotFound, RuleBroken
from app.groups import service as groups
from app.groups.models import Group, MembershipStatus
from app.meetings.service import next_meeting
from app.members import declines, service
from app.members.schemas import (
    Decision,
    InviteCreate,
    JoinAnswers,
    JoinWithAccount,
    ResendVerification,
    UndoDecline,
)
from app.members.service import JoinResult
from app.profiles.models import Stage
from app.profiles.schemas import STAGE_LABELS
from app.profiles.service import readable_profile
from app.web import Form, confirm, empty_form, parse_form, redirect, render
from app.wording import possessive

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

STAGE_OPTIONS = [(stage.value, STAGE_LABELS[stage]) for stage in Stage]


async def _join_page(request: Request, group: Group, form: Form, invite: str = "", status_code: int = 200) -> Response:
    return render(
        request,
        "members/join.html",
        {"group": group, "form": form, "invite": invite, "stage_options": STAGE_OPTIONS},
        status_code=status_code,
    )


async def _show_join(
    request: Request, session: DbSession, account: MaybeAccount, group: Group, invite: str = ""
) -> Response:
    await service.check_may_join(session, group, invite)
    membership = await groups.membership_of(session, account, group)
    if membership is not None and membership.status == MembershipStatus.active:
        return redirect(links.group(group.slug), "You are already a member of this group.", "info")
    values: dict[str, object] = {"stage": Stage.searching.value}
    if account is not None:
        profile = await readable_profile(session, account)
        values = {
            "stage": profile.stage.value,
            "looking_for": profile.looking_for,
            "can_help_with": profile.can_help_with,
        }
    return await _join_page(request, group, empty_form(values), invite)


@router.get("/g/{slug}/join")
async def join_page(request: Request, session: DbSession, account: MaybeAccount, slug: str) -> Response:
    return await _show_join(request, session, account, await groups.get_group_by_slug(session, slug))


@router.get("/join/{token}")
async def invite_page(request: Request, session: DbSession, account: MaybeAccount, token: str) -> Response:
    invite = await service.invite_for(session, token)
    return await _show_join(request, session, account, await service.group_of_invite(session, invite), token)


@router.post("/g/{slug}/join")
async def join(request: Request, session: DbSession, account: MaybeAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, JoinAnswers if account else JoinWithAccount)
    invite = str(form.values.get("invite", ""))
    if form.data is None:
        form.values.pop("password", None)
        return await _join_page(request, group, form, invite, status_code=422)
    client_ip = request.client.host if request.client else "unknown"
    try:
        outcome = await service.join(session, group, form.data, actor=account, client_ip=client_ip)
    except InvalidInput as error:  # the agreement, unticked or changed meanwhile
        form.values.pop("password", None)
        form.values.pop("agree", None)
        form.add_errors(error.on_field("agree"))
        return await _join_page(request, group, form, invite, status_code=422)
    if outcome.result == JoinResult.check_inbox:
        return render(request, "members/check_inbox.html", {"group": group, "email": outcome.email})
    if outcome.result == JoinResult.already_member:
        return redirect(links.group(group.slug), "You are already a member of this group.", "info")
    return redirect(links.group(group.slug, "welcome"))


@router.get("/verify-email/{token}")
async def confirm_email_page(request: Request, session: DbSession, token: str) -> Response:
    # Confirming takes a click: mail scanners open links, and must not use up the token.
    return render(request, "members/confirm_email.html", {"token": token})


@router.post("/verify-email/{token}")
async def confirm_email(request: Request, session: DbSession, token: str, settings: AppSettings) -> Response:
    try:
        verified = await service.verify_email(session, token)
    except InvalidInput as error:
        return render(
            request,
            "members/confirm_email.html",
            {"token": token, "expired": error.detail, "resend_form": empty_form()},
            status_code=410,
        )
    session_token = await accounts.start_session(
        session, verified.account, request.headers.get("user-agent", ""), days=settings.session_days
    )
    if verified.outcome is not None:
        response = redirect(links.group(verified.outcome.group.slug, "welcome"), "Your email address is confirmed.")
    else:
        response = redirect(links.home(), "Your email address is confirmed. Welcome to Between.")
    return set_session_cookie(request, response, session_token)


@router.post("/verify-email")
async def resend_verification(request: Request, session: DbSession) -> Response:
    form = await parse_form(request, ResendVerification)
    if form.data is not None:
        await service.resend_verification(session, form.data.email)
    return render(
        request, "members/check_inbox.html", {"group": None, "email": form.values.get("email", ""), "resent": True}
    )


@router.get("/g/{slug}/welcome")
async def welcome(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    membership = await groups.membership_of(session, account, group)
    if membership is None or membership.status not in (MembershipStatus.active, MembershipStatus.pending):
        raise NotFound(groups.MEMBERS_ONLY)
    profile = await readable_profile(session, account)
    return render(
        request,
        "members/welcome.html",
        {
            "group": group,
            "membership": membership,
            "profile": profile,
            "next_meeting": await next_meeting(session, group),
            "facilitators": await groups.facilitators(session, group),
        },
    )


# --- facilitators: join requests ---------------------------------------------------------------


async def _requests_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    group: Group,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    held: declines.Declined | None = None,
) -> Response:
    requests, unverified = await service.join_requests(session, account, group)
    return render(
        request,
        "members/requests.html",
        {
            "group": group,
            "requests": requests,
            "unverified": unverified,
            "errors": errors or {},
            "stage_labels": {s.value: label for s, label in STAGE_LABELS.items()},
            "held": held,
        },
        status_code=status_code,
    )


def _queue(group: Group) -> str:
    return links.group(group.slug, "manage", "requests")


@router.get("/g/{slug}/manage/requests")
async def join_requests(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    declined: uuid.UUID | None = None,
    email: uuid.UUID | None = None,
) -> Response:
    """The queue; after a decline, `declined` and `email` name it, so that it can be undone here."""
    group = await groups.get_group_by_slug(session, slug)
    held = None
    if declined is not None and email is not None:
        held = await declines.held_decline(session, account, group, declined, email)
    return await _requests_page(request, session, account, group, held=held)


@router.post("/g/{slug}/manage/requests/{person_id}/approve")
async def approve(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, Decision)
    if form.data is None:
        return await _requests_page(
            request, session, account, group, {str(person_id): next(iter(form.errors.values()))}, status_code=422
        )
    try:
        membership = await service.approve(session, account, group, person_id, form.data)
    except RuleBroken as error:
        return redirect(_queue(group), error.detail, "info")
    return redirect(_queue(group), f"{membership.account.display_name} is now a member. We sent them a welcome email.")


async def _confirm_decline(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    group: Group,
    person_id: uuid.UUID,
    form: Form[Decision],
    status_code: int = 200,
) -> Response:
    try:
        membership = await declines.request_to_decline(session, account, group, person_id)
    except RuleBroken as error:
        return redirect(_queue(group), error.detail, "info")
    return render(
        request,
        "members/decline.html",
        {
            "group": group,
            "person": membership.account,
            "form": form,
            "undo_minutes": declines.UNDO_MINUTES,
            "action": links.group(group.slug, "manage", "requests", person_id, "decline"),
        },
        status_code=status_code,
    )


@router.get("/g/{slug}/manage/requests/{person_id}/decline")
async def confirm_decline(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    return await _confirm_decline(request, session, account, group, person_id, empty_form({"note": ""}))


def _without_confirmed(values: dict[str, object]) -> dict[str, object]:
    return {name: value for name, value in values.items() if name != "confirmed"}


@router.post("/g/{slug}/manage/requests/{person_id}/decline")
async def decline(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    """Declines once the confirmation page was answered; from the queue's own Decline button (its
    note carried over) it shows that page first."""
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, Decision, _without_confirmed)
    if form.data is None or not form.values.get("confirmed"):
        status_code = 422 if form.data is None else 200
        return await _confirm_decline(request, session, account, group, person_id, form, status_code)
    try:
        declined = await declines.decline(session, account, group, person_id, form.data)
    except RuleBroken as error:
        return redirect(_queue(group), error.detail, "info")
    name = declined.membership.account.display_name
    return redirect(
        f"{_queue(group)}?declined={person_id}&email={declined.message_id}",
        f"Declined. We will tell {name} by email in {declines.UNDO_MINUTES} minutes; until then you can undo it here.",
    )


@router.post("/g/{slug}/manage/requests/{person_id}/undo-decline")
async def undo_decline(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, UndoDecline)
    if form.data is None:
        return redirect(_queue(group), "We could not tell which decline to undo. Please try again.", "info")
    try:
        membership = await declines.undo_decline(session, account, group, person_id, form.data.message)
    except RuleBroken as error:
        return redirect(_queue(group), error.detail, "info")
    return redirect(
        _queue(group),
        f"Undone: {possessive(membership.account.display_name)} request is back in your queue, and we will not send "
        "them the email.",
    )


# --- facilitators: invite links ------------------------------------------------------------------


async def _invites_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    group: Group,
    form: Form,
    new_link: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "members/invites.html",
        {
            "group": group,
            "invites": await service.list_invites(session, account, group),
            "form": form,
            "new_link": new_link,
        },
        status_code=status_code,
    )


@router.get("/g/{slug}/manage/invites")
async def invites(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    return await _invites_page(request, session, account, group, empty_form({"expires_in_days": "30"}))


@router.post("/g/{slug}/manage/invites")
async def create_invite(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, InviteCreate)
    if form.data is None:
        return await _invites_page(request, session, account, group, form, status_code=422)
    _, link = await service.create_invite(session, account, group, form.data)
    return await _invites_page(request, session, account, group, empty_form({"expires_in_days": "30"}), link)


@router.get("/g/{slug}/manage/invites/{invite_id}/revoke")
async def confirm_revoke_invite(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, invite_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    invite = next((i for i in await service.list_invites(session, account, group) if i.public_id == invite_id), None)
    if invite is None or invite.revoked_at is not None:
        return redirect(links.group(group.slug, "manage", "invites"), "That invite link is already revoked.", "info")
    return confirm(
        request,
        title=f"Revoke “{invite.label or 'Untitled link'}”?",
        explanation=f"Nobody will be able to join {group.name} with this link any more. "
        "People who already joined stay members.",
        action=links.group(group.slug, "manage", "invites", invite.public_id, "revoke"),
        yes="Yes, revoke it",
        back=links.group(group.slug, "manage", "invites"),
        no="No, keep it",
    )


@router.post("/g/{slug}/manage/invites/{invite_id}/revoke")
async def revoke_invite(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, invite_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    await service.revoke_invite(session, account, group, invite_id)
    return redirect(
        links.group(group.slug, "manage", "invites"), "The invite link is revoked: it no longer lets anyone join."
    )
