"""matching changes: a version per group of what the matching engine reads

The suggestions pages rebuilt the engine's view of a whole group (every member's tags, past
companies, asks and offers, introductions and rules) on each request: ~400 ms for 2,000 members.
To keep that view between requests a process must know when it is out of date, whichever process
or statement changed it. Triggers here write a row to `matching_changes` for each group concerned
by a change to what the engine reads:

- a group's own rows: memberships (joining, leaving, role, pausing), do-not-pair entries, the
  group's topics, shared reach;
- a person's rows, for every group they belong to: their name, profile (stage, asks, offers,
  visibility), tags, past companies and contacts;
- an introduction, for every group of either person (a pair's history counts in every group).

A group's version is its newest row (id and a random token). Old rows are pruned by the worker.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (scope, the row's column(s) naming it, the columns whose update matters (None: any))
# Scopes: "group" (the row's group), "account" (every group of that account), "profile" (every
# group of that profile's owner), "pair" (every group of either person).
WATCHED: dict[str, tuple[str, tuple[str, ...], tuple[str, ...] | None]] = {
    "accounts": ("account", ("id",), ("display_name",)),
    "memberships": ("group", ("group_id",), ("status", "role", "joined_at", "introductions_paused_at")),
    "profiles": ("account", ("account_id",), ("stage", "looking_for", "can_help_with", "visibility")),
    "profile_tags": ("profile", ("profile_id",), None),
    "past_companies": ("profile", ("profile_id",), None),
    "introductions": ("pair", ("person_a_id", "person_b_id"), ("status",)),
    "do_not_pair": ("group", ("group_id",), None),
    "group_topics": ("group", ("group_id",), None),
    "reach_shares": ("group", ("group_id",), None),
    "contacts": ("account", ("account_id",), ("account_id", "company_tag_id")),
}


def _groups_of(scope: str, values: list[str]) -> str:
    """A SELECT of (group id, random token) rows for the groups a change concerns (SQLite)."""
    if scope == "group":
        return f"SELECT {values[0]}, random()"
    if scope == "profile":
        return (
            "SELECT DISTINCT m.group_id, random() FROM memberships m JOIN profiles p ON p.account_id = m.account_id "
            f"WHERE p.id = {values[0]}"
        )
    return f"SELECT DISTINCT group_id, random() FROM memberships WHERE account_id IN ({', '.join(values)})"


def _sqlite_triggers() -> dict[str, str]:
    triggers = {}
    for table, (scope, columns, updated) in WATCHED.items():
        for event, row in (("insert", "new"), ("delete", "old"), ("update", "new")):
            if table == "accounts" and event != "update":
                continue  # an account's groups are its memberships, which say so themselves
            insert = (
                f"INSERT INTO matching_changes (group_id, token) {_groups_of(scope, [f'{row}.{c}' for c in columns])};"
            )
            on = f"AFTER {event.upper()} ON {table}"
            when = ""
            if event == "update" and updated is not None:
                on = f"AFTER UPDATE OF {', '.join(updated)} ON {table}"
                when = " WHEN " + " OR ".join(f"old.{c} IS NOT new.{c}" for c in updated)
            triggers[f"matching_{table}_after_{event}"] = f"{on}{when} BEGIN {insert} END"
    return triggers


POSTGRES_FUNCTION = """
CREATE FUNCTION matching_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
    scope text := TG_ARGV[0];
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := to_jsonb(OLD);
    ELSE
        changed := to_jsonb(NEW);
    END IF;
    IF scope = 'group' THEN
        INSERT INTO matching_changes (group_id, token)
        VALUES ((changed ->> TG_ARGV[1])::integer, floor(random() * 2147483647)::integer);
    ELSIF scope = 'profile' THEN
        INSERT INTO matching_changes (group_id, token)
        SELECT DISTINCT m.group_id, floor(random() * 2147483647)::integer
        FROM memberships m JOIN profiles p ON p.account_id = m.account_id
        WHERE p.id = (changed ->> TG_ARGV[1])::integer;
    ELSE
        INSERT INTO matching_changes (group_id, token)
        SELECT DISTINCT group_id, floor(random() * 2147483647)::integer FROM memberships
        WHERE account_id IN ((changed ->> TG_ARGV[1])::integer, (changed ->> TG_ARGV[TG_NARGS - 1])::integer);
    END IF;
    RETURN NULL;
END
$$
"""


def _postgres_triggers() -> dict[str, str]:
    triggers = {}
    for table, (scope, columns, updated) in WATCHED.items():
        arguments = ", ".join(f"'{value}'" for value in (scope, *columns))
        run = f"FOR EACH ROW EXECUTE FUNCTION matching_changed({arguments})"
        if table != "accounts":
            triggers[f"matching_{table}_after_insert_or_delete"] = f"AFTER INSERT OR DELETE ON {table} {run}"
        if updated is None:
            triggers[f"matching_{table}_after_update"] = f"AFTER UPDATE ON {table} {run}"
        else:
            old = ", ".join(f"OLD.{c}::text" for c in updated)
            new = ", ".join(f"NEW.{c}::text" for c in updated)
            triggers[f"matching_{table}_after_update"] = (
                f"AFTER UPDATE OF {', '.join(updated)} ON {table} FOR EACH ROW "
                f"WHEN (ROW({old}) IS DISTINCT FROM ROW({new})) EXECUTE FUNCTION matching_changed({arguments})"
            )
    return triggers


def upgrade() -> None:
    op.create_table(
        "matching_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_changes")),
    )
    op.create_index("ix_matching_changes_group_id_id", "matching_changes", ["group_id", "id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for name, body in _postgres_triggers().items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        for name, body in _sqlite_triggers().items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    # Every group starts with a version.
    op.execute("INSERT INTO matching_changes (group_id, token) SELECT id, 0 FROM groups")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            for name in (f"matching_{table}_after_insert_or_delete", f"matching_{table}_after_update"):
                op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS matching_changed()")
    else:
        for name in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_matching_changes_group_id_id", table_name="matching_changes")
    op.drop_table("matching_changes")
