"""Signing secrets: made once, shown once, kept encrypted, used to sign every delivery the
Standard Webhooks way (the `standardwebhooks` reference library does the HMAC)."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from standardwebhooks.webhooks import Webhook

from app import security

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
USER_AGENT = "Between-Webhooks/1"


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted: SECRET_KEY changed since the endpoint was registered."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    # A key of its own, derived from SECRET_KEY: the signing secrets must be readable to sign with,
    # so they cannot be hashed like API tokens, and a copy of the database alone does not reveal them.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"between webhook signing secrets").derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet(security.secret_key()).encrypt(secret.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return _fernet(security.secret_key()).decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "The endpoint's signing secret cannot be read: SECRET_KEY changed since it was "
            "registered. Register the endpoint again to get a new secret."
        ) from None


def body(payload: dict[str, Any]) -> str:
    """The exact text that is signed and sent."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def headers(secret: str, message_id: str, sent_at: datetime, content: str) -> dict[str, str]:
    """The request headers of one attempt; a new timestamp (and so signature) each time."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, sent_at, content),
    }
