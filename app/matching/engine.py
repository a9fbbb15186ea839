"""The matching engine: who should meet whom, and why, in words each of the two can check.

Pure code over profile snapshots: no database, no clock (the caller passes `now`), the same answer
for the same input. Scores add up signals from both sides of a pair; every signal that fires adds
a reason (`reasons.py` words it), strongest first. What cannot be said truthfully scores nothing:
missing data is never read as a claim, and asks are understood as topics (`topics.py`), never as
shared words.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache, partial

from app.matching import reasons as wording
from app.matching.reasons import Reason, ReasonKind
from app.matching.topics import Interests, Vocabulary
from app.wording import possessive

__all__ = [
    "HELPER_STAGES",
    "NEWCOMER_DAYS",
    "QUIET_DAYS",
    "SEEKER_STAGES",
    "CandidateIndex",
    "PastJob",
    "Reason",
    "ReasonKind",
    "Snapshot",
    "Suggestion",
    "Vocabulary",
    "acquaintance",
    "interests",
    "pair_score",
    "phrases",
    "score_pair",
]

HELPER_STAGES = frozenset({"landed", "alumni", "offer"})
SEEKER_STAGES = frozenset({"exploring", "searching", "interviewing"})
NEWCOMER_DAYS = 28
QUIET_DAYS = 60

# Signal weights: a target company beats everything; boosts only break ties between real matches.
COMPANY = 5.0
KNOWS_PEOPLE = 3.0
HIRING = 4.0
ASK_NAMES_COMPANY = 4.0
ASK_TOPIC = 2.0
ASK_SKILL = 1.5
POSSIBLE_TOPIC = 0.5
SHARED_ROLE = 1.0
SHARED_INDUSTRY = 0.5
STAGE_HELP = 1.5
PRACTICE_PARTNERS = 0.5
NEWCOMER = 2.0
FEW_CONNECTIONS = 1.5
QUIET = 1.0
OPEN_PROPOSAL = 0.75
# Someone who left a company eight years ago knows it half as well as someone there now.
COMPANY_HALF_LIFE_YEARS = 8
MOST_IN_ONE_REASON = 2  # topics, roles or industries named in one sentence


@dataclass(frozen=True)
class PastJob:
    company: str  # canonical name
    label: str  # as people write it
    start: int | None = None
    end: int | None = None  # None: still there

    def years(self) -> str:
        if self.start and self.end:
            return f" ({self.start}–{self.end})" if self.start != self.end else f" ({self.start})"
        if self.start:
            return f" (since {self.start})"
        return ""

    def recency(self, now: datetime) -> float:
        """How much this job still counts: fully while there, halving every few years after."""
        if self.end is None:
            return 1.0
        return 0.5 ** (max(now.year - self.end, 0) / COMPANY_HALF_LIFE_YEARS)


@dataclass(frozen=True)
class Snapshot:
    """What the engine knows about one member. Tag sets hold canonical names; `labels` spells them
    (including `hiring_company`). `stage` "" means unknown. `asked` is filled in from `asks`."""

    person_id: int
    name: str
    stage: str = "searching"
    joined_at: datetime | None = None
    target_roles: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    target_companies: frozenset[str] = frozenset()
    past_jobs: tuple[PastJob, ...] = ()
    asks: str = ""
    offers: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    introductions: int = 0  # ever proposed to them
    connections: int = 0  # introductions both sides accepted
    last_introduced_at: datetime | None = None
    open_proposals: int = 0
    hiring_roles: frozenset[str] = frozenset()  # canonical role names they hire for
    hiring_company: str = ""  # canonical company they hire for, "" when none
    # Canonical companies where they know people, from the contacts they count for this group: only
    # when they shared their reach with it (never who those people are).
    known_companies: frozenset[str] = frozenset()
    asked: frozenset[str] = field(default=frozenset(), init=False, compare=False)
    current_companies: frozenset[str] = field(default=frozenset(), init=False, compare=False)
    first_name: str = field(default="", init=False, compare=False)  # how reasons name them
    # Topics read from asks and offers, per vocabulary: read once per person, used for every pair.
    _interests: dict[Vocabulary, Interests] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Derived once: scoring reads them for many pairs.
        object.__setattr__(self, "asked", phrases(self.asks))
        object.__setattr__(
            self, "current_companies", frozenset(job.company for job in self.past_jobs if job.end is None)
        )
        object.__setattr__(self, "first_name", wording.first_name_of(self.name))

    def label(self, name: str) -> str:
        return self.labels.get(name, name)


@dataclass(frozen=True)
class Suggestion:
    """`reasons` say why the two should meet, strongest first, each written to both readers;
    `notes` say how much either needs an introduction now (for the facilitator only)."""

    person_a_id: int
    person_b_id: int
    score: float
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...] = ()

    def reason_for(self, person_id: int, limit: int = 2) -> str:
        """What `person_id` reads: their own side of the strongest reasons."""
        side = "to_a" if person_id == self.person_a_id else "to_b"
        return " ".join(getattr(reason, side) for reason in self.reasons[:limit])

    @property
    def kinds(self) -> tuple[ReasonKind, ...]:
        return tuple(reason.kind for reason in self.reasons)


_TOKEN = re.compile(r"[a-z0-9&][a-z0-9&+#'.-]*")
MAX_PHRASE_WORDS = 4


@lru_cache(maxsize=50_000)
def phrases(text: str) -> frozenset[str]:
    """Every run of one to four words in `text`, case folded, as tag names are spelled: the asks
    "someone on Acme Health's HR team or at City Power & Light" contain "acme health" and
    "city power & light"."""
    words = _TOKEN.findall(text.casefold().replace("\u2019", "'"))
    tokens = [word.rstrip(".-'").removesuffix("'s") for word in words]
    return frozenset(
        " ".join(tokens[start : start + size])
        for start in range(len(tokens))
        for size in range(1, MAX_PHRASE_WORDS + 1)
        if start + size <= len(tokens)
    )


def _mixed(other: int, person_id: int) -> int:
    """A stable pseudo-random order of `other` for `person_id` (a 64-bit finaliser): a weak mix
    would give everyone nearly the same short list, so a few people would fill every list."""
    value = (other * 0x9E3779B97F4A7C15 + person_id * 0xC2B2AE3D27D4EB4F) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 33)) * 0xFF51AFD7ED558CCD) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 33)) * 0xC4CEB9FE1A85EC53) & 0xFFFFFFFFFFFFFFFF
    return value ^ (value >> 33)


def interests(person: Snapshot, vocabulary: Vocabulary) -> Interests:
    """`person`'s asks and offers as topics, read once per vocabulary and kept on the snapshot."""
    found = person._interests.get(vocabulary)
    if found is None:
        found = person._interests[vocabulary] = vocabulary.read(person.asks, person.offers, person.skills)
    return found


