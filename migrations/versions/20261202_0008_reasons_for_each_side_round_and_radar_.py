"""reasons for each side, round and radar settings, radar actions, group topics, hiring

Introductions keep a reason for each of the two (the old single reason goes to both) and the kinds
of reason the engine gave; a CHECK keeps pairs ordered, so nobody is introduced to themself.
Groups gain round settings, and the radar's "never introduced" threshold (14 days by default)
becomes "no connection yet" (7 days by default). Profiles can say whom someone is hiring.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 17:34:14.357836
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_topics",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("phrases", sa.JSON(), nullable=False),
        sa.Column("created_by_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_group_topics_created_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_group_topics_group_id_groups"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_topics")),
        sa.UniqueConstraint("group_id", "label", name=op.f("uq_group_topics_group_id_label")),
        sa.UniqueConstraint("public_id", name=op.f("uq_group_topics_public_id")),
    )
    op.create_table(
        "radar_actions",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "note_sent", "snoozed", name="radar_action_kind", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("risk", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("by_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_radar_actions_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["by_account_id"],
            ["accounts.id"],
            name=op.f("fk_radar_actions_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_radar_actions_group_id_groups"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_radar_actions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_radar_actions_public_id")),
    )
    with op.batch_alter_table("radar_actions", schema=None) as batch_op:
        batch_op.create_index("ix_radar_actions_group_id_account_id", ["group_id", "account_id"], unique=False)

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rounds_include_facilitators", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("round_owing_days", sa.Integer(), nullable=False, server_default="5"))
        batch_op.add_column(sa.Column("radar_no_connection_days", sa.Integer(), nullable=False, server_default="7"))
    # A group that had tuned the old threshold keeps its number; the old default becomes the new one.
    op.execute(
        "UPDATE groups SET radar_no_connection_days = radar_never_introduced_days "
        "WHERE radar_never_introduced_days <> 14"
    )
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("radar_never_introduced_days")
        for name in ("rounds_include_facilitators", "round_owing_days", "radar_no_connection_days"):
            batch_op.alter_column(name, server_default=None)

    with op.batch_alter_table("introduction_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("odd_one_out_account_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_introduction_rounds_odd_one_out_account_id_accounts"),
            "accounts",
            ["odd_one_out_account_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason_a", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("reason_b", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("reason_kinds", sa.JSON(), nullable=False, server_default="[]"))
    op.execute("UPDATE introductions SET reason_a = reason, reason_b = reason")
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_column("reason")
        for name in ("reason_a", "reason_b", "reason_kinds"):
            batch_op.alter_column(name, server_default=None)
        batch_op.create_check_constraint(op.f("ck_introductions_ordered_pair"), "person_a_id < person_b_id")
    with op.batch_alter_table("profile_tags", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_profile_tags_profile_tag_relation"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_profile_tags_profile_tag_relation"),
            "relation IN ('target_role', 'industry', 'skill', 'target_company', 'hiring_role', 'hiring_company')",
        )


def downgrade() -> None:
    op.execute("DELETE FROM profile_tags WHERE relation IN ('hiring_role', 'hiring_company')")
    with op.batch_alter_table("profile_tags", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_profile_tags_profile_tag_relation"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_profile_tags_profile_tag_relation"),
            "relation IN ('target_role', 'industry', 'skill', 'target_company')",
        )
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_introductions_ordered_pair"), type_="check")
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE introductions SET reason = reason_a")
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.alter_column("reason", server_default=None)
        batch_op.drop_column("reason_kinds")
        batch_op.drop_column("reason_b")
        batch_op.drop_column("reason_a")

    with op.batch_alter_table("introduction_rounds", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_introduction_rounds_odd_one_out_account_id_accounts"), type_="foreignkey"
        )
        batch_op.drop_column("odd_one_out_account_id")

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("radar_never_introduced_days", sa.Integer(), nullable=False, server_default="14"))
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.alter_column("radar_never_introduced_days", server_default=None)
        batch_op.drop_column("radar_no_connection_days")
        batch_op.drop_column("round_owing_days")
        batch_op.drop_column("rounds_include_facilitators")

    with op.batch_alter_table("radar_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_radar_actions_group_id_account_id")

    op.drop_table("radar_actions")
    op.drop_table("group_topics")
