"""Introduction rounds on synthetic groups (no database): `BENCH_ONLY=rounds make bench`.

For groups of 200 and 2,000 members (BENCH_ROUNDS_SIZES changes them) and k = 1 and 2: the CPU
seconds of `plan_round` (building the candidate index and scoring included), the pairs and how many
of them are between fellow members with nothing specific in common, the total score, the people
left out and how many of them could have met someone (must be 0), and pairs with someone who sits
rounds out (must be 0). For the smaller group also how the fast matching's total weight compares
with the exact maximum-weight matching (rustworkx, which rounds used before) over all its real pairs.

The groups look like the seeded ones (app/demo/seed.py) plus what a living group has: empty
profiles, newcomers, a history of introductions (every past pair blocked), open proposals, people
who paused, facilitators and members who owe an answer.
"""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta

from app.demo import data
from app.matching.engine import PastJob, Snapshot, Suggestion, score_pair
from app.matching.planner import MIN_WEIGHT, Rules, match_by_weight, plan_round
from app.profiles.tags import canonical

SIZES = [int(size) for size in os.environ.get("BENCH_ROUNDS_SIZES", "200,2000").split(",")]
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
STAGES = {"exploring": 10, "searching": 40, "interviewing": 25, "offer": 5, "landed": 10, "alumni": 10}
EMPTY_PROFILES = 0.12
NEWCOMERS = 0.05
PAUSED = 0.03
OWING = 0.05
FACILITATORS_PER_1000 = 2


def _tags(rng: random.Random, words: tuple[str, ...], count: int) -> frozenset[str]:
    return frozenset(canonical(word) for word in rng.sample(words, count))


