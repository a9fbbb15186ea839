"""The matching engine: who should meet whom, and why, in words a facilitator can check.

Pure code over profile snapshots: no database, no clock (the caller passes `now`), the same answer
for the same input. Scores add up signals from both sides of a pair; every signal that fires adds
a sentence to the reasons, strongest first.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

HELPER_STAGES = frozenset({"landed", "alumni", "offer"})
SEEKER_STAGES = frozenset({"exploring", "searching", "interviewing"})
NEWCOMER_DAYS = 28
QUIET_DAYS = 60

# Signal weights: a target company beats everything; boosts only break ties between real matches.
COMPANY = 5.0
ASK_NAMES_COMPANY = 4.0
ASK_SKILL = 2.0
ASK_WORD = 0.5
SHARED_ROLE = 1.0
SHARED_INDUSTRY = 0.5
STAGE_HELP = 1.5
PRACTICE_PARTNERS = 0.5
NEWCOMER = 2.0
FEW_CONNECTIONS = 1.5
QUIET = 1.0
OPEN_PROPOSAL = 0.75

_WORD = re.compile(r"[a-z0-9][a-z0-9&+#.-]*[a-z0-9+#]|[a-z0-9]")
# Words that say nothing about what someone can offer.
_STOPWORDS = frozenset("""
a about above after again also an and any anyone are as at be been being but by can could did do does
doing for from get getting had has have having help how i i'd i'm if in into is it its just know like
looking me more most my need new next of on one or other our out over own people person really role
roles same should so some someone something than that the their them then there these they this those
through to too up very want was we were what when where which who whom why will with work working
would you your advice introduction introductions intro conversation conversations chat talk talking
anyone's experience experienced year years company companies team teams job jobs hr
first second third move moving switch switching step steps land landing position positions
opportunity opportunities current currently former great good best insight insights perspective
industry field market path career transition interested interest open happy glad share sharing
please thanks thank world local area city around within inside outside
""".split())


@dataclass(frozen=True)
class PastJob:
    company: str          # canonical name
    label: str            # as people write it
    start: int | None = None
    end: int | None = None  # None: still there

    def years(self) -> str:
        if self.start and self.end:
            return f" ({self.start}–{self.end})" if self.start != self.end else f" ({self.start})"
        if self.start:
            return f" (since {self.start})"
        return ""


@dataclass(frozen=True)
class Snapshot:
    """What the engine knows about one member. Tag sets hold canonical names; `labels` spells them.
    `asked` is filled in from `asks` (the phrases a person asks for)."""

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
    introductions: int = 0          # ever proposed to them
    connections: int = 0            # introductions both sides accepted
    last_introduced_at: datetime | None = None
    open_proposals: int = 0
    asked: frozenset[str] = field(default=frozenset(), compare=False)
    ask_words: frozenset[str] = field(default=frozenset(), compare=False)
    offer_words: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        # Derived once: scoring compares them for many pairs.
        object.__setattr__(self, "asked", phrases(self.asks))
        object.__setattr__(self, "ask_words", words(self.asks))
        object.__setattr__(self, "offer_words", words(self.offers) | {w for skill in self.skills for w in words(skill)})

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else "They"


@dataclass(frozen=True)
class Suggestion:
    """`reasons` say why the two should meet (both will read them); `notes` say how much either
    needs an introduction now (for the facilitator only)."""

    person_a_id: int
    person_b_id: int
    score: float
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = ()


def words(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD.findall(text.lower()) if word not in _STOPWORDS and len(word) > 2)


_TOKEN = re.compile(r"[a-z0-9][a-z0-9&+#'.-]*")
MAX_PHRASE_WORDS = 4


def phrases(text: str) -> frozenset[str]:
    """Every run of one to four words in `text`, case folded, as tag names are spelled: the asks
    "someone at Acme Health who knows Workday" contain "acme health" and "workday"."""
    tokens = [token.rstrip(".-'") for token in _TOKEN.findall(text.casefold())]
    return frozenset(" ".join(tokens[start:start + size]) for start in range(len(tokens))
                     for size in range(1, MAX_PHRASE_WORDS + 1) if start + size <= len(tokens))


@dataclass
class _Tally:
    score: float = 0.0
    substantive: bool = False
    reasons: list[tuple[float, str]] = field(default_factory=list)
    notes: list[tuple[float, str]] = field(default_factory=list)

    def add(self, weight: float, reason: str, *, substantive: bool = True) -> None:
        self.score += weight
        self.substantive = self.substantive or substantive
        self.reasons.append((weight, reason))

    def note(self, weight: float, note: str) -> None:
        """A boost or penalty for one person's situation: it counts, but it is no reason to meet."""
        self.score += weight
        if note:
            self.notes.append((weight, note))


