"""Fills a database with many synthetic members quickly, for benchmarks (bulk inserts)."""

from __future__ import annotations

import gc
import os
import random
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, get_args

from sqlalchemy import ForeignKeyConstraint, Table, func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from app.accounts.models import Account
from app.bulk import insert_rows
from app.db import SEARCH_PREFIX, utcnow
from app.demo import data
from app.groups.kept import Kind
from app.groups.models import (
    Group,
    GroupChange,
    JoinedVia,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Role,
    name_sort_key,
)
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Stage, Tag, TagKind
from app.profiles.tags import canonical, clean_label

BATCH = 5_000
# The tables a seed fills in bulk, besides groups.
_FILLED = (Account.__table__, Membership.__table__, Profile.__table__, ProfileTag.__table__, PastCompany.__table__)
_ACCOUNT_COLUMNS = (
    "id",
    "public_id",
    "email",
    "display_name",
    "password_hash",
    "is_admin",
    "email_verified_at",
    "created_at",
    "password_changed_at",
    "deleted_at",
)
_MEMBERSHIP_COLUMNS = (
    "public_id",
    "group_id",
    "account_id",
    "role",
    "status",
    "created_at",
    "joined_at",
    "joined_via",
    "agreement_accepted_at",
    "decision_note",
    "sort_key",
)
_PROFILE_COLUMNS = (
    "id",
    "public_id",
    "account_id",
    "headline",
    "bio",
    "location",
    "linkedin_url",
    "phone",
    "stage",
    "visibility",
    "looking_for",
    "can_help_with",
    "updated_at",
)
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
    async with _bulk_loading(session):
        return await _seed(session, members, groups, rng_seed=rng_seed, progress=progress)


# SQLite settings of the seed's own connection while it loads, each put back afterwards. A bigger page
# cache: with the default 2 MB the transaction's pages are spilled to the WAL and read back while it
# loads (a tenth of the time). CHECK constraints skipped: each row's `IN (…)` check of an enum
# column builds and drops a temporary b-tree, more than the insert itself costs (half of the time
# of the 1.1 million profile_tags rows); every such value here is an enum member, which SQLAlchemy's
# Enum type has already checked. (Both settings are the connection's own, and changing them expires
# its prepared statements, so nothing compiled without the checks outlives the seed.)
_SQLITE_LOADING = {"cache_size": -512 * 1024, "ignore_check_constraints": 1}


