"""The request queue: each open request next to the engine's suggestions for it.

A request for "someone who …" is ranked as if its words began the asker's own asks, so the
engine's usual signals find the people it describes; those its words alone point to come first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.groups.models import Group
from app.introductions import service as introductions
from app.introductions.models import IntroductionRequest
from app.matching import engine
from app.matching.engine import Snapshot
from app.matching.facilitation import Person, Suggested, load_scene, other_of, people, suggested
from app.matching.topics import Vocabulary

REQUEST_SUGGESTIONS = 5
REQUEST_CANDIDATES = 50  # ranked for a request, of whom the ones its words point to come first


@dataclass
class RequestWithSuggestions:
    request: IntroductionRequest
    requester: Person
    target: Person | None
    target_pair: Suggested | None
    suggestions: list[Suggested]

    @property
    def answered_by_someone(self) -> bool:
        return any(suggested.answers_request for suggested in self.suggestions)


def request_words(description: str, companies: Iterable[str]) -> str:
    """A request's words as the engine should read them.

    Members write companies short ("someone who worked at Acme") where profiles spell them in full
    ("Acme Health"): a company the group knows whose first word the request names is added, unless
    the request names another company with that first word exactly.
    """
    asked = engine.phrases(description)
    meaningful = {phrase for phrase in asked if " " not in phrase}
    known = sorted(set(companies))
    named_first_words = {company.split()[0] for company in known if company in asked}
    extra = [
        company
        for company in known
        if company not in asked and company.split()[0] in meaningful and company.split()[0] not in named_first_words
    ]
    return " ".join([description, *extra])


def with_description(person: Snapshot, description: str, companies: Iterable[str]) -> Snapshot:
    """`person` as if their asks began with the request's words, so the engine ranks people for it."""
    return replace(person, asks=" ".join(part for part in (request_words(description, companies), person.asks) if part))


def answers_request(
    person: Snapshot,
    description: str,
    companies: Iterable[str],
    other: Snapshot,
    now: datetime,
    vocabulary: Vocabulary | None = None,
) -> bool:
    """Whether the request's words alone connect `other` to the person who asked: someone only
    as a snapshot of those words, with no profile and no stage of their own."""
    words_only = Snapshot(person.person_id, person.name, stage="", asks=request_words(description, companies))
    return engine.score_pair(words_only, other, now, vocabulary) is not None


async def request_queue(
    session: AsyncSession, actor: Account, group: Group, limit: int = REQUEST_SUGGESTIONS
) -> list[RequestWithSuggestions]:
    """The group's open requests, oldest first, each with the engine's suggestions for it: for a
    request to meet someone in particular, that pair's reasons and others worth meeting; for
    "someone who …", the people the words point to first, ranked with the asker's whole profile."""
    requests = [view.request for view in await introductions.open_requests(session, actor, group)]
    if not requests:
        return []
    scene = await load_scene(session, group)
    companies = list(scene.index.worked_at)
    ranked: dict[int, tuple[engine.Suggestion | None, list[engine.Suggestion]]] = {}
    answering: set[tuple[int, int]] = set()
    for request in requests:
        requester = scene.people.get(request.requester_account_id)
        if requester is None:  # no longer active: listed, so that it can be closed, without suggestions
            ranked[request.id] = (None, [])
            continue
        target = scene.people.get(request.target_account_id) if request.target_account_id else None
        described = bool(request.description.strip())
        asking = with_description(requester, request.description, companies) if described else requester
        pair = engine.score_pair(asking, target, scene.now, scene.vocabulary) if target is not None else None
        found = [
            s
            for s in scene.suggestions(asking, REQUEST_CANDIDATES)
            if target is None or other_of(s, requester.person_id) != target.person_id
        ]
        if described and target is None:
            matching = [
                s
                for s in found
                if answers_request(
                    requester,
                    request.description,
                    companies,
                    scene.people[other_of(s, requester.person_id)],
                    scene.now,
                    scene.vocabulary,
                )
            ]
            answering.update((request.id, other_of(s, requester.person_id)) for s in matching)
            rest = [s for s in found if s not in matching]
            ranked[request.id] = (pair, matching[:limit] + rest[: max(limit - len(matching), 0)])
        else:
            ranked[request.id] = (pair, found[:limit])
    known = await people(
        session,
        [r.requester_account_id for r in requests]
        + [r.target_account_id for r in requests if r.target_account_id]
        + [other_of(s, r.requester_account_id) for r in requests for s in ranked[r.id][1]],
    )
    result = []
    for request in requests:
        pair, others = ranked[request.id]
        target_person = known.get(request.target_account_id) if request.target_account_id else None
        result.append(
            RequestWithSuggestions(
                request,
                known[request.requester_account_id],
                target_person,
                suggested(pair, request.requester_account_id, target_person) if target_person and pair else None,
                [
                    suggested(
                        s,
                        request.requester_account_id,
                        known[other_of(s, request.requester_account_id)],
                        answers_request=(request.id, other_of(s, request.requester_account_id)) in answering,
                    )
                    for s in others
                ],
            )
        )
    return result
