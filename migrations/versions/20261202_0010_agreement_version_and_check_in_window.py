"""agreement version on memberships, check-in window per group

A membership records which text of the group agreement the person accepted (a short hash of the
rules as they read them), next to when. Memberships from before keep no version: nobody knows which
text they saw. Groups say how many hours before a meeting check-in opens (3 by default).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement_version", sa.String(length=64), nullable=True))
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("check_in_opens_hours_before", sa.Integer(), nullable=False, server_default="3"))
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.alter_column("check_in_opens_hours_before", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("check_in_opens_hours_before")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("agreement_version")
