def served_env(prefix: str, port: int) -> dict[str, str]:
    """The environment of a benchmarked `between serve`: BENCH_DATABASE_URL or a fresh SQLite file,
    a local port, no worker in the process, and no rate limit (what counting each request costs is
    measured, not the limit: 600 a minute would refuse most requests)."""
    import os
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
