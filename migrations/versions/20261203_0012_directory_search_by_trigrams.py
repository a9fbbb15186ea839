"""the directory's search by trigrams, on PostgreSQL

Searching a group's directory for part of a word ("zebul", "years") read every member of the group
and matched each name, headline, ask and offer with LIKE '%word%'. On PostgreSQL, pg_trgm's GIN
indexes answer such patterns from the index: one on the folded name of each membership (the
directory matches names in that form) and one on each of the lower-cased headline, ask ("looking
for") and offer ("can help with") of a profile, the expressions the search compares.

The pg_trgm extension ships with PostgreSQL (contrib); creating it needs a role allowed to (a
superuser, or the database owner on PostgreSQL 13 and later, where pg_trgm is a trusted extension).
Where the application's role may not, create it once beforehand: `CREATE EXTENSION pg_trgm;`.
Downgrading drops the indexes and leaves the extension, which other schemas may use.

SQLite has no such index; its search reads the group's members in name order.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 06:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name -> (table, indexed expression)
_INDEXES = {
    "ix_memberships_sort_key_trigrams": ("memberships", "sort_key"),
    "ix_profiles_headline_trigrams": ("profiles", "lower(headline)"),
    "ix_profiles_looking_for_trigrams": ("profiles", "lower(looking_for)"),
    "ix_profiles_can_help_with_trigrams": ("profiles", "lower(can_help_with)"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, expression) in _INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in _INDEXES:
        op.execute(f"DROP INDEX {name}")
