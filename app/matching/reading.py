"""How a short text (an ask, an offer, a skill tag) is read: words, clauses, and the few rules of
grammar that decide whether a phrase means what it says. "Not interested in consulting" refuses
consulting; "the recruiting team at Relecloud" is a way in to a company; "Contoso Logistics" is a
name. The vocabulary (`topics.py`) decides what the phrases mean.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Words joined by & + # ' or . stay one word: "FP&A", "C#", "node.js", "don't".
_TOKEN = re.compile(r"[a-z0-9]+(?:[&'.][a-z0-9]+|[+#]+)*", re.IGNORECASE)
# Where a clause ends: punctuation before a space ("node.js" and "10:30" go on), dashes, brackets.
_CLAUSE_END = re.compile(r"[.;:!?](?=\s|$)|\n|[—–]|\s-\s|\s\(|\)(?=[\s.,;:!?]|$)")
_CLAUSE_WORDS = frozenset({"but", "however", "although", "though"})

# A topic named right after one of these is not wanted: "not interested in consulting".
_NEGATIONS = tuple(
    tuple(cue.split())
    for cue in (
        "not",
        "no longer",
        "no more",
        "no need for",
        "don't need",
        "dont need",
        "do not need",
        "don't want",
        "dont want",
        "do not want",
        "doesn't need",
        "rather than",
        "instead of",
        "other than",
        "except",
        "without",
        "can't help with",
        "cannot help with",
        "can't offer",
        "cannot offer",
        "no experience with",
        "no experience in",
        "leaving",
        "moving away from",
        "away from",
        "getting out of",
        "done with",
    )
)
_NEGATIONS_ENDING_IN = {last: [cue for cue in _NEGATIONS if cue[-1] == last] for *_, last in _NEGATIONS}
_NEGATION_REACH = 3  # words between the cue and the topic
# "Not" that states a need rather than refusing: "not sure how to negotiate", "not confident in interviews".
_NOT_A_REFUSAL = frozenset(
    {
        "sure",
        "yet",
        "only",
        "just",
        "quite",
        "always",
        "certain",
        "clear",
        "great",
        "good",
        "confident",
        "comfortable",
        "familiar",
        "used",
        "experienced",
        "very",
        "too",
        "much",
        "afraid",
        "so",
    }
)
# A topic word that names a team, a job or a department is about a company or a role, not a topic:
# "the L&D team at Northwind", "benefits roles", "someone in finance at Relecloud".
_TEAM_WORDS = frozenset(
    {
        "team",
        "teams",
        "department",
        "departments",
        "function",
        "org",
        "organization",
        "group",
        "leaders",
        "leader",
        "leadership",
        "lead",
        "leads",
        "head",
        "side",
        "folks",
        "people",
        "staff",
    }
)
_ROLE_NOUNS = frozenset(
    {
        "manager",
        "managers",
        "analyst",
        "analysts",
        "specialist",
        "specialists",
        "director",
        "directors",
        "partner",
        "partners",
        "engineer",
        "engineers",
        "coordinator",
        "generalist",
        "generalists",
        "officer",
        "associate",
        "administrator",
        "architect",
        "scientist",
        "senior",
        "junior",
        "contract",
        "contractor",
        "consultant",
        "recruiter",
        "lead",
    }
)
_JOB_WORDS = frozenset(
    {
        "role",
        "roles",
        "job",
        "jobs",
        "position",
        "positions",
        "opening",
        "openings",
        "candidate",
        "candidates",
        "hire",
        "hires",
        "vacancy",
        "vacancies",
        "opportunities",
    }
)
_PEOPLE_WORDS = frozenset(
    {"someone", "anyone", "somebody", "anybody", "people", "contact", "contacts", "folks", "colleagues", "person"}
)
_COMPANY_REACH = 3  # "a board member or CEO at Proseware": the company may follow a few words later


class Token(NamedTuple):
    word: str  # case folded, without a possessive 's
    written: str  # as written
    clause: int
    starts_upper: bool
    follows_closely: bool  # only spaces since the word before: "Contoso Logistics" is one name


def _normal(text: str) -> str:
    """Accents and typographic quotes and dashes folded: "résumé" is "resume", "don’t" is "don't"."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2011", "-")


