"""Importing a member's LinkedIn connections (BENCH_ONLY=contacts): 30,000 rows of Connections.csv,
read, planned and written in one transaction, the way `POST /api/v1/me/contacts/import` and `between
import-contacts` do it; then the same file again (all unchanged) and a newer export (every row
updated). The target: well under 5 seconds for the first import, on SQLite and on PostgreSQL.

SQLite is a fresh file; PostgreSQL a fresh database created on 127.0.0.1:5432 (BENCH_POSTGRES_URL to
point elsewhere) and dropped after. BENCH_CONTACTS sets the number of rows.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid

from app.config import async_database_url
from benchmarks import create_postgres_database, drop_postgres_database

ROWS = int(os.environ.get("BENCH_CONTACTS", "30000"))
TARGET_SECONDS = 5.0
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
NOTES = 'Notes:\r\n"When exporting your connection data, you may notice that some email addresses are missing."\r\n\r\n'
COMPANIES = ("Acme Health, Inc.", "Northwind Health", "Globex Corp.", "Initech", "Umbrella LLC", "Contoso Ltd")


def connections_csv(rows: int, position: str = "Analyst") -> bytes:
    lines = [
        f"Person{n},Number{n},https://www.linkedin.com/in/person-{n},"
        f"{f'person{n}@example.com' if n % 4 == 0 else ''},"
        f'"{COMPANIES[n % len(COMPANIES)]}",{position} {n % 9},{1 + n % 28:02d} Dec 2026\r\n'
        for n in range(rows)
    ]
    return ("\ufeff" + NOTES + HEADER + "".join(lines)).encode()


async def _measure(url: str, label: str) -> None:
    from app import models as _every_table  # noqa: F401
    from app.accounts.models import Account
    from app.contacts import importing
    from app.db import create_engine, create_sessionmaker
    from app.migrate import upgrade_head_async
    from app.profiles.models import TagKind
    from app.profiles.tags import tags_for

    engine = create_engine(url)
    try:
        await upgrade_head_async(engine)
        sessions = create_sessionmaker(engine, for_writes=True)
        async with sessions() as session, session.begin():
            account = Account(email=f"bench-{uuid.uuid4().hex[:8]}@example.com", display_name="Bench Member")
            session.add(account)
            await tags_for(session, TagKind.company, ["Acme Health", "Northwind Health", "Initech"])
            await session.flush()
            account_id = account.id

        async def timed(data: bytes, what: str) -> float:
            started = time.perf_counter()
            async with sessions() as session, session.begin():
                member = await session.get(Account, account_id)
                assert member is not None
                summary = await importing.import_contacts(session, member, data, "Connections.csv", dry_run=False)
            seconds = time.perf_counter() - started
            verdict = "" if what != "first import" else (" ok" if seconds < TARGET_SECONDS else " TOO SLOW")
            print(
                f"  {label}: {what} of {ROWS:,} rows: {seconds:.2f} s "
                f"({summary.new:,} new, {summary.updated:,} updated, {summary.unchanged:,} unchanged){verdict}"
            )
            return seconds

        await timed(connections_csv(ROWS), "first import")
        await timed(connections_csv(ROWS), "the same file again")
        await timed(connections_csv(ROWS, position="Senior analyst"), "a newer export")
    finally:
        await engine.dispose()


def main() -> None:
    os.environ.setdefault("BETWEEN_ENV", "test")
    print(f"contacts: importing {ROWS:,} LinkedIn connections (target: first import under {TARGET_SECONDS:.0f} s)")
    directory = tempfile.mkdtemp(prefix="between-bench-contacts-")
    asyncio.run(_measure(f"sqlite+aiosqlite:///{directory}/bench.sqlite3", "SQLite"))
    url, name = create_postgres_database("between_bench_contacts")
    try:
        asyncio.run(_measure(async_database_url(url), "PostgreSQL"))
    finally:
        drop_postgres_database(name)


if __name__ == "__main__":
    main()