@asynccontextmanager
async def _bulk_loading(session: AsyncSession) -> AsyncIterator[None]:
    """Python's cyclic garbage collector paused (the millions of row tuples set it off over and
    over: a tenth of the time, and they hold no cycles), and on SQLite the settings above."""
    connection = await session.connection()
    sqlite = connection.dialect.name == "sqlite"
    before: dict[str, Any] = {}
    if sqlite:
        for name, value in _SQLITE_LOADING.items():
            before[name] = (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar_one()
            await connection.exec_driver_sql(f"PRAGMA {name} = {value}")
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        for name, value in before.items():
            await connection.exec_driver_sql(f"PRAGMA {name} = {int(value)}")


async def _seed(
    session: AsyncSession,
    members: int,
    groups: int,
    *,
    rng_seed: int,
    progress: Callable[[int], None] | None,
) -> list[str]:
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
    # Likewise the triggers that keep SQLite's full-text search tables up to date (migration 0018),
    # each table rebuilt once at the end instead of taking the rows one by one, and those that give
    # groups new versions (0019), one new version per group at the end.
    triggers = await _bulk_triggers(session, postgres)
    for name, table, _ in triggers:
        if postgres:
            await session.execute(text(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"'))
        else:
            await session.execute(text(f'DROP TRIGGER "{name}"'))
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

    def person(index: int) -> tuple[str, str, datetime, str]:
        """A member's name, name to sort by, joining time and email address."""
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        joined = now - timedelta(days=rng.randint(0, 720))
        known = named.get((first, last))
        if known is None:
            name, email_start = f"{first} {last}", f"{first}.{last}.".lower().replace(" ", "-")
            email_start = "".join(c for c in email_start if c.isalnum() or c in ".-@")
            known = named[(first, last)] = (name, name_sort_key(name), email_start)
        return known[0], known[1], joined, f"{known[2]}{run}.{index}@example.com"

    # Rows are built as tuples in the order of these columns (no dict per row to build and take apart).
    dealt = [(relation, _Deck(rng, vocabulary[kind]), count) for relation, kind, count in relations]
    companies = vocabulary[TagKind.company]
    accounts, profiles = _IdBlock(session, Account), _IdBlock(session, Profile)
    for start in range(0, members, BATCH):
        batch = [person(index) for index in range(start, min(start + BATCH, members))]
        account_ids = await accounts.take(len(batch))
        await _insert(
            session,
            Account.__table__,
            _ACCOUNT_COLUMNS,
            [
                (account_id, public_id, email, name, None, False, joined, joined, None, None)
                for (name, _sort_key, joined, email), account_id, public_id in zip(
                    batch, account_ids, _public_ids(len(batch)), strict=True
                )
            ],
        )
        await _insert(
            session,
            Membership.__table__,
            _MEMBERSHIP_COLUMNS,
            [
                (
                    public_id,
                    group_ids[index % len(group_ids)],
                    account_id,
                    Role.member,
                    MembershipStatus.active,
                    joined,
                    joined,
                    JoinedVia.signup,
                    joined,
                    "",
                    sort_key,
                )
                for index, (_name, sort_key, joined, _email), account_id, public_id in zip(
                    range(start, start + len(batch)), batch, account_ids, _public_ids(len(batch)), strict=True
                )
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
        profile_ids = await profiles.take(len(batch))
        await _insert(
            session,
            Profile.__table__,
            _PROFILE_COLUMNS,
            [
                (
                    profile_id,
                    public_id,
                    account_id,
                    rng.choice(data.HEADLINE_TEMPLATES).format_map(fill),
                    "",
                    rng.choice(data.CITIES),
                    None,
                    "",
                    rng.choices(stages, weights)[0],
                    {},
                    rng.choice(data.ASK_TEMPLATES).format_map(fill),
                    rng.choice(data.OFFER_TEMPLATES).format_map(fill),
                    joined,
                )
                for (_name, _sort_key, joined, _email), profile_id, account_id, fill, public_id in zip(
                    batch, profile_ids, account_ids, fills, _public_ids(len(batch)), strict=True
                )
            ],
        )
        await _insert(
            session,
            ProfileTag.__table__,
            ("profile_id", "tag_id", "relation"),
            [
                (profile_id, tag_id, relation)
                for profile_id in profile_ids
                for relation, deck, count in dealt
                for tag_id in deck.deal(count)
            ],
        )
        past = []
        for profile_id in profile_ids:
            first_year = rng.randint(2000, 2020)
            past.append((profile_id, rng.choice(companies), first_year, min(first_year + rng.randint(1, 8), 2026)))
        await _insert(session, PastCompany.__table__, ("profile_id", "tag_id", "start_year", "end_year"), past)
        if progress:
            progress(len(batch))
    await accounts.sync_sequence()
    await profiles.sync_sequence()
    for constraint in foreign_keys:
        await session.execute(AddConstraint(constraint))
    for index in indexes:
        await session.execute(CreateIndex(index))
    for name, table, statement in triggers:
        if postgres:
            await session.execute(text(f'ALTER TABLE "{table}" ENABLE TRIGGER "{name}"'))
        else:
            await session.execute(text(statement))
    for search in {name.rsplit("_after_", 1)[0] for name, _, _ in triggers if name.startswith(SEARCH_PREFIX)}:
        await session.execute(text(f'INSERT INTO "{search}"("{search}") VALUES (\'rebuild\')'))
    for kind in get_args(Kind):
        every_group = select(Group.id, literal(kind), literal(0))
        await session.execute(insert(GroupChange).from_select(["group_id", "kind", "token"], every_group))
    return slugs


async def _bulk_triggers(session: AsyncSession, postgres: bool) -> list[tuple[str, str, str]]:
    """The triggers (name, table, statement) that feed SQLite's full-text search tables (named
    after them) and the groups' versions (named "group_changes_…")."""
    if postgres:
        found = await session.execute(
            text(
                "SELECT t.tgname, c.relname, '' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'group_changes_%'"
            )
        )
    else:
        found = await session.execute(
            text(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND (name LIKE :search OR name LIKE 'group_changes_%')"
            ),
            {"search": f"{SEARCH_PREFIX}%"},
        )
    filled = {table.name for table in _FILLED}  # the others keep theirs, and no lock is taken on them
    return [(name, table, statement) for name, table, statement in found.all() if table in filled]


async def bulk_insert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    """Many rows (dicts of the same keys) at once, in the session's transaction (app/bulk.py)."""
    if not rows:
        return
    columns = list(rows[0])
    pick = itemgetter(*columns)
    values = [pick(row) for row in rows] if len(columns) > 1 else [(pick(row),) for row in rows]
    await _insert(session, table, columns, values)


async def _insert(session: AsyncSession, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Many rows (tuples in the order of `columns`) at once, in the session's transaction."""
    await insert_rows(await session.connection(), table, columns, rows)


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

    async def take(self, count: int) -> range:
        """The ids of the next `count` rows."""
        if self.next is None:
            current = (await self.session.execute(select(func.max(self.table.c.id)))).scalar_one()
            self.next = (current or 0) + 1
        ids = range(self.next, self.next + count)
        self.next += count
        return ids

    async def sync_sequence(self) -> None:
        # PostgreSQL's serial sequence does not move for explicit ids; move it past them.
        if self.session.get_bind().dialect.name == "postgresql":
            name = self.table.name
            await self.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            )
