"""Settings: the only place that reads environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # "development" turns on the in-process mail worker and the local mailbox page.
    env: Literal["development", "production", "test"] = Field(default="production", validation_alias="BETWEEN_ENV")
    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'between.sqlite3'}",
        validation_alias="DATABASE_URL",
    )
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
    # Runs the outbox worker inside the web process (development, single-process installs).
    run_worker_in_process: bool | None = Field(default=None, validation_alias="RUN_WORKER_IN_PROCESS")

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

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        return async_database_url(url)

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