@dataclass
class _Tally:
    """A pair's score as its signals add up. With `words` off only the score is kept: reasons and
    notes are written (the costly part) only for pairs that will be shown."""

    words: bool = True
    score: float = 0.0
    substantive: bool = False
    reasons: list[Reason] = field(default_factory=list)
    notes: list[tuple[float, str]] = field(default_factory=list)

    def add(self, kind: ReasonKind, weight: float, write: Callable[[], Reason]) -> None:
        """A reason of `kind` and `weight`; `write()` words it (its weight is `weight`)."""
        self.score += weight
        self.substantive = self.substantive or kind != ReasonKind.fellow_member
        if self.words:
            self.reasons.append(write())

    def note(self, weight: float, write: Callable[[], str] | None = None) -> None:
        """A boost or penalty for one person's situation: it counts, but it is no reason to meet."""
        self.score += weight
        if write is not None and self.words:
            self.notes.append((weight, write()))


def _companies(first: Snapshot, seeker: Snapshot, helper: Snapshot, now: datetime, tally: _Tally) -> None:
    """Where the helper works or worked that the seeker wants in to: on their list, or named in their
    ask. Never the seeker's own employer: a colleague is no way in."""
    latest: dict[str, PastJob] = {}  # the helper's latest job at each company the seeker wants
    for job in helper.past_jobs:
        company = job.company
        if (company in seeker.target_companies or company in seeker.asked) and company not in seeker.current_companies:
            kept = latest.get(company)
            if kept is None or kept.end is not None and (job.end is None or job.end > kept.end):
                latest[company] = job
    _known(first, seeker, helper, set(latest), tally)
    if not latest:
        return
    by_recency = sorted(
        ((job.recency(now), job) for job in latest.values()), key=lambda item: (-item[0], item[1].company)
    )
    targets = [(recency, job) for recency, job in by_recency if job.company in seeker.target_companies]
    if targets := targets[:MOST_IN_ONE_REASON]:
        weight = round(sum(COMPANY * recency for recency, _ in targets), 3)
        tally.add(
            ReasonKind.target_company,
            weight,
            lambda: wording.company(
                ReasonKind.target_company, weight, first, seeker, helper, [job for _, job in targets], now.year
            ),
        )
    own = {job.company for job in seeker.past_jobs}
    named = [
        (recency, job)
        for recency, job in by_recency
        if job.company in seeker.asked and job.company not in seeker.target_companies and job.company not in own
    ]
    if named:
        recency, job = named[0]
        weight = round(ASK_NAMES_COMPANY * recency, 3)
        tally.add(
            ReasonKind.named_company,
            weight,
            lambda: wording.company(ReasonKind.named_company, weight, first, seeker, helper, [job], now.year),
        )


