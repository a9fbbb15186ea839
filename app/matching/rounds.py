"""Introduction rounds: plan pairs for a whole group, let the facilitator edit them, then propose."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import AppError, Conflict, NotFound
from app.groups.models import Group
from app.groups.service import require_facilitator
from app.introductions.models import Introduction, IntroductionRound
from app.matching import planner
from app.matching.service import rules, snapshots, vocabulary_of

MAX_K = 5


@dataclass
class PlannedPair:
    person_a: Account
    person_b: Account
    score: float
    reason_a: str  # what person_a will read
    reason_b: str
    kinds: list[str]
    notes: list[str]


@dataclass(frozen=True)
class KeptPair:
    """A pair the facilitator keeps, with the words each of the two will read (perhaps edited)."""

    person_a_id: uuid.UUID
    person_b_id: uuid.UUID
    reason_for_a: str
    reason_for_b: str


@dataclass
class RoundView:
    round: IntroductionRound
    group: Group
    pairs: list[PlannedPair]
    unpaired: list[Account]


async def plan(session: AsyncSession, actor: Account, group: Group, k: int = 1) -> IntroductionRound:
    """Plans (and keeps, for the preview) a round where each member gets at most k introductions."""
    await require_facilitator(session, actor, group)
    if not 1 <= k <= MAX_K:
        raise Conflict(f"Each member can get between 1 and {MAX_K} introductions in a round.")
    people = await snapshots(session, group)
    result = planner.plan_round(
        people.values(),
        await rules(session, group, for_round=True),
        utcnow(),
        k=k,
        vocabulary=await vocabulary_of(session, group),
    )
    pairs = result.pairs
    planned = IntroductionRound(
        group_id=group.id,
        k=k,
        created_by_account_id=actor.id,
        odd_one_out_account_id=result.odd_one_out,
        pairs=[
            {
                "a": pair.person_a_id,
                "b": pair.person_b_id,
                "score": pair.score,
                "reason_a": pair.reason_for(pair.person_a_id),
                "reason_b": pair.reason_for(pair.person_b_id),
                "kinds": [kind.value for kind in pair.kinds],
                "notes": list(pair.notes),
            }
            for pair in pairs
        ],
    )
    session.add(planned)
    await session.flush()
    audit.record(
        session,
        actor,
        "introductions.round_planned",
        group_id=group.id,
        target=str(planned.public_id),
        k=k,
        pairs=len(pairs),
    )
    return planned


async def view(session: AsyncSession, actor: Account, round_id: uuid.UUID) -> RoundView:
    """The planned pairs with the people's accounts, and the active members left without one."""
    row = (
        await session.execute(
            select(IntroductionRound, Group)
            .join(Group, Group.id == IntroductionRound.group_id)
            .where(IntroductionRound.public_id == round_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound("There is no such introduction round.")
    planned, group = row
    try:
        await require_facilitator(session, actor, group)
    except NotFound:
        raise NotFound("There is no such introduction round.") from None
    from app.groups.models import Membership, MembershipStatus

    members = {
        account.id: account
        for account in (
            await session.execute(
                select(Account)
                .join(Membership, Membership.account_id == Account.id)
                .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active)
                .order_by(Account.display_name)
            )
        ).scalars()
    }
    pairs = [
        PlannedPair(
            members[p["a"]],
            members[p["b"]],
            p["score"],
            p.get("reason_a", ""),
            p.get("reason_b", ""),
            p.get("kinds", []),
            p.get("notes", []),
        )
        for p in planned.pairs
        if p["a"] in members and p["b"] in members
    ]
    paired = {p["a"] for p in planned.pairs} | {p["b"] for p in planned.pairs}
    return RoundView(planned, group, pairs, [account for pid, account in members.items() if pid not in paired])


@dataclass
class Confirmed:
    introductions: list[Introduction]
    skipped: list[str]


async def confirm(
    session: AsyncSession, actor: Account, round_id: uuid.UUID, keep: list[KeptPair] | None = None
) -> Confirmed:
    """Proposes the round's pairs (or only `keep`, with the words the facilitator kept or edited).
    A pair that can no longer be proposed (someone paused, an answer came in meanwhile) is skipped
    and said."""
    from app.introductions.service import propose

    current = await view(session, actor, round_id)
    if current.round.confirmed_at is not None:
        raise Conflict("This round was already confirmed; its introductions are on the introductions page.")
    planned = {frozenset((p.person_a.public_id, p.person_b.public_id)): p for p in current.pairs}
    chosen = (
        keep
        if keep is not None
        else [KeptPair(p.person_a.public_id, p.person_b.public_id, p.reason_a, p.reason_b) for p in current.pairs]
    )
    made, skipped = [], []
    for pair in chosen:
        in_round = planned.get(frozenset((pair.person_a_id, pair.person_b_id)))
        if in_round is None:
            skipped.append("A pair that was not in this round was left out.")
            continue
        try:
            made.append(
                await propose(
                    session,
                    actor,
                    current.group,
                    pair.person_a_id,
                    pair.person_b_id,
                    pair.reason_for_a,
                    pair.reason_for_b,
                    kinds=in_round.kinds,
                    round_id=current.round.id,
                )
            )
        except AppError as error:
            skipped.append(error.detail)
    current.round.confirmed_at = utcnow()
    await session.flush()
    return Confirmed(made, skipped)
