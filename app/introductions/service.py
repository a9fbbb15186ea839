"""Introductions, double opt-in: a facilitator proposes two members meet, with a reason; each
answers privately; only when both say yes are contact details shared. Members ask to be
introduced, pause introductions, and say what came of them. Every function checks the caller's
right to do it.

Listing lives in `listing.py` and the timed job in `jobs.py`; both are re-exported here, so the
pages of both sides call one module.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.introductions import emails
from app.introductions.jobs import process_due
from app.introductions.listing import (
    INTRODUCTION_NOT_FOUND,
    IntroductionPage,
    IntroductionView,
    group_introductions,
    introduction_for,
    my_introductions,
)
from app.introductions.models import (
    Answer,
    Introduction,
    IntroductionOutcome,
    IntroductionRequest,
    IntroductionRound,
    IntroductionStatus,
    Outcome,
    RequestStatus,
)
from app.introductions.people import PairRefusal, invalid, members, ordered, pair_refusal_message, pair_refusals
from app.introductions.preferences import (
    DoNotPairView,
    GroupSetting,
    add_do_not_pair,
    list_do_not_pair,
    my_groups,
    remove_do_not_pair,
    set_paused,
)
from app.introductions.requests import (
    MAX_OPEN_REQUESTS,
    RequestView,
    ask,
    close_request,
    my_requests,
    open_requests,
    people_to_ask_for,
    request_target,
)
from app.introductions.schemas import MAX_NOTE, MAX_REASON
from app.webhooks import events as webhooks

__all__ = [
    "IntroductionPage",
    "IntroductionView",
    "RequestView",
    "DoNotPairView",
    "GroupSetting",
    "propose",
    "PairRefusal",
    "pair_refusals",
    "pair_refusal_message",
    "answer",
    "withdraw",
    "record_outcome",
    "ask",
    "request_target",
    "open_requests",
    "my_requests",
    "close_request",
    "set_paused",
    "add_do_not_pair",
    "remove_do_not_pair",
    "list_do_not_pair",
    "my_introductions",
    "group_introductions",
    "introduction_for",
    "my_groups",
    "people_to_ask_for",
    "process_due",
    "MAX_OPEN_REQUESTS",
]


# --- proposing ----------------------------------------------------------------------------------


async def propose(
    session: AsyncSession,
    actor: Account,
    group: Group,
    person_a_id: uuid.UUID,
    person_b_id: uuid.UUID,
    reason_for_a: str,
    reason_for_b: str | None = None,
    *,
    kinds: Iterable[str] = (),
    request_id: uuid.UUID | None = None,
    round_id: int | None = None,
) -> Introduction:
    """A facilitator proposes that two active members meet; each is emailed the reason written to
    them (one text for both when only one is given) and asked. `kinds` are the engine's kinds of
    reason, when the words are the engine's."""
    await require_facilitator(session, actor, group)
    texts = {"reason_for_a": (reason_for_a or "").strip()}
    texts["reason_for_b"] = texts["reason_for_a"] if reason_for_b is None else reason_for_b.strip()
    for field, text in texts.items():
        if not text:
            raise invalid(field, "Please say why these two should meet: it is the first thing they read.")
        if len(text) > MAX_REASON:
            raise invalid(field, f"Keep the reason to {MAX_REASON} characters or fewer; you wrote {len(text)}.")
    if person_a_id == person_b_id:
        raise invalid("person_b_id", "Choose two different people.")
    people = await members(session, group, [person_a_id, person_b_id], lock=True)
    for person_id, field in ((person_a_id, "person_a_id"), (person_b_id, "person_b_id")):
        found = people.get(person_id)
        if found is None or found[1].status != MembershipStatus.active:
            message = "This person is not an active member of this group."
            raise NotFound(message, field_errors={field: message})
    first, second = ordered(people[person_a_id][0], people[person_b_id][0])
    names = f"{first.display_name} and {second.display_name}"
    await _check_pair(session, group, first, second, names)
    await _check_people(session, group, [people[person_a_id], people[person_b_id]])

    request = await _request_to_fulfil(session, group, request_id, first, second) if request_id else None
    if round_id is not None:
        introduction_round = await session.get(IntroductionRound, round_id)
        if introduction_round is None or introduction_round.group_id != group.id:
            raise NotFound("There is no such introduction round in this group.")
    given_first = people[person_a_id][0].id == first.id
    introduction = Introduction(
        group_id=group.id,
        person_a_id=first.id,
        person_b_id=second.id,
        proposed_by_account_id=actor.id,
        reason_a=texts["reason_for_a" if given_first else "reason_for_b"],
        reason_b=texts["reason_for_b" if given_first else "reason_for_a"],
        reason_kinds=sorted(set(kinds)),
        request_id=request.id if request else None,
        round_id=round_id,
    )
    try:
        async with session.begin_nested():
            session.add(introduction)
            await session.flush()
    except IntegrityError:  # the same pair proposed at the same instant by someone else
        raise Conflict(f"{names} already have an introduction under way.") from None
    if request is not None:
        request.status, request.closed_at = RequestStatus.fulfilled, utcnow()
    audit.record(
        session,
        actor,
        "introduction.proposed",
        group_id=group.id,
        target=str(introduction.public_id),
        request=str(request_id) if request_id else None,
        round_id=round_id,
    )
    await emails.tell_proposed(session, introduction, group, first, second, actor)  # flushes
    await webhooks.emit(session, group, "introduction.proposed", webhooks.introduction(introduction, first, second))
    return introduction


