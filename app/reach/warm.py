"""Warm introductions: a member asks one of their warm paths to connect them with someone the
helper knows at a company, outside Between.

The helper answers privately. A yes comes with a note on whom they will connect the asker with,
which the asker reads. A "not now" is never shown to the asker as a no: their request reads as
waiting, and after ASKER_WAITS_DAYS as closed, exactly as if nobody had answered.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, InvalidInput, NotFound
from app.groups.models import Group
from app.notifications import service as notifications
from app.profiles.models import Tag
from app.reach import service as reach
from app.reach.models import WarmIntroductionRequest, WarmRequestStatus
from app.reach.schemas import (
    ASKER_WAITS_DAYS,
    AskerStatus,
    CompanyReachOut,
    HelperStatus,
    OwnReachData,
    PersonRef,
    ReachOut,
    SharingOut,
    WarmAnswer,
    WarmAnswerIn,
    WarmAskIn,
    WarmPathOut,
    WarmRequestOut,
    WarmRequestsOut,
    YearsOut,
)

NOT_FOUND = "There is no such warm-introduction request, or it is not one you can see."
# Nobody asks more people at once than this: each request is a favour.
MAX_OPEN_ASKS = 10


@dataclass
class _Row:
    request: WarmIntroductionRequest
    group: str
    company: str
    asker: Account
    helper: Account


def asker_status(request: WarmIntroductionRequest, now: datetime) -> AskerStatus:
    if request.status == WarmRequestStatus.accepted:
        return AskerStatus.accepted
    if request.status == WarmRequestStatus.withdrawn:
        return AskerStatus.withdrawn
    if request.status == WarmRequestStatus.expired:
        return AskerStatus.closed
    # Open and "not now" read the same to the asker: waiting, then closed.
    if request.created_at < now - timedelta(days=ASKER_WAITS_DAYS):
        return AskerStatus.closed
    return AskerStatus.waiting


def helper_status(request: WarmIntroductionRequest) -> HelperStatus:
    if request.status == WarmRequestStatus.expired:
        return HelperStatus.closed
    return HelperStatus(request.status.value)


def present(row: _Row, viewer: Account, now: datetime) -> WarmRequestOut:
    request = row.request
    is_asker = request.asker_account_id == viewer.id
    status = asker_status(request, now).value if is_asker else helper_status(request).value
    shows_note = not is_asker or request.status == WarmRequestStatus.accepted
    return WarmRequestOut(
        id=request.public_id,
        role="asker" if is_asker else "helper",
        group=row.group,
        company=row.company,
        asker=PersonRef(id=row.asker.public_id, name=row.asker.display_name),
        helper=PersonRef(id=row.helper.public_id, name=row.helper.display_name),
        message=request.message,
        status=status,
        helper_note=request.helper_note if shows_note and request.helper_note else None,
        created_at=request.created_at,
        answered_at=None if is_asker else request.answered_at,
    )


async def _rows(session: AsyncSession, *conditions: object) -> list[_Row]:
    asker, helper = aliased(Account), aliased(Account)
    rows = await session.execute(
        select(WarmIntroductionRequest, Group.name, Tag.label, asker, helper)
        .join(Group, Group.id == WarmIntroductionRequest.group_id)
        .join(Tag, Tag.id == WarmIntroductionRequest.company_tag_id)
        .join(asker, asker.id == WarmIntroductionRequest.asker_account_id)
        .join(helper, helper.id == WarmIntroductionRequest.helper_account_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(WarmIntroductionRequest.created_at.desc(), WarmIntroductionRequest.id.desc())
    )
    return [_Row(*row) for row in rows.all()]


async def list_requests(session: AsyncSession, account: Account) -> WarmRequestsOut:
    """The requests the person made and the ones made of them, newest first (two statements)."""
    now = utcnow()
    asked = await _rows(session, WarmIntroductionRequest.asker_account_id == account.id)
    received = await _rows(session, WarmIntroductionRequest.helper_account_id == account.id)
    return WarmRequestsOut(
        asked=[present(row, account, now) for row in asked],
        received=[present(row, account, now) for row in received],
    )


async def _row(session: AsyncSession, account: Account, request_id: uuid.UUID) -> _Row:
    found = await _rows(
        session,
        WarmIntroductionRequest.public_id == request_id,
        or_(
            WarmIntroductionRequest.asker_account_id == account.id,
            WarmIntroductionRequest.helper_account_id == account.id,
        ),
    )
    if not found:
        raise NotFound(NOT_FOUND)
    return found[0]


async def ask_target(
    session: AsyncSession, viewer: Account, person_id: uuid.UUID, company: str
) -> tuple[WarmPathOut, str]:
    """The warm path an ask page is about, and the company's name; NotFound when it is none."""
    tag = await reach.company_tag(session, company)
    helper = (await session.execute(select(Account).where(Account.public_id == person_id))).scalar_one_or_none()
    if tag is not None and helper is not None and helper.id != viewer.id:
        found = await reach.my_reach(session, viewer, company_tag_ids=[tag.id], helper_id=helper.id)
        if found.companies and found.companies[0].paths:
            return _path_out(found.companies[0].paths[0], None), tag.label
    raise NotFound("This member is not one of your warm paths to that company. Your warm paths page shows who is.")


