"""The engine on hand-built profiles: each signal fires, says why (to each reader), and weighs what it
should."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.matching.engine import (
    COMPANY,
    CandidateIndex,
    PastJob,
    ReasonKind,
    Snapshot,
    acquaintance,
    phrases,
    score_pair,
)
from app.matching.planner import Rules, plan_round, suggestions_for

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=400)


def person(pid: int, name: str, **fields: object) -> Snapshot:
    defaults: dict[str, object] = {"joined_at": LONG_AGO, "introductions": 2, "connections": 2}
    return Snapshot(pid, name, **{**defaults, **fields})  # type: ignore[arg-type]


ANA = person(
    1,
    "Ana Ruiz",
    stage="alumni",
    past_jobs=(PastJob("acme health", "Acme Health", 2015, 2019),),
    skills=frozenset({"hris", "workday"}),
    labels={"hris": "HRIS", "workday": "Workday"},
    offers="Resume reviews for HR roles",
)
SAM = person(
    2,
    "Sam Lee",
    stage="searching",
    target_companies=frozenset({"acme health"}),
    asks="Someone with HRIS experience",
    labels={"acme health": "Acme Health"},
)


def test_a_past_company_on_the_target_list_is_the_strongest_signal() -> None:
    suggestion = score_pair(SAM, ANA, NOW)
    assert suggestion is not None and suggestion.reasons[0].kind == ReasonKind.target_company
    assert (
        suggestion.reason_for(SAM.person_id, limit=1)
        == "Ana worked at Acme Health (2015–2019), one of the companies on your list."
    )
    assert suggestion.reason_for(ANA.person_id, limit=1) == "Sam is hoping to join Acme Health, where you worked."
    without_company = score_pair(replace(SAM, target_companies=frozenset()), ANA, NOW)
    # Ana left seven years ago: the company counts for less than it would while she was there.
    assert suggestion.score - without_company.score == pytest.approx(COMPANY * 0.5 ** (7 / 8), abs=0.001)


def test_a_current_employer_reads_as_present_and_counts_in_full() -> None:
    now_at = replace(ANA, past_jobs=(PastJob("acme health", "Acme Health", 2021, None),))
    suggestion = score_pair(SAM, now_at, NOW)
    assert (
        suggestion.reason_for(SAM.person_id, limit=1)
        == "Ana works at Acme Health (since 2021), one of the companies on your list."
    )
    assert suggestion.reason_for(ANA.person_id, limit=1) == "Sam is hoping to join Acme Health, where you work."
    without_company = score_pair(replace(SAM, target_companies=frozenset()), now_at, NOW)
    assert suggestion.score - without_company.score == COMPANY


def test_a_job_long_ago_is_said_to_be_long_ago() -> None:
    long_ago = replace(ANA, past_jobs=(PastJob("acme health", "Acme Health", 1998, 2006),))
    recent = score_pair(SAM, ANA, NOW).reasons[0]
    old = next(reason for reason in score_pair(SAM, long_ago, NOW).reasons if reason.kind == recent.kind)
    assert old.weight < recent.weight
    assert old.to_b == (
        "Ana worked at Acme Health (1998–2006), one of the companies on your list. "
        "It was a while ago, but Ana may still know people there."
    )


def test_a_colleague_at_your_own_company_is_no_way_in() -> None:
    sam_inside = replace(
        SAM, past_jobs=(PastJob("acme health", "Acme Health", 2020, None),), asks="Someone who knows Acme Health"
    )
    assert score_pair(sam_inside, replace(ANA, stage="searching", offers=""), NOW) is None


def test_an_ask_met_by_a_skill() -> None:
    suggestion = score_pair(SAM, ANA, NOW)
    skill = next(reason for reason in suggestion.reasons if reason.kind == ReasonKind.skill)
    assert skill.to_a == "Sam is looking for help with HRIS, one of your skills."  # to Ana (A: the lower id)
    assert skill.to_b == "Ana’s skills include HRIS, which you are looking for help with."


def test_an_ask_met_by_an_offer_in_other_words() -> None:
    asker = person(3, "Kim Park", asks="Feedback on my CV, please")
    helper = person(4, "Lou Diaz", offers="Happy to do resume reviews")
    suggestion = score_pair(asker, helper, NOW)
    assert suggestion is not None and suggestion.kinds == (ReasonKind.topic,)
    assert suggestion.reason_for(3) == "Lou can help with resumes, which you are looking for."
    assert suggestion.reason_for(4) == "Kim is looking for help with resumes, which you offer."


def test_a_single_shared_word_is_no_reason() -> None:
    asker = person(3, "Kim Park", asks="Someone to read my questions")
    helper = person(4, "Lou Diaz", offers="Happy to read and answer questions")
    assert score_pair(asker, helper, NOW) is None


def test_a_weak_match_is_worded_as_one() -> None:
    asker = person(3, "Kim Park", asks="Interviews coming up next week")
    helper = person(4, "Sam Diaz", offers="Mock interviews")
    suggestion = score_pair(asker, helper, NOW)
    assert suggestion.kinds == (ReasonKind.possible_topic,)
    assert suggestion.reason_for(3) == "Sam might be able to help with interview practice."
    assert suggestion.reason_for(4) == "You might be able to help Kim with interview practice."
    clear = score_pair(replace(asker, asks="Mock interviews, please"), helper, NOW)
    assert clear.score > suggestion.score


def test_an_ask_that_names_a_company_someone_worked_at() -> None:
    asker = person(3, "Kim Park", asks="An introduction to someone at Globex Insurance")
    helper = person(4, "Lou Diaz", past_jobs=(PastJob("globex insurance", "Globex Insurance", 2010, 2018),))
    suggestion = score_pair(asker, helper, NOW)
    assert suggestion.kinds == (ReasonKind.named_company,)
    assert (
        suggestion.reason_for(3)
        == "Lou worked at Globex Insurance (2010–2018), and you are looking for someone who knows it."
    )
    assert suggestion.reason_for(4) == "Kim is looking for someone who knows Globex Insurance, where you worked."


def test_a_hiring_manager_helps_people_aiming_for_the_role() -> None:
    hirer = person(
        3,
        "Priya Walker",
        stage="landed",
        hiring_roles=frozenset({"payroll manager"}),
        hiring_company="acme health",
        labels={"acme health": "Acme Health"},
    )
    seeker = person(
        4, "Tomasz Kowal", target_roles=frozenset({"payroll manager"}), labels={"payroll manager": "Payroll manager"}
    )
    suggestion = score_pair(hirer, seeker, NOW)
    assert suggestion.kinds == (ReasonKind.hiring, ReasonKind.been_there)
    assert (
        suggestion.reason_for(4, limit=1)
        == "Priya is hiring a payroll manager at Acme Health, a role you are aiming for."
    )
    assert suggestion.reason_for(3, limit=1) == "Tomasz is aiming for payroll manager roles, which you are hiring for."
    assert score_pair(hirer, replace(seeker, target_roles=frozenset({"recruiter"})), NOW).kinds == (
        ReasonKind.been_there,
    )


def test_shared_roles_and_industries_are_peer_support() -> None:
    a = person(
        3,
        "Kim Park",
        target_roles=frozenset({"hr business partner"}),
        industries=frozenset({"healthcare"}),
        labels={"hr business partner": "HR business partner", "healthcare": "Healthcare"},
    )
    b = person(4, "Lou Diaz", target_roles=frozenset({"hr business partner"}), industries=frozenset({"healthcare"}))
    suggestion = score_pair(a, b, NOW)
    assert (
        suggestion.reason_for(3)
        == "You and Lou are both aiming for HR business partner roles. You and Lou share an interest in healthcare."
    )
    assert (
        suggestion.reason_for(4)
        == "You and Kim are both aiming for HR business partner roles. You and Kim share an interest in healthcare."
    )


def test_someone_who_landed_helps_someone_searching() -> None:
    a = person(3, "Kim Park", stage="searching")
    b = person(4, "Lou Diaz", stage="landed")
    suggestion = score_pair(a, b, NOW)
    assert suggestion.reason_for(3) == "Lou has landed a new role and can share what worked."
    assert suggestion.reason_for(4) == "Kim is looking for a new role, and hearing what worked for you could help."
    assert score_pair(replace(a, stage="alumni"), b, NOW) is None  # two helpers: nothing to give each other
    assert score_pair(replace(a, stage=""), b, NOW) is None  # an unknown stage is not "searching"


def test_two_people_interviewing_can_practise() -> None:
    a, b = person(3, "Kim Park", stage="interviewing"), person(4, "Lou Diaz", stage="interviewing")
    assert (
        score_pair(a, b, NOW).reason_for(3)
        == "You and Lou are both interviewing right now and could practise together."
    )


def test_boosts_alone_never_pair_strangers() -> None:
    newcomer = person(3, "Kim Park", joined_at=NOW - timedelta(days=10), introductions=0, connections=0)
    stranger = person(4, "Lou Diaz", introductions=0, connections=0)
    assert score_pair(newcomer, stranger, NOW) is None


def test_newcomers_and_the_unconnected_come_first() -> None:
    helper = person(5, "Lou Diaz", stage="alumni")
    veteran = person(3, "Kim Park", stage="searching", connections=4, introductions=6)
    newcomer = person(
        4, "Nia Newcomer", stage="searching", joined_at=NOW - timedelta(days=21), introductions=0, connections=0
    )
    with_newcomer, with_veteran = score_pair(newcomer, helper, NOW), score_pair(veteran, helper, NOW)
    assert with_newcomer.score > with_veteran.score
    # Need is a note for the facilitator, not a reason both people read.
    assert with_newcomer.notes == ("Nia Newcomer joined 3 weeks ago and has no introductions yet",)
    assert all("joined" not in reason.to_a + reason.to_b for reason in with_newcomer.reasons)
    quiet = replace(veteran, last_introduced_at=NOW - timedelta(days=95))
    assert "Kim Park’s last introduction was 3 months ago" in score_pair(quiet, helper, NOW).notes
    quiet_james = replace(quiet, name="James Myers")
    assert "James Myers’ last introduction was 3 months ago" in score_pair(quiet_james, helper, NOW).notes


def test_people_with_many_open_proposals_are_penalised() -> None:
    busy = replace(ANA, open_proposals=3)
    assert score_pair(SAM, ANA, NOW).score - score_pair(SAM, busy, NOW).score == 2.25


def test_scores_are_symmetric_and_never_self() -> None:
    assert score_pair(SAM, ANA, NOW) == score_pair(ANA, SAM, NOW)
    assert score_pair(ANA, ANA, NOW) is None


def test_acquaintances_are_told_only_what_is_true() -> None:
    a = person(3, "Kim Park", joined_at=NOW - timedelta(days=5))
    b = person(4, "Lou Diaz", joined_at=NOW - timedelta(days=9))
    new = acquaintance(a, b, NOW)
    assert new.kinds == (ReasonKind.fellow_member,)
    assert new.reason_for(3) == "Lou joined the group recently too, so you can find your feet together."
    settled = acquaintance(a, replace(b, joined_at=LONG_AGO), NOW)
    assert settled.reason_for(4) == "Kim is in the group too, and this is a chance to get to know each other."


def test_phrases_match_tag_names_of_several_words() -> None:
    assert {"acme health", "talent acquisition", "workday", "city power & light"} <= phrases(
        "Someone at Acme Health's talent acquisition team, Workday, or City Power & Light."
    )


def test_the_index_finds_people_through_tags_and_asks_only() -> None:
    unrelated = person(9, "Zed Zee", stage="searching")
    index = CandidateIndex([ANA, SAM, unrelated])
    assert index.candidates(SAM) == [1]
    assert index.candidates(ANA) == [2, 9]  # Sam first (he targets Ana's Acme); then any searcher an alumna can help
    assert index.candidates(unrelated) == [1]  # a searcher may learn from an alumna: nothing else links them


def test_the_index_finds_people_through_topics() -> None:
    asker = person(3, "Kim Park", stage="", asks="Mock interviews, please")
    helper = person(4, "Lou Diaz", stage="", offers="Interview prep for HR roles")
    stranger = person(5, "Zed Zee", stage="", offers="Payroll questions")
    index = CandidateIndex([asker, helper, stranger])
    assert index.candidates(asker) == [4]
    assert index.candidates(helper) == [3]
    assert index.candidates(stranger) == []


def test_suggestions_respect_the_rules() -> None:
    index = CandidateIndex([ANA, SAM])
    assert [s.person_a_id for s in suggestions_for(SAM, index, Rules(), NOW)] == [1]
    assert suggestions_for(SAM, index, Rules(blocked_pairs=frozenset({frozenset((1, 2))})), NOW) == []
    assert suggestions_for(SAM, index, Rules(paused=frozenset({1})), NOW) == []


def test_a_round_pairs_the_best() -> None:
    helper = person(5, "Lou Diaz", stage="alumni")
    seekers = [person(pid, f"Seeker {pid}", stage="searching") for pid in (6, 7)]
    pairs = plan_round([ANA, SAM, helper, *seekers], Rules(), NOW, k=1).pairs
    assert (1, 2) in {(p.person_a_id, p.person_b_id) for p in pairs}
    assert all(pair.reasons for pair in pairs)
