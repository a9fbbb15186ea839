"""What people ask for and offer, read as topics: "mock interviews" and "interview prep" are the same
thing, "Honestly, not sure yet." is nothing, and "not interested in consulting" is not an ask.

The vocabulary is data (`topics.json`); facilitators add topics and phrases of their own per group
(`Vocabulary.extended`). Phrases are matched on whole words, longest first, so "informational
interview" is never read as "interview". Reading is pure and cheap: once per person, never per pair.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from app.matching.reading import Token, in_a_name, names_a_company_or_team, names_a_job, negated, tokenize, words_of

Side = Literal["asks", "offers"]

WEAK = "~"  # a phrase that only hints at its topic ("interviews", "coaching")
_DATA = Path(__file__).with_name("topics.json")


@dataclass(frozen=True)
class Topic:
    """A thing people ask for or offer. `label` is how reasons name it, mid-sentence ("help with …")."""

    key: str
    label: str
    skills: frozenset[str] = frozenset()  # canonical skill tags that mean someone can help with it
    broader: tuple[str, ...] = ()  # topics that offering this one covers too (Workday is HRIS)
    mutual: bool = False  # people who offer it still ask for it: practice needs a partner


@dataclass(frozen=True)
class TopicSpec:
    """A topic as the data spells it: its phrases, on both sides or on one."""

    key: str
    label: str
    phrases: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    mutual: bool = False

    def side(self, side: Side) -> tuple[str, ...]:
        return self.phrases + (self.asks if side == "asks" else self.offers)


@dataclass(frozen=True)
class _Meaning:
    """What a run of words means: topics (none for phrases read to be ignored), and how surely."""

    topics: tuple[str, ...]
    strong: bool
    as_written: str | None  # the words' exact spelling when case tells them apart ("IT", "Excel")


@dataclass(frozen=True)
class Interests:
    """One person's asks and offers as topics: topic key -> whether a strong phrase said it.
    `skilled` are the topics their skill tags cover. Asks hold only what they do not have already."""

    asks: Mapping[str, bool]
    offers: Mapping[str, bool]
    skilled: frozenset[str]

    def helps_with(self) -> frozenset[str]:
        return frozenset(self.offers) | self.skilled


def _reach(table: Mapping[tuple[str, ...], object]) -> Mapping[str, int]:
    """First word -> the most words a phrase starting with it has: where to start looking."""
    longest: dict[str, int] = {}
    for words in table:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return MappingProxyType(longest)


def _plurals(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase and the plurals of its last word, as people write them."""
    if not words:
        return []
    *head, last = words
    forms = [last, last + "s", last + "es"]
    if last.endswith("y"):
        forms.append(last[:-1] + "ies")
    return [(*head, form) for form in forms]


