"""Members ask for introductions: to a member of the group, or to "someone who …". Requests
go to the facilitators' queue; the person named is never told."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import require_active_member, require_facilitator
from app.introductions.models import IntroductionRequest, RequestStatus
from app.introductions.people import invalid, members
from app.introductions.schemas import MAX_DESCRIPTION
from app.profiles.models import Profile

MAX_OPEN_REQUESTS = 5
REQUEST_NOT_FOUND = "There is no such request, or it is not one you can see."


@dataclass
class RequestView:
    request: IntroductionRequest
    group: Group
    requester: Account
    target: Account | None


async def ask(
    session: AsyncSession, requester: Account, group: Group, *, target_person_id: uuid.UUID | None, description: str
) -> IntroductionRequest:
    """A member asks the facilitators for an introduction: to a member of the group, or to
    "someone who …". The person named is not told."""
    await require_active_member(session, requester, group)
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        message = f"Keep this to {MAX_DESCRIPTION} characters or fewer; you wrote {len(description)}."
        raise invalid("description", message)
    if target_person_id is None and not description:
        raise invalid("target_person_id", "Choose someone from the list, or describe below who you would like to meet.")
    target = None
    if target_person_id is not None:
        if target_person_id == requester.public_id:
            raise invalid(
                "target_person_id", "That is you. Choose someone else, or describe who you would like to meet."
            )
        found = (await members(session, group, [target_person_id])).get(target_person_id)
        if found is None or found[1].status != MembershipStatus.active:
            raise invalid("target_person_id", "This person is not an active member of this group.")
        target = found[0]
    open_requests_ = list(
        (
            await session.execute(
                select(IntroductionRequest.target_account_id).where(
                    IntroductionRequest.requester_account_id == requester.id,
                    IntroductionRequest.status == RequestStatus.open,
                )
            )
        ).scalars()
    )
    if target is not None and target.id in open_requests_:
        raise Conflict(
            f"You already asked to meet {target.display_name}; the facilitators have your request.",
            field_errors={"target_person_id": f"You already asked to meet {target.display_name}."},
        )
    if len(open_requests_) >= MAX_OPEN_REQUESTS:
        raise Conflict(
            f"You have {MAX_OPEN_REQUESTS} requests waiting already. The facilitators will get to them; "
            "you can withdraw one on your introductions page to ask for someone else."
        )
    request = IntroductionRequest(
        group_id=group.id,
        requester_account_id=requester.id,
        target_account_id=target.id if target else None,
        description=description,
    )
    session.add(request)
    await session.flush()
    return request


async def request_target(session: AsyncSession, request: IntroductionRequest) -> Account | None:
    return await session.get(Account, request.target_account_id) if request.target_account_id else None


def _request_statement():
    requester, target = aliased(Account), aliased(Account)
    return (
        select(IntroductionRequest, Group, requester, target)
        .join(Group, Group.id == IntroductionRequest.group_id)
        .join(requester, requester.id == IntroductionRequest.requester_account_id)
        .outerjoin(target, target.id == IntroductionRequest.target_account_id)
    )


async def request_view(session: AsyncSession, request: IntroductionRequest) -> RequestView:
    """A request with its group and people, as the API shows it."""
    return RequestView(*(await session.execute(_request_statement().where(IntroductionRequest.id == request.id))).one())


async def open_requests(session: AsyncSession, actor: Account, group: Group) -> list[RequestView]:
    """The group's open requests, oldest first, for its facilitators."""
    await require_facilitator(session, actor, group)
    statement = (
        _request_statement()
        .where(IntroductionRequest.group_id == group.id, IntroductionRequest.status == RequestStatus.open)
        .order_by(IntroductionRequest.created_at, IntroductionRequest.id)
    )
    return [RequestView(*row) for row in (await session.execute(statement)).all()]


async def my_requests(session: AsyncSession, viewer: Account) -> list[RequestView]:
    """The viewer's own open requests, in every group, newest first."""
    statement = (
        _request_statement()
        .where(IntroductionRequest.requester_account_id == viewer.id, IntroductionRequest.status == RequestStatus.open)
        .order_by(IntroductionRequest.created_at.desc(), IntroductionRequest.id.desc())
    )
    return [RequestView(*row) for row in (await session.execute(statement)).all()]


async def close_request(session: AsyncSession, actor: Account, request_id: uuid.UUID) -> IntroductionRequest:
    """A facilitator closes a request without an introduction (or the person who asked withdraws it)."""
    row = (
        await session.execute(
            select(IntroductionRequest, Group)
            .join(Group, Group.id == IntroductionRequest.group_id)
            .where(IntroductionRequest.public_id == request_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(REQUEST_NOT_FOUND)
    request, group = row
    is_requester = request.requester_account_id == actor.id
    if not is_requester:
        try:
            await require_facilitator(session, actor, group)
        except (NotFound, Forbidden):  # a request is between its author and the facilitators
            raise NotFound(REQUEST_NOT_FOUND) from None
    if request.status != RequestStatus.open:
        raise Conflict("This request is already closed.")
    request.status, request.closed_at = RequestStatus.closed, utcnow()
    if not is_requester:
        audit.record(session, actor, "introduction.request_closed", group_id=group.id, target=str(request.public_id))
    await session.flush()
    return request


async def people_to_ask_for(session: AsyncSession, viewer: Account, group: Group) -> list[tuple[uuid.UUID, str, str]]:
    """The group's other active members (id, name, headline) for the "ask for an introduction" list."""
    await require_active_member(session, viewer, group)
    rows = await session.execute(
        select(Account.public_id, Account.display_name, func.coalesce(Profile.headline, ""))
        .join(Membership, Membership.account_id == Account.id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active, Account.id != viewer.id)
        # The directory's order: names folded ("Denise" before "DeShawn", "Émile" among the Es).
        .order_by(Membership.sort_key, Account.public_id)
    )
    return [(person_id, name, headline) for person_id, name, headline in rows.all()]
