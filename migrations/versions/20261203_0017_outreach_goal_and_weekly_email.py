"""outreach: a weekly goal and the weekly email of follow-ups due

A member may set a weekly goal of conversations and ask for a weekly email of the contacts whose
follow-up is due (off by default; the week it was last considered makes it once a week).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outreach_settings",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("weekly_goal", sa.Integer(), nullable=True),
        sa.Column("weekly_email", sa.Boolean(), nullable=False),
        sa.Column("weekly_email_week", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_outreach_settings_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_outreach_settings")),
    )


def downgrade() -> None:
    op.drop_table("outreach_settings")
