"""the group's reach, shared with consent, and warm introductions

A member's yes to showing one group which companies they know people at (companies and counts,
never names): one row per group and member while it lasts. And the warm introductions members ask
of each other: one open request per asker, helper and company.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_table(
        "reach_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_reach_shares_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_reach_shares_group_id_groups"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reach_shares")),
        sa.UniqueConstraint("group_id", "account_id", name=op.f("uq_reach_shares_group_id_account_id")),
    )
    op.create_index(op.f("ix_reach_shares_account_id"), "reach_shares", ["account_id"])
    op.create_index(op.f("ix_reach_shares_group_id"), "reach_shares", ["group_id"])
    op.create_table(
        "warm_introduction_requests",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("asker_account_id", sa.Integer(), nullable=False),
        sa.Column("helper_account_id", sa.Integer(), nullable=False),
        sa.Column("company_tag_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "accepted",
                "not_now",
                "withdrawn",
                "expired",
                name="warm_request_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("helper_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asker_account_id"],
            ["accounts.id"],
            name=op.f("fk_warm_introduction_requests_asker_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_tag_id"],
            ["tags.id"],
            name=op.f("fk_warm_introduction_requests_company_tag_id_tags"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_warm_introduction_requests_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["helper_account_id"],
            ["accounts.id"],
            name=op.f("fk_warm_introduction_requests_helper_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warm_introduction_requests")),
        sa.UniqueConstraint("public_id", name=op.f("uq_warm_introduction_requests_public_id")),
    )
    op.create_index(
        op.f("ix_warm_introduction_requests_asker_account_id"), "warm_introduction_requests", ["asker_account_id"]
    )
    op.create_index(
        op.f("ix_warm_introduction_requests_helper_account_id"), "warm_introduction_requests", ["helper_account_id"]
    )
    op.create_index(op.f("ix_warm_introduction_requests_group_id"), "warm_introduction_requests", ["group_id"])
    op.create_index(
        "uq_warm_introduction_requests_open",
        "warm_introduction_requests",
        ["asker_account_id", "helper_account_id", "company_tag_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_warm_introduction_requests_open", table_name="warm_introduction_requests")
    op.drop_index(op.f("ix_warm_introduction_requests_group_id"), table_name="warm_introduction_requests")
    op.drop_index(op.f("ix_warm_introduction_requests_helper_account_id"), table_name="warm_introduction_requests")
    op.drop_index(op.f("ix_warm_introduction_requests_asker_account_id"), table_name="warm_introduction_requests")
    op.drop_table("warm_introduction_requests")
    op.drop_index(op.f("ix_reach_shares_group_id"), table_name="reach_shares")
    op.drop_index(op.f("ix_reach_shares_account_id"), table_name="reach_shares")
    op.drop_table("reach_shares")
