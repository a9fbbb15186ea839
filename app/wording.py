"""Small pieces of English that many pages write: counts of people and possessives. Templates
see them as filters (`people`, `possessive`)."""

from __future__ import annotations

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