def tokenize(text: str) -> list[Token]:
    """The words of `text` in order, each with the number of its clause (a clause ends at a full
    stop, a semicolon, a dash, a bracket or a "but")."""
    tokens: list[Token] = []
    clause = 0
    for piece in _CLAUSE_END.split(_normal(text)):
        clause += 1
        previous_end = -1
        for match in _TOKEN.finditer(piece):
            close = previous_end >= 0 and piece[previous_end : match.start()].isspace()
            previous_end = match.end()
            written = match.group()
            word = written.lower()
            if word in _CLAUSE_WORDS:
                clause += 1
                continue
            if word.endswith("'s"):
                word, written = word[:-2], written[:-2]
            tokens.append(Token(word, written, clause, written[:1].isupper(), close))
    return tokens


_NOT_NAMES = frozenset(
    {
        "and",
        "or",
        "for",
        "with",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "to",
        "i",
        "i'm",
        "my",
        "at",
        "our",
        "your",
        "any",
        "some",
        "more",
        "better",
        "basic",
        "strong",
        "good",
        "great",
        "happy",
        "how",
        "what",
        "why",
        "where",
        "when",
        "who",
        "which",
        "help",
        "need",
        "advice",
        "tips",
        "feedback",
        "intro",
        "intros",
        "introduction",
        "introductions",
        "someone",
        "anyone",
        "learn",
        "understand",
        "explain",
        "review",
        "talk",
        "practical",
        "honest",
        "quick",
        "also",
        "just",
        "real",
        "plus",
    }
)


def in_a_name(tokens: list[Token], start: int) -> bool:
    """ "Contoso Logistics", "Northwind Bank": a capitalised word right after another is part of a
    name, unless the one before is capitalised only because it starts the sentence ("Understanding
    COBRA") or is a common word ("Tips", "Advice")."""
    token = tokens[start]
    if not (start and token.starts_upper and token.follows_closely):
        return False
    before = tokens[start - 1]
    if not before.starts_upper or before.clause != token.clause or before.word in _NOT_NAMES:
        return False
    starts_clause = start == 1 or tokens[start - 2].clause != before.clause
    return not (starts_clause and before.word.endswith("ing"))


@lru_cache(maxsize=8192)  # skill tags repeat from person to person
def words_of(phrase: str) -> tuple[str, ...]:
    return tuple(token.written for token in tokenize(phrase))


def negated(tokens: list[Token], words: list[str], start: int) -> bool:
    """ "not interested in consulting", "rather than freelancing": a cue a few words before, in the
    same clause."""
    clause = tokens[start].clause
    for gap in range(min(_NEGATION_REACH, start - 1) + 1):
        end = start - gap
        for cue in _NEGATIONS_ENDING_IN.get(words[end - 1], ()):
            begin = end - len(cue)
            if begin < 0 or tokens[begin].clause != clause or tuple(words[begin:end]) != cue:
                continue
            if cue == ("not",) and words[end] in _NOT_A_REFUSAL:
                continue
            return True
    return False


def names_a_job(tokens: list[Token], end: int) -> bool:
    """ "benefits roles", "payroll manager jobs": a job someone wants, not help they want."""
    index = end
    while index < len(tokens) and index - end < 2 and tokens[index].word in _ROLE_NOUNS:
        index += 1
    return index < len(tokens) and tokens[index].word in _JOB_WORDS and tokens[index].clause == tokens[end - 1].clause


def names_a_company_or_team(tokens: list[Token], start: int, end: int) -> bool:
    """ "the recruiting team", "someone in finance", "IT leadership at Acme Health": a way in to a
    company (its own signal), not a topic the person needs help with."""
    clause = tokens[start].clause
    if end < len(tokens) and tokens[end].word in _TEAM_WORDS and tokens[end].clause == clause:
        return True
    for index in range(end, min(end + _COMPANY_REACH, len(tokens) - 1)):
        following = tokens[index + 1]
        if (
            tokens[index].word == "at"
            and following.clause == clause
            and following.starts_upper
            and following.word != "i"
        ):
            return True
    before = [token.word for token in tokens[max(start - 3, 0) : start] if token.clause == clause]
    if before[-1:] == ["the"]:
        before.pop()
    return len(before) >= 2 and before[-1] in ("in", "on") and before[-2] in _PEOPLE_WORDS
