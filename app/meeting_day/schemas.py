from __future__ import annotations

from pydantic import BaseModel, Field


class SelfCheckInForm(BaseModel):
    """The phone's "Yes, check me in" form: the code from the QR link travels with it."""

    code: str = Field(default="", max_length=100)
