"""A person's introductions in their data export, and what happens to them when they leave."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group
from app.introductions import emails
from app.introductions.models import (
    Introduction,
    IntroductionOutcome,
    IntroductionRequest,
    IntroductionStatus,
    RequestStatus,
)
from app.introductions.schemas import OwnIntroductionData, OwnRequestData, shown_status


def _involving(account: Account):
    return or_(Introduction.person_a_id == account.id, Introduction.person_b_id == account.id)


async def export_introductions(session: AsyncSession, account: Account) -> list[OwnIntroductionData]:
    """The person's side of each introduction: never the other person's answer or note."""
    other = aliased(Account)
    rows = (
        await session.execute(
            select(Introduction, Group.name, other.display_name, IntroductionOutcome)
            .join(Group, Group.id == Introduction.group_id)
            .join(
                other,
                or_(
                    (Introduction.person_a_id == account.id) & (other.id == Introduction.person_b_id),
                    (Introduction.person_b_id == account.id) & (other.id == Introduction.person_a_id),
                ),
            )
            .outerjoin(
                IntroductionOutcome,
                (IntroductionOutcome.introduction_id == Introduction.id)
                & (IntroductionOutcome.account_id == account.id),
            )
            .where(_involving(account))
            .order_by(Introduction.created_at, Introduction.id)
        )
    ).all()
    result = []
    for introduction, group_name, other_name, outcome in rows:
        mine = "a" if introduction.person_a_id == account.id else "b"
        result.append(
            OwnIntroductionData(
                group=group_name,
                with_person=other_name,
                reason=introduction.reason_for(account.id),
                status=shown_status(introduction.status),
                my_answer=getattr(introduction, f"{mine}_answer"),
                my_note=getattr(introduction, f"{mine}_note"),
                proposed_at=introduction.created_at,
                connected_at=introduction.connected_at,
                my_outcome=outcome.outcome if outcome else None,
                my_outcome_note=outcome.note if outcome else "",
            )
        )
    return result


async def export_requests(session: AsyncSession, account: Account) -> list[OwnRequestData]:
    target = aliased(Account)
    rows = (
        await session.execute(
            select(IntroductionRequest, Group.name, target.display_name)
            .join(Group, Group.id == IntroductionRequest.group_id)
            .outerjoin(target, target.id == IntroductionRequest.target_account_id)
            .where(IntroductionRequest.requester_account_id == account.id)
            .order_by(IntroductionRequest.created_at, IntroductionRequest.id)
        )
    ).all()
    return [
        OwnRequestData(
            group=group_name,
            to_meet=target_name or request.description,
            status=request.status,
            asked_at=request.created_at,
        )
        for request, group_name, target_name in rows
    ]


async def leave_introductions(session: AsyncSession, account: Account) -> None:
    """Someone deletes their account: proposals still waiting are withdrawn (the other person hears
    only that it did not go ahead), their requests close, and their private notes go. Connected
    introductions stay, anonymous, so that a group's counts still add up."""
    now = utcnow()
    waiting = (
        await session.execute(
            select(Introduction, Group)
            .join(Group, Group.id == Introduction.group_id)
            .where(_involving(account), Introduction.status == IntroductionStatus.proposed)
            .with_for_update(of=Introduction)
        )
    ).all()
    for introduction, group in waiting:
        introduction.status, introduction.closed_at = IntroductionStatus.withdrawn, now
        other_id = introduction.person_b_id if introduction.person_a_id == account.id else introduction.person_a_id
        await emails.tell_not_going_ahead(session, group, await session.get_one(Account, other_id), account)
    await session.execute(update(Introduction).where(Introduction.person_a_id == account.id).values(a_note=""))
    await session.execute(update(Introduction).where(Introduction.person_b_id == account.id).values(b_note=""))
    await session.execute(
        update(IntroductionOutcome).where(IntroductionOutcome.account_id == account.id).values(note="")
    )
    await session.execute(
        update(IntroductionRequest)
        .where(IntroductionRequest.requester_account_id == account.id, IntroductionRequest.status == RequestStatus.open)
        .values(status=RequestStatus.closed, closed_at=now)
    )
    await session.execute(
        update(IntroductionRequest).where(IntroductionRequest.requester_account_id == account.id).values(description="")
    )
    await session.flush()
