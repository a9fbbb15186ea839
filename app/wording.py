"""Small pieces of English that many pages write: counts of people, possessives, and the order
people read names in. Templates see them as filters (`people`, `possessive`)."""

from __future__ import annotations

import unicodedata

RIGHT_QUOTE = "\u2019"


def people(count: int, nobody: str = "nobody") -> str:
    """A count of people in words: "nobody" (or what the sentence needs) for 0, "1 person", "N people"."""
    if count == 0:
        return nobody
    return "1 person" if count == 1 else f"{count:,} people"


def possessive(name: str) -> str:
    """The possessive of a name: "Ana’s", but "Tuesday Evenings’" for a name that ends in s."""
    name = name.strip()
    return f"{name}{RIGHT_QUOTE}" if name.lower().endswith("s") else f"{name}{RIGHT_QUOTE}s"


def name_order(name: str) -> str:
    """A key that sorts names as people expect: Denise before DeShawn, Émile among the Es."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()
