"""Settings: the only place that reads environment variables."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# How long a worker holds an email or webhook delivery it took before another worker may take it;
# renewed while it works on it, so only a dead worker's (or one cut off from the database) runs out.
DEFAULT_LEASE_SECONDS = 20.0


def async_database_url(url: str) -> str:
    """Accepts the URLs people paste (postgres://, postgresql://, sqlite:///) with async drivers."""
    for prefix, replacement in (
        ("postgres://", "postgresql+psycopg://"),
        ("postgresql://", "postgresql+psycopg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(prefix):
            return replacement + url[len(prefix) :]
    return url


# Connections kept open and opened for a burst, per process, unless the settings say otherwise.
POSTGRES_POOL = (20, 10)
SQLITE_POOL = (4, 2)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # "development" turns on the in-process mail worker and the local mailbox page.
    env: Literal["development", "production", "test"] = Field(default="production", validation_alias="BETWEEN_ENV")
    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'between.sqlite3'}",
        validation_alias="DATABASE_URL",
    )
    # Connections each app process keeps open, and how many more it may open for a burst (closed
    # again when returned). A request holds one connection while it runs, so the pool is sized for
    # the requests one process serves at once; on PostgreSQL each process needs
    # DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW of the server's max_connections at most. Unset, they
    # depend on the database (database_pool()).
    database_pool_size: int | None = Field(default=None, ge=1, le=500, validation_alias="DATABASE_POOL_SIZE")
    database_max_overflow: int | None = Field(default=None, ge=0, le=500, validation_alias="DATABASE_MAX_OVERFLOW")
    # Pooled connections older than this are replaced when next taken (instead of checking each one
    # with a round trip before every use): firewalls and proxies drop idle connections silently.
    database_pool_recycle_seconds: int = Field(default=1800, ge=60, validation_alias="DATABASE_POOL_RECYCLE_SECONDS")
    host: str = Field(default="127.0.0.1", validation_alias="HOST")
    port: int = Field(default=8000, ge=1, le=65535, validation_alias="PORT")
    # Used for links in emails and to check the Origin of form posts.
    base_url: str = Field(default="", validation_alias="BASE_URL")
    secret_key: str = Field(default="", validation_alias="SECRET_KEY")

    smtp_host: str = Field(default="", validation_alias="SMTP_HOST")
    smtp_port: int = Field(default=25, validation_alias="SMTP_PORT")
    smtp_username: str = Field(default="", validation_alias="SMTP_USERNAME")
    smtp_password: str = Field(default="", repr=False, validation_alias="SMTP_PASSWORD")
    smtp_starttls: bool = Field(default=False, validation_alias="SMTP_STARTTLS")
    mail_from: str = Field(default="Between <no-reply@between.local>", validation_alias="MAIL_FROM")
    # How long the mail server has to take one email (connecting, greeting, accepting it): shorter
    # than the lease, so that a stalled server costs one attempt, never a second worker's copy.
    smtp_timeout_seconds: float = Field(default=15.0, gt=0, le=120, validation_alias="SMTP_TIMEOUT_SECONDS")
    # Runs the outbox worker inside the web process (development, single-process installs).
    run_worker_in_process: bool | None = Field(default=None, validation_alias="RUN_WORKER_IN_PROCESS")

    # Profile photos: on this machine's disk (one app process, or a shared volume), or in an
    # S3-compatible object store (several processes; MinIO in docker-compose.yml).
    media_storage: Literal["local", "s3"] = Field(default="local", validation_alias="MEDIA_STORAGE")
    media_dir: str = Field(default=str(PROJECT_ROOT / "var" / "media"), validation_alias="MEDIA_DIR")
    s3_endpoint_url: str = Field(default="", validation_alias="S3_ENDPOINT_URL")
    s3_bucket: str = Field(default="between-media", validation_alias="S3_BUCKET")
    s3_region: str = Field(default="us-east-1", validation_alias="S3_REGION")
    s3_access_key_id: str = Field(default="", validation_alias="S3_ACCESS_KEY_ID")
    s3_secret_access_key: str = Field(default="", repr=False, validation_alias="S3_SECRET_ACCESS_KEY")

    session_days: int = Field(default=30, ge=1, validation_alias="SESSION_DAYS")
    password_reset_minutes: int = Field(default=60, ge=5, validation_alias="PASSWORD_RESET_MINUTES")
    # argon2id cost; the defaults are RFC 9106's second recommended profile.
    argon2_time_cost: int = Field(default=3, ge=1, validation_alias="ARGON2_TIME_COST")
    argon2_memory_kib: int = Field(default=65536, ge=8, validation_alias="ARGON2_MEMORY_KIB")

    login_attempts_per_15_minutes: int = Field(default=10, ge=1, validation_alias="LOGIN_RATE_LIMIT")
    # Requests per minute for each API token (every app process counts in the database together).
    api_requests_per_minute: int = Field(default=600, ge=1, validation_alias="API_RATE_LIMIT")

    # Webhook targets on private, loopback or link-local addresses are refused in production (SSRF);
    # unset, they are allowed in development and tests, where receivers run on 127.0.0.1.
    webhook_allow_private_targets: bool | None = Field(default=None, validation_alias="WEBHOOK_ALLOW_PRIVATE_TARGETS")
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60, validation_alias="WEBHOOK_TIMEOUT_SECONDS")

    # The worker: its lease (renewed every quarter of it while a message is worked on), and how many
    # emails and webhook deliveries each worker sends at once, each kind on its own.
    outbox_lease_seconds: float = Field(
        default=DEFAULT_LEASE_SECONDS, ge=1, le=600, validation_alias="OUTBOX_LEASE_SECONDS"
    )
    worker_email_concurrency: int = Field(default=4, ge=1, le=100, validation_alias="WORKER_EMAIL_CONCURRENCY")
    worker_webhook_concurrency: int = Field(default=10, ge=1, le=100, validation_alias="WORKER_WEBHOOK_CONCURRENCY")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        return async_database_url(url)

    @model_validator(mode="after")
    def _timeouts_within_the_lease(self) -> Settings:
        for name, value in (
            ("SMTP_TIMEOUT_SECONDS", self.smtp_timeout_seconds),
            ("WEBHOOK_TIMEOUT_SECONDS", self.webhook_timeout_seconds),
        ):
            if value >= self.outbox_lease_seconds:
                raise ValueError(
                    f"{name} ({value:g}) must be shorter than OUTBOX_LEASE_SECONDS ({self.outbox_lease_seconds:g}): "
                    "an attempt must end before another worker may take the message."
                )
        return self

    def database_pool(self) -> dict[str, int]:
        """create_engine's pool options: `create_engine(settings.database_url, **settings.database_pool())`.

        Unless set, 20 connections and 10 more for a burst on PostgreSQL, and 4 and 2 more on SQLite:
        there each connection is a thread of its own with its own page cache, and SQLite writes one
        at a time anyway. Measured with `BENCH_ONLY=ratio make bench` (16 requests at once), SQLite's
        process grew to 180 MiB with 20 + 10 connections and stayed under 150 MiB with 4 + 2, serving
        as many requests. The few extra connections are for a request that writes a record in a
        transaction of its own while it holds its first one (an export's audit entry)."""
        sqlite = self.database_url.startswith("sqlite")
        size, overflow = SQLITE_POOL if sqlite else POSTGRES_POOL
        return {
            "pool_size": self.database_pool_size if self.database_pool_size is not None else size,
            "max_overflow": self.database_max_overflow if self.database_max_overflow is not None else overflow,
            "pool_recycle": self.database_pool_recycle_seconds,
        }

    @property
    def outbox_lease(self) -> timedelta:
        return timedelta(seconds=self.outbox_lease_seconds)

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def worker_in_process(self) -> bool:
        if self.run_worker_in_process is not None:
            return self.run_worker_in_process
        return self.is_development

    @property
    def allows_private_webhook_targets(self) -> bool:
        if self.webhook_allow_private_targets is not None:
            return self.webhook_allow_private_targets
        return self.env in ("development", "test")

    @property
    def mailbox_enabled(self) -> bool:
        """The local mailbox page shows every email; it must never exist in production."""
        return self.env in ("development", "test")

    @property
    def public_base_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    def effective_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        if self.env == "production":
            raise RuntimeError("SECRET_KEY must be set in production (any long random string).")
        return "between-development-secret-do-not-use-in-production"


@lru_cache
def get_settings() -> Settings:
    return Settings()
