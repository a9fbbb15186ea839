"""Imports every feature's tables so that Base.metadata is complete (Alembic, tests)."""

from app.accounts.models import Account, PasswordResetToken, RateLimitHit, WebSession
from app.api_tokens.models import ApiToken
from app.audit.models import AuditEvent
from app.db import Base
from app.groups.models import Group, Membership
from app.notifications.models import OutboxMessage
from app.profiles.models import PastCompany, Profile, ProfileTag, StageChange, Tag

__all__ = [
    "Account", "ApiToken", "AuditEvent", "Base", "Group", "Membership", "OutboxMessage",
    "PasswordResetToken", "PastCompany", "Profile", "ProfileTag", "RateLimitHit", "StageChange",
    "Tag", "WebSession",
]