async def get_request(session: AsyncSession, account: Account, request_id: uuid.UUID) -> WarmRequestOut:
    return present(await _row(session, account, request_id), account, utcnow())


async def open_requests_by_path(session: AsyncSession, asker: Account) -> dict[tuple[int, int], uuid.UUID]:
    """(helper account id, company tag id) → the asker's request that still waits for the asker."""
    since = utcnow() - timedelta(days=ASKER_WAITS_DAYS)
    rows = await session.execute(
        select(
            WarmIntroductionRequest.helper_account_id,
            WarmIntroductionRequest.company_tag_id,
            WarmIntroductionRequest.public_id,
        ).where(
            WarmIntroductionRequest.asker_account_id == asker.id,
            WarmIntroductionRequest.status.in_([WarmRequestStatus.open, WarmRequestStatus.not_now]),
            WarmIntroductionRequest.created_at >= since,
        )
    )
    return {(helper_id, tag_id): public_id for helper_id, tag_id, public_id in rows.all()}


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, field_errors={field: message})


async def ask(session: AsyncSession, asker: Account, data: WarmAskIn) -> WarmRequestOut:
    """Ask a warm path for an introduction. The helper must be one of the asker's warm paths to the
    company now (in a group both are active in), and the asker has no request about it waiting."""
    tag = await reach.company_tag(session, data.company)
    if tag is None:
        raise _invalid("company", "That company is not on your list of target companies.")
    helper = (await session.execute(select(Account).where(Account.public_id == data.person_id))).scalar_one_or_none()
    paths = []
    if helper is not None and helper.id != asker.id:
        found = await reach.my_reach(session, asker, company_tag_ids=[tag.id], helper_id=helper.id)
        if not found.companies:
            raise _invalid("company", f"{tag.label} is not on your list of target companies.")
        paths = found.companies[0].paths
    if helper is None or not paths:
        # The same answer whether the person does not exist, is in no group of the asker's, or is
        # no path there: nobody learns who is in a group they are not part of.
        raise _invalid("person_id", f"This person is not one of your warm paths to {tag.label}.")
    if paths[0].paused:
        raise Conflict(
            f"{helper.display_name} has paused introductions for now. Someone else on your warm paths may help, "
            "or ask again when they are back."
        )
    waiting = await open_requests_by_path(session, asker)
    if (helper.id, tag.id) in waiting:
        raise Conflict(
            f"You already asked {helper.display_name} about {tag.label}; your request is waiting for them.",
            field_errors={"message": f"You already asked {helper.display_name} about {tag.label}."},
        )
    if len(waiting) >= MAX_OPEN_ASKS:
        raise Conflict(
            f"You have {MAX_OPEN_ASKS} warm-introduction requests waiting already. Give people time to answer, "
            "or withdraw one on your requests page to ask someone else."
        )
    # An earlier request that has closed for the asker makes way for this one.
    await session.execute(
        update(WarmIntroductionRequest)
        .where(
            WarmIntroductionRequest.asker_account_id == asker.id,
            WarmIntroductionRequest.helper_account_id == helper.id,
            WarmIntroductionRequest.company_tag_id == tag.id,
            WarmIntroductionRequest.status == WarmRequestStatus.open,
        )
        .values(status=WarmRequestStatus.expired, closed_at=utcnow())
    )
    request = WarmIntroductionRequest(
        group_id=paths[0].group_ids[0],
        asker_account_id=asker.id,
        helper_account_id=helper.id,
        company_tag_id=tag.id,
        message=data.message,
    )
    try:
        async with session.begin_nested():
            session.add(request)
            await session.flush()
    except IntegrityError:  # the same ask sent twice at the same instant: the first one stands
        raise Conflict(
            f"You already asked {helper.display_name} about {tag.label}; your request is waiting for them.",
            field_errors={"message": f"You already asked {helper.display_name} about {tag.label}."},
        ) from None
    group = (await session.execute(select(Group).where(Group.id == request.group_id))).scalar_one()
    await notifications.queue_email(
        session,
        to=helper.email,
        template="warm_introduction_asked",
        context={
            "name": helper.display_name,
            "asker": asker.display_name,
            "company": tag.label,
            "group": group.name,
            "message": request.message,
            "link": links.absolute(links.reach("requests", request.public_id)),
        },
    )
    audit.record(session, asker, "warm_introduction.asked", group_id=group.id, target=str(request.public_id))
    return present(_Row(request, group.name, tag.label, asker, helper), asker, utcnow())


