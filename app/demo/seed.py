"""Fills a database with many synthetic members quickly, for benchmarks (bulk inserts)."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import ForeignKeyConstraint, Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from app.accounts.models import Account
from app.bulk import insert_rows
from app.db import utcnow
from app.demo import data
from app.groups.models import Group, JoinedVia, JoinPolicy, Membership, MembershipStatus, Role, name_sort_key
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Stage, Tag, TagKind
from app.profiles.tags import canonical, clean_label

BATCH = 5_000
# The tables a seed fills in bulk, besides groups.
_FILLED = (Account.__table__, Membership.__table__, Profile.__table__, ProfileTag.__table__, PastCompany.__table__)
STAGE_WEIGHTS = {
    Stage.exploring: 10,
    Stage.searching: 40,
    Stage.interviewing: 25,
    Stage.offer: 5,
    Stage.landed: 10,
    Stage.alumni: 10,
}


def _public_ids(count: int) -> list[uuid.UUID]:
    """`count` random UUIDs, from one read of the system's randomness rather than one each."""
    noise = os.urandom(16 * count)
    return [uuid.UUID(bytes=noise[start : start + 16], version=4) for start in range(0, len(noise), 16)]


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


async def _vocabulary(session: AsyncSession) -> dict[TagKind, list[int]]:
    """Tag ids per kind, creating the vocabulary's tags in bulk where missing."""
    words = {
        TagKind.role: data.ROLES,
        TagKind.industry: data.INDUSTRIES,
        TagKind.skill: data.SKILLS,
        TagKind.company: data.COMPANIES,
    }
    existing = {
        (kind, name): tag_id for tag_id, kind, name in (await session.execute(select(Tag.id, Tag.kind, Tag.name))).all()
    }
    missing = [
        {"kind": kind, "name": canonical(word), "label": clean_label(word)}
        for kind, kind_words in words.items()
        for word in dict.fromkeys(kind_words)
        if (kind, canonical(word)) not in existing
    ]
    if missing:
        await session.execute(insert(Tag), missing)
        existing = {
            (kind, name): tag_id
            for tag_id, kind, name in (await session.execute(select(Tag.id, Tag.kind, Tag.name))).all()
        }
    return {
        kind: [existing[(kind, canonical(word))] for word in dict.fromkeys(kind_words)]
        for kind, kind_words in words.items()
    }


