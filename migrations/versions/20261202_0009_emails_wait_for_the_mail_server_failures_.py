"""emails wait for the mail server; failures are dated and reported

An email whose last attempt could not reach the mail server says so (`waiting_for_server`), so the
worker sends it as soon as the server answers again. An email the worker gave up on records when
(`failed_at`) and when administrators were told (`failure_reported_at`). Emails that failed before
this migration are dated by their last scheduled attempt and reported once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_for_server", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failure_reported_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("waiting_for_server", server_default=None)
    op.execute("UPDATE outbox SET failed_at = available_at WHERE status = 'failed'")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("failure_reported_at")
        batch_op.drop_column("failed_at")
        batch_op.drop_column("waiting_for_server")
