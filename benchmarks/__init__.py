"""What the benchmarks share: a served app's environment, the `between` command, and a fresh
PostgreSQL database for one run (created on BENCH_POSTGRES_URL's server, dropped afterwards)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def served_env(prefix: str, port: int) -> dict[str, str]:
    """The environment of a benchmarked `between serve`: BENCH_DATABASE_URL or a fresh SQLite file,
    a local port, no worker in the process, and no rate limit (what counting each request costs is
    measured, not the limit: 600 a minute would refuse most requests)."""
    import tempfile

    directory = tempfile.mkdtemp(prefix=prefix)
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{directory}/bench.sqlite3",
        "BETWEEN_ENV": "test",
        "SECRET_KEY": "bench",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "RUN_WORKER_IN_PROCESS": "false",
        "API_RATE_LIMIT": "1000000000",
    }


def between(env: dict[str, str], *args: str) -> str:
    """`between ARGS` in a process of its own, with `env`; its standard output."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def create_postgres_database(prefix: str) -> tuple[str, str]:
    """A new, empty database on the benchmark's PostgreSQL server: its URL and its name."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES_SERVER.rsplit("/", 1)[0] + "/" + name, name


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
