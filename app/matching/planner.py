"""Who may be paired, and plans: one member's best suggestions, and introduction rounds for a
whole group. Pure code over the engine's snapshots and scores: no database, no clock."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.matching.engine import (
    NEWCOMER_DAYS,
    CandidateIndex,
    Snapshot,
    Suggestion,
    Vocabulary,
    acquaintance,
    pair_score,
    score_pair,
)

Pair = tuple[int, int]  # (smaller id, larger id)


# --- who may be paired --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """Pairs that must not be proposed, people who paused introductions, and each person's room.

    For rounds also who sits them out: `excluded` (the facilitators, unless the group says
    otherwise) and `owing`, members who owe an answer to a proposal for too long (a round would
    only add to what they owe; one member's suggestions still show them); who was the odd one out
    last round (they choose first this time); and `rotation`, which changes who wins among equals
    from round to round (say, the number of rounds the group has planned)."""

    blocked_pairs: frozenset[frozenset[int]] = frozenset()
    paused: frozenset[int] = frozenset()
    open_proposals: Mapping[int, int] = field(default_factory=dict)
    max_open: int = 3
    excluded: frozenset[int] = frozenset()
    owing: frozenset[int] = frozenset()
    previous_odd_one_out: frozenset[int] = frozenset()
    rotation: int = 0

    def room(self, person_id: int) -> int:
        return 0 if person_id in self.paused else max(self.max_open - self.open_proposals.get(person_id, 0), 0)

    def allows(self, a: int, b: int) -> bool:
        return a != b and frozenset((a, b)) not in self.blocked_pairs and self.room(a) > 0 and self.room(b) > 0

    def in_rounds(self, person_id: int) -> bool:
        return self.room(person_id) > 0 and person_id not in self.excluded and person_id not in self.owing

    def allows_in_round(self, a: int, b: int) -> bool:
        return self.allows(a, b) and self.in_rounds(a) and self.in_rounds(b)


# --- one member's suggestions -------------------------------------------------------------------


def suggestions_for(
    person: Snapshot,
    index: CandidateIndex,
    rules: Rules,
    now: datetime,
    limit: int = 10,
    candidates: int = 200,
    vocabulary: Vocabulary | None = None,
) -> list[Suggestion]:
    """The best people for `person` to meet, best first (ties broken by id, so always the same).
    Every candidate is scored; only the `limit` shown have their reasons written."""
    ranked = []
    for other_id in index.candidates(person, candidates):
        if not rules.allows(person.person_id, other_id) and not _only_room_is_missing(
            rules, person.person_id, other_id
        ):
            continue
        score = pair_score(person, index.people[other_id], now, vocabulary)
        if score is not None:
            ranked.append((-score, other_id))
    ranked.sort()
    found = [score_pair(person, index.people[other_id], now, vocabulary) for _, other_id in ranked[:limit]]
    return [suggestion for suggestion in found if suggestion is not None]


def _only_room_is_missing(rules: Rules, a: int, b: int) -> bool:
    """Suggestions for one member still show people who are busy right now (the facilitator sees
    the penalty in the score); paused people and blocked pairs never show."""
    return a != b and frozenset((a, b)) not in rules.blocked_pairs and a not in rules.paused and b not in rules.paused


# --- rounds -------------------------------------------------------------------------------------

# A newcomer without a connection may get this many proposals in their first days, whatever k is.
FIRST_DAYS = 14
FIRST_DAYS_PROPOSALS = 2
QUIET_DAYS = 60
# Need multiplies the weight of a person's pairs. Added to the score it would change nothing: a
# matching that gives everyone one pair collects everyone's boost once, whoever their partner is.
NEWCOMER_NEED = 1.0
UNCONNECTED_NEED = 0.6
QUIET_NEED = 0.3
# Open proposals can push a real pair's score below zero; it must still weigh more than no pair.
MIN_WEIGHT = 0.1
# Scoring is most of a round's cost. The index lists the strongest kinds of link first, so a few
# real pairs per person hold the ones a matching picks; people on very many lists (everyone who
# landed is a candidate for every seeker) can take only k pairs, so past a point they get no more.
CANDIDATES_PER_PERSON = 16
CANDIDATE_SURPLUS = 2
# Improving moves stop when none helps, in practice after two or three passes.
IMPROVING_PASSES = 4
EPSILON = 1e-9


@dataclass(frozen=True)
class RoundPlan:
    """A round's pairs, best first, and its odd one out: who was left over when everyone they may
    meet already had their k, and was introduced anyway to someone who then has one more than k.
    Passed back as `Rules.previous_odd_one_out` next round, they choose first, so that it is someone
    else's turn. (Several are left over only if they may not meet one another; all of them get an
    introduction, and the neediest is named here.)"""

    pairs: list[Suggestion]
    odd_one_out: int | None


def plan_round(
    people: Iterable[Snapshot], rules: Rules, now: datetime, k: int = 1, *, vocabulary: Vocabulary | None = None
) -> RoundPlan:
    """Introductions for a whole group. Everyone who takes part (`Rules.in_rounds`) gets at most k,
    a newcomer without a connection up to two in their first days, never more than their room
    under the open-proposal cap; and nobody who may meet someone is left out.

    1. The previous round's odd ones out choose first: each takes their best partner.
    2. Real pairs (score_pair finds something) of high total weight, the weight being the score
       scaled by both people's need, so that the neediest get the best partners (`match_by_weight`).
    3. Anyone still under their limit meets someone else who is, while two such people may meet:
       through something real among themselves if there is anything, else as fellow members
       (`acquaintance`).
    4. Whoever still has no introduction although they may meet someone (who all had their k) meets
       the best of them, who goes one over: the odd ones out.

    Need decides who goes first and breaks ties: newcomers, fewer connections, a longer wait; among
    equals `Rules.rotation` reshuffles, so that the same people do not always win. The same input
    always gives the same plan.
    """
    planned = _Round(CandidateIndex(people, vocabulary), rules, now, k, vocabulary)
    planned.score_candidates(planned.index)
    planned.previous_odd_ones_first()
    planned.match()
    planned.complete()
    odd_ones_out = planned.introduce_the_left_over()
    pairs = sorted(planned.chosen.values(), key=lambda s: (-s.score, *planned.ranks((s.person_a_id, s.person_b_id))))
    return RoundPlan(pairs, odd_ones_out[0] if odd_ones_out else None)


def _need(person: Snapshot, now: datetime) -> float:
    """How much `person` needs an introduction now, from 0 (well connected, recently introduced)."""
    if person.connections == 0:
        newcomer = person.joined_at is not None and (now - person.joined_at).days <= NEWCOMER_DAYS
        value = NEWCOMER_NEED if newcomer else UNCONNECTED_NEED
    else:
        value = UNCONNECTED_NEED / (1 + person.connections)
    return value + (QUIET_NEED if _days_waiting(person, now) > QUIET_DAYS else 0.0)


def _days_waiting(person: Snapshot, now: datetime) -> int:
    since = person.last_introduced_at or person.joined_at
    return (now - since).days if since else 0


def _capacity(person: Snapshot, rules: Rules, now: datetime, k: int) -> int:
    limit = k
    if person.connections == 0 and person.joined_at is not None and (now - person.joined_at).days <= FIRST_DAYS:
        limit = max(k, FIRST_DAYS_PROPOSALS - person.introductions)
    return min(limit, rules.room(person.person_id))


def _tie_breaker(person_id: int, rotation: int) -> bytes:
    """A stable shuffle that changes with `rotation`: equals take turns, where sorting by id would
    let the oldest accounts win every time."""
    return hashlib.blake2b(f"{rotation}:{person_id}".encode(), digest_size=8).digest()


def _key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def match_by_weight(weights: Mapping[Pair, float], capacity: Mapping[int, int], rank: Mapping[int, int]) -> set[Pair]:
    """Pairs of high total weight in which nobody has more than their capacity, and no pair is
    left out whose two people both still have room. Greedy, heaviest pair first (equal weights:
    the neediest by `rank`, 0 first), then improving moves while any raises the total. Within a
    few percent of the exact maximum (tests/matching/test_planner.py, benchmarks/rounds.py) at a
    small part of its cost: an exact matching grows with the cube of the group, this with its pairs.
    """
    matching = _Matching(weights, capacity, rank)
    matching.add_greedily()
    for _ in range(IMPROVING_PASSES):
        if not matching.improve():
            break
        matching.add_greedily()
    return matching.chosen


class _Matching:
    """A matching being built: everyone's partners, the room they have left, and the weight of
    their lightest pair once they are full (what they would give up for a heavier one)."""

    def __init__(self, weights: Mapping[Pair, float], capacity: Mapping[int, int], rank: Mapping[int, int]) -> None:
        self.weights = weights
        self.order = sorted(
            weights,
            key=lambda pair: (-weights[pair], min(rank[pair[0]], rank[pair[1]]), max(rank[pair[0]], rank[pair[1]])),
        )
        self.neighbours: dict[int, list[int]] = {}
        for a, b in self.order:  # so that everyone's neighbours are heaviest first
            self.neighbours.setdefault(a, []).append(b)
            self.neighbours.setdefault(b, []).append(a)
        self.room = {person: capacity[person] for person in self.neighbours}
        self.partners: dict[int, set[int]] = {person: set() for person in self.neighbours}
        self.lightest: dict[int, float] = {}
        self.chosen: set[Pair] = set()
        self._changed(*self.neighbours)

    def _changed(self, *people: int) -> None:
        for person in people:
            # Someone without any capacity has nothing to give up, so never takes a pair.
            self.lightest[person] = (
                0.0
                if self.room[person] > 0
                else min((self.weights[_key(person, other)] for other in self.partners[person]), default=math.inf)
            )

    def add(self, a: int, b: int) -> None:
        self.chosen.add(_key(a, b))
        self.partners[a].add(b)
        self.partners[b].add(a)
        self.room[a] -= 1
        self.room[b] -= 1
        self._changed(a, b)

    def remove(self, a: int, b: int) -> None:
        self.chosen.remove(_key(a, b))
        self.partners[a].remove(b)
        self.partners[b].remove(a)
        self.room[a] += 1
        self.room[b] += 1
        self._changed(a, b)

    def add_greedily(self) -> None:
        for a, b in self.order:
            if self.room[a] > 0 and self.room[b] > 0 and (a, b) not in self.chosen:
                self.add(a, b)

    def improve(self) -> bool:
        """One pass of moves that each raise the total weight (so that passes end); whether any did."""
        improved = False
        for a, b in self.order:
            # A pair heavier than the lightest pairs it displaces (only the full give one up).
            if (a, b) not in self.chosen and self.weights[(a, b)] > self.lightest[a] + self.lightest[b] + EPSILON:
                for person in (a, b):
                    if self.room[person] == 0:
                        self.remove(
                            person,
                            min(self.partners[person], key=lambda other: (self.weights[_key(person, other)], other)),
                        )
                self.add(a, b)
                improved = True
        for person in self.neighbours:
            if self.room[person] > 0 and self._take_a_slot(person):
                improved = True
            if self._swap_partners(person):
                improved = True
        return improved

    def _swap_partners(self, person: int) -> bool:
        """Two pairs trade partners, person-partner and other-theirs becoming person-other and
        partner-theirs, when that weighs more."""
        weights, partners = self.weights, self.partners
        for partner in list(partners[person]):
            kept = weights[_key(person, partner)]
            partners_best = weights[_key(partner, self.neighbours[partner][0])]
            for other in self.neighbours[person]:
                gained = weights[_key(person, other)]
                if gained + partners_best <= kept + EPSILON:
                    break  # neighbours come heaviest first: no later one can make up for the pair given up
                if other == partner or other in partners[person]:
                    continue
                for theirs in partners[other]:
                    swapped = _key(partner, theirs)
                    if (
                        theirs != person
                        and swapped in weights
                        and theirs not in partners[partner]
                        and gained + weights[swapped] > kept + weights[_key(other, theirs)] + EPSILON
                    ):
                        self.remove(person, partner)
                        self.remove(other, theirs)
                        self.add(person, other)
                        self.add(partner, theirs)
                        return True
        return False

    def _take_a_slot(self, person: int) -> bool:
        """`person` has room: they take a full neighbour's pair when the partner it displaces moves
        on to someone else with room and the total weight rises."""
        best: tuple[float, int, int, int] | None = None
        for other in self.neighbours[person]:
            if self.room[other] > 0 or other in self.partners[person]:
                continue
            for displaced in self.partners[other]:
                # Neighbours are heaviest first: the first with room is the displaced one's best.
                successor = next(
                    (
                        candidate
                        for candidate in self.neighbours[displaced]
                        if self.room[candidate] > 0
                        and candidate != person
                        and candidate not in self.partners[displaced]
                    ),
                    None,
                )
                if successor is None:
                    continue
                gain = (
                    self.weights[_key(person, other)]
                    + self.weights[_key(displaced, successor)]
                    - self.weights[_key(other, displaced)]
                )
                if gain > EPSILON and (best is None or gain > best[0]):
                    best = (gain, other, displaced, successor)
        if best is None:
            return False
        _, other, displaced, successor = best
        self.remove(other, displaced)
        self.add(person, other)
        self.add(displaced, successor)
        return True


class _Round:
    """One round being planned: who takes part, in order of need, and their limits; the pairs
    scored so far (each pair once) and the pairs chosen."""

    def __init__(
        self, index: CandidateIndex, rules: Rules, now: datetime, k: int, vocabulary: Vocabulary | None
    ) -> None:
        self.index, self.rules, self.now, self.vocabulary = index, rules, now, vocabulary
        capacity = {
            person_id: _capacity(person, rules, now, k)
            for person_id, person in index.people.items()
            if rules.in_rounds(person_id)
        }
        self.capacity = {person_id: limit for person_id, limit in capacity.items() if limit > 0}
        self.need = {person_id: _need(index.people[person_id], now) for person_id in self.capacity}
        self.order = sorted(
            self.capacity,
            key=lambda person_id: (  # the neediest first
                person_id not in rules.previous_odd_one_out,
                -self.need[person_id],
                index.people[person_id].connections,
                -_days_waiting(index.people[person_id], now),
                _tie_breaker(person_id, rules.rotation),
            ),
        )
        self.rank = {person_id: position for position, person_id in enumerate(self.order)}
        self.used = dict.fromkeys(self.order, 0)
        # Looked up for every pair considered: the few people each may not meet.
        self.blocked: dict[int, set[int]] = {}
        for pair in rules.blocked_pairs:
            if len(pair) == 2 and all(person_id in self.rank for person_id in pair):
                a, b = pair
                self.blocked.setdefault(a, set()).add(b)
                self.blocked.setdefault(b, set()).add(a)
        self.scored: set[Pair] = set()
        self.real: dict[Pair, Suggestion] = {}  # the scored pairs that have something in common
        self.real_partners: dict[int, set[int]] = {person_id: set() for person_id in self.order}
        self.chosen: dict[Pair, Suggestion] = {}

    def ranks(self, pair: Pair) -> tuple[int, int]:
        first, second = self.rank[pair[0]], self.rank[pair[1]]
        return (first, second) if first < second else (second, first)

    def may_pair(self, a: int, b: int) -> bool:
        """`Rules.allows_in_round`, for people who take part, and not chosen yet."""
        return (
            a != b
            and a in self.rank
            and b in self.rank
            and b not in self.blocked.get(a, ())
            and _key(a, b) not in self.chosen
        )

    def has_room(self, person_id: int) -> bool:
        return self.used[person_id] < self.capacity[person_id]

    def score(self, a: int, b: int) -> Suggestion | None:
        pair = _key(a, b)
        if pair not in self.scored:
            self.scored.add(pair)
            suggestion = score_pair(self.index.people[a], self.index.people[b], self.now, self.vocabulary)
            if suggestion is not None:
                self.real[pair] = suggestion
                self.real_partners[a].add(b)
                self.real_partners[b].add(a)
        return self.real.get(pair)

    def weight(self, pair: Pair) -> float:
        return max(self.real[pair].score, MIN_WEIGHT) * (1 + self.need[pair[0]] + self.need[pair[1]])

    def choose(self, a: int, b: int, suggestion: Suggestion) -> None:
        self.chosen[_key(a, b)] = suggestion
        self.used[a] += 1
        self.used[b] += 1

    def introduce(self, a: int, b: int) -> None:
        """Through what they have in common, or as fellow members when there is nothing."""
        self.choose(a, b, self.score(a, b) or acquaintance(self.index.people[a], self.index.people[b], self.now))

    def score_candidates(self, index: CandidateIndex) -> None:
        """Scores pairs among `index`'s people, the neediest first, until each has
        CANDIDATES_PER_PERSON real ones to choose from where the index finds them; someone who
        already has plenty (CANDIDATE_SURPLUS times as many) is not scored with anyone else."""
        options: Counter[int] = Counter()
        considered: set[Pair] = set()
        for person_id in self.order:
            if person_id not in index.people:
                continue
            for other in index.candidates(index.people[person_id], CANDIDATES_PER_PERSON * CANDIDATE_SURPLUS):
                if options[person_id] >= CANDIDATES_PER_PERSON:
                    break
                pair = _key(person_id, other)
                if (
                    pair in considered
                    or not self.may_pair(person_id, other)
                    or options[other] >= CANDIDATES_PER_PERSON * CANDIDATE_SURPLUS
                ):
                    continue
                considered.add(pair)
                if self.score(person_id, other) is not None:
                    options[person_id] += 1
                    options[other] += 1

    def match(self) -> None:
        """The real pairs of most weight among people with room left."""
        weights = {
            pair: self.weight(pair)
            for pair in self.real
            if pair not in self.chosen and self.has_room(pair[0]) and self.has_room(pair[1])
        }
        room = {person_id: self.capacity[person_id] - used for person_id, used in self.used.items()}
        for a, b in match_by_weight(weights, room, self.rank):
            self.choose(a, b, self.real[(a, b)])

    def previous_odd_ones_first(self) -> None:
        """Last round's odd ones out (first in the order) take their best partner before anyone
        else chooses, so that this round someone else is left over, if anyone is."""
        for person_id in self.order:
            if person_id not in self.rules.previous_odd_one_out:
                break
            if self.has_room(person_id):
                self._introduce_to_best(person_id, self.has_room)

    def complete(self) -> None:
        """Pairs everyone still under their limit with someone else who is, while two such people
        may meet: first the real pairs among them (an index of them alone finds pairs that their
        candidates among everyone, mostly full by now, did not), then as fellow members."""
        free = [person_id for person_id in self.order if self.has_room(person_id)]
        self.score_candidates(CandidateIndex((self.index.people[person_id] for person_id in free), self.vocabulary))
        self.match()
        # In order of need, each meets the neediest who may meet them. Only the few a person may
        # not meet (blocked, already paired) are passed over: the full leave the queue at once.
        waiting = dict.fromkeys(person_id for person_id in free if self.has_room(person_id))
        while waiting:
            person_id = next(iter(waiting))
            other = next((other for other in waiting if self.may_pair(person_id, other)), None)
            if other is None:
                del waiting[person_id]
                continue
            self.introduce(person_id, other)
            for done in (person_id, other):
                if not self.has_room(done):
                    del waiting[done]

    def introduce_the_left_over(self) -> list[int]:
        """Everyone still without an introduction who may meet someone gets one, with their best
        partner who has room under the open-proposal cap and is not already one over their limit.
        Returns them, the neediest first: the odd ones out."""
        return [
            person_id
            for person_id in self.order
            if self.used[person_id] == 0 and self._introduce_to_best(person_id, self._can_take_one_more)
        ]

    def _can_take_one_more(self, person_id: int) -> bool:
        return self.used[person_id] <= self.capacity[person_id] and self.used[person_id] < self.rules.room(person_id)

    def _introduce_to_best(self, person_id: int, available: Callable[[int], bool]) -> bool:
        """Introduces `person_id` to the heaviest real partner who is `available`, else to the
        neediest who is; whether there was anyone."""
        real = [
            other for other in self.real_partners[person_id] if available(other) and self.may_pair(person_id, other)
        ]
        other = (
            max(real, key=lambda other: (self.weight(_key(person_id, other)), -self.rank[other]))
            if real
            else next((other for other in self.order if available(other) and self.may_pair(person_id, other)), None)
        )
        if other is None:
            return False
        self.introduce(person_id, other)
        return True
