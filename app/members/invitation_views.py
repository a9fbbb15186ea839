"""Personal invitations (HTML): the invited person's page, and the facilitators' list and form."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.accounts.views import set_session_cookie
from app.db import DbSession, utcnow
from app.deps import AppSettings, CurrentAccount, MaybeAccount, csrf_protect, optional_account
from app.errors import Gone, InvalidInput
from app.groups import service as groups
from app.groups.models import Group
from app.members import invitations
from app.members.models import InvitationStatus
from app.members.schemas import InvitationAnswers, PersonToInvite
from app.web import Form, confirm, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

_SECRETS = ("password", "password_again")


# --- the invited person ----------------------------------------------------------------------------


def _closed_page(request: Request, error: Gone) -> Response:
    return render(request, "members/invitation_closed.html", {"detail": error.detail}, status_code=410)


async def _invitation_page(
    request: Request, session: DbSession, account: MaybeAccount, token: str, form: Form, status_code: int = 200
) -> Response:
    try:
        opened = await invitations.open_invitation(session, token, account)
    except Gone as error:
        return _closed_page(request, error)
    form.values.setdefault("display_name", opened.invitation.name)
    return render(
        request,
        "members/invitation.html",
        {
            "opened": opened,
            "group": opened.group,
            "form": form,
            "token": token,
            "sign_in_url": links.login(next=links.invitation(token)),
        },
        status_code=status_code,
    )


@router.get("/invitation/{token}")
async def invitation_page(request: Request, session: DbSession, account: MaybeAccount, token: str) -> Response:
    return await _invitation_page(request, session, account, token, empty_form())


@router.post("/invitation/{token}")
async def accept_invitation(
    request: Request, session: DbSession, account: MaybeAccount, token: str, settings: AppSettings
) -> Response:
    form = await parse_form(request, InvitationAnswers)
    for secret in _SECRETS:
        form.values.pop(secret, None)
    try:
        if form.data is not None:
            accepted = await invitations.accept(
                session,
                token,
                account,
                form.data,
                request.headers.get("user-agent", ""),
                session_days=settings.session_days,
            )
            message = f"Welcome to {accepted.group.name}, {accepted.account.display_name}."
            if accepted.profile_prefilled:
                message += " Your facilitator filled in a few details of your profile: check them when you can."
            response = redirect(links.group(accepted.group.slug, "welcome"), message)
            if accepted.session_token:
                set_session_cookie(request, response, accepted.session_token)
            return response
        # Every mistake at once: a newcomer who left the password out hears it with the rest.
        await invitations.check_answers(session, token, account, InvitationAnswers(agree=True))
    except Gone as error:
        return _closed_page(request, error)
    except InvalidInput as error:
        if "agree" in error.field_errors:  # the agreement changed meanwhile: read it again, then tick
            form.values.pop("agree", None)
        form.add_errors({name: message for name, message in error.field_errors.items() if name not in form.errors})
    return await _invitation_page(request, session, account, token, form, status_code=422)


@router.post("/invitation/{token}/decline")
async def decline_invitation(request: Request, session: DbSession, token: str) -> Response:
    try:
        group = await invitations.decline(session, token)
    except Gone as error:
        return _closed_page(request, error)
    return render(request, "members/invitation_declined.html", {"group": group})


# --- facilitators ----------------------------------------------------------------------------------


async def _list_page(
    request: Request, session: DbSession, account: CurrentAccount, group: Group, form: Form, status_code: int = 200
) -> Response:
    rows = await invitations.list_invitations(session, account, group)
    return render(
        request,
        "members/invitations.html",
        {"group": group, "rows": rows, "form": form, "statuses": InvitationStatus, "days": invitations.INVITATION_DAYS},
        status_code=status_code,
    )


@router.get("/g/{slug}/manage/invitations")
async def invitation_list(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    return await _list_page(request, session, account, group, empty_form())


@router.post("/g/{slug}/manage/invitations")
async def invite_person(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, PersonToInvite)
    if form.data is None:
        return await _list_page(request, session, account, group, form, status_code=422)
    invitation = await invitations.invite_one(session, account, group, form.data.email, form.data.name)
    return redirect(
        links.group(group.slug, "manage", "invitations"),
        f"Invitation sent to {invitation.email}. {invitation.name} joins when they accept it.",
    )


@router.get("/g/{slug}/manage/invitations/{invitation_id}/withdraw")
async def confirm_withdraw(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, invitation_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    invitation = await invitations.invitation_of_group(session, account, group, invitation_id)
    back = links.group(group.slug, "manage", "invitations")
    if invitation.status(utcnow()) != InvitationStatus.waiting:
        return redirect(back, "That invitation is no longer open.", "info")
    return confirm(
        request,
        title=f"Withdraw the invitation to {invitation.name}?",
        explanation=f"The link we emailed to {invitation.email} will stop working. You can invite them again later.",
        action=links.group(group.slug, "manage", "invitations", invitation.public_id, "withdraw"),
        yes="Yes, withdraw it",
        back=back,
        no="No, keep it",
    )


@router.post("/g/{slug}/manage/invitations/{invitation_id}/withdraw")
async def withdraw(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, invitation_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    invitation = await invitations.withdraw(session, account, group, invitation_id)
    return redirect(
        links.group(group.slug, "manage", "invitations"),
        f"The invitation to {invitation.name} is withdrawn; its link no longer works.",
    )
