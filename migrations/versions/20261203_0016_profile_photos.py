"""profile photos

A member's photo: the random name its resized copies are stored under (on disk or in an object
store), and whether a facilitator hid it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_by_account_id", sa.Integer(), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_photos_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_photos_hidden_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
        sa.UniqueConstraint("account_id", name=op.f("uq_photos_account_id")),
        sa.UniqueConstraint("name", name=op.f("uq_photos_name")),
        sa.UniqueConstraint("public_id", name=op.f("uq_photos_public_id")),
    )


def downgrade() -> None:
    op.drop_table("photos")
