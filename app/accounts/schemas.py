from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from app.form_values import stripped

PASSWORD_MIN = 10


def _clean_email(value: str) -> str:
    return value.strip().lower()


class LoginForm(BaseModel):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=200)
    next: str = ""

    @field_validator("email", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return _clean_email(value) if isinstance(value, str) else value


class PasswordResetRequest(BaseModel):
    email: EmailStr

    @field_validator("email", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return _clean_email(value) if isinstance(value, str) else value


def long_enough_password(value: str) -> str:
    if len(value) < PASSWORD_MIN:
        raise ValueError(f"Please choose a password of at least {PASSWORD_MIN} characters.")
    return value


class NewPassword(BaseModel):
    password: str = Field(max_length=200)
    password_again: str = Field(max_length=200)

    _long_enough = field_validator("password")(long_enough_password)

    @field_validator("password_again")
    @classmethod
    def _same(cls, value: str, info: object) -> str:
        data = getattr(info, "data", {})
        if "password" in data and value != data["password"]:
            raise ValueError("The two passwords are not the same.")
        return value


class PasswordChange(NewPassword):
    current_password: str = Field(min_length=1, max_length=200)
    # The settings page's box ("yes" when ticked); it is only there for people who have tokens.
    revoke_api_tokens: bool = False


class AccountUpdate(BaseModel):
    display_name: str = Field(min_length=1, max_length=120)

    _strip = field_validator("display_name", mode="before")(stripped)


class AccountOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(validation_alias="public_id")
    email: str
    display_name: str
    is_admin: bool


# --- personal API tokens ---------------------------------------------------------------------


class Scope(StrEnum):
    read = "read"
    write = "write"
    # Registering and managing webhook endpoints.
    webhooks = "webhooks"


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    scopes: list[Scope] = Field(min_length=1)

    _strip = field_validator("name", mode="before")(stripped)

    @field_validator("scopes", mode="before")
    @classmethod
    def _listify(cls, value: object) -> object:
        if value in ("", None):
            return []
        if isinstance(value, str):
            return [part.strip() for part in value.replace(",", " ").split() if part.strip()]
        return value

    @field_validator("scopes")
    @classmethod
    def _sorted(cls, value: list[Scope]) -> list[Scope]:
        return sorted(set(value))


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(validation_alias="public_id")
    name: str
    token_prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @field_validator("scopes", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return value.split() if isinstance(value, str) else value
