"""The `between` command, run as a person would run it, against its own fresh database (in this
process through Typer's runner; once as a process of its own)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import get_args
from unittest.mock import patch

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine

from app.accounts.models import Account, ApiToken
from app.groups.kept import Kind
from app.groups.models import Group, GroupChange, Membership, Role
from app.migrate import alembic_config
from app.profiles.models import Profile, ProfileTag
from app.security import hash_token
from tests.command_line import Between, command_fixtures
from tests.conftest import ProvisionedDatabase, create_test_database

cli_database, between = command_fixtures("between_cli")


@pytest.fixture(scope="module")
def db(between: Between, cli_database: ProvisionedDatabase) -> Iterator[Engine]:
    result = between("migrate")
    assert result.exit_code == 0, result.output
    assert "Created the database schema" in result.stdout
    again = between("migrate")
    assert again.exit_code == 0, again.output
    assert "Database is up to date" in again.stdout
    engine = create_engine(cli_database.url.replace("+aiosqlite", ""))
    yield engine
    engine.dispose()


def scalar(engine: Engine, statement: object) -> object:
    with engine.connect() as connection:
        return connection.execute(statement).scalar_one()  # type: ignore[call-overload]


def test_the_command_runs_as_a_process_of_its_own(between: Between, db: Engine) -> None:
    """The entry point, its environment and its exit code, as a person runs it (the other tests run
    the same commands inside this process)."""
    result = between.in_a_process("create-admin", "process@example.com", "--password", "a long admin password")
    assert result.returncode == 0, result.stderr
    assert "Created administrator process@example.com." in result.stdout
    assert scalar(db, select(Account.is_admin).where(Account.email == "process@example.com")) is True


def test_create_admin_and_token(between: Between, db: Engine) -> None:
    result = between("create-admin", "root@example.com", "--name", "Root", "--password", "a long admin password")
    assert result.exit_code == 0, result.output
    assert scalar(db, select(Account.is_admin).where(Account.email == "root@example.com")) is True

    result = between("create-token", "root@example.com", "--scopes", "read,write")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("btw_")
    assert scalar(db, select(ApiToken.scopes).where(ApiToken.token_hash == hash_token(token))) == "read write"

    hooks = between("create-token", "root@example.com", "--scopes", "webhooks", "--name", "Slack")
    assert hooks.exit_code == 0, hooks.output
    token = hooks.stdout.strip().splitlines()[-1]
    assert scalar(db, select(ApiToken.scopes).where(ApiToken.token_hash == hash_token(token))) == "webhooks"


def test_create_admin_asks_for_the_password_when_not_given(between: Between, db: Engine) -> None:
    result = between("create-admin", "asked@example.com", input="typed password\ntyped password\n")
    assert result.exit_code == 0, result.output
    assert scalar(db, select(func.count()).select_from(Account).where(Account.email == "asked@example.com")) == 1


def test_commands_explain_bad_input(between: Between, db: Engine) -> None:
    short = between("create-admin", "x@example.com", "--password", "short")
    assert short.exit_code == 1 and "at least 10 characters" in short.stdout
    nobody = between("create-token", "nobody@example.com")
    assert nobody.exit_code == 1 and "No account has the email address nobody@example.com" in nobody.stdout
    scopes = between("create-token", "root@example.com", "--scopes", "everything")
    assert scopes.exit_code == 1 and "read, write" in scopes.stdout


def test_demo_loads_once_with_realistic_groups(between: Between, db: Engine) -> None:
    first = between("demo")
    assert first.exit_code == 0, first.output
    for email in ("admin@example.org", "facilitator@example.org", "member@example.org"):
        assert email in first.stdout
    assert "between-demo" in first.stdout
    assert scalar(db, select(func.count()).select_from(Group).where(Group.slug.not_like("seed-%"))) == 2
    for group_id in db.connect().execute(select(Group.id).where(Group.slug.not_like("seed-%"))).scalars():
        members = scalar(db, select(func.count()).select_from(Membership).where(Membership.group_id == group_id))
        assert 38 <= members <= 45  # type: ignore[operator]
        facilitators = scalar(
            db,
            select(func.count())
            .select_from(Membership)
            .where(Membership.group_id == group_id, Membership.role == Role.facilitator),
        )
        assert facilitators >= 2  # type: ignore[operator]
    assert scalar(db, select(func.count(func.distinct(Profile.stage)))) == 6
    second = between("demo")
    assert second.exit_code == 0 and "already loaded" in second.stdout


def _version_triggers(db: Engine) -> int:
    """The triggers that give groups their versions, and are on (migration 0019)."""
    if db.dialect.name == "postgresql":
        found = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'group_changes%' AND tgenabled = 'O'"
    else:
        found = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'group_changes%'"
    with db.connect() as connection:
        return int(connection.execute(text(found)).scalar_one())


def test_seed_adds_members_in_bulk(between: Between, db: Engine) -> None:
    before = scalar(db, select(func.count()).select_from(Profile))
    triggers = _version_triggers(db)
    assert triggers >= 10
    result = between("seed", "--members", "1200", "--groups", "3")
    assert result.exit_code == 0, result.output
    assert "Added 1200 members in 3 group(s)" in result.stdout
    assert scalar(db, select(func.count()).select_from(Profile)) == before + 1200  # type: ignore[operator]
    assert scalar(db, select(func.count()).select_from(Group).where(Group.slug.like("seed-%"))) == 3
    assert scalar(db, select(func.count()).select_from(ProfileTag)) > 1200 * 5  # type: ignore[operator]
    # The indexes and foreign keys the seed drops while it loads are all back, as the models have them.
    schema = inspect(db)
    for table in (Membership.__table__, Profile.__table__, ProfileTag.__table__):
        present = {index["name"] for index in schema.get_indexes(table.name)}
        declared = {str(index.name) for index in table.indexes if not index.unique}
        if db.dialect.name != "postgresql":
            declared = {name for name in declared if not name.endswith("_trigrams")}
        assert declared <= present, table.name
        keys = {key["name"] for key in schema.get_foreign_keys(table.name)}
        assert len(keys) == len(table.foreign_keys), table.name
    # The version triggers it set aside are on again, and every seeded group has versions.
    assert _version_triggers(db) == triggers
    seeded = select(Group.id).where(Group.slug.like("seed-%"))
    versioned = select(func.count()).select_from(GroupChange).where(GroupChange.group_id.in_(seeded))
    assert scalar(db, versioned) == 3 * len(get_args(Kind))  # every kind
    # Normal inserts still work after explicit ids (PostgreSQL's sequences were moved on).
    result = between("create-admin", "after-seed@example.com", "--password", "another long one")
    assert result.exit_code == 0, result.output


@pytest.fixture
async def brand_new_database() -> AsyncIterator[ProvisionedDatabase]:
    database = await create_test_database(prefix="between_new")
    yield database
    if database.drop:
        await database.drop()


def test_make_run_on_a_brand_new_database_says_it_created_the_schema(
    brand_new_database: ProvisionedDatabase,
) -> None:
    """`make run` is `between serve --migrate --demo`; what it says about the schema is true."""
    between = Between(brand_new_database.url)
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    with patch("uvicorn.run") as serve:
        first = between("serve", "--migrate")
    assert first.exit_code == 0, first.output
    assert f"Created the database schema (revision {head})." in first.stdout
    assert "up to date" not in first.stdout
    serve.assert_called_once()

    again = between("migrate")
    assert again.stdout.strip() == f"Database is up to date (revision {head})."

    previous = scripts.get_revision(head).down_revision
    command.downgrade(alembic_config(brand_new_database.url), "-1")
    upgraded = between("migrate")
    assert upgraded.stdout.strip() == f"Upgraded the database schema from revision {previous} to {head}."
