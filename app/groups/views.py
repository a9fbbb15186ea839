from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links, timezones
from app.db import DbSession
from app.deps import CurrentAccount, MaybeAccount, csrf_protect, optional_account
from app.errors import RuleBroken
from app.groups import service
from app.groups.models import Group, JoinPolicy
from app.groups.schemas import FacilitatorAppointment, GroupCreate, GroupUpdate
from app.members import facilitators
from app.members.service import memberships_of
from app.pagination import PageParams
from app.web import Form, confirm, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

GROUPS_PER_PAGE = 24


@router.get("/")
async def home(request: Request, session: DbSession, account: MaybeAccount, cursor: str | None = None) -> Response:
    page = await service.list_groups(session, PageParams(limit=GROUPS_PER_PAGE, cursor=cursor), public_only=True)
    my_groups = await memberships_of(session, account) if account else []
    return render(request, "groups/index.html", {"page": page, "first_page": cursor is None, "my_groups": my_groups})


@router.get("/g/{slug}")
async def group_page(request: Request, session: DbSession, account: MaybeAccount, slug: str) -> Response:
    group = await service.get_group_by_slug(session, slug)
    return render(
        request,
        "groups/detail.html",
        {
            "group": group,
            "facilitators": await service.facilitators(session, group),
            "membership": await service.membership_of(session, account, group),
        },
    )


# --- administration -------------------------------------------------------------------------


def _group_values(group: Group) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(group, name) for name in GroupCreate.model_fields}
    values["join_policy"] = group.join_policy.value
    values["listed"] = "true" if group.listed else "false"
    return values


def _group_form_context(form: Form, group: Group | None = None) -> dict[str, object]:
    timezone_groups = timezones.grouped_zones(group.timezone if group is not None else None)
    return {"form": form, "group": group, "timezone_groups": timezone_groups}


@router.get("/admin/groups")
async def admin_groups(
    request: Request, session: DbSession, account: CurrentAccount, cursor: str | None = None
) -> Response:
    service.require_admin(account)
    page = await service.list_groups(session, PageParams(limit=50, cursor=cursor))
    return render(request, "groups/admin_list.html", {"page": page})


@router.get("/admin/groups/new")
async def new_group_page(request: Request, account: CurrentAccount) -> Response:
    service.require_admin(account)
    form = empty_form(
        {
            "join_policy": JoinPolicy.approval.value,
            "timezone": "America/Chicago",
            "reminder_hours_before": "24",
            "listed": "false",
        }
    )
    return render(request, "groups/form.html", _group_form_context(form))


@router.post("/admin/groups/new")
async def create_group(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    service.require_admin(account)
    form = await parse_form(request, GroupCreate)
    if form.data is not None:
        try:
            group = await service.create_group(session, account, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("slug"))
        else:
            return redirect(
                links.admin("groups", group.slug),
                f"“{group.name}” is created, at {links.group(group.slug)}. Now appoint its facilitators: "
                f"the home page lists the group once it has one{'' if group.listed else ' and is marked open'}.",
            )
    return render(request, "groups/form.html", _group_form_context(form), status_code=422)


async def _edit_page(
    request: Request,
    session: DbSession,
    group: Group,
    form: Form,
    appoint_form: Form | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "groups/form.html",
        {
            **_group_form_context(form, group),
            "facilitators": await service.facilitators(session, group),
            "appoint_form": appoint_form or empty_form(),
        },
        status_code=status_code,
    )


@router.get("/admin/groups/{slug}")
async def edit_group_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    service.require_admin(account)
    group = await service.get_group_by_slug(session, slug)
    return await _edit_page(request, session, group, empty_form(_group_values(group)))


@router.post("/admin/groups/{slug}")
async def update_group(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    service.require_admin(account)
    group = await service.get_group_by_slug(session, slug)
    form = await parse_form(request, GroupUpdate)
    if form.data is not None:
        try:
            await service.update_group(session, account, group, form.data)
        except RuleBroken as error:
            form.add_errors(error.on_field("slug"))
        else:
            return redirect(links.admin("groups", group.slug), "Your changes are saved.")
    return await _edit_page(request, session, group, form, status_code=422)


@router.post("/admin/groups/{slug}/facilitators")
async def appoint_facilitator(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    service.require_admin(account)
    group = await service.get_group_by_slug(session, slug)
    form = await parse_form(request, FacilitatorAppointment)
    if form.data is not None:
        try:
            appointment = await facilitators.appoint_facilitator(
                session, account, group, form.data.email, form.data.name
            )
        except RuleBroken as error:
            form.add_errors(error.on_field("email"))
        else:
            if appointment.account is not None:
                message = f"{appointment.account.display_name} now facilitates {group.name}."
            else:
                message = (
                    f"We invited {form.data.email} to facilitate {group.name}. They become a facilitator "
                    "when they accept."
                )
            return redirect(links.admin("groups", group.slug) + "#facilitators", message)
    return await _edit_page(
        request, session, group, empty_form(_group_values(group)), appoint_form=form, status_code=422
    )


@router.get("/admin/groups/{slug}/facilitators/{membership_id}/remove")
async def confirm_remove_facilitator(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, membership_id: uuid.UUID
) -> Response:
    service.require_admin(account)
    group = await service.get_group_by_slug(session, slug)
    facilitator = next((m for m in await service.facilitators(session, group) if m.public_id == membership_id), None)
    if facilitator is None:
        return redirect(links.admin("groups", group.slug), "That person no longer facilitates this group.", "info")
    name = facilitator.account.display_name
    return confirm(
        request,
        title=f"Remove {name} as facilitator?",
        explanation=f"They will stay a member of {group.name} but will no longer approve members, "
        "run meetings or see facilitator pages.",
        action=links.admin("groups", group.slug, "facilitators", membership_id, "remove"),
        yes="Yes, remove as facilitator",
        back=links.admin("groups", group.slug) + "#facilitators",
        no="No, keep them",
    )


@router.post("/admin/groups/{slug}/facilitators/{membership_id}/remove")
async def remove_facilitator(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, membership_id: uuid.UUID
) -> Response:
    group = await service.get_group_by_slug(session, slug)
    person = await facilitators.remove_facilitator(session, account, group, membership_id)
    return redirect(
        links.admin("groups", group.slug) + "#facilitators",
        f"{person.display_name} no longer facilitates {group.name}; they remain a member.",
    )