def _known(first: Snapshot, seeker: Snapshot, helper: Snapshot, worked_at: set[str], tally: _Tally) -> None:
    """Companies on the seeker's list where the helper knows people (their shared reach), besides
    those where the helper works or worked: that reason says more."""
    if not helper.known_companies:
        return
    known = sorted((helper.known_companies & seeker.target_companies) - worked_at - seeker.current_companies)
    if known := known[:MOST_IN_ONE_REASON]:
        weight = KNOWS_PEOPLE * len(known)
        labels = [helper.label(name) for name in known]
        tally.add(ReasonKind.knows_people, weight, lambda: wording.knows_people(weight, first, seeker, helper, labels))


def _topic_matches(wanted: Interests, offered: Interests) -> dict[ReasonKind, list[str]]:
    """Topics the seeker asks for that the helper offers (`topic`), has among their skills
    (`skill`), or where only one side is clear (`possible_topic`); two vague hints make nothing."""
    found: dict[ReasonKind, list[str]] = {}
    for key, asked_clearly in wanted.asks.items():
        offer = offered.offers.get(key)  # None: not offered; False: only hinted at
        skilled = key in offered.skilled
        if offer is None and not skilled:
            continue
        if asked_clearly and offer:
            kind = ReasonKind.topic
        elif asked_clearly and skilled:
            kind = ReasonKind.skill
        elif asked_clearly or offer or skilled:
            kind = ReasonKind.possible_topic
        else:
            continue
        found.setdefault(kind, []).append(key)
    return found


_TOPIC_WEIGHTS = {ReasonKind.topic: ASK_TOPIC, ReasonKind.skill: ASK_SKILL, ReasonKind.possible_topic: POSSIBLE_TOPIC}


def _topics(first: Snapshot, second: Snapshot, vocabulary: Vocabulary, tally: _Tally) -> None:
    first_interests, second_interests = interests(first, vocabulary), interests(second, vocabulary)
    if not first_interests.asks and not second_interests.asks:
        return
    one_way = _topic_matches(first_interests, second_interests)
    other_way = _topic_matches(second_interests, first_interests)
    # The same topic both ways ("both want interview practice, both offer it") is said once, to both.
    both = [key for key in one_way.get(ReasonKind.topic, []) if key in other_way.get(ReasonKind.topic, [])]
    if both:
        weight = ASK_TOPIC * min(len(both), MOST_IN_ONE_REASON)
        tally.add(
            ReasonKind.topic,
            weight,
            lambda: wording.mutual_topics(
                weight, first, second, [vocabulary.label(key) for key in both[:MOST_IN_ONE_REASON]]
            ),
        )
    for seeker, helper, matches in ((first, second, one_way), (second, first, other_way)):
        for kind, keys in matches.items():
            keys = [key for key in keys if key not in both][:MOST_IN_ONE_REASON]
            if keys:
                weight = _TOPIC_WEIGHTS[kind] * len(keys)
                labels = [vocabulary.label(key) for key in keys]
                tally.add(kind, weight, partial(wording.topics, kind, weight, first, seeker, helper, labels))


def _one_way(
    first: Snapshot, seeker: Snapshot, helper: Snapshot, now: datetime, vocabulary: Vocabulary, tally: _Tally
) -> None:
    """What `helper` can do for `seeker`, besides topics."""
    _companies(first, seeker, helper, now, tally)
    if seeker.stage not in HELPER_STAGES:
        # A hiring manager is a helper for the roles they hire for, not a fellow seeker of them.
        if roles := sorted((helper.hiring_roles & seeker.target_roles) - seeker.hiring_roles):
            tally.add(
                ReasonKind.hiring,
                HIRING,
                lambda: wording.hiring(HIRING, first, seeker, helper, roles, vocabulary.proper_nouns),
            )
    if helper.stage in HELPER_STAGES and seeker.stage in SEEKER_STAGES and not seeker.hiring_roles:
        tally.add(ReasonKind.been_there, STAGE_HELP, lambda: wording.been_there(STAGE_HELP, first, seeker, helper))


