"""Reasons to meet, in the words each of the two will read.

Every reason is written twice: to A about B, and to B about A. Each is addressed to its reader
("you"), names the other by first name, and says only what the profiles show to be true. No pronoun
guesses anyone's gender: a sentence names the person again instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from app.wording import possessive

if TYPE_CHECKING:
    from app.matching.engine import PastJob, Snapshot

LONG_AGO_YEARS = 10  # a job that ended this long ago is still true, but said to be a while ago


class ReasonKind(StrEnum):
    """What kind of thing connects two people; insights count which kinds lead to people meeting."""

    target_company = "target_company"  # the other works or worked at a company on your list
    knows_people = "knows_people"  # the other knows people at a company on your list (their shared reach)
    named_company = "named_company"  # your ask names a company where the other worked
    topic = "topic"  # your ask and their offer meet on a topic
    possible_topic = "possible_topic"  # a weaker match, worded as one ("might be able to help")
    skill = "skill"  # your ask names a skill the other has
    hiring = "hiring"  # the other hires for a role you aim for
    been_there = "been_there"  # the other landed (or has an offer) and can share what worked
    shared_role = "shared_role"  # you aim for the same roles: peer support
    shared_industry = "shared_industry"  # you know the same industries
    practice = "practice"  # you are both interviewing
    fellow_member = "fellow_member"  # nothing specific, but true: for rounds that leave nobody out


@dataclass(frozen=True)
class Reason:
    """One true thing that connects the pair, written to each of the two: `to_a` is read by person
    A ("you"), naming B by first name; `to_b` the other way round. Each a whole sentence."""

    kind: ReasonKind
    weight: float
    to_a: str
    to_b: str


def first_name_of(name: str) -> str:
    return name.split()[0] if name.strip() else "A fellow member"


@lru_cache(maxsize=4096)
def readable(label: str, proper_nouns: frozenset[str]) -> str:
    """A tag's label as it reads mid-sentence: "Healthcare" is "healthcare", but "HR business
    partner", "FP&A manager" and "Salesforce administrator" keep their capitals."""
    first, space, rest = label.partition(" ")
    if first[:1].isupper() and first[1:] == first[1:].lower() and first not in proper_nouns:
        return first[:1].lower() + first[1:] + space + rest
    return label


def listed(items: Sequence[str]) -> str:
    """ "resumes and interview practice"; "mentoring as well as FP&A and financial modeling" when a
    label has its own "and"."""
    if len(items) == 2 and any(" and " in item for item in items):
        return " as well as ".join(items)
    return " and ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + " and " + items[-1]


def _article(phrase: str) -> str:
    """ "a payroll manager", "an HR generalist", "an engineering manager", "a UX designer"."""
    first = phrase.split()[0] if phrase.split() else phrase
    if len(first) > 1 and first.isupper():
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    lowered = first.lower()
    return (
        "an"
        if lowered[:1] in ("a", "e", "i", "o", "u") and not lowered.startswith(("uni", "use", "usu", "eu", "one"))
        else "a"
    )


def _pair(kind: ReasonKind, weight: float, first: Snapshot, seeker: Snapshot, to_seeker: str, to_helper: str) -> Reason:
    """A one-way reason (the helper can do something for the seeker), sides put in A, B order."""
    if seeker.person_id == first.person_id:
        return Reason(kind, weight, to_seeker, to_helper)
    return Reason(kind, weight, to_helper, to_seeker)


def _about_both(
    kind: ReasonKind, weight: float, first: Snapshot, second: Snapshot, sentence: Callable[[Snapshot, Snapshot], str]
) -> Reason:
    """A reason true of both alike: `sentence(reader, other)` written to each of them."""
    return Reason(kind, weight, sentence(first, second), sentence(second, first))


# --- what the helper can do for the seeker ------------------------------------------------------


def company(
    kind: ReasonKind,
    weight: float,
    first: Snapshot,
    seeker: Snapshot,
    helper: Snapshot,
    jobs: Sequence[PastJob],
    now_year: int,
) -> Reason:
    """The helper works or worked at one or two companies the seeker targets (`target_company`), or
    at one their ask names (`named_company`)."""
    other, asker = helper.first_name, seeker.first_name
    places, previous_verb = [], ""
    for job in jobs:
        verb = "works" if job.end is None else "worked"
        places.append(f"{verb if verb != previous_verb else ''} at {job.label}{job.years()}".lstrip())
        previous_verb = verb
    worked = " and ".join(places)
    one = jobs[0]
    you_did = "work" if one.end is None else "worked"
    if kind == ReasonKind.named_company:
        to_seeker = f"{other} {worked}, and you are looking for someone who knows it."
        to_helper = f"{asker} is looking for someone who knows {one.label}, where you {you_did}."
    elif len(jobs) == 1:
        to_seeker = f"{other} {worked}, one of the companies on your list."
        to_helper = f"{asker} is hoping to join {one.label}, where you {you_did}."
    else:
        to_seeker = f"{other} {worked}, both on your list."
        either = " or ".join(job.label for job in jobs)
        to_helper = f"{asker} is hoping to join {either}, and you know both from the inside."
    if all(job.end is not None and now_year - job.end >= LONG_AGO_YEARS for job in jobs):
        where = "there" if len(jobs) == 1 else "at both"
        to_seeker += f" It was a while ago, but {other} may still know people {where}."
    return _pair(kind, weight, first, seeker, to_seeker, to_helper)


