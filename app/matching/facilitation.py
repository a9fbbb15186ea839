"""What facilitators see of the engine: who needs an introduction most and whom to introduce them
to, one pair's reasons for the propose form, round previews, and the group's introductions.
(The request queue is in request_queue.py.)

The HTML pages and the JSON API call these same functions. Each loads what it shows up front in a
fixed number of statements: one CandidateIndex over the group's snapshots serves a whole page, and
the pages after it while nothing it was built from changes.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.errors import NotFound
from app.groups.kept import KeptPerGroup, version_of
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.introductions import service as introductions
from app.introductions.models import Introduction, IntroductionRequest, RequestStatus
from app.matching import engine, planner, rounds
from app.matching.engine import CandidateIndex, Snapshot
from app.matching.planner import Rules
from app.matching.service import active_member, snapshots, suggestions_for_member, vocabulary_of
from app.matching.service import rules as group_rules
from app.matching.topics import Vocabulary
from app.pagination import PageParams
from app.profiles.models import Profile

NEEDY_PER_PAGE = 20
SUGGESTIONS_PER_PERSON = 3
NOT_A_MEMBER = "This person is not an active member of the group."


@dataclass(frozen=True)
class Person:
    """What a facilitator's page shows of a member."""

    account_id: int
    id: uuid.UUID
    name: str
    headline: str = ""


@dataclass
class Explained:
    """Why two people should meet, as each of them would read it, and (for the facilitator only)
    how much either needs an introduction now."""

    kinds: list[str]
    notes: list[str]


@dataclass
class Suggested(Explained):
    """Someone worth introducing to a member: what the member would read, and what they would."""

    person: Person
    score: float
    to_member: str
    to_person: str
    answers_request: bool = False  # for a "someone who …" request: its words brought them closer


def suggested(suggestion: engine.Suggestion, member_id: int, person: Person, **extra: bool) -> Suggested:
    return Suggested(
        kinds=[kind.value for kind in suggestion.kinds],
        notes=list(suggestion.notes),
        person=person,
        score=suggestion.score,
        to_member=suggestion.reason_for(member_id),
        to_person=suggestion.reason_for(person.account_id),
        **extra,
    )


@dataclass
class NeedyMember:
    person: Person
    need: str
    open_proposals: int
    at_cap: bool
    empty_profile: bool
    suggestions: list[Suggested]


@dataclass
class NeedPage:
    members: list[NeedyMember]
    page: int
    pages: int
    total: int
    paused: int


def is_empty(person: Snapshot) -> bool:
    return not (
        person.target_roles
        or person.industries
        or person.skills
        or person.target_companies
        or person.past_jobs
        or person.asks.strip()
        or person.offers.strip()
    )


def need_order(person: Snapshot, now: datetime) -> tuple[object, ...]:
    """Who needs an introduction most comes first: nobody connected yet (newcomers first), then the
    fewest connections, never introduced before introduced long ago; the same order every time."""
    return (
        person.connections > 0,
        person.connections,
        not _is_newcomer(person, now),
        person.introductions,
        person.last_introduced_at or datetime.min.replace(tzinfo=now.tzinfo),
        person.joined_at or now,
        person.name.casefold(),
        person.person_id,
    )


def _is_newcomer(person: Snapshot, now: datetime) -> bool:
    return (
        person.joined_at is not None
        and (now - person.joined_at).days <= engine.NEWCOMER_DAYS
        and person.introductions == 0
    )


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def need_sentence(person: Snapshot, now: datetime) -> str:
    if _is_newcomer(person, now):
        assert person.joined_at is not None
        days = (now - person.joined_at).days
        when = "this week" if days < 7 else f"{_plural(days // 7, 'week')} ago"
        return f"Joined {when}; no introductions yet."
    if person.introductions == 0:
        return "Never introduced to anyone in the group."
    if person.connections == 0:
        return f"No connections yet: {_plural(person.introductions, 'introduction')} proposed, none connected so far."
    sentence = f"{_plural(person.connections, 'connection')} in the group."
    if person.last_introduced_at and (now - person.last_introduced_at).days > engine.QUIET_DAYS:
        sentence += f" Last introduced {_plural((now - person.last_introduced_at).days // 30, 'month')} ago."
    return sentence


