"""Tags have one canonical spelling: "Human Resources" and "human  resources " are the same tag."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles.models import Tag, TagKind

_SPACES = re.compile(r"\s+")


def clean_label(label: str) -> str:
    return _SPACES.sub(" ", label).strip()


def canonical(label: str) -> str:
    return clean_label(label).casefold()


async def tags_for(session: AsyncSession, kind: TagKind, labels: Iterable[str]) -> dict[str, Tag]:
    """The tags for these labels (by canonical name), creating the missing ones."""
    wanted: dict[str, str] = {}
    for label in labels:
        if clean_label(label):
            wanted.setdefault(canonical(label), clean_label(label)[:100])
    if not wanted:
        return {}
    statement = select(Tag).where(Tag.kind == kind, Tag.name.in_(list(wanted)))
    found = {tag.name: tag for tag in (await session.execute(statement)).scalars()}
    for name, label in wanted.items():
        if name not in found:
            found[name] = Tag(kind=kind, name=name[:100], label=label)
            session.add(found[name])
    await session.flush()
    return found
