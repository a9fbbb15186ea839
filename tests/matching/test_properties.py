"""Property-based tests of the round planner (Hypothesis): whatever the group looks like."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching.engine import PastJob, Snapshot, score_pair
from app.matching.planner import Rules, plan_round

NOW = datetime(2026, 11, 25, tzinfo=UTC)
COMPANIES = ["acme", "globex", "initech", "umbrella"]
SKILLS = ["workday", "payroll", "sql", "recruiting"]
ROLES = ["hrbp", "analyst", "recruiter"]
STAGES = ["exploring", "searching", "interviewing", "offer", "landed", "alumni"]


def subset(values: list[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(values), max_size=2)


@st.composite
def groups(draw: st.DrawFn) -> tuple[list[Snapshot], Rules, int]:
    size = draw(st.integers(min_value=0, max_value=12))
    people = []
    for pid in range(1, size + 1):
        jobs = tuple(PastJob(company, company.title(), 2010, 2015) for company in sorted(draw(subset(COMPANIES))))
        asked = draw(st.lists(st.sampled_from(SKILLS + COMPANIES), max_size=2))
        people.append(Snapshot(
            pid, f"Person {pid}", stage=draw(st.sampled_from(STAGES)),
            joined_at=NOW - timedelta(days=draw(st.integers(0, 400))),
            target_roles=draw(subset(ROLES)), skills=draw(subset(SKILLS)), target_companies=draw(subset(COMPANIES)),
            past_jobs=jobs, asks=" and ".join(asked), connections=draw(st.integers(0, 3)),
            introductions=draw(st.integers(0, 3)), open_proposals=draw(st.integers(0, 2))))
    ids = [p.person_id for p in people]
    blocked: frozenset[frozenset[int]] = frozenset()
    paused: frozenset[int] = frozenset()
    if ids:
        pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=6))
        blocked = frozenset(frozenset(pair) for pair in pairs if pair[0] != pair[1])
        paused = frozenset(draw(st.lists(st.sampled_from(ids), max_size=2)))
    open_counts = {p.person_id: p.open_proposals for p in people}
    rules = Rules(blocked_pairs=blocked, paused=paused, open_proposals=open_counts, max_open=draw(st.integers(1, 3)))
    return people, rules, draw(st.integers(min_value=1, max_value=3))


def _counts(pairs: list) -> dict[int, int]:  # type: ignore[type-arg]
    counts: dict[int, int] = {}
    for pair in pairs:
        for pid in (pair.person_a_id, pair.person_b_id):
            counts[pid] = counts.get(pid, 0) + 1
    return counts


@settings(max_examples=100, deadline=None)
@given(groups())
def test_rounds_keep_every_rule(group: tuple[list[Snapshot], Rules, int]) -> None:
    people, rules, k = group
    pairs = plan_round(people, rules, NOW, k=k)
    keys = [(p.person_a_id, p.person_b_id) for p in pairs]
    assert all(a < b for a, b in keys), "a self-pair or an unordered pair"
    assert len(keys) == len(set(keys)), "a duplicate pair"
    counts = _counts(pairs)
    for pid, count in counts.items():
        assert count <= min(k, rules.room(pid)), "more introductions than k or the person's room"
    for a, b in keys:
        assert rules.allows(a, b), "a blocked, paused or full person was paired"


@settings(max_examples=100, deadline=None)
@given(groups())
def test_nobody_is_left_out_when_a_pairing_exists(group: tuple[list[Snapshot], Rules, int]) -> None:
    people, rules, k = group
    pairs = plan_round(people, rules, NOW, k=k)
    counts = _counts(pairs)
    chosen = {(p.person_a_id, p.person_b_id) for p in pairs}
    by_id = {p.person_id: p for p in people}
    for a in by_id:
        for b in by_id:
            if a < b and (a, b) not in chosen and rules.allows(a, b) and score_pair(by_id[a], by_id[b], NOW):
                under_a = counts.get(a, 0) < min(k, rules.room(a))
                under_b = counts.get(b, 0) < min(k, rules.room(b))
                assert not (under_a and under_b), f"{a} and {b} could still be paired"


@settings(max_examples=60, deadline=None)
@given(groups(), st.randoms(use_true_random=False))
def test_rounds_are_deterministic(group: tuple[list[Snapshot], Rules, int], rng: random.Random) -> None:
    people, rules, k = group
    shuffled = people[:]
    rng.shuffle(shuffled)
    assert plan_round(people, rules, NOW, k=k) == plan_round(shuffled, rules, NOW, k=k)


@settings(max_examples=100, deadline=None)
@given(groups())
def test_every_pair_says_why(group: tuple[list[Snapshot], Rules, int]) -> None:
    people, rules, k = group
    for pair in plan_round(people, rules, NOW, k=k):
        assert pair.reasons and all(reason.strip() for reason in pair.reasons)