def _one_way(seeker: Snapshot, helper: Snapshot, tally: _Tally) -> None:
    """What `helper` can do for `seeker`."""
    targets = [job for job in helper.past_jobs if job.company in seeker.target_companies]
    for job in sorted(targets, key=lambda j: (j.end is not None, -(j.end or 0), j.company))[:2]:
        verb = "works at" if job.end is None else "worked at"
        tally.add(COMPANY, f"{helper.name} {verb} {job.label}{job.years()}, which is on {seeker.name}'s target list")
    named = [job for job in helper.past_jobs if job not in targets and job.company in seeker.asked]
    for job in named[:1]:
        tally.add(ASK_NAMES_COMPANY, f"{seeker.name} asks for someone who knows {job.label}; "
                                     f"{helper.name} worked there{job.years()}")
    if asked_skills := helper.skills & seeker.asked:
        asked_skills = sorted(asked_skills)
        shown = ", ".join(helper.label(skill) for skill in asked_skills[:3])
        tally.add(ASK_SKILL * min(len(asked_skills), 2), f"{seeker.name} asks for {shown}; {helper.name} offers it")
    elif shared := seeker.ask_words & helper.offer_words:
        # Company names are the company signals' business; counted again as words they only repeat.
        company_words = {word for name in seeker.target_companies | {job.company for job in helper.past_jobs}
                         for word in name.split()}
        shared = sorted(shared - company_words)
        if shared:
            tally.add(ASK_WORD * min(len(shared), 3),
                      f"{seeker.name} asks about {', '.join(shared[:3])}; {helper.name} can help with it")
    if helper.stage in HELPER_STAGES and seeker.stage in SEEKER_STAGES:
        what = "has an offer" if helper.stage == "offer" else "has landed"
        tally.add(STAGE_HELP, f"{helper.name} {what} and can share what worked with {seeker.name}, "
                              f"who is {seeker.stage}")


def _needs(person: Snapshot, now: datetime, tally: _Tally) -> None:
    """Boosts for people who most need an introduction now, and a penalty for the busy."""
    days = (now - person.joined_at).days if person.joined_at else None
    if days is not None and days <= NEWCOMER_DAYS and person.introductions == 0:
        when = "this week" if days < 7 else f"{days // 7} week{'s' if days >= 14 else ''} ago"
        tally.note(NEWCOMER, f"{person.name} joined {when} and has no introductions yet")
    elif person.connections == 0:
        tally.note(FEW_CONNECTIONS, f"{person.name} has no connections in the group yet")
    else:
        tally.note(FEW_CONNECTIONS / (1 + person.connections), "")
    if person.last_introduced_at and now - person.last_introduced_at > timedelta(days=QUIET_DAYS):
        months = (now - person.last_introduced_at).days // 30
        tally.note(QUIET, f"{person.name}'s last introduction was {months} months ago")
    if person.open_proposals:
        tally.note(-OPEN_PROPOSAL * person.open_proposals, "")


def score_pair(a: Snapshot, b: Snapshot, now: datetime) -> Suggestion | None:
    """The pair's score and reasons, or None when nothing real connects them (boosts alone never
    pair two strangers). Symmetric: score_pair(a, b) and score_pair(b, a) agree."""
    if a.person_id == b.person_id:
        return None
    first, second = (a, b) if a.person_id < b.person_id else (b, a)
    tally = _Tally()
    _one_way(first, second, tally)
    _one_way(second, first, tally)
    for kind, weight, phrase in (("target_roles", SHARED_ROLE, "are aiming for"), ("industries", SHARED_INDUSTRY, "know")):
        if shared := getattr(first, kind) & getattr(second, kind):
            shared = sorted(shared)
            tally.add(weight * min(len(shared), 2),
                      f"Both {phrase} {', '.join(first.label(name) for name in shared[:2])}"
                      f"{' roles' if kind == 'target_roles' else ''}: peer support")
    if first.stage == second.stage == "interviewing":
        tally.add(PRACTICE_PARTNERS, "Both are interviewing: they can practise together")
    if not tally.substantive:
        return None
    _needs(first, now, tally)
    _needs(second, now, tally)
    reasons = tuple(reason for _, reason in sorted(tally.reasons, key=lambda item: -item[0]))
    notes = tuple(note for _, note in sorted(tally.notes, key=lambda item: -item[0]))
    return Suggestion(first.person_id, second.person_id, round(tally.score, 3), reasons, notes)