async def _check_pair(session: AsyncSession, group: Group, first: Account, second: Account, names: str) -> None:
    refusal = (await pair_refusals(session, group, first.id, [second.id])).get(second.id)
    if refusal is not None:
        raise Conflict(pair_refusal_message(refusal, names))


async def _check_people(session: AsyncSession, group: Group, people: list[tuple[Account, Membership]]) -> None:
    for account, membership in people:
        if membership.introductions_paused_at is not None:
            raise Conflict(
                f"{account.display_name} has paused introductions for now. "
                "They can resume them on their introductions page."
            )
    # Counted in every group: the cap is there so that a person is not flooded, wherever it comes from.
    ids = [account.id for account, _ in people]
    rows = (
        await session.execute(
            select(Introduction.person_a_id, Introduction.person_b_id).where(
                Introduction.status == IntroductionStatus.proposed,
                or_(Introduction.person_a_id.in_(ids), Introduction.person_b_id.in_(ids)),
            )
        )
    ).all()
    for account, _ in people:
        waiting = sum(1 for a_id, b_id in rows if account.id in (a_id, b_id))
        if waiting >= group.max_open_proposals:
            raise Conflict(
                f"{account.display_name} already has {waiting} introductions waiting for an answer, "
                f"the most this group proposes at once. Propose this one once they have answered."
            )


