"""radar changes: a version per group of the few things the neglect radar reads beyond the others

The dashboard's radar runs five rules over a whole group on every view (for 2,000 members ~35 ms of
the database's time, and its rows). To keep what they notice between requests, as the suggestions
and insights are kept (migration 0019), every change to what they read must give the group a new
version. The "matching" and "activity" kinds already cover memberships, introductions, meetings,
check-ins, names, asks, offers, tags and past companies. The rules also read, for every group the
person belongs to, the account's email and whether it is verified, and the profile's headline: a
third kind, "radar", for those.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 19:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (the column naming the account, the columns whose update matters)
WATCHED = {
    "accounts": ("id", ("email", "email_verified_at")),
    "profiles": ("account_id", ("headline",)),
}


def _name(table: str) -> str:
    return f"group_changes_radar_{table}_after_update"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, (account, columns) in WATCHED.items():
        if postgres:
            # group_changed() is migration 0019's: for scope "account", every group of the account.
            old = ", ".join(f"OLD.{column}::text" for column in columns)
            new = ", ".join(f"NEW.{column}::text" for column in columns)
            op.execute(
                f"CREATE TRIGGER {_name(table)} AFTER UPDATE OF {', '.join(columns)} ON {table} FOR EACH ROW "
                f"WHEN (ROW({old}) IS DISTINCT FROM ROW({new})) "
                f"EXECUTE FUNCTION group_changed('radar', 'account', '{account}')"
            )
        else:
            changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)
            op.execute(
                f"CREATE TRIGGER {_name(table)} AFTER UPDATE OF {', '.join(columns)} ON {table} WHEN {changed} "
                "BEGIN INSERT INTO group_changes (group_id, kind, token) "
                f"SELECT DISTINCT group_id, 'radar', random() FROM memberships WHERE account_id = new.{account}; END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS {_name(table)}" + (f" ON {table}" if postgres else ""))