# --- candidates through an index of tags, never all pairs ----------------------------------------

class CandidateIndex:
    """Who shares something with whom, by tag: a member's candidates are found by looking up their
    own tags and asks, so the work grows with what people share, not with the square of the group."""

    def __init__(self, people: Iterable[Snapshot]) -> None:
        self.people: dict[int, Snapshot] = {}
        self.worked_at: dict[str, set[int]] = {}
        self.targets: dict[str, set[int]] = {}
        self.skill: dict[str, set[int]] = {}
        self.role: dict[str, set[int]] = {}
        self.industry: dict[str, set[int]] = {}
        self.asking: dict[str, set[int]] = {}  # a skill or company name -> who asks for it
        self.asking_word: dict[str, set[int]] = {}
        self.offering_word: dict[str, set[int]] = {}
        self.helpers: set[int] = set()
        self.interviewing: set[int] = set()
        for person in people:
            self.people[person.person_id] = person
            for job in person.past_jobs:
                self.worked_at.setdefault(job.company, set()).add(person.person_id)
            for index, names in ((self.targets, person.target_companies), (self.skill, person.skills),
                                 (self.role, person.target_roles), (self.industry, person.industries)):
                for name in names:
                    index.setdefault(name, set()).add(person.person_id)
            if person.stage in HELPER_STAGES:
                self.helpers.add(person.person_id)
            if person.stage == "interviewing":
                self.interviewing.add(person.person_id)
            for word in person.ask_words:
                self.asking_word.setdefault(word, set()).add(person.person_id)
            for word in person.offer_words:
                self.offering_word.setdefault(word, set()).add(person.person_id)
        for person in self.people.values():
            for phrase in person.asked:
                if phrase in self.skill or phrase in self.worked_at:
                    self.asking.setdefault(phrase, set()).add(person.person_id)

    def candidates(self, person: Snapshot, limit: int = 200) -> list[int]:
        """Up to `limit` people worth scoring with `person`, the strongest kinds of link first."""
        found: dict[int, None] = {}

        def take(ids: Iterable[int]) -> bool:
            # A fixed shuffle per person, so that everyone's short list is not the same lowest ids;
            # only as many as still fit are drawn (large sets such as "everyone who landed" are common).
            room = limit - len(found) + 1
            for other in heapq.nsmallest(room, ids, key=lambda other: ((other * 2654435761) ^ (person.person_id * 40503)) & 0xFFFFFFFF):
                if len(found) >= limit:
                    return False
                if other != person.person_id:
                    found.setdefault(other, None)
            return True

        sources: list[Iterable[int]] = []
        sources += [self.worked_at.get(company, ()) for company in sorted(person.target_companies)]
        sources += [self.targets.get(job.company, ()) for job in person.past_jobs]
        sources += [self.skill.get(phrase, set()) | self.worked_at.get(phrase, set()) for phrase in sorted(person.asked)]
        sources += [self.asking.get(name, ()) for name in sorted(person.skills | {j.company for j in person.past_jobs})]
        sources += [self.role.get(name, ()) for name in sorted(person.target_roles)]
        if person.stage in SEEKER_STAGES:
            sources.append(self.helpers)
        if person.stage in HELPER_STAGES:
            sources.append(self.people.keys() - self.helpers)
        if person.stage == "interviewing":
            sources.append(self.interviewing)
        sources += [self.offering_word.get(word, ()) for word in sorted(person.ask_words)]
        sources += [self.asking_word.get(word, ()) for word in sorted(person.offer_words)]
        sources += [self.industry.get(name, ()) for name in sorted(person.industries)]
        for ids in sources:
            if not take(ids):
                break
        return list(found)
