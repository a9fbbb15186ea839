"""The round planner's promises on hand-built groups: who sits rounds out, odd numbers, newcomers,
need and turns, and how close its fast matching comes to the exact one.

Most tests replace score_pair with a table (`scores`), so that they hold whatever the engine's
scoring becomes; the comparisons with the exact matching use the real engine on generated groups.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import rustworkx

from app.matching import planner
from app.matching.engine import CandidateIndex, PastJob, Snapshot, Suggestion, acquaintance, score_pair
from app.matching.planner import RoundPlan, Rules, match_by_weight, plan_round, suggestions_for

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=400)
RECENTLY = NOW - timedelta(days=10)

Scores = Callable[[Mapping[tuple[int, int], float]], None]


def person(pid: int, **fields: object) -> Snapshot:
    """A member who has been around: connected, introduced not long ago; all share a target role,
    so that the candidate index lists everyone for everyone in a small group."""
    defaults: dict[str, object] = {
        "joined_at": LONG_AGO,
        "introductions": 3,
        "connections": 3,
        "last_introduced_at": RECENTLY,
        "target_roles": frozenset({"hrbp"}),
    }
    return Snapshot(pid, f"Person {pid}", **{**defaults, **fields})  # type: ignore[arg-type]


def newcomer(pid: int, days: int = 3, **fields: object) -> Snapshot:
    return person(
        pid,
        **{
            "joined_at": NOW - timedelta(days=days),
            "introductions": 0,
            "connections": 0,
            "last_introduced_at": None,
            **fields,
        },
    )


@pytest.fixture
def scores(monkeypatch: pytest.MonkeyPatch) -> Scores:
    """Replaces score_pair with a table of pair scores (pairs not in it have nothing in common)."""

    def use(table: Mapping[tuple[int, int], float]) -> None:
        def fake_score_pair(a: Snapshot, b: Snapshot, now: datetime, vocabulary: object = None) -> Suggestion | None:
            score = table.get((min(a.person_id, b.person_id), max(a.person_id, b.person_id)))
            if score is None or a.person_id == b.person_id:
                return None
            return replace(acquaintance(a, b, now), score=score)

        monkeypatch.setattr(planner, "score_pair", fake_score_pair)

    return use


def pairs_of(plan: RoundPlan) -> set[tuple[int, int]]:
    return {(pair.person_a_id, pair.person_b_id) for pair in plan.pairs}


def count(plan: RoundPlan, person_id: int) -> int:
    return sum(person_id in pair for pair in pairs_of(plan))


# --- who takes part -------------------------------------------------------------------------------


def test_facilitators_and_members_who_owe_an_answer_sit_rounds_out(scores: Scores) -> None:
    scores({(1, 2): 5.0, (1, 3): 4.0, (2, 3): 1.0, (3, 4): 1.0, (2, 4): 1.0})
    people = [person(pid) for pid in (1, 2, 3, 4)]
    plan = plan_round(people, Rules(excluded=frozenset({1}), owing=frozenset({2})), NOW)
    assert pairs_of(plan) == {(3, 4)}
    # One member's suggestions still show someone who owes an answer: the facilitator decides.
    found = suggestions_for(people[0], CandidateIndex(people), Rules(owing=frozenset({2})), NOW)
    assert (found[0].person_a_id, found[0].person_b_id) == (1, 2)


def test_pairs_whose_proposal_ended_are_never_proposed_again(scores: Scores) -> None:
    scores({(1, 2): 9.0, (3, 4): 9.0, (1, 3): 1.0, (2, 4): 1.0})
    blocked = frozenset({frozenset((1, 2)), frozenset((3, 4))})  # expired, declined or withdrawn
    plan = plan_round([person(pid) for pid in (1, 2, 3, 4)], Rules(blocked_pairs=blocked), NOW)
    assert pairs_of(plan) == {(1, 3), (2, 4)}


def test_the_best_pairs_are_chosen_and_nobody_who_could_meet_someone_is_left_out(scores: Scores) -> None:
    scores({(1, 2): 8.0, (1, 3): 3.0, (2, 4): 3.0, (3, 4): 1.0, (4, 5): 1.0})
    plan = plan_round(
        [person(pid) for pid in (1, 2, 3, 4, 5, 6)],
        Rules(blocked_pairs=frozenset({frozenset((6, other)) for other in (1, 2, 3, 4, 5)})),
        NOW,
    )
    # The heaviest total: 1-2 with 3-4 (9) beats 1-3 with 2-4 (6). Five may meet: 5 is the odd one
    # out; 6 may meet nobody.
    assert {(1, 2), (3, 4)} <= pairs_of(plan)
    assert plan.odd_one_out == 5 and count(plan, 5) == 1 and count(plan, 6) == 0


def test_people_with_nothing_in_common_meet_as_fellow_members(scores: Scores) -> None:
    scores({})
    plan = plan_round([person(1), person(2)], Rules(), NOW)
    assert pairs_of(plan) == {(1, 2)}
    assert plan.pairs[0].reasons  # the engine's true but unspecific reason


# --- odd numbers ----------------------------------------------------------------------------------


def test_an_odd_number_leaves_nobody_out(scores: Scores) -> None:
    scores({(1, 2): 5.0, (1, 3): 2.0, (2, 3): 1.0})
    plan = plan_round([person(pid) for pid in (1, 2, 3)], Rules(), NOW, k=1)
    assert pairs_of(plan) == {(1, 2), (1, 3)}  # 3 meets their best partner, who has one more than k
    assert plan.odd_one_out == 3


def test_nobody_goes_over_their_open_proposal_cap_for_the_odd_one_out(scores: Scores) -> None:
    scores({(1, 2): 5.0, (1, 3): 2.0, (2, 3): 1.0})
    plan = plan_round([person(pid) for pid in (1, 2, 3)], Rules(open_proposals={1: 2}, max_open=3), NOW, k=1)
    assert pairs_of(plan) == {(1, 2), (2, 3)}  # 1 has room for one only: 3 meets 2 instead


def test_the_same_newcomer_is_not_the_odd_one_out_twice_in_a_row(scores: Scores) -> None:
    scores({(1, 2): 5.0})  # the newcomer's empty profile matches nobody
    people = [person(1), person(2), newcomer(3, days=20)]
    first = plan_round(people, Rules(), NOW)
    assert first.odd_one_out == 3
    second = plan_round(people, Rules(previous_odd_one_out=frozenset({3})), NOW)
    assert count(second, 3) == 1 and second.odd_one_out not in (3, None)


# --- newcomers, need and turns --------------------------------------------------------------------


def test_a_newcomer_without_a_connection_gets_two_introductions_in_the_first_two_weeks(scores: Scores) -> None:
    table = {(1, 2): 3.0, (1, 3): 3.0, (2, 4): 2.0, (3, 5): 2.0, (4, 5): 1.0}
    scores(table)
    helpers, peers = [person(2), person(3)], [person(4), person(5)]
    assert count(plan_round([newcomer(1, days=3), *helpers, *peers], Rules(), NOW, k=1), 1) == 2
    assert count(plan_round([newcomer(1, days=15), *helpers, *peers], Rules(), NOW, k=1), 1) == 1
    # One proposal already made: one more this round.
    assert count(plan_round([newcomer(1, days=3, introductions=1), *helpers, *peers], Rules(), NOW, k=1), 1) == 1
    # Never past the open-proposal cap.
    assert count(plan_round([newcomer(1, days=3), *helpers, *peers], Rules(open_proposals={1: 2}), NOW, k=1), 1) == 1


def test_need_decides_who_gets_the_best_partners(scores: Scores, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forty members: ten who landed and can help; ten newcomers and twenty well-connected members
    who are searching. The helpers are a slightly better match for the veterans, but the newcomers
    need them more: with need they get them; with the need boosts set to zero they would not."""
    helpers = [person(pid, stage="landed", target_roles=frozenset()) for pid in range(1, 11)]
    newcomers = [newcomer(pid, target_roles=frozenset()) for pid in range(11, 21)]
    veterans = [person(pid, target_roles=frozenset()) for pid in range(21, 41)]
    table = {(h.person_id, other.person_id): 3.0 for h in helpers for other in veterans}
    table |= {(h.person_id, other.person_id): 2.0 for h in helpers for other in newcomers}
    scores(table)
    people = [*helpers, *newcomers, *veterans]
    with_need = pairs_of(plan_round(people, Rules(), NOW, k=1))
    for name in ("NEWCOMER_NEED", "UNCONNECTED_NEED", "QUIET_NEED"):
        monkeypatch.setattr(planner, name, 0.0)
    without_need = pairs_of(plan_round(people, Rules(), NOW, k=1))
    helped = {(h.person_id, n.person_id) for h in helpers for n in newcomers}
    assert len(with_need & helped) == 10  # every newcomer meets someone who landed
    assert not without_need & helped