async def answer(session: AsyncSession, helper: Account, request_id: uuid.UUID, data: WarmAnswerIn) -> WarmRequestOut:
    """The helper's private answer. A yes tells the asker, with the helper's note; "not now" tells
    nobody."""
    row = await _row(session, helper, request_id)
    request = row.request
    if request.helper_account_id != helper.id:
        raise NotFound(NOT_FOUND)
    if request.status != WarmRequestStatus.open:
        raise Conflict(_already(row))
    if data.answer == WarmAnswer.yes and not data.note:
        raise _invalid("note", f"Say whom you will connect {row.asker.display_name} with, and how; they will read it.")
    now = utcnow()
    request.answered_at = now
    if data.answer == WarmAnswer.yes:
        request.status = WarmRequestStatus.accepted
        request.helper_note = data.note
        await notifications.queue_email(
            session,
            to=row.asker.email,
            template="warm_introduction_accepted",
            context={
                "name": row.asker.display_name,
                "helper": helper.display_name,
                "company": row.company,
                "note": data.note,
                "link": links.absolute(links.reach("requests", request.public_id)),
            },
        )
    else:
        request.status = WarmRequestStatus.not_now
        request.closed_at = now
    await session.flush()
    audit.record(
        session,
        helper,
        "warm_introduction.answered",
        group_id=request.group_id,
        target=str(request.public_id),
    )
    return present(row, helper, now)


def _already(row: _Row) -> str:
    status = row.request.status
    if status == WarmRequestStatus.withdrawn:
        return f"{row.asker.display_name} withdrew this request; there is nothing to answer."
    if status == WarmRequestStatus.accepted:
        return "You said yes to this request already."
    if status == WarmRequestStatus.not_now:
        return "You answered this request already."
    return "This request has closed."


async def withdraw(session: AsyncSession, asker: Account, request_id: uuid.UUID) -> WarmRequestOut:
    row = await _row(session, asker, request_id)
    request = row.request
    if request.asker_account_id != asker.id:
        raise NotFound(NOT_FOUND)
    now = utcnow()
    if asker_status(request, now) != AskerStatus.waiting:
        raise Conflict("This request is no longer waiting, so there is nothing to withdraw.")
    request.status = WarmRequestStatus.withdrawn
    request.closed_at = now
    await session.flush()
    audit.record(
        session, asker, "warm_introduction.withdrawn", group_id=request.group_id, target=str(request.public_id)
    )
    return present(row, asker, now)


async def export_requests(session: AsyncSession, account: Account) -> list[WarmRequestOut]:
    """The person's side of each request, as they see it (the asker never sees a "not now")."""
    mine = await list_requests(session, account)
    return [*mine.asked, *mine.received]


async def forget_requests(session: AsyncSession, account: Account) -> None:
    """Account deletion: the requests the person made or was asked go with them."""
    await session.execute(
        delete(WarmIntroductionRequest).where(
            or_(
                WarmIntroductionRequest.asker_account_id == account.id,
                WarmIntroductionRequest.helper_account_id == account.id,
            )
        )
    )


def _path_out(path: reach.Path, open_request_id: uuid.UUID | None) -> WarmPathOut:
    return WarmPathOut(
        person_id=path.person_id,
        name=path.name,
        groups=path.group_names,
        works_there=path.works_there,
        worked_there=[
            YearsOut(start_year=job.start_year, end_year=job.end_year) for job in path.jobs if job.end_year is not None
        ],
        knows_people=path.knows,
        open_to_requests=not path.paused,
        open_request_id=open_request_id,
    )


async def warm_paths(session: AsyncSession, viewer: Account) -> tuple[ReachOut, bool]:
    """The viewer's target companies with their warm paths, each marked with the viewer's request to
    that member about that company while it waits; and whether the viewer is in any group."""
    found = await reach.my_reach(session, viewer)
    waiting = await open_requests_by_path(session, viewer) if found.companies else {}
    companies = [
        CompanyReachOut(
            company=company.label,
            paths=[_path_out(path, waiting.get((path.account_id, company.tag_id))) for path in company.paths],
            more_people=company.more,
        )
        for company in found.companies
    ]
    return ReachOut(companies=companies), found.has_groups


def sharing_out(setting: reach.SharingSetting) -> SharingOut:
    return SharingOut(
        group_id=setting.group.public_id,
        group=setting.group.name,
        shared=setting.shared_at is not None,
        shared_at=setting.shared_at,
    )


async def export_reach(session: AsyncSession, account: Account) -> OwnReachData:
    """The reach part of the person's data export: their yes per group, and their requests."""
    settings = await reach.sharing_settings(session, account)
    return OwnReachData(
        shared_with=[sharing_out(setting) for setting in settings],
        warm_introductions=await export_requests(session, account),
    )


async def forget(session: AsyncSession, account: Account) -> None:
    """Account deletion: the person's sharing and their warm-introduction requests, both sides."""
    await reach.forget_reach(session, account)
    await forget_requests(session, account)
