"""Who may be paired, and plans: one member's best suggestions, and introduction rounds for a
whole group. Pure code over the engine's snapshots and scores: no database, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.matching.engine import CandidateIndex, Snapshot, Suggestion, score_pair


# --- who may be paired --------------------------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    """Pairs that must not be proposed, people who paused introductions, and each person's room."""

    blocked_pairs: frozenset[frozenset[int]] = frozenset()
    paused: frozenset[int] = frozenset()
    open_proposals: Mapping[int, int] = field(default_factory=dict)
    max_open: int = 3

    def room(self, person_id: int) -> int:
        return 0 if person_id in self.paused else max(self.max_open - self.open_proposals.get(person_id, 0), 0)

    def allows(self, a: int, b: int) -> bool:
        return a != b and frozenset((a, b)) not in self.blocked_pairs and self.room(a) > 0 and self.room(b) > 0


# --- suggestions and rounds ---------------------------------------------------------------------

def suggestions_for(person: Snapshot, index: CandidateIndex, rules: Rules, now: datetime,
                    limit: int = 10, candidates: int = 200) -> list[Suggestion]:
    """The best people for `person` to meet, best first (ties broken by id, so always the same)."""
    found = []
    for other_id in index.candidates(person, candidates):
        if not rules.allows(person.person_id, other_id) and not _only_room_is_missing(rules, person.person_id, other_id):
            continue
        suggestion = score_pair(person, index.people[other_id], now)
        if suggestion is not None:
            found.append(suggestion)
    found.sort(key=lambda s: (-s.score, s.person_a_id + s.person_b_id - person.person_id))
    return found[:limit]


def _only_room_is_missing(rules: Rules, a: int, b: int) -> bool:
    """Suggestions for one member still show people who are busy right now (the facilitator sees
    the penalty in the score); paused people and blocked pairs never show."""
    return (a != b and frozenset((a, b)) not in rules.blocked_pairs
            and a not in rules.paused and b not in rules.paused)


def plan_round(people: Iterable[Snapshot], rules: Rules, now: datetime, k: int = 1,
               candidates_per_person: int = 12) -> list[Suggestion]:
    """Introductions for a whole group: each person gets at most k (and never more than their room
    under the open-proposal cap), the total score is as high as the matching allows, and nobody who
    could still be paired with someone is left out.

    Maximum-weight matchings among maximum-cardinality ones (rustworkx), one per round of k; then
    any two people both still under their limit who could meet are paired, best first.
    """
    import rustworkx

    index = CandidateIndex(people)
    capacity = {pid: min(k, rules.room(pid)) for pid in index.people}
    edges: dict[tuple[int, int], Suggestion] = {}
    for pid in sorted(index.people):
        if capacity[pid] <= 0:
            continue
        scored = []
        for other in index.candidates(index.people[pid], candidates_per_person * 3):
            pair = (min(pid, other), max(pid, other))
            if pair in edges or capacity.get(other, 0) <= 0 or not rules.allows(pid, other):
                continue
            suggestion = score_pair(index.people[pid], index.people[other], now)
            if suggestion is not None:
                scored.append(suggestion)
        scored.sort(key=lambda s: (-s.score, s.person_a_id, s.person_b_id))
        for suggestion in scored[:candidates_per_person]:
            edges[(suggestion.person_a_id, suggestion.person_b_id)] = suggestion

    chosen: dict[tuple[int, int], Suggestion] = {}
    used = dict.fromkeys(index.people, 0)
    nodes = sorted(index.people)
    for _ in range(k):
        graph = rustworkx.PyGraph()
        position = {pid: graph.add_node(pid) for pid in nodes}
        for pair in sorted(edges):
            a, b = pair
            if pair not in chosen and used[a] < capacity[a] and used[b] < capacity[b]:
                # Integer weights, all positive: a busy pair can score below zero and must still be
                # pairable. The shift is the same for every edge of a matching of most pairs, so it
                # changes nothing about which such matching scores highest.
                graph.add_edge(position[a], position[b], int(round(edges[pair].score * 1000)) + 1_000_000)
        if graph.num_edges() == 0:
            break
        matching = rustworkx.max_weight_matching(graph, max_cardinality=True, weight_fn=lambda weight: weight)
        for left, right in matching:
            a, b = sorted((graph[left], graph[right]))
            chosen[(a, b)] = edges[(a, b)]
            used[a] += 1
            used[b] += 1
    for pair, suggestion in sorted(edges.items(), key=lambda item: (-item[1].score, item[0])):
        a, b = pair
        if pair not in chosen and used[a] < capacity[a] and used[b] < capacity[b]:
            chosen[pair] = suggestion
            used[a] += 1
            used[b] += 1
    return sorted(chosen.values(), key=lambda s: (-s.score, s.person_a_id, s.person_b_id))