_TopicsOfWords = Mapping[tuple[str, ...], frozenset[str]]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Topics and the phrases that mean them, compiled for reading. Immutable; compared and hashed by
    identity, so that what is read with it can be cached per vocabulary (`default()` is loaded once)."""

    specs: tuple[TopicSpec, ...]
    ignored: tuple[str, ...] = ()
    proper_nouns: frozenset[str] = frozenset()  # words that keep their capital mid-sentence ("Salesforce")
    topics: Mapping[str, Topic] = field(init=False)
    phrase_count: int = field(init=False)
    _tables: Mapping[str, Mapping[tuple[str, ...], tuple[_Meaning, ...]]] = field(init=False, repr=False)
    _skill_table: _TopicsOfWords = field(init=False, repr=False)
    _skill_inner: _TopicsOfWords = field(init=False, repr=False)
    _reach: Mapping[str, Mapping[str, int]] = field(init=False, repr=False)  # side -> first word -> longest

    def __post_init__(self) -> None:
        # Compiled once: reading a text looks its words up, it never scans the phrases.
        tables = {side: self._phrase_table(side) for side in ("asks", "offers")}
        reach = {side: _reach(table) for side, table in tables.items()}
        whole_tags, inside_tags = self._skill_tables()
        set_ = object.__setattr__
        set_(
            self,
            "topics",
            MappingProxyType(
                {
                    spec.key: Topic(spec.key, spec.label, frozenset(spec.skills), spec.broader, spec.mutual)
                    for spec in self.specs
                }
            ),
        )
        set_(
            self,
            "phrase_count",
            len({(spec.key, phrase) for spec in self.specs for phrase in (*spec.phrases, *spec.asks, *spec.offers)}),
        )
        set_(self, "_tables", MappingProxyType(tables))
        set_(self, "_reach", MappingProxyType(reach))
        set_(self, "_skill_table", whole_tags)
        set_(self, "_skill_inner", inside_tags)

    def _phrase_table(self, side: Side) -> Mapping[tuple[str, ...], tuple[_Meaning, ...]]:
        """Case-folded words (and the plurals of the last) -> what they mean on this side."""
        table: dict[tuple[str, ...], list[_Meaning]] = {}
        entries: list[tuple[str, tuple[str, ...]]] = [(phrase, ()) for phrase in self.ignored]
        entries += [(phrase, (spec.key,)) for spec in self.specs for phrase in spec.side(side)]
        for phrase, topics in entries:
            strong = bool(topics) and not phrase.startswith(WEAK)
            written = phrase.removeprefix(WEAK)
            exact = any(char.isupper() for char in written)
            for form in _plurals(words_of(written)):
                meaning = _Meaning(topics, strong, " ".join(form) if exact else None)
                table.setdefault(tuple(word.lower() for word in form), []).append(meaning)
        return MappingProxyType({words: tuple(meanings) for words, meanings in table.items()})

    def _skill_tables(self) -> tuple[_TopicsOfWords, _TopicsOfWords]:
        """Topics a skill tag means: as a whole (any strong phrase, and the topics' own skill lists),
        and inside a longer tag (case-blind phrases only: the "it" in a tag is no IT)."""
        whole: dict[tuple[str, ...], set[str]] = {}
        inside: dict[tuple[str, ...], set[str]] = {}
        for spec in self.specs:
            for phrase in {*spec.phrases, *spec.asks, *spec.offers}:
                if phrase.startswith(WEAK):
                    continue
                for form in _plurals(tuple(word.lower() for word in words_of(phrase))):
                    whole.setdefault(form, set()).add(spec.key)
                    if phrase == phrase.lower():
                        inside.setdefault(form, set()).add(spec.key)
            for skill in spec.skills:
                whole.setdefault(tuple(word.lower() for word in words_of(skill)), set()).add(spec.key)
        return (
            MappingProxyType({words: frozenset(keys) for words, keys in whole.items()}),
            MappingProxyType({words: frozenset(keys) for words, keys in inside.items()}),
        )

    # --- building -----------------------------------------------------------------------------------

    @staticmethod
    @cache
    def default() -> Vocabulary:
        """The vocabulary in `topics.json`, loaded once."""
        return Vocabulary.from_json(_DATA.read_text(encoding="utf-8"))

    @staticmethod
    def from_json(text: str) -> Vocabulary:
        data = json.loads(text)
        specs = tuple(
            TopicSpec(
                key=topic["key"],
                label=topic["label"],
                phrases=tuple(topic.get("phrases", ())),
                asks=tuple(topic.get("asks", ())),
                offers=tuple(topic.get("offers", ())),
                skills=tuple(topic.get("skills", ())),
                broader=tuple(topic.get("broader", ())),
                mutual=bool(topic.get("mutual", False)),
            )
            for topic in data["topics"]
        )
        return Vocabulary(specs, tuple(data.get("ignore", ())), frozenset(data.get("proper_nouns", ())))

    def extended(self, extra: Iterable[tuple[str, Iterable[str]]]) -> Vocabulary:
        """This vocabulary with a group's own topics: (label, phrases) pairs. A label that is already a
        topic's label adds phrases to it; a new one makes a topic. The same extension gives the same
        object back, so that what was read with it stays cached."""
        return self._extended(
            tuple(
                (label.strip(), tuple(p.strip() for p in phrases if p.strip()))
                for label, phrases in extra
                if label.strip()
            )
        )

    # Cached on the method: the cache keeps vocabularies alive, as meant (they are few, and reused).
    @lru_cache(maxsize=64)  # noqa: B019
    def _extended(self, extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
        if not extra:
            return self
        specs = list(self.specs)
        by_label = {spec.label.casefold(): index for index, spec in enumerate(specs)}
        for label, written in extra:
            # Facilitators' phrases match whatever the case: the capitals rule is the data's.
            phrases = tuple(phrase.casefold() for phrase in written)
            index = by_label.get(label.casefold())
            if index is None:
                by_label[label.casefold()] = len(specs)
                specs.append(TopicSpec(f"group:{label.casefold()}", label, (label.casefold(), *phrases)))
            else:
                spec = specs[index]
                specs[index] = TopicSpec(
                    spec.key,
                    spec.label,
                    spec.phrases + phrases,
                    spec.asks,
                    spec.offers,
                    spec.skills,
                    spec.broader,
                    spec.mutual,
                )
        return Vocabulary(tuple(specs), self.ignored, self.proper_nouns)

    # --- reading ------------------------------------------------------------------------------------

    def label(self, key: str) -> str:
        return self.topics[key].label

    def skill_names(self, key: str) -> frozenset[str]:
        """Canonical skill tag names that mean someone can help with topic `key` ("workday", "hris"…),
        for finding such people in the database."""
        return frozenset(" ".join(words) for words, keys in self._skill_table.items() if key in keys)

    def read(self, asks: str, offers: str, skills: Iterable[str]) -> Interests:
        """A person's topics. What someone can already do (a skill, or a strong offer) is not an ask,
        except for mutual topics: someone who runs mock interviews may still want a practice partner.

        Remembered per vocabulary and words (it is pure, and the answer immutable): a page loads the
        whole group's snapshots, and reading everyone's asks again on every request was most of it."""
        return _read(self, asks, offers, frozenset(skills))

    def _read(self, asks: str, offers: str, skills: frozenset[str]) -> Interests:
        offered = self._with_broader(self.find(offers, "offers"))
        skilled = frozenset(self._with_broader(dict.fromkeys(self._skill_topics(skills), True)))
        has = skilled | {key for key, strong in offered.items() if strong}
        wanted = {
            key: strong for key, strong in self.find(asks, "asks").items() if key not in has or self.topics[key].mutual
        }
        return Interests(MappingProxyType(wanted), MappingProxyType(offered), skilled)

    def find(self, text: str, side: Side) -> dict[str, bool]:
        """Topics named in `text`: key -> True when a strong phrase said so. Longest phrase first; a
        negated phrase, or one naming a team, a department or a job, counts for nothing."""
        tokens = tokenize(text)
        words = [token.word for token in tokens]
        said: list[tuple[str, bool, int]] = []  # topic, strongly, clause
        start = 0
        while start < len(tokens):
            size, meanings = self._longest_match(side, tokens, words, start)
            if not size:
                start += 1
                continue
            if not (
                in_a_name(tokens, start)
                or negated(tokens, words, start)
                or names_a_job(tokens, start + size)
                or (side == "asks" and names_a_company_or_team(tokens, start, start + size))
            ):
                said += [(key, meaning.strong, tokens[start].clause) for meaning in meanings for key in meaning.topics]
            start += size
        # In an ask, a hint beside a clear topic is its context: "how to talk about a sabbatical in
        # interviews" asks about the sabbatical, not for interview practice. (In an offer it is help.)
        clear_clauses = {clause for _, strong, clause in said if strong} if side == "asks" else set()
        found: dict[str, bool] = {}
        for key, strong, clause in said:
            if strong or clause not in clear_clauses:
                found[key] = found.get(key, False) or strong
        return found

    def _longest_match(
        self, side: Side, tokens: list[Token], words: list[str], start: int
    ) -> tuple[int, tuple[_Meaning, ...]]:
        table = self._tables[side]
        clause = tokens[start].clause
        for size in range(min(self._reach[side].get(words[start], 0), len(tokens) - start), 0, -1):
            if tokens[start + size - 1].clause != clause:
                continue
            meanings = table.get(tuple(words[start : start + size]))
            if meanings:
                written = " ".join(token.written for token in tokens[start : start + size])
                fitting = tuple(m for m in meanings if m.as_written is None or m.as_written == written)
                if fitting:
                    return size, fitting
        return 0, ()

    def _skill_topics(self, skills: Iterable[str]) -> set[str]:
        """Topics a person's skill tags cover: a tag that is a topic's phrase ("Workday", "FP&A") or is
        listed for it, or holds a strong phrase ("Workday Financials")."""
        found: set[str] = set()
        for skill in skills:
            words = tuple(word.lower() for word in words_of(skill))
            if words in self._skill_table:
                found |= self._skill_table[words]
                continue
            for size in range(len(words), 0, -1):
                for start in range(len(words) - size + 1):
                    found |= self._skill_inner.get(words[start : start + size], frozenset())
        return found

    def _with_broader(self, topics: dict[str, bool]) -> dict[str, bool]:
        result = dict(topics)
        for key, strong in topics.items():
            for broader in self.topics[key].broader:
                result[broader] = result.get(broader, False) or strong
        return result


# Enough for every profile of a few large groups; entries are small (a person's topic keys).
READ_CACHE_SIZE = 50_000


@lru_cache(maxsize=READ_CACHE_SIZE)
def _read(vocabulary: Vocabulary, asks: str, offers: str, skills: frozenset[str]) -> Interests:
    return vocabulary._read(asks, offers, skills)
