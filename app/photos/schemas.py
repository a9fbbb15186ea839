from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

HIDE_REASON_LENGTH = 500


class PhotoOut(BaseModel):
    id: uuid.UUID = Field(description="Changes with every new photo.")
    sizes: dict[str, str] = Field(description="Square sizes in pixels (64, 256, 512) and the address of each (WebP).")
    hidden: bool = Field(
        description="A facilitator hid it for breaking a group's agreement; only you and facilitators see it."
    )
    hidden_reason: str = Field(default="", description="What the facilitator wrote, when hidden.")


class HideForm(BaseModel):
    reason: str = ""  # checked by the service (hide_photo), which words its limits


class PhotoData(BaseModel):
    sizes: dict[str, str] = Field(description="Where each size of your photo is, for you to download.")
    set_at: datetime
    hidden_by_a_facilitator: bool
    hidden_reason: str = ""
