"""the directory's search by trigrams, on SQLite

Migration 0012 gave PostgreSQL trigram indexes for the directory's search; SQLite still read the
whole group and matched each headline, ask and offer with LIKE '%word%' (a rare word in a
20,000-member group: ~170 ms). SQLite's FTS5 has a trigram tokenizer whose tables find a
quoted phrase of three characters or more anywhere in a text, in any case, from their index.

One such table, `search_profile_words`, indexes each profile's headline, ask ("looking for") and
offer ("can help with"), as an external-content table (it keeps only the index; the words stay in
`profiles`). Triggers keep it in step with every insert, update and delete; it is filled here from
the profiles already there. (Names need none: the folded name is in the directory's own index,
`ix_memberships_directory`, whose range for a group is read without touching a table.)

Nothing changes on PostgreSQL. An SQLite older than 3.34 (2020) has no trigram tokenizer: there
nothing is created, and the search reads the group as before.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 12:15:00.000000
"""

import sqlite3
from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# search table -> (indexed table, its columns)
_SEARCHES = {"search_profile_words": ("profiles", ("headline", "looking_for", "can_help_with"))}


def _triggers(search: str, table: str, columns: tuple[str, ...]) -> dict[str, str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    add = f"INSERT INTO {search}(rowid, {listed}) VALUES (new.id, {new});"
    # An external-content table forgets a row when told its old values.
    remove = f"INSERT INTO {search}({search}, rowid, {listed}) VALUES ('delete', old.id, {old});"
    return {
        f"{search}_after_insert": f"AFTER INSERT ON {table} BEGIN {add} END",
        f"{search}_after_delete": f"AFTER DELETE ON {table} BEGIN {remove} END",
        f"{search}_after_update": f"AFTER UPDATE OF {listed} ON {table} BEGIN {remove} {add} END",
    }


# The SQLite that Python is linked with (aiosqlite runs it), from the version with the trigram tokenizer.
TRIGRAMS = sqlite3.sqlite_version_info >= (3, 34, 0)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite" or not TRIGRAMS:
        return
    for search, (table, columns) in _SEARCHES.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {search} USING fts5({', '.join(columns)}, "
            f"content='{table}', content_rowid='id', tokenize='trigram')"
        )
        for name, body in _triggers(search, table, columns).items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute(f"INSERT INTO {search}({search}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for search, (table, columns) in _SEARCHES.items():
        for name in _triggers(search, table, columns):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {search}")
