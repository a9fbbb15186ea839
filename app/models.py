"""Imports every feature's tables so that Base.metadata is complete (Alembic, tests)."""

from app.accounts.models import Account, AccountToken, RateLimitHit, WebSession
from app.api_tokens.models import ApiToken
from app.audit.models import AuditEvent
from app.db import Base
from app.groups.models import Group, GroupInvite, Membership
from app.landings.models import Landing
from app.introductions.models import (DoNotPair, Introduction, IntroductionOutcome, IntroductionRequest,
                                      IntroductionRound)
from app.meetings.models import Attendance, CalendarFeed, Meeting, MeetingSeries, Rsvp
from app.notifications.models import OutboxMessage
from app.profiles.models import PastCompany, Profile, ProfileTag, StageChange, Tag

__all__ = [
    "Account", "AccountToken", "ApiToken", "Attendance", "AuditEvent", "Base", "CalendarFeed", "DoNotPair", "Group",
    "GroupInvite", "Introduction", "IntroductionOutcome", "IntroductionRequest", "IntroductionRound", "Landing", "Meeting",
    "MeetingSeries", "Membership", "Rsvp",
    "OutboxMessage", "PastCompany", "Profile", "ProfileTag", "RateLimitHit", "StageChange",
    "Tag", "WebSession",
]
