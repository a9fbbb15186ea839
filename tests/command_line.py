"""The `between` command run inside the test process through Typer's runner: the same code as the
console script, without starting an interpreter and importing the app (seconds) for every command.
One test still runs it as a process of its own (tests/test_cli.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from app import cli
from app.config import get_settings
from tests.conftest import ProvisionedDatabase, create_test_database

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Between:
    """`between ARGS…` against one database; what the command prints is `result.stdout`."""

    database_url: str
    env: dict[str, str] = field(default_factory=dict)

    def __call__(self, *args: str, input: str | None = None) -> Result:
        # Output as a process's would be, whoever runs the suite: no terminal (no colours), and wide
        # enough that no line the tests look for is wrapped.
        console = Console(force_terminal=False, width=200)
        # get_settings() is cached: the command reads its environment afresh, the tests after it theirs.
        get_settings.cache_clear()
        try:
            with patch.object(cli, "console", console):
                # An unexpected exception fails the test with its traceback, not as a mere exit code 1.
                return CliRunner().invoke(
                    cli.app,
                    list(args),
                    input=input,
                    catch_exceptions=False,
                    env={"DATABASE_URL": self.database_url, **self.env},
                )
        finally:
            get_settings.cache_clear()

    def in_a_process(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`python -m app.cli ARGS…` in an interpreter of its own, as a person runs it."""
        env = {**os.environ, "DATABASE_URL": self.database_url, "COLUMNS": "200", **self.env}
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *args], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT
        )


def command_fixtures(prefix: str, env: dict[str, str] | None = None) -> tuple[Any, Any]:
    """A test module's `cli_database` (a database of its own, dropped after the module) and
    `between` (the command against it, with `env`): `cli_database, between = command_fixtures(…)`."""

    @pytest.fixture(scope="module")
    async def cli_database() -> AsyncIterator[ProvisionedDatabase]:
        database = await create_test_database(prefix=prefix)
        yield database
        if database.drop:
            await database.drop()

    @pytest.fixture(scope="module")
    def between(cli_database: ProvisionedDatabase) -> Between:
        return Between(cli_database.url, env=dict(env or {}))

    return cli_database, between