async def _request_to_fulfil(
    session: AsyncSession, group: Group, request_id: uuid.UUID, first: Account, second: Account
) -> IntroductionRequest:
    request = (
        await session.execute(
            select(IntroductionRequest)
            .where(IntroductionRequest.public_id == request_id, IntroductionRequest.group_id == group.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if request is None:
        raise NotFound("There is no such request for an introduction in this group.")
    if request.status != RequestStatus.open:
        raise Conflict("This request was already answered or closed.")
    if request.requester_account_id not in (first.id, second.id):
        raise invalid("person_a_id", "An introduction for a request must include the person who asked.")
    return request


# --- answering ----------------------------------------------------------------------------------


async def _locked(session: AsyncSession, introduction_id: uuid.UUID) -> tuple[Introduction, Group]:
    row = (
        await session.execute(
            select(Introduction, Group)
            .join(Group, Group.id == Introduction.group_id)
            .where(Introduction.public_id == introduction_id)
            .with_for_update(of=Introduction)
            .execution_options(populate_existing=True)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(INTRODUCTION_NOT_FOUND)
    return row[0], row[1]


async def _refuse_non_party(session: AsyncSession, viewer: Account, group: Group, doing: str) -> None:
    """Facilitators hear why they cannot; everyone else, that there is nothing here."""
    membership = (
        await session.execute(
            select(Membership).where(Membership.group_id == group.id, Membership.account_id == viewer.id)
        )
    ).scalar_one_or_none()
    if membership is not None and membership.status == MembershipStatus.active and membership.role == Role.facilitator:
        raise Forbidden(f"Only the two people being introduced can {doing}.")
    raise NotFound(INTRODUCTION_NOT_FOUND)


def _side(introduction: Introduction, viewer: Account) -> str | None:
    if viewer.id == introduction.person_a_id:
        return "a"
    if viewer.id == introduction.person_b_id:
        return "b"
    return None


def _no_longer_open(introduction: Introduction) -> Conflict:
    if introduction.status == IntroductionStatus.connected:
        return Conflict("You are already connected: you both said yes.")
    return Conflict("This introduction is no longer waiting for answers: it did not go ahead.")


async def answer(
    session: AsyncSession, viewer: Account, introduction_id: uuid.UUID, accept: bool, note: str = ""
) -> Introduction:
    """One of the two answers. A decline ends it at once (the other person hears only that it did
    not go ahead); the second yes connects them and shares their contact details with each other."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise invalid("note", f"Keep the note to {MAX_NOTE} characters or fewer; you wrote {len(note)}.")
    # Locked: when both say yes at the same moment, the second one sees the first and connects.
    introduction, group = await _locked(session, introduction_id)
    side = _side(introduction, viewer)
    if side is None:
        await _refuse_non_party(session, viewer, group, "answer it")
    if introduction.status != IntroductionStatus.proposed:
        raise _no_longer_open(introduction)
    reply = Answer.accepted if accept else Answer.declined
    now = utcnow()
    setattr(introduction, f"{side}_answer", reply)
    setattr(introduction, f"{side}_answered_at", now)
    if note:
        setattr(introduction, f"{side}_note", note)
    people = {
        account.id: account
        for account in (
            await session.execute(
                select(Account).where(Account.id.in_([introduction.person_a_id, introduction.person_b_id]))
            )
        ).scalars()
    }
    other = people[introduction.person_b_id if side == "a" else introduction.person_a_id]
    if reply == Answer.declined:
        introduction.status, introduction.closed_at = IntroductionStatus.declined, now
        await emails.tell_not_going_ahead(session, group, other, viewer)
        await _tell_proposer(session, introduction, group, viewer, other, note)
        await webhooks.emit(session, group, "introduction.declined", webhooks.introduction_declined(introduction))
    elif introduction.a_answer == Answer.accepted and introduction.b_answer == Answer.accepted:
        introduction.status, introduction.connected_at = IntroductionStatus.connected, now
        proposer = (
            await session.get(Account, introduction.proposed_by_account_id)
            if introduction.proposed_by_account_id
            else None
        )
        await emails.tell_connected(
            session,
            introduction,
            group,
            people[introduction.person_a_id],
            people[introduction.person_b_id],
            proposer.display_name if proposer else "",
        )
        await webhooks.emit(
            session,
            group,
            "introduction.connected",
            webhooks.introduction(introduction, people[introduction.person_a_id], people[introduction.person_b_id]),
        )
    await session.flush()
    return introduction


async def _tell_proposer(
    session: AsyncSession, introduction: Introduction, group: Group, decliner: Account, other: Account, note: str
) -> None:
    if introduction.proposed_by_account_id in (None, introduction.person_a_id, introduction.person_b_id):
        return
    row = (
        await session.execute(
            select(Account)
            .join(Membership, Membership.account_id == Account.id)
            .where(
                Account.id == introduction.proposed_by_account_id,
                Membership.group_id == group.id,
                Membership.role == Role.facilitator,
                Membership.status == MembershipStatus.active,
            )
        )
    ).scalar_one_or_none()
    if row is not None:
        await emails.tell_facilitator_declined(session, introduction, group, row, decliner, other, note)


async def withdraw(session: AsyncSession, actor: Account, introduction_id: uuid.UUID) -> Introduction:
    """A facilitator takes back a proposal nobody has finished answering; both hear it did not go ahead."""
    introduction, group = await _locked(session, introduction_id)
    try:
        await require_facilitator(session, actor, group)
    except NotFound:
        raise NotFound(INTRODUCTION_NOT_FOUND) from None
    if introduction.status != IntroductionStatus.proposed:
        raise Conflict("Only an introduction that is still waiting for answers can be withdrawn.")
    introduction.status, introduction.closed_at = IntroductionStatus.withdrawn, utcnow()
    first, second = (
        await session.get_one(Account, introduction.person_a_id),
        await session.get_one(Account, introduction.person_b_id),
    )
    await emails.tell_not_going_ahead(session, group, first, second)
    await emails.tell_not_going_ahead(session, group, second, first)
    audit.record(session, actor, "introduction.withdrawn", group_id=group.id, target=str(introduction.public_id))
    await session.flush()
    return introduction


async def record_outcome(
    session: AsyncSession, viewer: Account, introduction_id: uuid.UUID, outcome: Outcome | str, note: str = ""
) -> IntroductionOutcome:
    """What came of a connected introduction, as one of the two sees it; saying it again updates it."""
    outcome = Outcome(outcome)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise invalid("note", f"Keep the note to {MAX_NOTE} characters or fewer; you wrote {len(note)}.")
    row = (
        await session.execute(
            select(Introduction, Group)
            .join(Group, Group.id == Introduction.group_id)
            .where(Introduction.public_id == introduction_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(INTRODUCTION_NOT_FOUND)
    introduction, group = row
    if _side(introduction, viewer) is None:
        await _refuse_non_party(session, viewer, group, "say how it went")
    if introduction.status != IntroductionStatus.connected:
        raise Conflict("You can say how it went once you are both connected.")
    mine = select(IntroductionOutcome).where(
        IntroductionOutcome.introduction_id == introduction.id, IntroductionOutcome.account_id == viewer.id
    )
    recorded = (await session.execute(mine)).scalar_one_or_none()
    await webhooks.emit(
        session, group, "introduction.outcome", webhooks.introduction_outcome(introduction, viewer, outcome)
    )
    if recorded is None:
        recorded = IntroductionOutcome(
            introduction_id=introduction.id, account_id=viewer.id, outcome=outcome, note=note
        )
        try:
            async with session.begin_nested():
                session.add(recorded)
                await session.flush()
            return recorded
        except IntegrityError:  # the same person, twice at once: the later answer wins
            recorded = (await session.execute(mine.execution_options(populate_existing=True))).scalar_one()
    recorded.outcome, recorded.note, recorded.updated_at = outcome, note, utcnow()
    await session.flush()
    return recorded
