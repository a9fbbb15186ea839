"""a name to sort by on memberships, and the directory's index

The directory lists a group's members by name, a page at a time. Sorting by the account's name
meant reading and sorting the whole group for every page; a membership now keeps its member's name
folded for sorting (lower case, accents removed: "Émile" sorts with "emile"), so that a page is a
range of the index on (group, status, that name, membership id). The name is copied from the
account here, for the memberships that exist, with the same folding the application uses.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 23:00:00.000000
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5_000


def _folded(name: str) -> str:
    # As app.groups.models.name_sort_key folds it today (a migration keeps its own copy).
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())[:240]


def upgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sort_key", sa.String(length=240), nullable=True))

    connection = op.get_bind()
    memberships = sa.table("memberships", sa.column("id", sa.Integer), sa.column("sort_key", sa.String))
    accounts = sa.table("accounts", sa.column("id", sa.Integer), sa.column("display_name", sa.String))
    account_id = sa.column("account_id", sa.Integer)
    rows = connection.execute(
        sa.select(memberships.c.id, accounts.c.display_name)
        .select_from(memberships.join(accounts, accounts.c.id == account_id))
        .order_by(memberships.c.id)
    ).all()
    fill = sa.update(memberships).where(memberships.c.id == sa.bindparam("membership_id"))
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        connection.execute(
            fill.values(sort_key=sa.bindparam("folded")),
            [{"membership_id": row.id, "folded": _folded(row.display_name)} for row in batch],
        )

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.alter_column("sort_key", existing_type=sa.String(length=240), nullable=False)
        batch_op.create_index("ix_memberships_directory", ["group_id", "status", "sort_key", "public_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index("ix_memberships_directory")
        batch_op.drop_column("sort_key")
