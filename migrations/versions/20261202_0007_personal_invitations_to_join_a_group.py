"""personal invitations to join a group

Walk-ins, imports and facilitator appointments used to add people to a group without asking them;
now they invite, and the person joins by accepting. The old account-token invitations go, and so do
the pending memberships that walk-ins created without the person's yes (with their check-ins).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:53:35.062780
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_invitations",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "via",
            sa.Enum(
                "signup",
                "invite_link",
                "import",
                "appointment",
                "walk_in",
                name="joined_via",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "role",
            sa.Enum(
                "member", "facilitator", name="membership_role", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_group_invitations_account_id_accounts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_group_invitations_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_group_invitations_invited_by_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_group_invitations_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_invitations")),
        sa.UniqueConstraint("group_id", "email", name=op.f("uq_group_invitations_group_id_email")),
        sa.UniqueConstraint("public_id", name=op.f("uq_group_invitations_public_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_group_invitations_token_hash")),
    )
    with op.batch_alter_table("group_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_invitations_meeting_id"), ["meeting_id"], unique=False)

    # Walk-ins made pending memberships without an accepted agreement (sign-ups always have one).
    op.execute(
        "DELETE FROM attendances WHERE EXISTS (SELECT 1 FROM memberships m JOIN meetings mt "
        "ON mt.group_id = m.group_id WHERE mt.id = attendances.meeting_id "
        "AND m.account_id = attendances.account_id AND m.status = 'pending' "
        "AND m.agreement_accepted_at IS NULL)"
    )
    op.execute("DELETE FROM memberships WHERE status = 'pending' AND agreement_accepted_at IS NULL")
    op.execute("DELETE FROM account_tokens WHERE purpose = 'invitation'")
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_account_tokens_token_purpose"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_account_tokens_token_purpose"), "purpose IN ('password_reset', 'verify_email')"
        )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_memberships_joined_via"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_memberships_joined_via"),
            "joined_via IN ('signup', 'invite_link', 'import', 'appointment', 'walk_in')",
        )


def downgrade() -> None:
    op.execute("UPDATE memberships SET joined_via = 'signup' WHERE joined_via = 'walk_in'")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_memberships_joined_via"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_memberships_joined_via"), "joined_via IN ('signup', 'invite_link', 'import', 'appointment')"
        )
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_account_tokens_token_purpose"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_account_tokens_token_purpose"), "purpose IN ('password_reset', 'verify_email', 'invitation')"
        )
    with op.batch_alter_table("group_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_invitations_meeting_id"))

    op.drop_table("group_invitations")
