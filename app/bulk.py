"""Many rows written at once (a seed of 100,000 members, an import of 30,000 contacts): COPY on
PostgreSQL, several times faster than INSERT, and one executemany of a plain INSERT on SQLite, each
value converted for the driver once per distinct value (dates and enums repeat) rather than by the
ORM row by row, and a column at a time rather than a row at a time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import JSON, Table, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

Row = tuple[Any, ...]
# What turns one column's values (all rows' in order) into what the driver takes.
_ColumnConverter = Callable[[Sequence[Any]], Sequence[Any]]


def converted_rows(table: Table, columns: Sequence[str], rows: Sequence[Row], dialect: Dialect) -> list[Row]:
    """The rows as the driver takes them (for COPY: JSON as text)."""
    converters = [(position, _converter(table.c[name].type, dialect)) for position, name in enumerate(columns)]
    active = [(position, convert) for position, convert in converters if convert is not None]
    if not active or not rows:
        return list(rows)
    # Column by column: the rows taken apart and put back together by zip (in C), each column's
    # values converted in one pass, rather than a list built and taken apart for every row.
    values: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for position, convert in active:
        values[position] = convert(values[position])
    return list(zip(*values, strict=True))


def _converter(column_type: Any, dialect: Dialect) -> _ColumnConverter | None:
    """What turns a column's values into what the driver takes; None if nothing."""
    if isinstance(column_type, JSON):
        return lambda values: list(map(json.dumps, values))
    processor = cast(Callable[[Any], Any] | None, column_type.bind_processor(dialect))
    adapts = dialect.name == "sqlite" and _adapted_by_sqlite(column_type)
    if processor is None and not adapts:
        return None
    if isinstance(column_type, Uuid):  # never repeats: nothing to remember
        return None if processor is None else lambda values: list(map(processor, values))
    known: dict[Any, Any] = {}

    def driver_value(value: Any) -> Any:
        if processor is not None:
            value = processor(value)
        if adapts:
            # What sqlite3 itself does to a value it has an adapter for (dates, timestamps: the
            # text it stores), done here once per distinct value rather than by the driver per row.
            adapt = sqlite3.adapters.get((type(value), sqlite3.PrepareProtocol))
            if adapt is not None:
                value = adapt(value)
        return value

    def convert(values: Sequence[Any]) -> list[Any]:
        try:
            for value in set(values).difference(known):
                known[value] = driver_value(value)
        except TypeError:  # a value that cannot be remembered (unhashable): one by one
            return [driver_value(value) for value in values]
        return list(map(known.__getitem__, values))

    return convert


def _adapted_by_sqlite(column_type: Any) -> bool:
    """Whether the column's values are ones sqlite3 adapts itself (dates and timestamps)."""
    try:
        python_type = getattr(column_type, "impl_instance", column_type).python_type  # a TypeDecorator's own
    except NotImplementedError:
        return False
    return any(issubclass(python_type, kind) for kind, _protocol in sqlite3.adapters)


async def copy_rows(connection: AsyncConnection, table_name: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """PostgreSQL's COPY of rows already converted (converted_rows)."""
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    statement = f"COPY {table_name} ({', '.join(columns)}) FROM STDIN"
    async with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            await copy.write_row(row)


async def insert_rows(connection: AsyncConnection, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
    if not rows:
        return
    values = converted_rows(table, columns, rows, connection.dialect)
    if connection.dialect.name == "postgresql":
        await copy_rows(connection, table.name, columns, values)
        return
    placeholders = ", ".join("?" for _ in columns)
    await connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})", values)
