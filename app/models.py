"""Imports every feature's tables so that Base.metadata is complete (Alembic, tests)."""

from app.accounts.models import Account, AccountToken, ApiToken, WebSession
from app.audit.models import AuditEvent
from app.contacts.models import Contact, OutreachSettings
from app.dashboard.models import RadarAction
from app.db import Base
from app.groups.models import Group, GroupInvite, Membership
from app.idempotency.models import ApiRateWindow, IdempotencyKey
from app.introductions.models import (
    DoNotPair,
    Introduction,
    IntroductionOutcome,
    IntroductionRequest,
    IntroductionRound,
)
from app.landings.models import Landing
from app.matching.models import GroupTopic
from app.meetings.models import Attendance, CalendarFeed, Meeting, MeetingSeries, Rsvp
from app.members.models import GroupInvitation
from app.notifications.models import OutboxMessage
from app.photos.models import Photo
from app.profiles.models import PastCompany, Profile, ProfileTag, StageChange, Tag
from app.ratelimit import RateLimitHit
from app.reach.models import ReachShare, WarmIntroductionRequest
from app.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "Account",
    "AccountToken",
    "ApiRateWindow",
    "ApiToken",
    "Attendance",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "Contact",
    "DoNotPair",
    "Group",
    "GroupInvitation",
    "GroupInvite",
    "GroupTopic",
    "RadarAction",
    "IdempotencyKey",
    "Introduction",
    "IntroductionOutcome",
    "IntroductionRequest",
    "IntroductionRound",
    "Landing",
    "Meeting",
    "MeetingSeries",
    "Membership",
    "Rsvp",
    "OutboxMessage",
    "OutreachSettings",
    "PastCompany",
    "Photo",
    "Profile",
    "ProfileTag",
    "RateLimitHit",
    "ReachShare",
    "StageChange",
    "Tag",
    "WarmIntroductionRequest",
    "WebSession",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