async def people(session: AsyncSession, account_ids: Iterable[int]) -> dict[int, Person]:
    """Names and headlines, in one statement."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(Account.id, Account.public_id, Account.display_name, Profile.headline)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(Account.id.in_(ids))
    )
    return {row.id: Person(row.id, row.public_id, row.display_name, row.headline or "") for row in rows}


def other_of(suggestion: engine.Suggestion, person_id: int) -> int:
    return suggestion.person_b_id if suggestion.person_a_id == person_id else suggestion.person_a_id


@dataclass
class Scene:
    """The group as the engine sees it: built once, then kept by the process for the pages that
    follow while the group's matching version stays (load_scene)."""

    people: dict[int, Snapshot]
    rules: Rules
    index: CandidateIndex
    vocabulary: Vocabulary
    now: datetime = field(default_factory=utcnow)
    # A member's suggestions, found once per scene (scenes are kept between requests).
    _found: dict[tuple[int, int], list[engine.Suggestion]] = field(default_factory=dict)

    def suggestions(self, person: Snapshot, limit: int) -> list[engine.Suggestion]:
        key = (person.person_id, limit)
        if key in self._found and self.people.get(person.person_id) is person:
            return self._found[key]
        found = planner.suggestions_for(
            person, self.index, self.rules, self.now, limit=limit, vocabulary=self.vocabulary
        )
        if self.people.get(person.person_id) is person:  # not a snapshot changed for one request
            self._found[key] = found
        return found


SCENES: KeptPerGroup[Scene] = KeptPerGroup(freeze=True)


async def _scene_version(session: AsyncSession, group: Group) -> tuple[object, ...]:
    # The cap on open proposals is the group's own setting, not a change the triggers see.
    return (*await version_of(session, group, "matching"), group.max_open_proposals)


async def kept_scene(session: AsyncSession, group: Group) -> Scene | None:
    """The group's scene if one is kept and still current; None rather than building one."""
    return SCENES.get(group.public_id, await _scene_version(session, group), utcnow())


async def load_scene(session: AsyncSession, group: Group) -> Scene:
    """The group as the engine sees it: kept from an earlier request while nothing it was built
    from has changed (app/groups/kept.py), else built (a fixed number of statements) and kept."""
    version = await _scene_version(session, group)
    now = utcnow()
    kept = SCENES.get(group.public_id, version, now)
    if kept is not None:
        return kept
    found = await snapshots(session, group)
    vocabulary = await vocabulary_of(session, group)
    scene = Scene(found, await group_rules(session, group), CandidateIndex(found.values(), vocabulary), vocabulary, now)
    SCENES.keep(group.public_id, version, scene, now, weight=len(found))
    return scene


# --- the neediest members and their best suggestions ------------------------------------------


async def neediest(
    session: AsyncSession,
    actor: Account,
    group: Group,
    page: int = 1,
    per_page: int = NEEDY_PER_PAGE,
    per_person: int = SUGGESTIONS_PER_PERSON,
) -> NeedPage:
    """Active members who need an introduction most, each with their best suggestions. Members who
    paused introductions are left out (and counted); so are the facilitators, who make the
    introductions (they still appear among the suggestions)."""
    await require_facilitator(session, actor, group)
    scene = await load_scene(session, group)
    facilitators = set(
        (
            await session.execute(
                select(Membership.account_id).where(
                    Membership.group_id == group.id,
                    Membership.role == Role.facilitator,
                    Membership.status == MembershipStatus.active,
                )
            )
        ).scalars()
    )
    waiting = sorted(
        (p for p in scene.people.values() if p.person_id not in scene.rules.paused and p.person_id not in facilitators),
        key=lambda p: need_order(p, scene.now),
    )
    pages = max(1, math.ceil(len(waiting) / per_page))
    page = min(max(page, 1), pages)
    shown = waiting[(page - 1) * per_page : page * per_page]
    found = {person.person_id: scene.suggestions(person, per_person) for person in shown}
    known = await people(
        session, [p.person_id for p in shown] + [other_of(s, pid) for pid, items in found.items() for s in items]
    )
    members = [
        NeedyMember(
            person=known[person.person_id],
            need=need_sentence(person, scene.now),
            open_proposals=scene.rules.open_proposals.get(person.person_id, 0),
            at_cap=scene.rules.room(person.person_id) == 0,
            empty_profile=is_empty(person),
            suggestions=[
                suggested(s, person.person_id, known[other_of(s, person.person_id)]) for s in found[person.person_id]
            ],
        )
        for person in shown
    ]
    return NeedPage(members, page, pages, len(waiting), len(scene.rules.paused & scene.people.keys()))


@dataclass
class PairSuggestion:
    for_person: Person
    suggested: Suggested


async def neediest_pairs(session: AsyncSession, actor: Account, group: Group, limit: int) -> list[PairSuggestion]:
    """The neediest members' best suggestions as a list of pairs (each pair once), neediest first."""
    page = await neediest(session, actor, group, per_page=max(limit, 1))
    listed: set[frozenset[int]] = set()
    pairs: list[PairSuggestion] = []
    for member in page.members:
        for suggested in member.suggestions:
            key = frozenset((member.person.account_id, suggested.person.account_id))
            if key not in listed and len(pairs) < limit:
                listed.add(key)
                pairs.append(PairSuggestion(member.person, suggested))
    return pairs


