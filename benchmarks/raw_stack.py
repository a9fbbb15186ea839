"""The raw-stack baseline of `BENCH_ONLY=ratio`: bare Starlette, the same database drivers (psycopg 3
on PostgreSQL, aiosqlite on SQLite), hand-written SQL and orjson, answering two of Between's API
reads with byte-identical bodies, for the member the benchmark signs in as (an active member of
the group, not a facilitator) and for the first page of a list (no cursor, no filters):

    GET /api/v1/groups/{group_id}/members?limit=N
    GET /api/v1/people/{person_id}

It checks the bearer token and the viewer's membership as Between does (no rate limit, no
transaction), so the ratio measures what Between's layers cost over the bare minimum.

On SQLite it uses aiosqlite as a bare app would, every driver call on the connection's thread;
Between runs those calls on the event loop instead (app/sqlite_loop.py), and that choice is part of
what the ratio measures there.

    DATABASE_URL=… PORT=… python -m benchmarks.raw_stack
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

POOL_SIZE = 16
# The fields of a member summary that come from tags, in the order Between writes them.
SUMMARY_TAGS = ("target_roles", "industries", "skills")
FIELD_FOR_RELATION = {
    "target_role": "target_roles",
    "industry": "industries",
    "skill": "skills",
    "target_company": "target_companies",
    "hiring_role": "hiring_roles",
}
PROFILE_FIELDS = (
    "bio",
    "location",
    "linkedin_url",
    "stage",
    "target_roles",
    "industries",
    "skills",
    "target_companies",
    "past_companies",
    "looking_for",
    "can_help_with",
    "hiring_roles",
    "hiring_company",
)
NOT_FOUND = b'{"detail":"not found"}'


class Database:
    """A few statements, with `?` placeholders, on either database: rows as tuples."""

    def __init__(self, url: str) -> None:
        self.postgres = url.startswith(("postgresql", "postgres:"))
        self.url = url
        self.idle: asyncio.Queue[Any] = asyncio.Queue()

    async def open(self) -> None:
        for _ in range(POOL_SIZE):
            if self.postgres:
                import psycopg

                url = "postgresql://" + self.url.split("://", 1)[1]
                connection: Any = await psycopg.AsyncConnection.connect(url, autocommit=True)
            else:
                import aiosqlite

                connection = await aiosqlite.connect(self.url.split(":///", 1)[1])
                await connection.execute("PRAGMA busy_timeout=30000")
            self.idle.put_nowait(connection)

    async def close(self) -> None:
        while not self.idle.empty():
            await self.idle.get_nowait().close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        connection = await self.idle.get()
        try:
            yield connection
        finally:
            self.idle.put_nowait(connection)

    async def rows(self, connection: Any, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
        if self.postgres:
            cursor = await connection.execute(sql.replace("?", "%s"), parameters)
            return await cursor.fetchall()
        parameters = tuple(value.hex if isinstance(value, uuid.UUID) else value for value in parameters)
        async with connection.execute(sql, parameters) as cursor:
            return list(await cursor.fetchall())

    def uuid(self, value: Any) -> uuid.UUID:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(value)

    def time(self, value: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def json(self, value: Any) -> Any:
        return orjson.loads(value) if isinstance(value, str | bytes) else value


def json_response(content: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = orjson.dumps(content, option=orjson.OPT_UTC_Z)
    return Response(body, status_code=status_code, headers=headers, media_type="application/json")


def encode_cursor(*values: Any) -> str:
    raw = orjson.dumps(list(values))
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


AUTHENTICATE = (
    "SELECT a.id, a.public_id, t.scopes FROM api_tokens t JOIN accounts a ON a.id = t.account_id "
    "WHERE t.token_hash = ? AND t.revoked_at IS NULL"
)
GROUP_MEMBERSHIP = (
    "SELECT g.id, m.role, m.status FROM groups g "
    "LEFT JOIN memberships m ON m.group_id = g.id AND m.account_id = ? WHERE g.public_id = ?"
)
MEMBER_PAGE = (
    "SELECT a.id, a.public_id, a.display_name, p.id, p.headline, p.stage, p.visibility, m.joined_at, "
    "m.sort_key, m.public_id FROM memberships m JOIN accounts a ON a.id = m.account_id "
    "LEFT JOIN profiles p ON p.account_id = a.id "
    "WHERE m.group_id = ? AND m.status = 'active' AND a.deleted_at IS NULL "
    "ORDER BY m.sort_key, m.public_id LIMIT ?"
)
TAGS = (
    "SELECT pt.profile_id, pt.relation, t.label FROM profile_tags pt JOIN tags t ON t.id = pt.tag_id "
    "WHERE pt.profile_id IN ({}) {} ORDER BY t.label"
)
# A list shows the summary's fields only, and reads no other tags (as Between does).
SUMMARY_RELATIONS = "AND pt.relation IN ('target_role', 'industry', 'skill')"
SHARED_ROLES = (
    "SELECT mine.role FROM memberships mine JOIN memberships theirs ON theirs.group_id = mine.group_id "
    "JOIN accounts a ON a.id = theirs.account_id "
    "WHERE mine.account_id = ? AND mine.status = 'active' AND a.public_id = ? AND a.deleted_at IS NULL "
    "AND (theirs.status = 'active' "
    "OR (mine.role = 'facilitator' AND theirs.status IN ('active', 'pending', 'declined')))"
)
PERSON = (
    "SELECT a.public_id, a.display_name, p.id, p.headline, p.bio, p.location, p.linkedin_url, p.stage, "
    "p.looking_for, p.can_help_with, p.visibility, p.updated_at "
    "FROM accounts a LEFT JOIN profiles p ON p.account_id = a.id WHERE a.public_id = ?"
)
PAST_COMPANIES = (
    "SELECT t.label, pc.start_year, pc.end_year FROM past_companies pc JOIN tags t ON t.id = pc.tag_id "
    "WHERE pc.profile_id = ? ORDER BY pc.end_year IS NULL DESC, pc.end_year DESC, pc.id"
)


def create_app(database_url: str) -> Starlette:
    db = Database(database_url)

    async def viewer(connection: Any, request: Request) -> tuple[int, uuid.UUID] | None:
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret:
            return None
        found = await db.rows(connection, AUTHENTICATE, hashlib.sha256(secret.encode()).hexdigest())
        if not found or not {"read", "write"} & set(found[0][2].split()):
            return None
        return found[0][0], db.uuid(found[0][1])

    async def tags_of(
        connection: Any, profile_ids: list[int], *, summary: bool = False
    ) -> dict[int, dict[str, list[str]]]:
        tags: dict[int, dict[str, list[str]]] = {profile_id: {} for profile_id in profile_ids}
        if profile_ids:
            sql = TAGS.format(", ".join("?" * len(profile_ids)), SUMMARY_RELATIONS if summary else "")
            for profile_id, relation, label in await db.rows(connection, sql, *profile_ids):
                tags[profile_id].setdefault(FIELD_FOR_RELATION.get(relation, relation), []).append(label)
        return tags

    async def members(request: Request) -> Response:
        limit = int(request.query_params.get("limit", "50"))
        async with db.connection() as connection:
            who = await viewer(connection, request)
            if who is None:
                return Response(NOT_FOUND, 401)
            group_id = uuid.UUID(request.path_params["group_id"])
            found = await db.rows(connection, GROUP_MEMBERSHIP, who[0], group_id)
            if not found or found[0][2] != "active":
                return Response(NOT_FOUND, 404)
            if found[0][1] != "member":
                raise NotImplementedError("the baseline answers for a member only")
            rows = await db.rows(connection, MEMBER_PAGE, found[0][0], limit + 1)
            shown = rows[:limit]
            tags = await tags_of(connection, [row[3] for row in shown if row[3] is not None], summary=True)
        items = []
        for account_id, public_id, name, profile_id, headline, stage, visibility, joined_at, _, _ in shown:
            hidden = set()
            if account_id != who[0]:
                hidden = {field for field, level in (db.json(visibility) or {}).items() if level == "facilitators"}
            item: dict[str, Any] = {"id": db.uuid(public_id), "name": name, "headline": headline or ""}
            if stage is not None and "stage" not in hidden:
                item["stage"] = stage
            if joined_at is not None:
                item["joined_at"] = db.time(joined_at)
            person_tags = tags.get(profile_id, {}) if profile_id is not None else {}
            for field in SUMMARY_TAGS:
                if field not in hidden:
                    item[field] = person_tags.get(field, [])
            items.append(item)
        next_cursor = next_url = None
        headers = {}
        if len(rows) > limit:
            last = shown[-1]
            next_cursor = encode_cursor(last[8], str(db.uuid(last[9])))
            next_url = str(request.url.include_query_params(cursor=next_cursor))
            headers["Link"] = f'<{next_url}>; rel="next"'
        return json_response({"items": items, "next_cursor": next_cursor, "next": next_url}, headers=headers)

    async def person(request: Request) -> Response:
        person_id = uuid.UUID(request.path_params["person_id"])
        async with db.connection() as connection:
            who = await viewer(connection, request)
            if who is None:
                return Response(NOT_FOUND, 401)
            if person_id == who[1]:
                raise NotImplementedError("the baseline answers for another member only")
            roles = {role for (role,) in await db.rows(connection, SHARED_ROLES, who[0], person_id)}
            if not roles:
                return Response(NOT_FOUND, 404)
            if "facilitator" in roles:
                raise NotImplementedError("the baseline answers for a member only")
            (public_id, name, profile_id, headline, *values, visibility, updated_at) = (
                await db.rows(connection, PERSON, person_id)
            )[0]
            out: dict[str, Any] = {"id": db.uuid(public_id), "name": name, "headline": headline or ""}
            if profile_id is None:
                return json_response(out)
            tags = (await tags_of(connection, [profile_id]))[profile_id]
            past = await db.rows(connection, PAST_COMPANIES, profile_id)
        bio, location, linkedin_url, stage, looking_for, can_help_with = values
        hiring_company = tags.get("hiring_company", [])
        fields = {
            "bio": bio,
            "location": location,
            "linkedin_url": linkedin_url,
            "stage": stage,
            "looking_for": looking_for,
            "can_help_with": can_help_with,
            "past_companies": [
                {
                    "name": label,
                    **({"from": start} if start is not None else {}),
                    **({"to": end} if end is not None else {}),
                }
                for label, start, end in past
            ],
            "hiring_company": hiring_company[-1] if hiring_company else None,
        }
        for field in FIELD_FOR_RELATION.values():
            fields[field] = tags.get(field, [])
        hidden = {field for field, level in (db.json(visibility) or {}).items() if level == "facilitators"}
        for field in PROFILE_FIELDS:
            if field not in hidden and fields[field] is not None:
                out[field] = fields[field]
        out["updated_at"] = db.time(updated_at)
        return json_response(out)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await db.open()
        yield
        await db.close()

    routes: list[Route] = [
        Route("/api/v1/groups/{group_id}/members", members),
        Route("/api/v1/people/{person_id}", person),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


if __name__ == "__main__":
    import uvicorn

    url = os.environ["DATABASE_URL"]
    uvicorn.run(create_app(url), host="127.0.0.1", port=int(os.environ["PORT"]), log_level="info", proxy_headers=True)