def test_need_breaks_ties(scores: Scores) -> None:
    scores({(1, 2): 1.0, (1, 3): 1.0, (2, 3): 1.0})
    for rotation in range(5):
        plan = plan_round([person(1), person(2), newcomer(3)], Rules(rotation=rotation), NOW)
        assert plan.odd_one_out != 3  # equal scores: the newcomer is never the one left over


def test_equals_take_turns_instead_of_the_oldest_account_winning(scores: Scores) -> None:
    scores({(1, 2): 1.0, (1, 3): 1.0, (2, 3): 1.0})
    people = [person(1), person(2), person(3)]
    odd = [plan_round(people, Rules(rotation=rotation), NOW).odd_one_out for rotation in range(12)]
    assert set(odd) == {1, 2, 3}
    assert plan_round(people, Rules(rotation=7), NOW) == plan_round(people[::-1], Rules(rotation=7), NOW)


# --- the fast matching against the exact one -----------------------------------------------------

COMPANIES = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell"]
SKILLS = ["workday", "payroll", "sql", "recruiting", "python", "excel", "benefits", "coaching"]
ROLES = ["hrbp", "analyst", "recruiter", "controller", "engineer"]
STAGES = ["exploring", "searching", "searching", "interviewing", "interviewing", "offer", "landed", "alumni"]