@dataclass
class MemberSuggestions:
    person: Person
    suggestions: list[Suggested]


async def for_member(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, limit: int = 10
) -> MemberSuggestions:
    """One member's best suggestions, with the people's headlines.

    While the group's scene is kept (the group's suggestions page built it, and nothing it was built
    from has changed since), they come from it, as that page's do: the same engine over the whole
    group, so the member's page begins with the suggestions the group's page shows for them, and
    reads no profiles. Otherwise a few indexed lookups find the member's candidates, and only those
    are read (building the whole group's scene for one member would cost more)."""
    scene = await kept_scene(session, group)
    if scene is None:
        account, found = await suggestions_for_member(session, actor, group, person_id, limit)
        pairs = [(item.suggestion, item.person.id) for item in found]
    else:
        account = await active_member(session, actor, group, person_id)
        own = scene.people.get(account.id)
        pairs = [(s, other_of(s, account.id)) for s in scene.suggestions(own, limit)] if own else []
    known = await people(session, [account.id, *(other for _, other in pairs)])
    return MemberSuggestions(known[account.id], [suggested(s, account.id, known[other]) for s, other in pairs])


# --- one pair, for the propose form -------------------------------------------------------------


@dataclass
class RequestSummary:
    id: uuid.UUID
    requester: Person
    target: Person | None
    description: str


@dataclass
class ProposeContext:
    members: list[Person]
    a: Person | None = None
    b: Person | None = None
    score: float | None = None
    # What a and b would read, from the engine; empty when it finds nothing that connects them.
    reason_a: str = ""
    reason_b: str = ""
    kinds: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    request: RequestSummary | None = None
    # With a chosen: who cannot be proposed to meet them, and why (the pick-list says so), and, when
    # b is one of them, the sentence that says so before anyone writes a reason.
    refused: dict[uuid.UUID, introductions.PairRefusal] = field(default_factory=dict)
    refusal: str = ""


async def propose_context(
    session: AsyncSession,
    actor: Account,
    group: Group,
    a: uuid.UUID | None = None,
    b: uuid.UUID | None = None,
    request_id: uuid.UUID | None = None,
) -> ProposeContext:
    """The group's members to choose from and, for two of them, the engine's reasons to meet."""
    members = await members_to_choose(session, actor, group)
    by_public_id = {person.id: person for person in members}
    context = ProposeContext(members)
    context.a, context.b = by_public_id.get(a) if a else None, by_public_id.get(b) if b else None
    if (a and context.a is None) or (b and context.b is None):
        raise NotFound(NOT_A_MEMBER)
    if request_id is not None:
        context.request = await _open_request(session, group, request_id, by_public_id)
    if context.a is not None:
        by_account = {person.account_id: person for person in members}
        refusals = await introductions.pair_refusals(session, group, context.a.account_id)
        context.refused = {by_account[other].id: why for other, why in refusals.items() if other in by_account}
        if context.b is not None and context.b.id in context.refused:
            names = f"{context.a.name} and {context.b.name}"
            context.refusal = introductions.pair_refusal_message(context.refused[context.b.id], names)
            return context
    if context.a and context.b and context.a != context.b:
        pair = await snapshots(session, group, [context.a.account_id, context.b.account_id])
        suggestion = engine.score_pair(
            pair[context.a.account_id], pair[context.b.account_id], utcnow(), await vocabulary_of(session, group)
        )
        if suggestion is not None:
            context.score, context.notes = suggestion.score, list(suggestion.notes)
            context.kinds = [kind.value for kind in suggestion.kinds]
            context.reason_a = suggestion.reason_for(context.a.account_id)
            context.reason_b = suggestion.reason_for(context.b.account_id)
    return context


async def _open_request(
    session: AsyncSession, group: Group, request_id: uuid.UUID, members: dict[uuid.UUID, Person]
) -> RequestSummary:
    row = (
        await session.execute(
            select(IntroductionRequest).where(
                IntroductionRequest.public_id == request_id, IntroductionRequest.group_id == group.id
            )
        )
    ).scalar_one_or_none()
    if row is None or row.status != RequestStatus.open:
        raise NotFound("This request is no longer open: someone may have answered it already.")
    by_account = {person.account_id: person for person in members.values()}
    requester = by_account.get(row.requester_account_id)
    if requester is None:
        raise NotFound("The member who asked is no longer active in the group.")
    target = by_account.get(row.target_account_id) if row.target_account_id else None
    return RequestSummary(row.public_id, requester, target, row.description)


# --- rounds ---------------------------------------------------------------------------------------