def synthetic_group(size: int, seed: int = 7) -> tuple[list[Snapshot], Rules]:
    """`size` members and the rules a group of them would have; the same for the same seed."""
    rng = random.Random(seed)
    people = []
    blocked: set[frozenset[int]] = set()
    open_proposals: dict[int, int] = {}
    for person_id in range(1, size + 1):
        newcomer = rng.random() < NEWCOMERS
        joined = NOW - timedelta(days=rng.randint(0, 13) if newcomer else rng.randint(15, 720))
        introductions = 0 if newcomer else rng.choice((0, 0, 1, 1, 2, 3, 4))
        connections = sum(rng.random() < 0.6 for _ in range(introductions))
        last = joined + (NOW - joined) * rng.uniform(0.1, 1.0) if introductions else None
        for _ in range(introductions):
            other = rng.randint(1, size)
            if other != person_id:
                blocked.add(frozenset((person_id, other)))
        open_count = rng.choice((0, 0, 0, 0, 0, 1, 1, 2)) if introductions else 0
        open_proposals[person_id] = open_count
        name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        if rng.random() < EMPTY_PROFILES:
            people.append(
                Snapshot(
                    person_id,
                    name,
                    joined_at=joined,
                    introductions=introductions,
                    connections=connections,
                    last_introduced_at=last,
                    open_proposals=open_count,
                )
            )
            continue
        fill = {
            "role": rng.choice(data.ROLES),
            "industry": rng.choice(data.INDUSTRIES),
            "company": rng.choice(data.COMPANIES),
            "skill": rng.choice(data.SKILLS),
        }
        start = rng.randint(2000, 2020)
        company = rng.choice(data.COMPANIES)
        people.append(
            Snapshot(
                person_id,
                name,
                stage=rng.choices(list(STAGES), list(STAGES.values()))[0],
                joined_at=joined,
                target_roles=_tags(rng, data.ROLES, 2),
                industries=_tags(rng, data.INDUSTRIES, 2),
                skills=_tags(rng, data.SKILLS, 4),
                target_companies=_tags(rng, data.COMPANIES, 3),
                past_jobs=(PastJob(canonical(company), company, start, min(start + rng.randint(1, 8), 2026)),),
                asks=rng.choice(data.ASK_TEMPLATES).format(**fill),
                offers=rng.choice(data.OFFER_TEMPLATES).format(**fill),
                introductions=introductions,
                connections=connections,
                last_introduced_at=last,
                open_proposals=open_count,
            )
        )
    ids = [person.person_id for person in people]
    with_open = [person_id for person_id in ids if open_proposals[person_id]]
    rules = Rules(
        blocked_pairs=frozenset(blocked),
        paused=frozenset(rng.sample(ids, int(size * PAUSED))),
        open_proposals=open_proposals,
        max_open=3,
        excluded=frozenset(rng.sample(ids, max(1, size * FACILITATORS_PER_1000 // 1000))),
        owing=frozenset(rng.sample(with_open, min(len(with_open), int(size * OWING)))),
    )
    return people, rules


def _left_out(people: list[Snapshot], rules: Rules, pairs: list[Suggestion]) -> tuple[list[int], list[int]]:
    """Who takes part in rounds but has no introduction, and which of them may meet someone."""
    paired = {person_id for pair in pairs for person_id in (pair.person_a_id, pair.person_b_id)}
    taking_part = [person.person_id for person in people if rules.in_rounds(person.person_id)]
    left_out = [person_id for person_id in taking_part if person_id not in paired]
    return left_out, [
        person_id for person_id in left_out if any(rules.allows_in_round(person_id, other) for other in taking_part)
    ]


def measure_round(size: int, k: int) -> None:
    people, rules = synthetic_group(size)  # fresh snapshots: what the engine reads from them is cached on them
    started = time.process_time()
    plan = plan_round(people, rules, NOW, k=k)
    seconds = time.process_time() - started
    left_out, could_meet = _left_out(people, rules, plan.pairs)
    by_id = {person.person_id: person for person in people}
    fellow_members = sum(
        score_pair(by_id[pair.person_a_id], by_id[pair.person_b_id], NOW) is None for pair in plan.pairs
    )
    sitting_out = rules.excluded | rules.owing | rules.paused
    wrong = sum(pair.person_a_id in sitting_out or pair.person_b_id in sitting_out for pair in plan.pairs)
    print(
        f"  {size:>5,} members, k={k}: {seconds:4.2f} s CPU, {len(plan.pairs):,} pairs "
        f"({fellow_members} as fellow members), total score {sum(pair.score for pair in plan.pairs):,.1f}; "
        f"{len(left_out)} left out, {len(could_meet)} of them could have met someone; "
        f"odd one out: {'nobody' if plan.odd_one_out is None else 'one'}; "
        f"{wrong} pairs with someone paused, excluded or owing"
    )


def compare_with_the_exact_matching(size: int) -> None:
    """The fast matching's total weight against the exact maximum (rustworkx, what rounds used
    before) over all real pairs of the group, one pair each."""
    import rustworkx

    people, rules = synthetic_group(size)
    taking_part = [person for person in people if rules.in_rounds(person.person_id)]
    weights = {}
    for position, a in enumerate(taking_part):
        for b in taking_part[position + 1 :]:
            if rules.allows_in_round(a.person_id, b.person_id) and (found := score_pair(a, b, NOW)):
                weights[(found.person_a_id, found.person_b_id)] = max(found.score, MIN_WEIGHT)
    rank = {person.person_id: position for position, person in enumerate(taking_part)}
    started = time.process_time()
    fast = sum(weights[pair] for pair in match_by_weight(weights, dict.fromkeys(rank, 1), rank))
    fast_seconds = time.process_time() - started
    graph = rustworkx.PyGraph()
    node = {person_id: graph.add_node(person_id) for person_id in rank}
    graph.add_edges_from([(node[a], node[b], round(weight * 1000)) for (a, b), weight in weights.items()])
    started = time.process_time()
    matching = rustworkx.max_weight_matching(graph, weight_fn=int)
    exact_seconds = time.process_time() - started
    exact = sum(weights[(min(graph[left], graph[right]), max(graph[left], graph[right]))] for left, right in matching)
    print(
        f"  fast matching vs the exact maximum on all {len(weights):,} real pairs of {size} members: "
        f"{fast / exact:.1%} of the weight, {fast_seconds:.3f} s vs {exact_seconds:.3f} s CPU"
    )


def main() -> None:
    print("rounds: plan_round on synthetic groups (CPU seconds include the candidate index and scoring)")
    plan_round(synthetic_group(50, seed=1)[0], Rules(), NOW)  # loads the topic vocabulary once, as a server does
    for size in SIZES:
        for k in (1, 2):
            measure_round(size, k)
        if size <= 500:  # all pairs of a larger group take too long to score
            compare_with_the_exact_matching(size)


if __name__ == "__main__":
    main()
