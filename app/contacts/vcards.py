"""Reading a vCard file (versions 2.1, 3 and 4; several cards; folded lines) into contacts.

The grammar of a line (its name, parameters and value, with quoting) and the splitting of structured
values (N, ORG) are vobject's; building whole components with vobject costs half a millisecond a
card, so only the properties a contact needs are read, line by line: 50,000 cards in a second or two.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator

from vobject.base import ParseError, parseLine  # type: ignore[import-untyped]
from vobject.vcard import splitFields  # type: ignore[import-untyped]

from app.contacts.models import ContactSource
from app.contacts.reading import MAX_ROWS, ContactsFile, RowProblem, check_row, file_error

WANTED = frozenset({"N", "FN", "EMAIL", "ORG", "TITLE", "URL", "X-SOCIALPROFILE"})
_ESCAPED = re.compile(r"\\(.)")
_UNESCAPED = {"n": " ", "N": " "}


def unfold(text: str) -> list[str]:
    """The logical lines of a vCard (RFC 6350 §3.2): a line break followed by a space or a tab
    continues the line before it. vCard 2.1's quoted-printable values continue after a "=" at the
    end of a line instead."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if lines and line[:1] in (" ", "\t"):
            lines[-1] += line[1:]
        elif lines and lines[-1].endswith("=") and "QUOTED-PRINTABLE" in lines[-1].upper():
            lines[-1] = lines[-1][:-1] + line
        else:
            lines.append(line)
    return lines


def _cards(lines: list[str]) -> Iterator[tuple[int, list[str] | None]]:
    """Each card's lines between BEGIN and END, numbered from 1; None for a card that does not end."""
    number = 0
    card: list[str] | None = None
    for line in lines:
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if card is not None:
                yield number, None
            number += 1
            card = []
        elif upper == "END:VCARD" and card is not None:
            yield number, card
            card = None
        elif card is not None and line.strip():
            card.append(line)
    if card is not None:
        yield number, None


def _text(value: str) -> str:
    """A TEXT value without its escapes ("\\," is a comma), on one line."""
    return " ".join(_ESCAPED.sub(lambda found: _UNESCAPED.get(found[1], found[1]), value).split())


def _decoded(params: list[list[str]], value: str) -> str:
    named = {param[0].upper(): [entry.upper() for entry in param[1:]] for param in params if param}
    bare = {param[0].upper() for param in params if len(param) == 1}  # vCard 2.1: ";QUOTED-PRINTABLE"
    if "QUOTED-PRINTABLE" in named.get("ENCODING", []) or "QUOTED-PRINTABLE" in bare:
        charset = (named.get("CHARSET") or ["UTF-8"])[0]
        try:
            return quopri.decodestring(value.encode("latin-1", "replace")).decode(charset, "replace")
        except LookupError:
            return quopri.decodestring(value.encode("latin-1", "replace")).decode("utf-8", "replace")
    return value


def _properties(card: list[str]) -> dict[str, list[str]]:
    """The wanted properties' values, by name, in the card's order. Raises ParseError."""
    found: dict[str, list[str]] = {}
    for line in card:
        name, params, value, _group = parseLine(line)
        name = name.upper()
        if name in WANTED:
            found.setdefault(name, []).append(_decoded(params, value or ""))
    return found


def read_vcards(text: str) -> ContactsFile:
    result = ContactsFile(source=ContactSource.vcard)
    for number, card in _cards(unfold(text)):
        where = f"Card {number}"
        if number > MAX_ROWS:
            raise file_error(
                f"This file has more than {MAX_ROWS:,} cards. Split it into smaller files "
                "and import them one after the other."
            )
        if card is None:
            result.problems.append(RowProblem(number, f"{where}: it has no END:VCARD line, so it is incomplete."))
            continue
        try:
            properties = _properties(card)
        except ParseError:
            result.problems.append(RowProblem(number, f"{where}: a line in it cannot be read."))
            continue
        first = last = ""
        if "N" in properties:
            parts = [" ".join(part.split()) for part in splitFields(properties["N"][0])] + ["", ""]
            last, first = parts[0], parts[1]
        if not first and not last and "FN" in properties:
            first, _, last = _text(properties["FN"][0]).rpartition(" ")
            if not first:
                first, last = last, ""
        organization = splitFields(properties["ORG"][0]) if "ORG" in properties else []
        urls = [_text(url) for key in ("URL", "X-SOCIALPROFILE") for url in properties.get(key, [])]
        cells: dict[str, str | None] = {
            "email": _text(properties["EMAIL"][0]) if "EMAIL" in properties else None,
            "company": " ".join(organization[0].split()) if organization else "",
            "position": _text(properties["TITLE"][0]) if "TITLE" in properties else "",
            "url": next((url for url in urls if "linkedin.com" in url.lower()), None),
        }
        check_row(result, where, number, first, last, cells)
    if not result.contacts and not result.problems:
        raise file_error("This vCard file has no cards in it (each card starts with BEGIN:VCARD).")
    return result
