"""`between import-contacts EMAIL FILE`, run as an operator would, against its own fresh database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.accounts.models import Account
from app.contacts.models import Contact, ContactSource
from tests.command_line import Between, command_fixtures
from tests.conftest import ProvisionedDatabase
from tests.contacts.helpers import linkedin_export

EXPORT = linkedin_export(
    'Ana,Castillo,https://www.linkedin.com/in/ana-castillo,,"Acme Health, Inc.",People Lead,02 Dec 2026',
    "Ben,Okafor,https://www.linkedin.com/in/ben-okafor,ben@example.com,Northwind,CTO,15 Jan 2019",
    ",,https://www.linkedin.com/in/nobody,,Acme,,02 Dec 2026",
)


cli_database, between = command_fixtures("between_contacts_cli")


@pytest.fixture(scope="module")
def db(between: Between, cli_database: ProvisionedDatabase) -> Iterator[Engine]:
    result = between("migrate")
    assert result.exit_code == 0, result.output
    engine = create_engine(cli_database.url.replace("+aiosqlite", ""))
    with Session(engine) as session, session.begin():
        session.add(Account(email="priya@example.com", display_name="Priya Raman"))
    yield engine
    engine.dispose()


def _contacts(db: Engine) -> list[tuple[str, str | None, ContactSource]]:
    with Session(db) as session:
        statement = select(Contact.first_name, Contact.email, Contact.source).order_by(Contact.sort_name)
        return [tuple(row) for row in session.execute(statement)]  # type: ignore[misc]


def test_dry_run_then_import_then_import_again(between: Between, db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(EXPORT)

    dry = between("import-contacts", "Priya@Example.com", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Row 7: no name." in dry.stdout
    assert "Dry run, nothing changed. Importing would give: 2 new, 0 updated, 0 unchanged, 1 rows with problems" in (
        dry.stdout
    )
    assert _contacts(db) == []

    done = between("import-contacts", "priya@example.com", str(path))
    assert done.exit_code == 0, done.output
    assert "Imported contacts: 2 new, 0 updated, 0 unchanged, 1 rows with problems." in done.stdout
    assert _contacts(db) == [
        ("Ana", None, ContactSource.linkedin),
        ("Ben", "ben@example.com", ContactSource.linkedin),
    ]

    again = between("import-contacts", "priya@example.com", str(path))
    assert again.exit_code == 0 and "0 new, 0 updated, 2 unchanged" in again.stdout
    assert len(_contacts(db)) == 2


def test_an_unknown_email_or_an_unreadable_file_exits_with_1(between: Between, db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(EXPORT)
    nobody = between("import-contacts", "nobody@example.com", str(path))
    assert nobody.exit_code == 1 and "No account has the email address nobody@example.com." in nobody.stdout
    missing = between("import-contacts", "priya@example.com", str(tmp_path / "missing.csv"))
    assert missing.exit_code == 1 and "Cannot read" in missing.stdout
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("who,where\nAna,Acme\n", encoding="utf-8")
    columns = between("import-contacts", "priya@example.com", str(wrong))
    assert columns.exit_code == 1 and "must name the columns" in columns.stdout