def _needs(person: Snapshot, now: datetime, tally: _Tally) -> None:
    """Boosts for people who most need an introduction now, and a penalty for the busy."""
    days = (now - person.joined_at).days if person.joined_at else None
    if days is not None and days <= NEWCOMER_DAYS and person.introductions == 0:
        when = "this week" if days < 7 else f"{days // 7} week{'s' if days >= 14 else ''} ago"
        tally.note(NEWCOMER, lambda: f"{person.name} joined {when} and has no introductions yet")
    elif person.connections == 0:
        tally.note(FEW_CONNECTIONS, lambda: f"{person.name} has no connections in the group yet")
    else:
        tally.note(FEW_CONNECTIONS / (1 + person.connections))
    if person.last_introduced_at and now - person.last_introduced_at > timedelta(days=QUIET_DAYS):
        months = (now - person.last_introduced_at).days // 30
        tally.note(QUIET, lambda: f"{possessive(person.name)} last introduction was {months} months ago")
    if person.open_proposals:
        tally.note(-OPEN_PROPOSAL * person.open_proposals)


_KIND_ORDER = {kind: position for position, kind in enumerate(ReasonKind)}


def _suggestion(first: Snapshot, second: Snapshot, tally: _Tally) -> Suggestion:
    ranked = tuple(sorted(tally.reasons, key=lambda reason: (-reason.weight, _KIND_ORDER[reason.kind], reason.to_a)))
    notes = tuple(note for _, note in sorted(tally.notes, key=lambda item: -item[0]))
    return Suggestion(first.person_id, second.person_id, round(tally.score, 3), ranked, notes)


def score_pair(a: Snapshot, b: Snapshot, now: datetime, vocabulary: Vocabulary | None = None) -> Suggestion | None:
    """The pair's score and reasons, or None when nothing real connects them (boosts alone never
    pair two strangers). Symmetric: score_pair(a, b) and score_pair(b, a) agree."""
    first, second = (a, b) if a.person_id < b.person_id else (b, a)
    tally = _score(first, second, now, vocabulary or Vocabulary.default(), words=True)
    return None if tally is None else _suggestion(first, second, tally)


def pair_score(a: Snapshot, b: Snapshot, now: datetime, vocabulary: Vocabulary | None = None) -> float | None:
    """score_pair's score alone, without writing its reasons: to rank many candidates and word
    only the few that are shown. The same number as score_pair(a, b, …).score."""
    first, second = (a, b) if a.person_id < b.person_id else (b, a)
    tally = _score(first, second, now, vocabulary or Vocabulary.default(), words=False)
    return None if tally is None else round(tally.score, 3)


def _score(first: Snapshot, second: Snapshot, now: datetime, vocabulary: Vocabulary, *, words: bool) -> _Tally | None:
    if first.person_id == second.person_id:
        return None
    tally = _Tally(words=words)
    _one_way(first, first, second, now, vocabulary, tally)
    _one_way(first, second, first, now, vocabulary, tally)
    _topics(first, second, vocabulary, tally)
    # Peers: only what both still aim for (nobody who has landed), and not the roles either hires for.
    roles = sorted((first.target_roles & second.target_roles) - first.hiring_roles - second.hiring_roles)
    if roles and first.stage not in HELPER_STAGES and second.stage not in HELPER_STAGES:
        roles = roles[:MOST_IN_ONE_REASON]
        weight = SHARED_ROLE * len(roles)
        tally.add(
            ReasonKind.shared_role,
            weight,
            lambda: wording.shared(ReasonKind.shared_role, weight, first, second, roles, vocabulary.proper_nouns),
        )
    if industries := sorted(first.industries & second.industries)[:MOST_IN_ONE_REASON]:
        weight = SHARED_INDUSTRY * len(industries)
        tally.add(
            ReasonKind.shared_industry,
            weight,
            lambda: wording.shared(
                ReasonKind.shared_industry, weight, first, second, industries, vocabulary.proper_nouns
            ),
        )
    if first.stage == second.stage == "interviewing":
        tally.add(ReasonKind.practice, PRACTICE_PARTNERS, lambda: wording.practice(PRACTICE_PARTNERS, first, second))
    if not tally.substantive:
        return None
    _needs(first, now, tally)
    _needs(second, now, tally)
    return tally


