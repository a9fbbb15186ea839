"""group changes: a version per group of what its costly pages read

The suggestions pages rebuilt the engine's view of a whole group (every member's tags, past
companies, asks and offers, introductions and rules) on each request: ~500 ms for 2,000 members;
the insights page aggregated the group's whole history (every check-in) on each view. To keep such
results between requests a process must know when they are out of date, whichever process or
statement changed what. Triggers here write a row to `group_changes` for each group concerned by a
change, of one of two kinds:

- "matching", what the matching engine (and the directory's tag counts) read: a group's
  memberships (joining, leaving, role, pausing), do-not-pair entries, topics and shared reach;
  for every group a person belongs to, their name, profile (stage, asks, offers, visibility), tags,
  past companies and contacts; for every group of either person, an introduction's status;
- "activity", what the insights read: a group's meetings, check-ins, memberships, introductions,
  their outcomes, and landings.

A group's version of a kind is its newest row of that kind (id, and a random token: on SQLite a
rolled-back row's id is given again). The worker prunes superseded rows.

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

# (kind, table) -> (scope, the row's column(s) naming it, the columns whose update matters (None:
# any), whether inserts and deletes count). Scopes: "group" (the row's group), "account" (every
# group of that account), "profile" (every group of the profile's owner), "meeting" and
# "introduction" (the group of the meeting or introduction the row belongs to).
WATCHED: dict[tuple[str, str], tuple[str, tuple[str, ...], tuple[str, ...] | None, bool]] = {
    ("matching", "accounts"): ("account", ("id",), ("display_name",), False),
    ("matching", "memberships"): (
        "group",
        ("group_id",),
        ("status", "role", "joined_at", "introductions_paused_at"),
        True,
    ),
    ("matching", "profiles"): (
        "account",
        ("account_id",),
        ("stage", "looking_for", "can_help_with", "visibility"),
        True,
    ),
    ("matching", "profile_tags"): ("profile", ("profile_id",), None, True),
    ("matching", "past_companies"): ("profile", ("profile_id",), None, True),
    ("matching", "introductions"): ("account", ("person_a_id", "person_b_id"), ("status",), True),
    ("matching", "do_not_pair"): ("group", ("group_id",), None, True),
    ("matching", "group_topics"): ("group", ("group_id",), None, True),
    ("matching", "reach_shares"): ("group", ("group_id",), None, True),
    ("matching", "contacts"): ("account", ("account_id",), ("account_id", "company_tag_id"), True),
    ("activity", "meetings"): ("group", ("group_id",), None, True),
    ("activity", "attendances"): ("meeting", ("meeting_id",), None, True),
    ("activity", "memberships"): ("group", ("group_id",), None, True),
    ("activity", "introductions"): ("group", ("group_id",), None, True),
    ("activity", "introduction_outcomes"): ("introduction", ("introduction_id",), None, True),
    ("activity", "landings"): ("group", ("group_id",), None, True),
}


def _name(kind: str, table: str, event: str) -> str:
    return f"group_changes_{kind}_{table}_after_{event}"


def _groups_of(scope: str, values: list[str]) -> str:
    """A SELECT of the groups a change concerns, for SQLite."""
    if scope == "group":
        return f"SELECT {values[0]}"
    if scope == "meeting":
        return f"SELECT group_id FROM meetings WHERE id = {values[0]}"
    if scope == "introduction":
        return f"SELECT group_id FROM introductions WHERE id = {values[0]}"
    if scope == "profile":
        return (
            "SELECT DISTINCT m.group_id FROM memberships m JOIN profiles p ON p.account_id = m.account_id "
            f"WHERE p.id = {values[0]}"
        )
    return f"SELECT DISTINCT group_id FROM memberships WHERE account_id IN ({', '.join(values)})"


def _sqlite_triggers() -> dict[str, str]:
    triggers = {}
    for (kind, table), (scope, columns, updated, rows) in WATCHED.items():
        for event, row in (("insert", "new"), ("delete", "old"), ("update", "new")):
            if event != "update" and not rows:
                continue
            groups = _groups_of(scope, [f"{row}.{column}" for column in columns])
            insert = (
                f"INSERT INTO group_changes (group_id, kind, token) "
                f"SELECT concerned.*, '{kind}', random() FROM ({groups}) AS concerned;"
            )
            on = f"AFTER {event.upper()} ON {table}"
            when = ""
            if event == "update" and updated is not None:
                on = f"AFTER UPDATE OF {', '.join(updated)} ON {table}"
                when = " WHEN " + " OR ".join(f"old.{c} IS NOT new.{c}" for c in updated)
            triggers[_name(kind, table, event)] = f"{on}{when} BEGIN {insert} END"
    return triggers


POSTGRES_FUNCTION = """
CREATE FUNCTION group_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
    kind text := TG_ARGV[0];
    scope text := TG_ARGV[1];
    first integer;
    last integer;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := to_jsonb(OLD);
    ELSE
        changed := to_jsonb(NEW);
    END IF;
    first := (changed ->> TG_ARGV[2])::integer;
    last := (changed ->> TG_ARGV[TG_NARGS - 1])::integer;
    IF scope = 'group' THEN
        INSERT INTO group_changes (group_id, kind, token) VALUES (first, kind, floor(random() * 2147483647)::integer);
    ELSIF scope = 'meeting' THEN
        INSERT INTO group_changes (group_id, kind, token)
        SELECT group_id, kind, floor(random() * 2147483647)::integer FROM meetings WHERE id = first;
    ELSIF scope = 'introduction' THEN
        INSERT INTO group_changes (group_id, kind, token)
        SELECT group_id, kind, floor(random() * 2147483647)::integer FROM introductions WHERE id = first;
    ELSIF scope = 'profile' THEN
        INSERT INTO group_changes (group_id, kind, token)
        SELECT DISTINCT m.group_id, kind, floor(random() * 2147483647)::integer
        FROM memberships m JOIN profiles p ON p.account_id = m.account_id WHERE p.id = first;
    ELSE
        INSERT INTO group_changes (group_id, kind, token)
        SELECT DISTINCT group_id, kind, floor(random() * 2147483647)::integer
        FROM memberships WHERE account_id IN (first, last);
    END IF;
    RETURN NULL;
