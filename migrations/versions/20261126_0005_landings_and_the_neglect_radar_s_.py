"""landings and the neglect radar's thresholds

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 01:07:05.671411
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "landings",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=160), nullable=False),
        sa.Column("company", sa.String(length=160), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column(
            "helped_by",
            sa.Enum(
                "introduction",
                "group",
                "contact",
                "posting",
                "other",
                name="landing_helped_by",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("introduction_id", sa.Integer(), nullable=True),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("on_wall", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_landings_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_landings_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introductions.id"],
            name=op.f("fk_landings_introduction_id_introductions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landings")),
        sa.UniqueConstraint("public_id", name=op.f("uq_landings_public_id")),
    )
    with op.batch_alter_table("landings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_landings_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_landings_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_landings_group_id"), ["group_id"], unique=False)

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("radar_never_introduced_days", sa.Integer(), nullable=False, server_default="14"))
        batch_op.add_column(sa.Column("radar_missed_meetings", sa.Integer(), nullable=False, server_default="3"))
        batch_op.add_column(sa.Column("radar_unanswered_days", sa.Integer(), nullable=False, server_default="5"))
        batch_op.add_column(sa.Column("radar_empty_profile_days", sa.Integer(), nullable=False, server_default="7"))
        batch_op.add_column(sa.Column("radar_pending_days", sa.Integer(), nullable=False, server_default="3"))

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.alter_column("radar_never_introduced_days", server_default=None)
        batch_op.alter_column("radar_missed_meetings", server_default=None)
        batch_op.alter_column("radar_unanswered_days", server_default=None)
        batch_op.alter_column("radar_empty_profile_days", server_default=None)
        batch_op.alter_column("radar_pending_days", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("radar_pending_days")
        batch_op.drop_column("radar_empty_profile_days")
        batch_op.drop_column("radar_unanswered_days")
        batch_op.drop_column("radar_missed_meetings")
        batch_op.drop_column("radar_never_introduced_days")

    with op.batch_alter_table("landings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landings_group_id"))
        batch_op.drop_index(batch_op.f("ix_landings_created_at"))
        batch_op.drop_index(batch_op.f("ix_landings_account_id"))

    op.drop_table("landings")
