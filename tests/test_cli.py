"""The `between` command, run as a person would run it, against its own fresh database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from app.accounts.models import Account
from app.accounts.models import ApiToken
from app.groups.models import Group, Membership, Role
from app.profiles.models import Profile, ProfileTag
from app.security import hash_token
from tests.conftest import ProvisionedDatabase, create_test_database

BETWEEN = [sys.executable, "-m", "app.cli"]


@pytest.fixture(scope="module")
async def cli_database() -> AsyncIterator[ProvisionedDatabase]:
    database = await create_test_database(prefix="between_cli")
    yield database
    if database.drop:
        await database.drop()


def run(database: ProvisionedDatabase, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database.url, "COLUMNS": "200"}
    return subprocess.run([*BETWEEN, *args], env=env, input=input, capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parent.parent)


@pytest.fixture(scope="module")
def db(cli_database: ProvisionedDatabase) -> Iterator[Engine]:
    result = run(cli_database, "migrate")
    assert result.returncode == 0, result.stderr
    engine = create_engine(cli_database.url.replace("+aiosqlite", ""))
    yield engine
    engine.dispose()


def scalar(engine: Engine, statement: object) -> object:
    with engine.connect() as connection:
        return connection.execute(statement).scalar_one()  # type: ignore[call-overload]


def test_create_admin_and_token(cli_database: ProvisionedDatabase, db: Engine) -> None:
    result = run(cli_database, "create-admin", "root@example.com", "--name", "Root", "--password", "a long admin password")
    assert result.returncode == 0, result.stderr
    assert scalar(db, select(Account.is_admin).where(Account.email == "root@example.com")) is True

    result = run(cli_database, "create-token", "root@example.com", "--scopes", "read,write")
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("btw_")
    assert scalar(db, select(ApiToken.scopes).where(ApiToken.token_hash == hash_token(token))) == "read write"

    hooks = run(cli_database, "create-token", "root@example.com", "--scopes", "webhooks", "--name", "Slack")
    assert hooks.returncode == 0, hooks.stderr
    token = hooks.stdout.strip().splitlines()[-1]
    assert scalar(db, select(ApiToken.scopes).where(ApiToken.token_hash == hash_token(token))) == "webhooks"


def test_create_admin_asks_for_the_password_when_not_given(cli_database: ProvisionedDatabase, db: Engine) -> None:
    result = run(cli_database, "create-admin", "asked@example.com", input="typed password\ntyped password\n")
    assert result.returncode == 0, result.stderr + result.stdout
    assert scalar(db, select(func.count()).select_from(Account).where(Account.email == "asked@example.com")) == 1


def test_commands_explain_bad_input(cli_database: ProvisionedDatabase, db: Engine) -> None:
    short = run(cli_database, "create-admin", "x@example.com", "--password", "short")
    assert short.returncode == 1 and "at least 10 characters" in short.stdout
    nobody = run(cli_database, "create-token", "nobody@example.com")
    assert nobody.returncode == 1 and "No account has the email address nobody@example.com" in nobody.stdout
    scopes = run(cli_database, "create-token", "root@example.com", "--scopes", "everything")
    assert scopes.returncode == 1 and "read, write" in scopes.stdout


def test_demo_loads_once_with_realistic_groups(cli_database: ProvisionedDatabase, db: Engine) -> None:
    first = run(cli_database, "demo")
    assert first.returncode == 0, first.stderr
    for email in ("admin@example.org", "facilitator@example.org", "member@example.org"):
        assert email in first.stdout
    assert "between-demo" in first.stdout
    assert scalar(db, select(func.count()).select_from(Group).where(Group.slug.not_like("seed-%"))) == 2
    for group_id in (db.connect().execute(select(Group.id).where(Group.slug.not_like("seed-%"))).scalars()):
        members = scalar(db, select(func.count()).select_from(Membership).where(Membership.group_id == group_id))
        assert 38 <= members <= 45  # type: ignore[operator]
        facilitators = scalar(db, select(func.count()).select_from(Membership)
                              .where(Membership.group_id == group_id, Membership.role == Role.facilitator))
        assert facilitators >= 2  # type: ignore[operator]
    assert scalar(db, select(func.count(func.distinct(Profile.stage)))) == 6
    second = run(cli_database, "demo")
    assert second.returncode == 0 and "already loaded" in second.stdout


def test_seed_adds_members_in_bulk(cli_database: ProvisionedDatabase, db: Engine) -> None:
    before = scalar(db, select(func.count()).select_from(Profile))
    result = run(cli_database, "seed", "--members", "1200", "--groups", "3")
    assert result.returncode == 0, result.stderr
    assert "Added 1200 members in 3 group(s)" in result.stdout
    assert scalar(db, select(func.count()).select_from(Profile)) == before + 1200  # type: ignore[operator]
    assert scalar(db, select(func.count()).select_from(Group).where(Group.slug.like("seed-%"))) == 3
    assert scalar(db, select(func.count()).select_from(ProfileTag)) > 1200 * 5  # type: ignore[operator]
    # Normal inserts still work after explicit ids (PostgreSQL's sequences were moved on).
    result = run(cli_database, "create-admin", "after-seed@example.com", "--password", "another long one")
    assert result.returncode == 0, result.stderr
