"""The engine on hand-built profiles: each signal fires, says why, and weighs what it should."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.matching.engine import CandidateIndex, PastJob, Snapshot, phrases, score_pair
from app.matching.planner import Rules, plan_round, suggestions_for

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=400)


def person(pid: int, name: str, **fields: object) -> Snapshot:
    defaults: dict[str, object] = {"joined_at": LONG_AGO, "introductions": 2, "connections": 2}
    return Snapshot(pid, name, **{**defaults, **fields})  # type: ignore[arg-type]


ANA = person(1, "Ana Ruiz", stage="alumni", past_jobs=(PastJob("acme health", "Acme Health", 2015, 2019),),
             skills=frozenset({"hris", "workday"}), labels={"hris": "HRIS", "workday": "Workday"},
             offers="Resume reviews for HR roles")
SAM = person(2, "Sam Lee", stage="searching", target_companies=frozenset({"acme health"}),
             asks="Someone with HRIS experience", labels={"acme health": "Acme Health"})


def test_a_past_company_on_the_target_list_is_the_strongest_signal() -> None:
    suggestion = score_pair(SAM, ANA, NOW)
    assert suggestion is not None
    assert suggestion.reasons[0] == "Ana Ruiz worked at Acme Health (2015–2019), which is on Sam Lee's target list"
    without_company = score_pair(replace(SAM, target_companies=frozenset()), ANA, NOW)
    assert without_company is not None and suggestion.score - without_company.score == 5.0


def test_a_current_employer_reads_as_present() -> None:
    now_at = replace(ANA, past_jobs=(PastJob("acme health", "Acme Health", 2021, None),))
    assert score_pair(SAM, now_at, NOW).reasons[0] == \
        "Ana Ruiz works at Acme Health (since 2021), which is on Sam Lee's target list"


def test_an_ask_matched_by_a_skill() -> None:
    reasons = score_pair(SAM, ANA, NOW).reasons
    assert "Sam Lee asks for HRIS; Ana Ruiz offers it" in reasons


def test_an_ask_matched_by_words_of_an_offer() -> None:
    asker = person(3, "Kim Park", asks="Feedback on my resume, please")
    helper = person(4, "Lou Diaz", offers="Happy to do resume reviews")
    suggestion = score_pair(asker, helper, NOW)
    assert suggestion is not None and "Kim Park asks about resume; Lou Diaz can help with it" in suggestion.reasons


def test_an_ask_that_names_a_company_someone_worked_at() -> None:
    asker = person(3, "Kim Park", asks="An introduction to someone at Globex Insurance")
    helper = person(4, "Lou Diaz", past_jobs=(PastJob("globex insurance", "Globex Insurance", 2010, 2018),))
    assert score_pair(asker, helper, NOW).reasons[0] == \
        "Kim Park asks for someone who knows Globex Insurance; Lou Diaz worked there (2010–2018)"


def test_shared_roles_and_industries_are_peer_support() -> None:
    a = person(3, "Kim Park", target_roles=frozenset({"hr business partner"}), industries=frozenset({"healthcare"}),
               labels={"hr business partner": "HR business partner", "healthcare": "Healthcare"})
    b = person(4, "Lou Diaz", target_roles=frozenset({"hr business partner"}), industries=frozenset({"healthcare"}))
    reasons = score_pair(a, b, NOW).reasons
    assert "Both are aiming for HR business partner roles: peer support" in reasons
    assert "Both know Healthcare: peer support" in reasons


def test_someone_who_landed_helps_someone_searching() -> None:
    a = person(3, "Kim Park", stage="searching")
    b = person(4, "Lou Diaz", stage="landed")
    assert score_pair(a, b, NOW).reasons == ("Lou Diaz has landed and can share what worked with Kim Park, who is searching",)
    assert score_pair(replace(a, stage="alumni"), b, NOW) is None  # two helpers: nothing to give each other


def test_boosts_alone_never_pair_strangers() -> None:
    newcomer = person(3, "Kim Park", joined_at=NOW - timedelta(days=10), introductions=0, connections=0)
    stranger = person(4, "Lou Diaz", introductions=0, connections=0)
    assert score_pair(newcomer, stranger, NOW) is None


def test_newcomers_and_the_unconnected_come_first() -> None:
    helper = person(5, "Lou Diaz", stage="alumni")
    veteran = person(3, "Kim Park", stage="searching", connections=4, introductions=6)
    newcomer = person(4, "Nia Newcomer", stage="searching", joined_at=NOW - timedelta(days=21), introductions=0,
                      connections=0)
    with_newcomer, with_veteran = score_pair(newcomer, helper, NOW), score_pair(veteran, helper, NOW)
    assert with_newcomer.score > with_veteran.score
    # Need is a note for the facilitator, not a reason both people read.
    assert with_newcomer.notes == ("Nia Newcomer joined 3 weeks ago and has no introductions yet",)
    assert all("joined" not in reason for reason in with_newcomer.reasons)
    quiet = replace(veteran, last_introduced_at=NOW - timedelta(days=95))
    assert "Kim Park's last introduction was 3 months ago" in score_pair(quiet, helper, NOW).notes


def test_people_with_many_open_proposals_are_penalised() -> None:
    busy = replace(ANA, open_proposals=3)
    assert score_pair(SAM, ANA, NOW).score - score_pair(SAM, busy, NOW).score == 2.25


def test_scores_are_symmetric_and_never_self() -> None:
    assert score_pair(SAM, ANA, NOW) == score_pair(ANA, SAM, NOW)
    assert score_pair(ANA, ANA, NOW) is None


def test_phrases_match_tag_names_of_several_words() -> None:
    assert {"acme health", "talent acquisition", "workday"} <= phrases("Someone at Acme Health in talent acquisition, Workday.")


def test_the_index_finds_people_through_tags_and_asks_only() -> None:
    unrelated = person(9, "Zed Zee", stage="searching")
    index = CandidateIndex([ANA, SAM, unrelated])
    assert index.candidates(SAM) == [1]
    assert index.candidates(ANA) == [2, 9]  # Sam first (he targets Ana's Acme); then any searcher an alumna can help
    assert index.candidates(unrelated) == [1]  # a searcher may learn from an alumna: nothing else links them


def test_suggestions_respect_the_rules() -> None:
    index = CandidateIndex([ANA, SAM])
    assert [s.person_a_id for s in suggestions_for(SAM, index, Rules(), NOW)] == [1]
    assert suggestions_for(SAM, index, Rules(blocked_pairs=frozenset({frozenset((1, 2))})), NOW) == []
    assert suggestions_for(SAM, index, Rules(paused=frozenset({1})), NOW) == []


def test_a_round_pairs_the_best_and_leaves_nobody_out_who_could_be_paired() -> None:
    helper = person(5, "Lou Diaz", stage="alumni")
    seekers = [person(pid, f"Seeker {pid}", stage="searching") for pid in (6, 7)]
    pairs = plan_round([ANA, SAM, helper, *seekers], Rules(), NOW, k=1)
    assert (1, 2) in {(p.person_a_id, p.person_b_id) for p in pairs}
    paired = {pid for p in pairs for pid in (p.person_a_id, p.person_b_id)}
    assert len(paired & {6, 7}) == 1  # two seekers, one helper left: one of them can be paired
