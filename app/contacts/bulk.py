"""Many contacts written at once, for an import of tens of thousands of rows: COPY on PostgreSQL, one
executemany of a plain statement on SQLite, with each value converted for the driver once per distinct
value (dates and enums repeat) rather than by the ORM row by row."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

Row = tuple[Any, ...]


def _converter(table: Table, name: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    column_type = table.c[name].type
    if dialect.name == "postgresql":
        # psycopg adapts dates, times, UUIDs and None itself; enums go as their values.
        return (lambda value: value.value if isinstance(value, enum.Enum) else value) if name == "source" else None
    processor = column_type.bind_processor(dialect)
    if processor is None:
        return None
    if name in ("public_id", "id"):  # never repeats: nothing to remember
        return cast(Callable[[Any], Any], processor)
    known: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return known[value]
        except KeyError:
            known[value] = converted = processor(value)
            return converted

    return convert


def _converted(table: Table, columns: Sequence[str], rows: Sequence[Row], dialect: Dialect) -> list[Row]:
    converters = [(index, _converter(table, name, dialect)) for index, name in enumerate(columns)]
    active = [(index, convert) for index, convert in converters if convert is not None]
    if not active:
        return list(rows)
    converted: list[Row] = []
    for row in rows:
        values = list(row)
        for index, convert in active:
            values[index] = convert(values[index])
        converted.append(tuple(values))
    return converted


async def _copy(connection: AsyncConnection, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    async with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            await copy.write_row(row)


async def insert_rows(connection: AsyncConnection, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
    if not rows:
        return
    values = _converted(table, columns, rows, connection.dialect)
    if connection.dialect.name == "postgresql":
        await _copy(connection, table.name, columns, values)
        return
    placeholders = ", ".join("?" for _ in columns)
    await connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})", values)


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
        await _copy(connection, scratch, columns, _converted(table, columns, rows, connection.dialect))
        assignments = ", ".join(f"{name} = {scratch}.{name}" for name in changed)
        await connection.exec_driver_sql(
            f"UPDATE {table.name} SET {assignments}, updated_at = %(updated_at)s "
            f"FROM {scratch} WHERE {table.name}.{key} = {scratch}.{key}",
            {"updated_at": updated_at},
        )
        await connection.exec_driver_sql(f"DROP TABLE {scratch}")
        return
    stamp = _converted(table, ["updated_at"], [(updated_at,)], connection.dialect)[0][0]
    values = [(*row[1:], stamp, row[0]) for row in _converted(table, columns, rows, connection.dialect)]
    assignments = ", ".join(f"{name} = ?" for name in changed)
    await connection.exec_driver_sql(f"UPDATE {table.name} SET {assignments}, updated_at = ? WHERE {key} = ?", values)
