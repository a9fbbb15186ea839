"""introductions: proposals, outcomes, requests, do-not-pair, rounds

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 00:15:21.625261
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "do_not_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_by_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_do_not_pair_created_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_do_not_pair_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_a_id"], ["accounts.id"], name=op.f("fk_do_not_pair_person_a_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_b_id"], ["accounts.id"], name=op.f("fk_do_not_pair_person_b_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_do_not_pair")),
        sa.UniqueConstraint(
            "group_id", "person_a_id", "person_b_id", name=op.f("uq_do_not_pair_group_id_person_a_id_person_b_id")
        ),
    )
    op.create_table(
        "introduction_requests",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("requester_account_id", sa.Integer(), nullable=False),
        sa.Column("target_account_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "fulfilled",
                "closed",
                name="introduction_request_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_introduction_requests_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requester_account_id"],
            ["accounts.id"],
            name=op.f("fk_introduction_requests_requester_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_account_id"],
            ["accounts.id"],
            name=op.f("fk_introduction_requests_target_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introduction_requests")),
        sa.UniqueConstraint("public_id", name=op.f("uq_introduction_requests_public_id")),
    )
    with op.batch_alter_table("introduction_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_introduction_requests_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_introduction_requests_requester_account_id"), ["requester_account_id"], unique=False
        )

    op.create_table(
        "introduction_rounds",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.JSON(), nullable=False),
        sa.Column("created_by_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_introduction_rounds_created_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_introduction_rounds_group_id_groups"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introduction_rounds")),
        sa.UniqueConstraint("public_id", name=op.f("uq_introduction_rounds_public_id")),
    )
    with op.batch_alter_table("introduction_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_introduction_rounds_group_id"), ["group_id"], unique=False)

    op.create_table(
        "introductions",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by_account_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "connected",
                "declined",
                "expired",
                "withdrawn",
                name="introduction_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "a_answer",
            sa.Enum(
                "pending", "accepted", "declined", name="a_answer", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column(
            "b_answer",
            sa.Enum(
                "pending", "accepted", "declined", name="b_answer", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("a_note", sa.Text(), nullable=False),
        sa.Column("b_note", sa.Text(), nullable=False),
        sa.Column("a_answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("b_answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_follow_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("second_follow_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_introductions_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_a_id"], ["accounts.id"], name=op.f("fk_introductions_person_a_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_b_id"], ["accounts.id"], name=op.f("fk_introductions_person_b_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_introductions_proposed_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["introduction_requests.id"],
            name=op.f("fk_introductions_request_id_introduction_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["introduction_rounds.id"],
            name=op.f("fk_introductions_round_id_introduction_rounds"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introductions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_introductions_public_id")),
    )
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_introductions_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_introductions_person_a_id"), ["person_a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_introductions_person_b_id"), ["person_b_id"], unique=False)
        batch_op.create_index("ix_introductions_status_created_at", ["status", "created_at"], unique=False)
        batch_op.create_index(
            "uq_introductions_open_pair",
            ["group_id", "person_a_id", "person_b_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('proposed', 'connected')"),
            postgresql_where=sa.text("status IN ('proposed', 'connected')"),
        )

    op.create_table(
        "introduction_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "not_yet",
                "met",
                "helpful",
                "referral",
                "interview",
                "offer",
                "hire",
                name="introduction_outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_introduction_outcomes_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introductions.id"],
            name=op.f("fk_introduction_outcomes_introduction_id_introductions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introduction_outcomes")),
        sa.UniqueConstraint(
            "introduction_id", "account_id", name=op.f("uq_introduction_outcomes_introduction_id_account_id")
        ),
    )
    with op.batch_alter_table("introduction_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_introduction_outcomes_account_id"), ["account_id"], unique=False)

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_open_proposals", sa.Integer(), nullable=False, server_default="3"))
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.alter_column("max_open_proposals", server_default=None)

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("introductions_paused_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("introductions_paused_at")

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("max_open_proposals")

    with op.batch_alter_table("introduction_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_introduction_outcomes_account_id"))

    op.drop_table("introduction_outcomes")
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_introductions_open_pair",
            sqlite_where=sa.text("status IN ('proposed', 'connected')"),
            postgresql_where=sa.text("status IN ('proposed', 'connected')"),
        )
        batch_op.drop_index("ix_introductions_status_created_at")
        batch_op.drop_index(batch_op.f("ix_introductions_person_b_id"))
        batch_op.drop_index(batch_op.f("ix_introductions_person_a_id"))
        batch_op.drop_index(batch_op.f("ix_introductions_group_id"))

    op.drop_table("introductions")
    with op.batch_alter_table("introduction_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_introduction_rounds_group_id"))

    op.drop_table("introduction_rounds")
    with op.batch_alter_table("introduction_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_introduction_requests_requester_account_id"))
        batch_op.drop_index(batch_op.f("ix_introduction_requests_group_id"))

    op.drop_table("introduction_requests")
    op.drop_table("do_not_pair")
