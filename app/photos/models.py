"""A member's profile photo: the random name its files are stored under, and whether a facilitator
hid it for breaking a group's agreement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, PublicIdMixin, utcnow

NAME_LENGTH = 64


class Photo(PublicIdMixin, Base):
    """One per account at most; a new upload replaces the row (and so its public id, which is in the
    photo's address: a browser keeps a photo for as long as that address lives)."""

    __tablename__ = "photos"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    # Files are stored as photos/<name>/<edge>.webp; the name is random, never the account's id.
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