def knows_people(weight: float, first: Snapshot, seeker: Snapshot, helper: Snapshot, labels: Sequence[str]) -> Reason:
    """The helper shared their reach with the group and knows people at one or two companies on the
    seeker's list (counted from their contacts; who those people are is never said)."""
    other, asker = helper.first_name, seeker.first_name
    if len(labels) == 1:
        to_seeker = f"{other} knows people at {labels[0]}, one of the companies on your list."
        to_helper = f"{asker} is looking for a way in at {labels[0]}, where you know people."
    else:
        to_seeker = f"{other} knows people at {listed(labels)}, both on your list."
        to_helper = f"{asker} is looking for a way in at {' or '.join(labels)}, and you know people at both."
    return _pair(ReasonKind.knows_people, weight, first, seeker, to_seeker, to_helper)


def hiring(
    weight: float,
    first: Snapshot,
    seeker: Snapshot,
    helper: Snapshot,
    roles: Sequence[str],
    proper_nouns: frozenset[str],
) -> Reason:
    names = [readable(seeker.labels.get(role) or helper.label(role), proper_nouns) for role in roles[:2]]
    at = f" at {helper.label(helper.hiring_company)}" if helper.hiring_company else ""
    if len(names) == 1:
        to_seeker = f"{helper.first_name} is hiring {_article(names[0])} {names[0]}{at}, a role you are aiming for."
    else:
        to_seeker = f"{helper.first_name} is hiring for {listed(names)} roles{at}, roles you are aiming for."
    to_helper = f"{seeker.first_name} is aiming for {listed(names)} roles, which you are hiring for."
    return _pair(ReasonKind.hiring, weight, first, seeker, to_seeker, to_helper)


def topics(
    kind: ReasonKind, weight: float, first: Snapshot, seeker: Snapshot, helper: Snapshot, labels: Sequence[str]
) -> Reason:
    """The seeker asks for help with topics the helper offers (`topic`), has among their skills
    (`skill`), or seems to know something about (`possible_topic`, worded as a possibility)."""
    other, asker, what = helper.first_name, seeker.first_name, listed(labels)
    if kind == ReasonKind.topic:
        to_seeker = f"{other} can help with {what}, which you are looking for."
        to_helper = f"{asker} is looking for help with {what}, which you offer."
    elif kind == ReasonKind.skill:
        to_seeker = f"{possessive(other)} skills include {what}, which you are looking for help with."
        yours = "one of your skills" if len(labels) == 1 else "both among your skills"
        to_helper = f"{asker} is looking for help with {what}, {yours}."
    else:
        to_seeker = f"{other} might be able to help with {what}."
        to_helper = f"You might be able to help {asker} with {what}."
    return _pair(kind, weight, first, seeker, to_seeker, to_helper)


def been_there(weight: float, first: Snapshot, seeker: Snapshot, helper: Snapshot) -> Reason:
    has = "has an offer in hand" if helper.stage == "offer" else "has landed a new role"
    doing = {
        "exploring": "exploring what comes next",
        "searching": "looking for a new role",
        "interviewing": "interviewing",
    }[seeker.stage]
    return _pair(
        ReasonKind.been_there,
        weight,
        first,
        seeker,
        f"{helper.first_name} {has} and can share what worked.",
        f"{seeker.first_name} is {doing}, and hearing what worked for you could help.",
    )


# --- what the two have in common ------------------------------------------------------------------


def mutual_topics(weight: float, first: Snapshot, second: Snapshot, labels: Sequence[str]) -> Reason:
    what, it = listed(labels), "it" if len(labels) == 1 else "them"
    return _about_both(
        ReasonKind.topic,
        weight,
        first,
        second,
        lambda _, other: (
            f"You and {other.first_name} both offer {what} and are looking for {it}, so you can help each other."
        ),
    )


def shared(
    kind: ReasonKind,
    weight: float,
    first: Snapshot,
    second: Snapshot,
    names: Iterable[str],
    proper_nouns: frozenset[str],
) -> Reason:
    """Peer support: the same target roles (`shared_role`) or industries (`shared_industry`), each
    reader's own tags spelled as they spell them."""
    names = list(names)

    def sentence(reader: Snapshot, other: Snapshot) -> str:
        said = listed([readable(reader.labels.get(name) or other.label(name), proper_nouns) for name in names])
        if kind == ReasonKind.shared_role:
            return f"You and {other.first_name} are both aiming for {said} roles."
        return f"You and {other.first_name} share an interest in {said}."

    return _about_both(kind, weight, first, second, sentence)


def practice(weight: float, first: Snapshot, second: Snapshot) -> Reason:
    return _about_both(
        ReasonKind.practice,
        weight,
        first,
        second,
        lambda _, other: f"You and {other.first_name} are both interviewing right now and could practise together.",
    )


def fellow_member(first: Snapshot, second: Snapshot, *, both_new: bool) -> Reason:
    def sentence(_: Snapshot, other: Snapshot) -> str:
        if both_new:
            return f"{other.first_name} joined the group recently too, so you can find your feet together."
        return f"{other.first_name} is in the group too, and this is a chance to get to know each other."

    return _about_both(ReasonKind.fellow_member, 0.0, first, second, sentence)
