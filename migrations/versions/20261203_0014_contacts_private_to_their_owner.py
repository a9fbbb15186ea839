"""contacts, private to their owner

A member's own contacts (imported from LinkedIn's connections export, a vCard or a spreadsheet, or
typed in), each with a light outreach tracker: a status, a note and a follow-up date. One row per
person per owner (the dedupe key), the company as written and its normalized form, and the
canonical company tag when the name matches one (or the owner confirmed a near miss).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("sort_name", sa.String(length=201), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("profile_url", sa.String(length=300), nullable=True),
        sa.Column("company_label", sa.String(length=200), nullable=False),
        sa.Column("company_key", sa.String(length=200), nullable=False),
        sa.Column("company_tag_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("connected_on", sa.Date(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "linkedin",
                "vcard",
                "csv",
                "manual",
                name="contact_source",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("dedupe_key", sa.String(length=400), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "to_reach_out",
                "contacted",
                "replied",
                "met",
                name="outreach_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("last_contacted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_contacts_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["company_tag_id"], ["tags.id"], name=op.f("fk_contacts_company_tag_id_tags"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("account_id", "dedupe_key", name=op.f("uq_contacts_account_id_dedupe_key")),
        sa.UniqueConstraint("public_id", name=op.f("uq_contacts_public_id")),
    )
    op.create_index("ix_contacts_account_id_sort_name", "contacts", ["account_id", "sort_name"])
    op.create_index("ix_contacts_account_id_company_key", "contacts", ["account_id", "company_key"])
    op.create_index("ix_contacts_company_tag_id_account_id", "contacts", ["company_tag_id", "account_id"])


def downgrade() -> None:
    op.drop_index("ix_contacts_company_tag_id_account_id", table_name="contacts")
    op.drop_index("ix_contacts_account_id_company_key", table_name="contacts")
    op.drop_index("ix_contacts_account_id_sort_name", table_name="contacts")
    op.drop_table("contacts")
