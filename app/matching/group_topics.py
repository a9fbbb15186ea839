"""A group's own topics: what its members ask for and offer in their own words, added by its
facilitators to the engine's vocabulary (which ships with the common ones)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit import service as audit
from app.errors import Conflict, NotFound
from app.groups.models import Group
from app.groups.service import require_facilitator
from app.matching.models import GroupTopic
from app.matching.schemas import TopicIn
from app.matching.topics import WEAK, Vocabulary

SHOWN_PHRASES = 6


@dataclass(frozen=True)
class ShippedTopic:
    label: str
    phrases: list[str]  # a few of the ways people write it


@dataclass
class Topics:
    shipped: list[ShippedTopic]
    own: list[GroupTopic]


async def list_topics(session: AsyncSession, actor: Account, group: Group) -> Topics:
    await require_facilitator(session, actor, group)
    own = list(
        (
            await session.execute(select(GroupTopic).where(GroupTopic.group_id == group.id).order_by(GroupTopic.label))
        ).scalars()
    )
    shipped = []
    for spec in sorted(Vocabulary.default().specs, key=lambda spec: spec.label.casefold()):
        written = [phrase for phrase in (*spec.phrases, *spec.asks, *spec.offers) if not phrase.startswith(WEAK)]
        shipped.append(ShippedTopic(spec.label, list(dict.fromkeys(written))[:SHOWN_PHRASES]))
    return Topics(shipped, own)


async def add_topic(session: AsyncSession, actor: Account, group: Group, data: TopicIn) -> GroupTopic:
    """A topic of the group's (or more ways to write one the engine knows, under its label)."""
    await require_facilitator(session, actor, group)
    taken = (
        await session.execute(
            select(GroupTopic.id).where(GroupTopic.group_id == group.id, GroupTopic.label == data.label)
        )
    ).scalar_one_or_none()
    if taken is not None:
        message = f"This group already has a topic called “{data.label}”: remove it first to change its phrases."
        raise Conflict(message, field_errors={"label": message})
    topic = GroupTopic(group_id=group.id, label=data.label, phrases=data.phrases, created_by_account_id=actor.id)
    session.add(topic)
    await session.flush()
    audit.record(session, actor, "matching.topic_added", group_id=group.id, target=data.label)
    return topic


async def topic_of_group(session: AsyncSession, actor: Account, group: Group, topic_id: uuid.UUID) -> GroupTopic:
    await require_facilitator(session, actor, group)
    topic = (
        await session.execute(
            select(GroupTopic).where(GroupTopic.public_id == topic_id, GroupTopic.group_id == group.id)
        )
    ).scalar_one_or_none()
    if topic is None:
        raise NotFound("This group has no such topic.")
    return topic


async def remove_topic(session: AsyncSession, actor: Account, group: Group, topic_id: uuid.UUID) -> GroupTopic:
    topic = await topic_of_group(session, actor, group, topic_id)
    await session.delete(topic)
    await session.flush()
    audit.record(session, actor, "matching.topic_removed", group_id=group.id, target=topic.label)
    return topic