def generated_group(size: int, seed: int) -> list[Snapshot]:
    rng = random.Random(seed)
    people = []
    for pid in range(1, size + 1):
        start = rng.randint(2000, 2020)
        people.append(
            Snapshot(
                pid,
                f"Person {pid}",
                stage=rng.choice(STAGES),
                joined_at=NOW - timedelta(days=rng.randint(0, 700)),
                target_roles=frozenset(rng.sample(ROLES, 1)),
                industries=frozenset(),
                skills=frozenset(rng.sample(SKILLS, 2)),
                target_companies=frozenset(rng.sample(COMPANIES, 2)),
                past_jobs=(PastJob(company := rng.choice(COMPANIES), company.title(), start, start + 3),),
                asks=f"Someone who knows {rng.choice(SKILLS)}",
                connections=rng.randint(0, 3),
                introductions=rng.randint(0, 3),
            )
        )
    return people


def exact_matching(
    weights: Mapping[tuple[int, int], float], capacity: Mapping[int, int], rank: Mapping[int, int]
) -> set[tuple[int, int]]:
    """The exact maximum-weight matching (rustworkx), again among those with room while a pair fits."""
    chosen: set[tuple[int, int]] = set()
    room = dict(capacity)
    while open_pairs := sorted(
        pair for pair in weights if pair not in chosen and room[pair[0]] > 0 and room[pair[1]] > 0
    ):
        graph = rustworkx.PyGraph()
        node = {pid: graph.add_node(pid) for pid in sorted({pid for pair in open_pairs for pid in pair})}
        graph.add_edges_from([(node[a], node[b], round(weights[(a, b)] * 1000)) for a, b in open_pairs])
        for left, right in rustworkx.max_weight_matching(graph, weight_fn=int):
            a, b = sorted((graph[left], graph[right]))
            chosen.add((a, b))
            room[a] -= 1
            room[b] -= 1
    return chosen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_matching_comes_close_to_the_exact_maximum(seed: int) -> None:
    people = generated_group(120, seed)
    weights = {}
    for position, a in enumerate(people):
        for b in people[position + 1 :]:
            if found := score_pair(a, b, NOW):
                weights[(found.person_a_id, found.person_b_id)] = max(found.score, planner.MIN_WEIGHT)
    rank = {p.person_id: p.person_id for p in people}
    for k in (1, 2):
        capacity = dict.fromkeys(rank, k)
        fast = match_by_weight(weights, capacity, rank)
        assert all(sum(pid in pair for pair in fast) <= k for pid in rank)
        exact = sum(weights[pair] for pair in exact_matching(weights, capacity, rank))
        assert sum(weights[pair] for pair in fast) >= 0.95 * exact


@pytest.mark.parametrize(("size", "seed"), [(40, 1), (40, 2), (150, 3), (150, 4)])
def test_rounds_score_within_a_few_percent_of_rounds_with_the_exact_matching(
    size: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = generated_group(size, seed)
    for k in (1, 2):
        fast = sum(pair.score for pair in plan_round(people, Rules(), NOW, k=k).pairs)
        with monkeypatch.context() as patched:
            patched.setattr(planner, "match_by_weight", exact_matching)
            exact = sum(pair.score for pair in plan_round(people, Rules(), NOW, k=k).pairs)
        assert fast >= 0.96 * exact
