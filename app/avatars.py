"""The calm stand-in for a missing photo: a person's initials on a soft colour of their own."""

from __future__ import annotations

import hashlib

# Light backgrounds under dark text (#1d2430): every pair is above 10:1 contrast.
BACKGROUNDS = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0e7ff", "#ccfbf1", "#fee2e2", "#ede9fe")


def initials(name: str) -> str:
    """ "Ana María López" → "AL"; one name gives one letter; no letters gives "?"."""
    words = [word for word in name.split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def background(key: str) -> str:
    """The same colour for the same person on every page (keyed by their public id)."""
    digest = hashlib.blake2s(key.encode(), digest_size=2).digest()
    return BACKGROUNDS[int.from_bytes(digest, "big") % len(BACKGROUNDS)]