@dataclass
class PreviewPair(Explained):
    person_a: Person
    person_b: Person
    score: float
    reason_a: str  # what person_a would read
    reason_b: str


@dataclass
class Unpaired:
    person: Person
    why: str


@dataclass
class ProposedInRound:
    id: uuid.UUID
    person_a: Person
    person_b: Person
    status: str


@dataclass
class RoundPreview:
    view: rounds.RoundView
    pairs: list[PreviewPair]
    unpaired: list[Unpaired]
    proposed: list[ProposedInRound]

    @property
    def confirmed(self) -> bool:
        return self.view.round.confirmed_at is not None


async def round_preview(session: AsyncSession, actor: Account, round_id: uuid.UUID) -> RoundPreview:
    """A planned round with headlines, and why each member without a pair has none."""
    view = await rounds.view(session, actor, round_id)
    scene = await load_scene(session, view.group)
    proposed_rows = (
        (
            await session.execute(
                select(Introduction.public_id, Introduction.person_a_id, Introduction.person_b_id, Introduction.status)
                .where(Introduction.round_id == view.round.id)
                .order_by(Introduction.id)
            )
        ).all()
        if view.round.confirmed_at is not None
        else []
    )
    known = await people(
        session,
        [p.person_a.id for p in view.pairs]
        + [p.person_b.id for p in view.pairs]
        + [a.id for a in view.unpaired]
        + [r.person_a_id for r in proposed_rows]
        + [r.person_b_id for r in proposed_rows],
    )
    return RoundPreview(
        view,
        [
            PreviewPair(
                kinds=p.kinds,
                notes=p.notes,
                person_a=known[p.person_a.id],
                person_b=known[p.person_b.id],
                score=p.score,
                reason_a=p.reason_a,
                reason_b=p.reason_b,
            )
            for p in view.pairs
        ],
        [Unpaired(known[account.id], _why_unpaired(scene, account.id)) for account in view.unpaired],
        [
            ProposedInRound(row.public_id, known[row.person_a_id], known[row.person_b_id], row.status.value)
            for row in proposed_rows
        ],
    )


def _why_unpaired(scene: Scene, account_id: int) -> str:
    if account_id in scene.rules.paused:
        return "Paused introductions for now."
    if scene.rules.room(account_id) == 0:
        return (
            f"Already has {_plural(scene.rules.open_proposals.get(account_id, 0), 'open proposal')} "
            f"(the most anyone gets at once is {scene.rules.max_open})."
        )
    person = scene.people.get(account_id)
    if person is None:
        return "No longer an active member."
    if is_empty(person):
        return "Profile is empty: there is nothing to match on yet."
    if not scene.suggestions(person, 1):
        return "No match yet: nothing in their profile connects with anyone who is still free to meet them."
    return "Their possible matches already have as many introductions in this round as they can take."


async def confirm_round(
    session: AsyncSession, actor: Account, round_id: uuid.UUID, keep: list[rounds.KeptPair] | None
) -> tuple[RoundPreview, list[str]]:
    """Proposes the kept pairs of a round (all of them, with the engine's words, when `keep` is
    None); the round as it now stands, and why pairs were skipped."""
    confirmed = await rounds.confirm(session, actor, round_id, keep)
    return await round_preview(session, actor, round_id), confirmed.skipped


# --- the group's introductions and the do-not-pair list ----------------------------------------------


@dataclass
class IntroductionsOverview:
    page: introductions.IntroductionPage
    do_not_pair: list[introductions.DoNotPairView]
    open_requests: int


async def introductions_overview(
    session: AsyncSession, actor: Account, group: Group, status: str | None, page: PageParams
) -> IntroductionsOverview:
    """The group's introductions (one status, a page at a time), its do-not-pair list, and how many
    members are waiting for an introduction they asked for."""
    listing = await introductions.group_introductions(session, actor, group, status=status, page=page)
    waiting = (
        await session.execute(
            select(func.count())
            .select_from(IntroductionRequest)
            .where(IntroductionRequest.group_id == group.id, IntroductionRequest.status == RequestStatus.open)
        )
    ).scalar_one()
    return IntroductionsOverview(listing, await introductions.list_do_not_pair(session, actor, group), waiting)


async def members_to_choose(session: AsyncSession, actor: Account, group: Group) -> list[Person]:
    """The group's active members, in the directory's order: the choices of the forms that propose
    an introduction or keep two people apart (facilitators)."""
    await require_facilitator(session, actor, group)
    rows = await session.execute(
        select(Account.id, Account.public_id, Account.display_name, Profile.headline)
        .join(Membership, Membership.account_id == Account.id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active)
        .order_by(Membership.sort_key, Account.id)  # the directory's order, read off its index
    )
    return [Person(row.id, row.public_id, row.display_name, row.headline or "") for row in rows.all()]
