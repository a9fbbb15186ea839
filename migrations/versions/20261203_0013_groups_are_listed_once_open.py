"""groups are listed on the home page only once they are open

A new group used to be listed on the home page at once, before anyone facilitated it. A group now
says whether it is open (listed); the home page lists a group only when it is open and has an
active facilitator. New groups start closed. Groups that already have an active facilitator were
listed before this change and stay listed.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.false()))

    groups = sa.table("groups", sa.column("id", sa.Integer), sa.column("listed", sa.Boolean))
    memberships = sa.table(
        "memberships",
        sa.column("group_id", sa.Integer),
        sa.column("role", sa.String),
        sa.column("status", sa.String),
    )
    facilitated = sa.select(memberships.c.group_id).where(
        memberships.c.role == "facilitator", memberships.c.status == "active"
    )
    op.get_bind().execute(sa.update(groups).where(groups.c.id.in_(facilitated)).values(listed=True))

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.alter_column("listed", existing_type=sa.Boolean(), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("listed")