async def seed(
    session: AsyncSession,
    members: int,
    groups: int,
    *,
    rng_seed: int = 7,
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Adds `groups` groups and `members` members spread over them; returns the new group slugs."""
    rng = random.Random(rng_seed)
    now = utcnow()
    postgres = session.get_bind().dialect.name == "postgresql"
    # Adding each row to the filled tables' secondary indexes (the trigram indexes above all) and,
    # on PostgreSQL, checking each row's foreign keys as it arrives were most of a large seed's
    # time. In this transaction (nobody sees the gap) they are dropped and put back at the end:
    # each index built in one sorted pass, every key checked once, in one join.
    indexes = [
        index
        for table in _FILLED
        for index in table.indexes
        if not index.unique and (postgres or index.dialect_options["postgresql"]["using"] != "gin")
    ]
    foreign_keys = [
        constraint
        for table in _FILLED
        for constraint in table.constraints
        if postgres and isinstance(constraint, ForeignKeyConstraint)
    ]
    if postgres:
        await session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for constraint in foreign_keys:
        await session.execute(DropConstraint(constraint))
    for index in indexes:
        await session.execute(DropIndex(index))
    run = uuid.uuid4().hex[:8]
    group_rows: list[dict[str, Any]] = [
        {
            "public_id": uuid.uuid4(),
            "slug": f"seed-{run}-{index + 1}",
            "name": f"Synthetic group {index + 1} ({run})",
            "description": "Synthetic members for benchmarks.",
            "timezone": "America/Chicago",
            "default_location": "",
            "join_policy": JoinPolicy.open,
            "agreement": "",
            "created_at": now,
            "updated_at": now,
        }
        for index in range(groups)
    ]
    await session.execute(insert(Group), group_rows)
    slugs = [row["slug"] for row in group_rows]
    group_ids = list(
        (await session.execute(select(Group.id).where(Group.slug.in_(slugs)).order_by(Group.id))).scalars()
    )

    vocabulary = await _vocabulary(session)
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    relations = (
        (ProfileTagRelation.target_role, TagKind.role, 2),
        (ProfileTagRelation.industry, TagKind.industry, 2),
        (ProfileTagRelation.skill, TagKind.skill, 4),
        (ProfileTagRelation.target_company, TagKind.company, 3),
    )

    # A name's folded form and the start of its email address, worked out once per name (names repeat).
    named: dict[tuple[str, str], tuple[str, str, str]] = {}

    def people() -> Iterator[dict[str, Any]]:
        for index in range(members):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            joined = now - timedelta(days=rng.randint(0, 720))
            known = named.get((first, last))
            if known is None:
                name, email_start = f"{first} {last}", f"{first}.{last}.".lower().replace(" ", "-")
                email_start = "".join(c for c in email_start if c.isalnum() or c in ".-@")
                known = named[(first, last)] = (name, name_sort_key(name), email_start)
            yield {
                "index": index,
                "name": known[0],
                "sort_key": known[1],
                "joined": joined,
                "email": f"{known[2]}{run}.{index}@example.com",
            }

    decks = {kind: _Deck(rng, tag_ids) for kind, tag_ids in vocabulary.items()}
    accounts, profiles = _IdBlock(session, Account), _IdBlock(session, Profile)
    for batch in _batches(people()):
        account_ids = await accounts.insert(
            [
                {
                    "public_id": public_id,
                    "email": person["email"],
                    "display_name": person["name"],
                    "password_hash": None,
                    "is_admin": False,
                    "email_verified_at": person["joined"],
                    "created_at": person["joined"],
                    "password_changed_at": None,
                    "deleted_at": None,
                }
                for person, public_id in zip(batch, _public_ids(len(batch)), strict=True)
            ]
        )
        await bulk_insert(
            session,
            Membership.__table__,
            [
                {
                    "public_id": public_id,
                    "group_id": group_ids[person["index"] % len(group_ids)],
                    "account_id": account_id,
                    "role": Role.member,
                    "status": MembershipStatus.active,
                    "created_at": person["joined"],
                    "joined_at": person["joined"],
                    "joined_via": JoinedVia.signup,
                    "agreement_accepted_at": person["joined"],
                    "decision_note": "",
                    "sort_key": person["sort_key"],
                }
                for person, account_id, public_id in zip(batch, account_ids, _public_ids(len(batch)), strict=True)
            ],
        )
        fills = [
            {
                "role": rng.choice(data.ROLES),
                "industry": rng.choice(data.INDUSTRIES),
                "company": rng.choice(data.COMPANIES),
                "skill": rng.choice(data.SKILLS),
                "years": rng.randint(2, 25),
            }
            for _ in batch
        ]
        profile_ids = await profiles.insert(
            [
                {
                    "public_id": public_id,
                    "account_id": account_id,
                    "headline": rng.choice(data.HEADLINE_TEMPLATES).format(**fill),
                    "bio": "",
                    "location": rng.choice(data.CITIES),
                    "linkedin_url": None,
                    "phone": "",
                    "stage": rng.choices(stages, weights)[0],
                    "visibility": {},
                    "looking_for": rng.choice(data.ASK_TEMPLATES).format(**fill),
                    "can_help_with": rng.choice(data.OFFER_TEMPLATES).format(**fill),
                    "updated_at": person["joined"],
                }
                for person, account_id, fill, public_id in zip(
                    batch, account_ids, fills, _public_ids(len(batch)), strict=True
                )
            ]
        )
        profile_tags = [
            {"profile_id": profile_id, "tag_id": tag_id, "relation": relation}
            for profile_id in profile_ids
            for relation, kind, count in relations
            for tag_id in decks[kind].deal(count)
        ]
        await bulk_insert(session, ProfileTag.__table__, profile_tags)
        past = []
        for profile_id in profile_ids:
            start = rng.randint(2000, 2020)
            past.append(
                {
                    "profile_id": profile_id,
                    "tag_id": rng.choice(vocabulary[TagKind.company]),
                    "start_year": start,
                    "end_year": min(start + rng.randint(1, 8), 2026),
                }
            )
        await bulk_insert(session, PastCompany.__table__, past)
        if progress:
            progress(len(batch))
    await accounts.sync_sequence()
    await profiles.sync_sequence()
    for constraint in foreign_keys:
        await session.execute(AddConstraint(constraint))
    for index in indexes:
        await session.execute(CreateIndex(index))
    return slugs


async def bulk_insert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    """Many rows (dicts of the same keys) at once, in the session's transaction (app/bulk.py)."""
    if not rows:
        return
    columns = list(rows[0])
    pick = itemgetter(*columns)
    values = [pick(row) for row in rows] if len(columns) > 1 else [(pick(row),) for row in rows]
    await insert_rows(await session.connection(), table, columns, values)


class _Deck:
    """Tags dealt like cards from a shuffled deck, reshuffled when it runs out: each person gets
    distinct tags, every tag is dealt about as often, and a hand costs a slice (random.sample for
    each person was a fifth of a large seed's time)."""

    def __init__(self, rng: random.Random, cards: list[int]) -> None:
        self.rng, self.cards, self.position = rng, list(cards), len(cards)

    def deal(self, count: int) -> list[int]:
        if self.position + count > len(self.cards):
            self.rng.shuffle(self.cards)
            self.position = 0
        self.position += count
        return self.cards[self.position - count : self.position]


class _IdBlock:
    """Hands out ids for rows inserted with explicit keys: RETURNING would force SQLite to insert
    row by row, and this is a bulk tool."""

    def __init__(self, session: AsyncSession, model: Any) -> None:
        self.session, self.table = session, model.__table__
        self.next: int | None = None

    async def insert(self, rows: list[dict[str, Any]]) -> list[int]:
        if self.next is None:
            current = (await self.session.execute(select(func.max(self.table.c.id)))).scalar_one()
            self.next = (current or 0) + 1
        ids = list(range(self.next, self.next + len(rows)))
        self.next += len(rows)
        await bulk_insert(self.session, self.table, [{"id": id_, **row} for id_, row in zip(ids, rows, strict=True)])
        return ids

    async def sync_sequence(self) -> None:
        # PostgreSQL's serial sequence does not move for explicit ids; move it past them.
        if self.session.get_bind().dialect.name == "postgresql":
            name = self.table.name
            await self.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            )