def acquaintance(a: Snapshot, b: Snapshot, now: datetime) -> Suggestion:
    """A pair with nothing specific in common, for rounds that leave nobody out: only what is true
    of both (new to the group together, or simply fellow members)."""
    first, second = (a, b) if a.person_id < b.person_id else (b, a)
    tally = _Tally()
    both_new = all(
        person.joined_at is not None and (now - person.joined_at).days <= NEWCOMER_DAYS for person in (first, second)
    )
    tally.add(ReasonKind.fellow_member, 0.0, lambda: wording.fellow_member(first, second, both_new=both_new))
    _needs(first, now, tally)
    _needs(second, now, tally)
    return _suggestion(first, second, tally)


# --- candidates through an index of tags and topics, never all pairs ------------------------------


class CandidateIndex:
    """Who shares something with whom, by tag and by topic: a member's candidates are found by
    looking up their own tags, asks and offers, so the work grows with what people share, not with
    the square of the group."""

    def __init__(self, people: Iterable[Snapshot], vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or Vocabulary.default()
        self.people: dict[int, Snapshot] = {}
        self.worked_at: dict[str, set[int]] = {}
        self.knows_at: dict[str, set[int]] = {}  # a company -> who shared that they know people there
        self.targets: dict[str, set[int]] = {}
        self.role: dict[str, set[int]] = {}
        self.hiring: dict[str, set[int]] = {}
        self.industry: dict[str, set[int]] = {}
        self.asking: dict[str, set[int]] = {}  # a company name -> who names it in their asks
        self.asking_topic: dict[str, set[int]] = {}
        self.helping_topic: dict[str, set[int]] = {}  # offered, or covered by their skills
        self.helpers: set[int] = set()
        self.interviewing: set[int] = set()
        for person in people:
            pid = person.person_id
            self.people[pid] = person
            for job in person.past_jobs:
                self.worked_at.setdefault(job.company, set()).add(pid)
            for company in person.known_companies:
                self.knows_at.setdefault(company, set()).add(pid)
            found = interests(person, self.vocabulary)
            for index, names in (
                (self.targets, person.target_companies),
                (self.role, person.target_roles),
                (self.hiring, person.hiring_roles),
                (self.industry, person.industries),
                (self.asking_topic, found.asks),
                (self.helping_topic, found.helps_with()),
            ):
                for name in names:
                    index.setdefault(name, set()).add(pid)
            if person.stage in HELPER_STAGES:
                self.helpers.add(pid)
            if person.stage == "interviewing":
                self.interviewing.add(pid)
        for person in self.people.values():
            for phrase in person.asked:
                if phrase in self.worked_at:
                    self.asking.setdefault(phrase, set()).add(person.person_id)

    def candidates(self, person: Snapshot, limit: int = 200) -> list[int]:
        """Up to `limit` people worth scoring with `person`, the strongest kinds of link first."""
        found: dict[int, None] = {}

        def take(ids: Iterable[int]) -> bool:
            # A fixed shuffle per person, so that everyone's short list is not the same lowest ids;
            # only as many as still fit are drawn (large sets such as "everyone who landed" are common).
            room = limit - len(found) + 1
            for other in heapq.nsmallest(room, ids, key=lambda other: _mixed(other, person.person_id)):
                if len(found) >= limit:
                    return False
                if other != person.person_id:
                    found.setdefault(other, None)
            return True

        own = interests(person, self.vocabulary)
        sources: list[Iterable[int]] = []
        sources += [self.worked_at.get(company, ()) for company in sorted(person.target_companies)]
        sources += [self.targets.get(job.company, ()) for job in person.past_jobs]
        sources += [self.knows_at.get(company, ()) for company in sorted(person.target_companies)]
        sources += [self.targets.get(company, ()) for company in sorted(person.known_companies)]
        sources += [self.hiring.get(role, ()) for role in sorted(person.target_roles)]
        sources += [self.role.get(role, ()) for role in sorted(person.hiring_roles)]
        sources += [self.worked_at.get(phrase, ()) for phrase in sorted(person.asked)]
        sources += [self.helping_topic.get(key, ()) for key in own.asks]
        sources += [self.asking.get(job.company, ()) for job in person.past_jobs]
        sources += [self.asking_topic.get(key, ()) for key in sorted(own.helps_with())]
        sources += [self.role.get(name, ()) for name in sorted(person.target_roles)]
        if person.stage in SEEKER_STAGES:
            sources.append(self.helpers)
        if person.stage in HELPER_STAGES:
            sources.append(self.people.keys() - self.helpers)
        if person.stage == "interviewing":
            sources.append(self.interviewing)
        sources += [self.industry.get(name, ()) for name in sorted(person.industries)]
        for ids in sources:
            if not take(ids):
                break
        return list(found)