END
$$
"""


def _postgres_triggers() -> dict[tuple[str, str], str]:
    """(name, table) -> the rest of its CREATE TRIGGER statement."""
    triggers = {}
    for (kind, table), (scope, columns, updated, rows) in WATCHED.items():
        arguments = ", ".join(f"'{value}'" for value in (kind, scope, *columns))
        function = f"EXECUTE FUNCTION group_changed({arguments})"
        run = f"FOR EACH ROW {function}"
        if rows:
            triggers[(_name(kind, table, "insert_or_delete"), table)] = f"AFTER INSERT OR DELETE ON {table} {run}"
        if updated is None:
            triggers[(_name(kind, table, "update"), table)] = f"AFTER UPDATE ON {table} {run}"
        else:
            old = ", ".join(f"OLD.{c}::text" for c in updated)
            new = ", ".join(f"NEW.{c}::text" for c in updated)
            triggers[(_name(kind, table, "update"), table)] = (
                f"AFTER UPDATE OF {', '.join(updated)} ON {table} FOR EACH ROW "
                f"WHEN (ROW({old}) IS DISTINCT FROM ROW({new})) {function}"
            )
    return triggers


def upgrade() -> None:
    op.create_table(
        "group_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("token", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_changes")),
    )
    op.create_index("ix_group_changes_group_id_kind_id", "group_changes", ["group_id", "kind", "id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for (name, _), body in _postgres_triggers().items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        for name, body in _sqlite_triggers().items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table in _postgres_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS group_changed()")
    else:
        for name in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_group_changes_group_id_kind_id", table_name="group_changes")
    op.drop_table("group_changes")
