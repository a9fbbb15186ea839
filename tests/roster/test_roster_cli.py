"""`between import-members`, run as an operator would (in this process, through Typer's runner),
against its own fresh database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.accounts.models import Account
from app.groups.models import Group, JoinedVia, JoinPolicy, Membership, MembershipStatus, Role
from app.members.models import GroupInvitation
from app.notifications.models import OutboxMessage
from app.profiles.models import Profile
from tests.command_line import Between, command_fixtures
from tests.conftest import ProvisionedDatabase

CSV = """name,email,stage,skills
Ana Castillo,ana@example.com,searching,Payroll;Benefits
Ben Okafor,ben@example.com,hunting,
Chloe Martin,chloe@example.com,,
Priya Raman,priya@example.com,,
"""


cli_database, between = command_fixtures("between_roster_cli", {"BASE_URL": "https://between.example"})


@pytest.fixture(scope="module")
def db(between: Between, cli_database: ProvisionedDatabase) -> Iterator[Engine]:
    result = between("migrate")
    assert result.exit_code == 0, result.output
    engine = create_engine(cli_database.url.replace("+aiosqlite", ""))
    with Session(engine) as session, session.begin():
        group = Group(
            slug="hr-tuesdays", name="HR Tuesdays", timezone="America/Chicago", join_policy=JoinPolicy.approval
        )
        lead = Account(email="priya@example.com", display_name="Priya Raman")
        session.add_all([group, lead])
        session.flush()
        session.add(
            Membership(group_id=group.id, account_id=lead.id, role=Role.facilitator, status=MembershipStatus.active)
        )
    yield engine
    engine.dispose()


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def test_dry_run_reports_rows_and_changes_nothing(between: Between, db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(CSV, encoding="utf-8")
    before = [count(db, model) for model in (Account, Membership, Profile, OutboxMessage)]
    result = between("import-members", "hr-tuesdays", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Row 3 (ben@example.com): Stage: “hunting” is not a stage we know" in result.stdout
    assert "Dry run, nothing changed" in result.stdout
    assert "would invite 2 people: 2 to invite, 1 already members or invited, 1 with problems" in result.stdout
    assert [count(db, model) for model in (Account, Membership, Profile, OutboxMessage)] == before


def test_import_invites_and_queues_the_emails(between: Between, db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(CSV, encoding="utf-8")
    accounts_before = count(db, Account)
    result = between("import-members", "hr-tuesdays", str(path))
    assert result.exit_code == 0, result.output
    assert "Invited 2 people to HR Tuesdays; each joins on accepting" in result.stdout
    assert "Row 3 (ben@example.com)" in result.stdout
    with Session(db) as session:
        invited = session.execute(select(GroupInvitation).order_by(GroupInvitation.email)).scalars().all()
        assert [(i.email, i.name, i.via) for i in invited] == [
            ("ana@example.com", "Ana Castillo", JoinedVia.import_),
            ("chloe@example.com", "Chloe Martin", JoinedVia.import_),
        ]
        assert invited[0].profile == {"stage": "searching", "skills": ["Payroll", "Benefits"]}
        emails = session.execute(select(OutboxMessage)).scalars().all()
        assert sorted(message.payload["to"] for message in emails) == ["ana@example.com", "chloe@example.com"]
        assert "Priya Raman invites you to join “HR Tuesdays”" in emails[0].payload["text"]
        assert "https://between.example/invitation/" in emails[0].payload["text"]
    # Nobody is in the group, or has an account, before they say yes.
    assert count(db, Account) == accounts_before and count(db, Membership) == 1
    again = between("import-members", "hr-tuesdays", str(path))
    assert again.exit_code == 1 and "Nothing imported into HR Tuesdays" in again.stdout


def test_bad_group_or_file_exits_with_1(between: Between, db: Engine, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(CSV, encoding="utf-8")
    no_group = between("import-members", "no-such-group", str(good), "--dry-run")
    assert no_group.exit_code == 1 and "There is no such group" in no_group.stdout
    missing = between("import-members", "hr-tuesdays", str(tmp_path / "missing.csv"))
    assert missing.exit_code == 1 and "Cannot read" in missing.stdout
    header = tmp_path / "header.csv"
    header.write_text("who,where\nAna,ana@example.com\n", encoding="utf-8")
    wrong = between("import-members", "hr-tuesdays", str(header))
    assert wrong.exit_code == 1 and "must name the columns" in wrong.stdout
    binary = tmp_path / "members.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert between("import-members", "hr-tuesdays", str(binary)).exit_code == 1
