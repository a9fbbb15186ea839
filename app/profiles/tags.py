"""Tags have one canonical spelling: "Human Resources" and "human  resources " are the same tag.

Tags are shared by everyone, so two people often add the same new one at the same instant. They
are created with INSERT … ON CONFLICT DO NOTHING and read back, never inserted blindly: whoever
comes second uses the first one's row (on PostgreSQL its insert waits for the first transaction and
then does nothing). The missing tags of a whole profile go in one statement, in one order (kind,
then name), so two transactions that need some of the same new tags never wait on each other in a
circle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles.models import Tag, TagKind

_SPACES = re.compile(r"\s+")
NAME_LENGTH = 100  # the column's


def clean_label(label: str) -> str:
    return _SPACES.sub(" ", label).strip()


def canonical(label: str) -> str:
    return clean_label(label).casefold()


def upsert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_nothing()`."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def tags_for(session: AsyncSession, kind: TagKind, labels: Iterable[str]) -> dict[str, Tag]:
    """The tags for these labels (by canonical name), creating the missing ones."""
    return (await tags_of_kinds(session, {kind: labels}))[kind]


async def tags_of_kinds(
    session: AsyncSession, labels: Mapping[TagKind, Iterable[str]]
) -> dict[TagKind, dict[str, Tag]]:
    """The tags for these labels, by kind and canonical name, creating the missing ones: at most
    three statements for any number of labels and kinds."""
    # (kind, name in the table) -> (canonical name, the label as first typed)
    wanted: dict[tuple[TagKind, str], tuple[str, str]] = {}
    for kind, kind_labels in labels.items():
        for label in kind_labels:
            if clean_label(label):
                name = canonical(label)
                wanted.setdefault((kind, name[:NAME_LENGTH]), (name, clean_label(label)[:NAME_LENGTH]))
    found: dict[TagKind, dict[str, Tag]] = {kind: {} for kind in labels}
    if not wanted:
        return found
    tags = await _read(session, wanted)
    missing = sorted(key for key in wanted if key not in tags)
    if missing:
        await session.execute(
            upsert_for(session)(Tag)
            .values([{"kind": kind, "name": name, "label": wanted[(kind, name)][1]} for kind, name in missing])
            .on_conflict_do_nothing(index_elements=["kind", "name"])
        )
        tags |= await _read(session, missing)
    for key, tag in tags.items():
        found[key[0]][wanted[key][0]] = tag
    return found


async def _read(session: AsyncSession, keys: Iterable[tuple[TagKind, str]]) -> dict[tuple[TagKind, str], Tag]:
    names: dict[TagKind, list[str]] = {}
    for kind, name in keys:
        names.setdefault(kind, []).append(name)
    statement = select(Tag).where(or_(*(and_(Tag.kind == kind, Tag.name.in_(group)) for kind, group in names.items())))
    return {(tag.kind, tag.name): tag for tag in (await session.execute(statement)).scalars()}
