"""Company names reconciled with the canonical company tags.

"Acme Health, Inc.", "ACME HEALTH" and "The Acme Health Company" name one company: their normalized
form (case, punctuation, legal suffixes and a leading "The" dropped) is the same, and a contact whose
company normalizes like a canonical tag gets that tag. A near miss ("Acme Helth") is never applied
on a guess: it is offered to the member, who confirms it (or not). Unknown companies stay labels;
contacts never create tags.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from app.contacts.models import COMPANY_LENGTH

# Legal forms that say nothing about which company it is, as words at the end of a name.
_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "gmbh",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "pty",
        "pllc",
        "srl",
        "spa",
        "oy",
        "ab",
        "as",
    }
)
_NOT_WORDS = re.compile(r"[^\w]+")
# How alike two normalized names must be (rapidfuzz's ratio, 0 to 100) to be offered as the same.
NEAR_MISS_SCORE = 85.0


def normalize_company(name: str) -> str:
    """The form two spellings of one company share: "Acme Health, Inc." → "acme health"."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("&", " and "))
    folded = "".join(character for character in folded if not unicodedata.combining(character))
    # Dots go without a space, so that "S.A." and "Inc." are the words "sa" and "inc".
    words = _NOT_WORDS.sub(" ", folded.replace(".", "").replace("_", " ")).split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)[:COMPANY_LENGTH]


class CompanyIndex:
    """The canonical company tags by normalized name, for matching many contacts at once."""

    def __init__(self, tags: Iterable[tuple[int, str]]) -> None:
        self.by_key: dict[str, int] = {}
        for tag_id, name in tags:
            key = normalize_company(name)
            if key:
                self.by_key.setdefault(key, tag_id)
        self._keys = list(self.by_key)

    def exact(self, key: str) -> int | None:
        return self.by_key.get(key) if key else None

    def near_miss(self, key: str) -> tuple[int, float] | None:
        """The tag whose name is closest to `key`, when close enough and not the same."""
        if not key or key in self.by_key or not self._keys:
            return None
        found = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=NEAR_MISS_SCORE)
        if found is None:
            return None
        name, score, _ = found
        return self.by_key[name], float(score)
