"""Changed contacts written at once, for a re-import of tens of thousands of rows (new ones go in
through app/bulk.py): one UPDATE from a COPY into a temporary table on PostgreSQL, one executemany
on SQLite."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from app.bulk import Row, converted_rows, copy_rows


async def update_rows(
    connection: AsyncConnection, table: Table, columns: Sequence[str], rows: Sequence[Row], *, updated_at: datetime
) -> None:
    """Sets `columns[1:]` (and updated_at) of the rows whose id is `columns[0]`, from `rows`."""
    if not rows:
        return
    key, changed = columns[0], list(columns[1:])
    if connection.dialect.name == "postgresql":
        # Into a temporary table of the same column types by COPY, then one UPDATE … FROM it.
        scratch = f"contact_changes_{uuid.uuid4().hex[:12]}"
        await connection.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "
            f"SELECT {', '.join(columns)} FROM {table.name} WITH NO DATA"
        )
        await copy_rows(connection, scratch, columns, converted_rows(table, columns, rows, connection.dialect))
        assignments = ", ".join(f"{name} = {scratch}.{name}" for name in changed)
        await connection.exec_driver_sql(
            f"UPDATE {table.name} SET {assignments}, updated_at = %(updated_at)s "
            f"FROM {scratch} WHERE {table.name}.{key} = {scratch}.{key}",
            {"updated_at": updated_at},
        )
        await connection.exec_driver_sql(f"DROP TABLE {scratch}")
        return
    stamp = converted_rows(table, ["updated_at"], [(updated_at,)], connection.dialect)[0][0]
    values = [(*row[1:], stamp, row[0]) for row in converted_rows(table, columns, rows, connection.dialect)]
    assignments = ", ".join(f"{name} = ?" for name in changed)
    await connection.exec_driver_sql(f"UPDATE {table.name} SET {assignments}, updated_at = ? WHERE {key} = ?", values)
