from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuditEventOut(BaseModel):
    """Something a facilitator or administrator did."""

    id: uuid.UUID
    created_at: datetime
    action: str = Field(description="What was done, such as `member.approved`.")
    label: str = Field(description="The action in words.")
    actor_name: str | None = Field(description="Who did it; null once their account is deleted.")
    actor_email: str | None
    target: str = Field(description="What it was done to, as recorded.")
    target_label: str = Field(description="The target in words, when it can still be named.")
    group: str | None = Field(description="The group's address (slug), for actions in a group.")
    details: dict[str, Any]
