"""Every route, for every role, against a seeded database with two groups: each role the table in
tests/authorization_table.py allows gets an answer, every other role is refused, nobody gets a 5xx;
and the table lists exactly the app's routes.

The database is seeded once for the module; each request runs in a savepoint that is rolled back
after it, so a request that deletes or changes something leaves the next one the same world.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from starlette.routing import Mount

from app.accounts.api_tokens import create_token
from app.accounts.models import Account, AccountToken, TokenPurpose
from app.accounts.schemas import Scope, TokenCreate
from app.accounts.service import create_account, start_session
from app.calendars.service import create_feed
from app.config import get_settings
from app.contacts.schemas import MyContactIn
from app.contacts.service import create_contact
from app.db import Sessions, create_sessionmaker, utcnow
from app.deps import SESSION_COOKIE
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
from app.introductions import service as introductions
from app.landings.models import HelpedBy
from app.landings.schemas import LandingIn
from app.landings.service import report_landing
from app.main import create_app
from app.matching.group_topics import add_topic
from app.matching.rounds import plan
from app.matching.schemas import TopicIn
from app.meeting_day.qr import check_in_code
from app.meetings.schemas import MeetingCreate
from app.meetings.service import check_in, create_meeting
from app.members.invitations import invite_one
from app.members.models import GroupInvitation
from app.members.schemas import InviteCreate
from app.members.service import create_invite
from app.notifications.models import OutboxMessage
from app.notifications.service import EMAIL
from app.photos.service import set_photo
from app.photos.storage import LocalStore, store_for
from app.reach import warm
from app.reach.models import WarmIntroductionRequest
from app.reach.schemas import WarmAskIn
from app.security import csrf_token_for, hash_token
from app.web import CSRF_COOKIE
from app.webhooks.models import WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import EndpointCreate
from app.webhooks.service import create_endpoint
from tests.authorization_table import (
    ADMIN,
    ADMIN_TOKEN,
    FACILITATOR_A,
    FACILITATOR_B,
    MEMBER_A,
    MEMBER_B,
    MEMBER_TOKEN,
    OUTSIDER_TOKEN,
    READ_TOKEN,
    ROLES,
    ROUTES,
    VISITOR,
    WEBHOOKS_TOKEN,
    WRITE_TOKEN,
    RouteKey,
)
from tests.factories import PASSWORD, make_admin, make_group, make_member, unique
from tests.photos.images import png as photo_png

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
NEW_PASSWORD = "another horse battery staple"
IMPORT_CSV = "name,email\nNia Newcomer,nia.newcomer@example.com\n"


# --- the seeded world ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    """Identifiers of what the routes' parameters point at: group A's things, as strings."""

    slug: str
    group: str
    facilitator_a: str
    facilitator_membership: str
    member_a: str
    member_a2: str
    member_a3: str
    member_a4: str
    member_a2_email: str
    member_a_email: str
    pending: str
    meeting: str
    check_in_code: str
    invite: str
    invite_secret: str
    introduction: str  # member_a and member_a2, waiting for answers
    connected: str  # member_a and member_a3, connected
    request: str  # member_a's request for an introduction
    round: str
    landing: str  # member_a's
    endpoint: str  # group A's, registered by facilitator_a
    delivery: str
    member_token_id: str  # one of member_a's API tokens
    message: str  # an email in the outbox
    verify_secret: str
    reset_secret: str
    invitation: str  # a personal invitation of A's, to an address without an account
    invitation_secret: str
    feed_secret: str  # member_a's personal calendar feed
    topic: str  # a topic group A added to the engine's vocabulary
    contact: str  # one of member_a's own contacts
    photo: str  # member_a's photo
    warm_request: str  # member_a asked member_a2 for a warm introduction at Acme Health
    warm_request_to_a: str  # member_a4 asked member_a for one


async def _emailed_link(session: AsyncSession, account: Account, purpose: TokenPurpose) -> str:
    """The secret of a link as the app emails it (to confirm an address, to choose a new password)."""
    secret = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            token_hash=hash_token(secret),
            purpose=purpose,
            account_id=account.id,
            expires_at=utcnow() + timedelta(hours=1),
        )
    )
    await session.flush()
    return secret


async def _token(session: AsyncSession, account: Account, *scopes: Scope) -> tuple[str, str]:
    token, secret = await create_token(session, account, TokenCreate(name=unique("token"), scopes=list(scopes)))
    return str(token.public_id), secret


async def _invitation(session: AsyncSession, actor: Account, group: Group) -> tuple[GroupInvitation, str]:
    """An invitation to join by email, and the secret of its link (which only the email holds)."""
    email = f"{unique('invited')}@example.com"
    invitation = await invite_one(session, actor, group, email, "Jo Invited")
    sent = (await session.execute(select(OutboxMessage.payload).where(OutboxMessage.kind == EMAIL))).scalars()
    [secret] = {
        match.group(1)
        for payload in sent
        if payload["to"] == email
        for match in re.finditer(r"/invitation/([\w-]+)", payload["text"])
    }
    return invitation, secret


async def _membership(session: AsyncSession, group: Group, account: Account) -> Membership:
    statement = select(Membership).where(Membership.group_id == group.id, Membership.account_id == account.id)
    return (await session.execute(statement)).scalar_one()


async def seed(session: AsyncSession) -> tuple[Seeded, dict[str, dict[str, str]]]:
    """Groups A and B with their people and A's things; returns them and each role's credentials
    (a session token for browsers, a Bearer secret for tokens)."""
    admin = await make_admin(session)
    group_a = await make_group(session, name="Authorization group A", join_policy=JoinPolicy.approval)
    group_b = await make_group(session, name="Authorization group B")
    facilitator_a = await make_member(session, group_a, name="Fay Facilitator", role=Role.facilitator)
    member_a = await make_member(
        session, group_a, name="Ana Lopez", headline="HRIS lead", target_companies=["Acme Health"], skills=["Workday"]
    )
    member_a2 = await make_member(session, group_a, name="Ben Okafor", past_companies=[{"name": "Acme Health"}])
    member_a3 = await make_member(session, group_a, name="Cleo Park", skills=["Recruiting"])
    member_a4 = await make_member(session, group_a, name="Dev Shah", looking_for="Recruiting")
    pending = await make_member(session, group_a, name="Pat Waiting", status=MembershipStatus.pending)
    facilitator_b = await make_member(session, group_b, name="Gus Facilitator", role=Role.facilitator)
    member_b = await make_member(session, group_b, name="Hana Member")
    unverified = await create_account(
        session, email=f"{unique('unverified')}@example.com", display_name="Ivo New", password=PASSWORD, verified=False
    )

    endpoint, _ = await create_endpoint(
        session,
        facilitator_a,
        EndpointCreate(url="https://example.org/between", events=["meeting.created"], group_id=group_a.public_id),
        allow_private=True,  # as in tests and development: nothing is looked up
    )
    # In an hour (so that members can check themselves in now), to the second: a series drops a first
    # occurrence that starts at a fraction of a second.
    starts_at = utcnow().replace(microsecond=0) + timedelta(hours=1)
    meeting = await create_meeting(
        session,
        facilitator_a,
        group_a,
        MeetingCreate(title="Weekly circle", starts_at=starts_at, recurrence="FREQ=WEEKLY;COUNT=3"),
    )
    await check_in(session, facilitator_a, meeting.public_id, member_a.public_id)
    reason = "Ben worked at Acme Health, which is on Ana's target list."
    proposed = await introductions.propose(
        session, facilitator_a, group_a, member_a.public_id, member_a2.public_id, reason
    )
    connected = await introductions.propose(
        session, facilitator_a, group_a, member_a.public_id, member_a3.public_id, reason
    )
    await introductions.answer(session, member_a, connected.public_id, True)
    await introductions.answer(session, member_a3, connected.public_id, True)
    request = await introductions.ask(
        session, member_a, group_a, target_person_id=None, description="Someone who hires for payroll teams"
    )
    await introductions.add_do_not_pair(session, facilitator_a, group_a, member_a2.public_id, member_a3.public_id)
    planned = await plan(session, facilitator_a, group_a, 1)
    topic = await add_topic(session, facilitator_a, group_a, TopicIn(label="Works councils", phrases=["betriebsrat"]))
    landing = await report_landing(
        session,
        member_a,
        group_a,
        LandingIn(role="HR business partner", company="Acme Health", helped_by=HelpedBy.group, on_wall=True),
    )
    invite, link = await create_invite(session, facilitator_a, group_a, InviteCreate(label="Flyer"))
    contact = await create_contact(
        session, member_a, MyContactIn(first_name="Rosa", last_name="Quill", company="Acme Health")
    )
    photo, _ = await set_photo(session, store_for(get_settings()), member_a, photo_png())
    warm_request = await warm.ask(
        session,
        member_a,
        WarmAskIn(person_id=member_a2.public_id, company="Acme Health", message="Could you introduce me to HR?"),
    )
    assert contact.company_tag_id is not None
    warm_request_to_a = WarmIntroductionRequest(
        group_id=group_a.id,
        asker_account_id=member_a4.id,
        helper_account_id=member_a.id,
        company_tag_id=contact.company_tag_id,
        message="Could you introduce me to someone at Acme Health?",
    )
    session.add(warm_request_to_a)
    await session.flush()
    invitation, invitation_secret = await _invitation(session, facilitator_a, group_a)
    member_token_id, member_secret = await _token(session, member_a, Scope.read, Scope.write, Scope.webhooks)
    delivery = (
        await session.execute(
            select(WebhookDelivery.public_id)
            .join(WebhookEndpoint)
            .where(WebhookEndpoint.public_id == endpoint.id)
            .limit(1)
        )
    ).scalar_one()
    message = (
        await session.execute(select(OutboxMessage.public_id).where(OutboxMessage.kind == EMAIL).limit(1))
    ).scalar_one()

    seeded = Seeded(
        slug=group_a.slug,
        group=str(group_a.public_id),
        facilitator_a=str(facilitator_a.public_id),
        facilitator_membership=str((await _membership(session, group_a, facilitator_a)).public_id),
        member_a=str(member_a.public_id),
        member_a2=str(member_a2.public_id),
        member_a3=str(member_a3.public_id),
        member_a4=str(member_a4.public_id),
        member_a2_email=member_a2.email,
        member_a_email=member_a.email,
        pending=str(pending.public_id),
        meeting=str(meeting.public_id),
        check_in_code=check_in_code(meeting.public_id),
        invite=str(invite.public_id),
        invite_secret=link.rsplit("/", 1)[1],
        introduction=str(proposed.public_id),
        connected=str(connected.public_id),
        request=str(request.public_id),
        round=str(planned.public_id),
        landing=str(landing.public_id),
        endpoint=str(endpoint.id),
        delivery=str(delivery),
        member_token_id=member_token_id,
        message=str(message),
        verify_secret=await _emailed_link(session, unverified, TokenPurpose.verify_email),
        reset_secret=await _emailed_link(session, member_a2, TokenPurpose.password_reset),
        invitation=str(invitation.public_id),
        invitation_secret=invitation_secret,
        feed_secret=await create_feed(session, member_a),
        topic=str(topic.public_id),
        contact=str(contact.public_id),
        photo=str(photo.public_id),
        warm_request=str(warm_request.id),
        warm_request_to_a=str(warm_request_to_a.public_id),
    )

    browsers = {
        MEMBER_A: member_a,
        MEMBER_B: member_b,
        FACILITATOR_A: facilitator_a,
        FACILITATOR_B: facilitator_b,
        ADMIN: admin,
    }
    credentials: dict[str, dict[str, str]] = {VISITOR: {}}
    for role, account in browsers.items():
        credentials[role] = {"session": await start_session(session, account, days=get_settings().session_days)}
    tokens = {
        READ_TOKEN: (facilitator_a, (Scope.read,)),
        WRITE_TOKEN: (facilitator_a, (Scope.write,)),
        WEBHOOKS_TOKEN: (facilitator_a, (Scope.webhooks,)),
        OUTSIDER_TOKEN: (facilitator_b, tuple(Scope)),
        ADMIN_TOKEN: (admin, tuple(Scope)),
    }
    for role, (account, scopes) in tokens.items():
        credentials[role] = {"bearer": (await _token(session, account, *scopes))[1]}
    credentials[MEMBER_TOKEN] = {"bearer": member_secret}
    return seeded, credentials


# --- what each route is sent ---------------------------------------------------------------------------


def path_values(s: Seeded) -> dict[str, str]:
    """Path parameters by name; path_overrides says where a route needs another value."""
    return {
        "slug": s.slug,
        "photo_id": s.photo,
        "edge": "64",
        "group_id": s.group,
        "meeting_id": s.meeting,
        "person_id": s.member_a,
        "member_id": s.pending,
        "decision": "approve",
        "membership_id": s.facilitator_membership,
        "invite_id": s.invite,
        "introduction_id": s.introduction,
        "request_id": s.request,
        "round_id": s.round,
        "landing_id": s.landing,
        "endpoint_id": s.endpoint,
        "delivery_id": s.delivery,
        "token_id": s.member_token_id,
        "chart": "attendance",
        "message_id": s.message,
        "invitation_id": s.invitation,
        "topic_id": s.topic,
        "contact_id": s.contact,
        "warm_request_id": s.warm_request,
    }


def path_overrides(s: Seeded) -> dict[RouteKey, dict[str, str]]:
    return {
        ("POST", "/g/{slug}/manage/requests/{person_id}/approve"): {"person_id": s.pending},
        ("GET", "/g/{slug}/manage/requests/{person_id}/decline"): {"person_id": s.pending},
        ("POST", "/g/{slug}/manage/requests/{person_id}/decline"): {"person_id": s.pending},
        ("POST", "/g/{slug}/manage/requests/{person_id}/undo-decline"): {"person_id": s.pending},
        ("DELETE", "/api/v1/groups/{group_id}/facilitators/{person_id}"): {"person_id": s.facilitator_a},
        ("POST", "/api/v1/introductions/{introduction_id}/outcome"): {"introduction_id": s.connected},
        ("POST", "/introductions/{introduction_id}/outcome"): {"introduction_id": s.connected},
        ("GET", "/join/{token}"): {"token": s.invite_secret},
        ("GET", "/verify-email/{token}"): {"token": s.verify_secret},
        ("POST", "/verify-email/{token}"): {"token": s.verify_secret},
        ("GET", "/invitation/{token}"): {"token": s.invitation_secret},
        ("POST", "/invitation/{token}"): {"token": s.invitation_secret},
        ("POST", "/invitation/{token}/decline"): {"token": s.invitation_secret},
        ("GET", "/password-reset/{token}"): {"token": s.reset_secret},
        ("POST", "/password-reset/{token}"): {"token": s.reset_secret},
        ("GET", "/calendar/{token}.ics"): {"token": s.feed_secret},
        ("POST", "/me/reach/requests/{warm_request_id}/answer"): {"warm_request_id": s.warm_request_to_a},
        ("POST", "/api/v1/me/reach/requests/{warm_request_id}/answer"): {"warm_request_id": s.warm_request_to_a},
    }


def queries(s: Seeded) -> dict[RouteKey, dict[str, str]]:
    do_not_pair = {"a": s.member_a2, "b": s.member_a3}
    return {
        ("GET", "/meetings/{meeting_id}/check-in"): {"code": s.check_in_code},
        ("GET", "/g/{slug}/introductions/do-not-pair/remove"): do_not_pair,
        ("POST", "/g/{slug}/introductions/do-not-pair/remove"): do_not_pair,
        ("DELETE", "/api/v1/groups/{group_id}/do-not-pair"): {"person_a_id": s.member_a2, "person_b_id": s.member_a3},
        ("GET", "/me/reach/ask"): {"person": s.member_a2, "company": "Acme Health"},
    }


def _next_week() -> tuple[str, str]:
    day = (utcnow() + timedelta(days=7)).date().isoformat()
    return day, f"{day}T18:30:00"


def json_bodies(s: Seeded) -> dict[RouteKey, dict[str, Any]]:
    """Valid bodies, so that a refusal is the route deciding who asks, not the body's validation."""
    _, starts_at = _next_week()
    landing = {"role": "People operations lead", "company": "Acme Health", "helped_by": "group"}
    return {
        ("PATCH", "/api/v1/me/profile"): {"headline": "Open to HR operations roles"},
        ("POST", "/api/v1/groups"): {"name": "Authorization group C", "slug": unique("group"), "timezone": "UTC"},
        ("PATCH", "/api/v1/groups/{group_id}"): {"description": "Tuesday evenings."},
        ("POST", "/api/v1/groups/{group_id}/facilitators"): {"email": s.member_a2_email},
        ("POST", "/api/v1/groups/{group_id}/members/{member_id}/approve"): {"note": "Welcome."},
        ("POST", "/api/v1/groups/{group_id}/members/{member_id}/decline"): {"note": "Not this time."},
        ("POST", "/api/v1/groups/{group_id}/invites"): {"label": "Library flyer"},
        ("POST", "/api/v1/groups/{group_id}/invitations"): {"email": "kai.invited@example.com", "name": "Kai"},
        ("POST", "/api/v1/groups/{group_id}/meetings"): {"title": "Extra circle", "starts_at": starts_at},
        ("PATCH", "/api/v1/meetings/{meeting_id}"): {"title": "Weekly circle, room 2"},
        ("POST", "/api/v1/meetings/{meeting_id}/cancel"): {"scope": "this"},
        ("PUT", "/api/v1/meetings/{meeting_id}/rsvp"): {"answer": "going"},
        ("POST", "/api/v1/meetings/{meeting_id}/check-ins"): {"person_id": s.member_a2},
        ("POST", "/api/v1/meetings/{meeting_id}/walk-ins"): {
            "display_name": "Kim Walkin",
            "email": "kim.walkin@example.com",
        },
        ("POST", "/api/v1/groups/{group_id}/introduction-rounds"): {"k": 1},
        ("POST", "/api/v1/introduction-rounds/{round_id}/confirm"): {},
        ("POST", "/api/v1/groups/{group_id}/introductions"): {
            "person_a_id": s.member_a3,
            "person_b_id": s.member_a4,
            "reason": "Both recruit for hospitals.",
        },
        ("POST", "/api/v1/introductions/{introduction_id}/accept"): {"note": ""},
        ("POST", "/api/v1/introductions/{introduction_id}/decline"): {"note": ""},
        ("POST", "/api/v1/introductions/{introduction_id}/outcome"): {"outcome": "met"},
        ("POST", "/api/v1/groups/{group_id}/introduction-requests"): {"description": "Someone in benefits"},
        ("PUT", "/api/v1/groups/{group_id}/introductions/paused"): {"paused": True},
        ("PUT", "/api/v1/groups/{group_id}/do-not-pair"): {
            "person_a_id": s.member_a2,
            "person_b_id": s.member_a3,
            "note": "Former colleagues",
        },
        ("PATCH", "/api/v1/groups/{group_id}/settings"): {"radar_missed_meetings": 4},
        ("POST", "/api/v1/groups/{group_id}/people/{person_id}/check-in-emails"): {
            "subject": "Thinking of you",
            "body": "How is the search going?",
        },
        ("POST", "/api/v1/groups/{group_id}/topics"): {"label": "Outplacement", "phrases": ["outplacement services"]},
        ("POST", "/api/v1/groups/{group_id}/at-risk/{person_id}/snooze"): {
            "risk": "no_connection",
            "reason": "Travelling this month",
            "days": 14,
        },
        ("POST", "/api/v1/groups/{group_id}/landings"): landing,
        ("PUT", "/api/v1/landings/{landing_id}"): landing,
        ("POST", "/api/v1/webhooks"): {
            "url": "https://example.org/crm",
            "events": ["member.joined"],
            "group_id": s.group,
        },
        ("PATCH", "/api/v1/webhooks/{endpoint_id}"): {"description": "CRM sync"},
        ("POST", "/api/v1/me/contacts"): {"first_name": "Sam", "last_name": "Ortiz", "company": "Northwind"},
        ("PATCH", "/api/v1/me/contacts/{contact_id}"): {"status": "contacted"},
        ("PUT", "/api/v1/me/contacts/outreach"): {"weekly_goal": 3, "weekly_email": True},
        ("PUT", "/api/v1/me/reach/sharing/{group_id}"): {"shared": True},
        ("POST", "/api/v1/me/reach/requests"): {
            "person_id": s.member_a2,
            "company": "Acme Health",
            "message": "Could you introduce me to HR?",
        },
        ("POST", "/api/v1/me/reach/requests/{warm_request_id}/answer"): {"answer": "yes", "note": "Maya in HR."},
        ("POST", "/api/v1/me/contacts/companies/confirm"): {"company": "Acme Health", "canonical": "Acme Health"},
    }


def forms(s: Seeded) -> dict[RouteKey, dict[str, Any]]:
    """Valid form fields for the pages' posts."""
    day, _ = _next_week()
    meeting = {
        "title": "Weekly circle",
        "date": day,
        "time": "18:30",
        "duration_minutes": "90",
        "timezone": "America/Chicago",
    }
    landing = {"role": "People operations lead", "company": "Acme Health", "helped_by": "group"}
    new_password = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    return {
        ("POST", "/admin/groups/new"): {
            "name": "Authorization group C",
            "slug": unique("group"),
            "timezone": "UTC",
            "join_policy": "approval",
            "reminder_hours_before": "24",
        },
        ("POST", "/admin/groups/{slug}"): {"name": "Authorization group A, renamed"},
        ("POST", "/admin/groups/{slug}/facilitators"): {"email": s.member_a2_email},
        ("POST", "/g/{slug}/join"): {
            "display_name": "Lee Newcomer",
            "email": "lee.newcomer@example.com",
            "password": NEW_PASSWORD,
            "stage": "searching",
            "agree": "on",
        },
        ("POST", "/verify-email"): {"email": "someone@example.com"},
        ("POST", "/invitation/{token}"): {"display_name": "Jo Invited", **new_password, "agree": "on"},
        ("POST", "/g/{slug}/manage/requests/{person_id}/approve"): {"note": "Welcome."},
        ("POST", "/g/{slug}/manage/requests/{person_id}/decline"): {"note": "Not our field.", "confirmed": "yes"},
        ("POST", "/g/{slug}/manage/requests/{person_id}/undo-decline"): {"message": s.message},
        ("POST", "/g/{slug}/manage/invites"): {"label": "Library flyer", "expires_in_days": "30"},
        ("POST", "/g/{slug}/manage/invitations"): {"email": "kai.invited@example.com", "name": "Kai"},
        ("POST", "/g/{slug}/manage/import/confirm"): {
            "csv_data": base64.urlsafe_b64encode(IMPORT_CSV.encode()).decode(),
            "filename": "members.csv",
        },
        ("POST", "/g/{slug}/manage/check-in/{person_id}"): {
            "subject": "Thinking of you",
            "body": "How is the search going?",
        },
        ("POST", "/g/{slug}/manage/radar/{person_id}/snooze"): {
            "risk": "no_connection",
            "reason": "Travelling this month",
            "days": "14",
        },
        ("POST", "/g/{slug}/manage/settings"): {"radar_missed_meetings": "4"},
        ("POST", "/g/{slug}/landed"): landing,
        ("POST", "/g/{slug}/meetings/new"): meeting,
        ("POST", "/meetings/{meeting_id}/rsvp"): {"answer": "going"},
        ("POST", "/meetings/{meeting_id}/edit"): meeting,
        ("POST", "/meetings/{meeting_id}/cancel"): {"scope": "this"},
        ("POST", "/meetings/{meeting_id}/check-ins"): {"person_id": s.member_a2},
        ("POST", "/meetings/{meeting_id}/walk-ins"): {"display_name": "Kim Walkin", "email": "kim.walkin@example.com"},
        ("POST", "/meetings/{meeting_id}/kiosk/check-in"): {"person_id": s.member_a2},
        ("POST", "/meetings/{meeting_id}/check-in"): {"code": s.check_in_code},
        ("POST", "/g/{slug}/introductions/new"): {
            "a": s.member_a3,
            "b": s.member_a4,
            "reason_for_a": "Dev recruits for hospitals too.",
            "reason_for_b": "Cleo recruits for hospitals too.",
        },
        ("POST", "/g/{slug}/introductions/topics"): {"label": "Outplacement", "phrases": "outplacement services"},
        ("POST", "/g/{slug}/introductions/rounds/new"): {"k": "1"},
        ("POST", "/g/{slug}/introductions/rounds/{round_id}/confirm"): {
            "keep": "0",
            "a_0": s.member_a3,
            "b_0": s.member_a4,
            "reason_a_0": "Dev recruits for hospitals too.",
            "reason_b_0": "Cleo recruits for hospitals too.",
        },
        ("POST", "/g/{slug}/introductions/do-not-pair"): {
            "a": s.member_a2,
            "b": s.member_a3,
            "note": "Former colleagues",
        },
        ("POST", "/introductions/{introduction_id}/accept"): {"note": ""},
        ("POST", "/introductions/{introduction_id}/decline"): {"note": ""},
        ("POST", "/introductions/{introduction_id}/outcome"): {"outcome": "met"},
        ("POST", "/g/{slug}/introductions/pause"): {"paused": "true"},
        ("POST", "/g/{slug}/introductions/ask"): {"description": "Someone in benefits"},
        ("POST", "/landings/{landing_id}/help"): {"can_help_with": "Interview practice"},
        ("POST", "/landings/{landing_id}/edit"): landing,
        ("POST", "/me/contacts/new"): {"first_name": "Sam", "last_name": "Ortiz"},
        ("POST", "/me/network/outreach"): {"weekly_goal": "3", "weekly_email": "yes"},
        ("POST", "/g/{slug}/members/{person_id}/photo/hide"): {"reason": "Please use a photo of yourself."},
        ("POST", "/me/contacts/{contact_id}"): {"first_name": "Rosa", "status": "met"},
        ("POST", "/me/reach/sharing/{group_id}"): {"shared": "true"},
        ("POST", "/me/reach/ask"): {"person_id": s.member_a2, "company": "Acme Health", "message": "Could you help?"},
        ("POST", "/me/reach/requests/{warm_request_id}/answer"): {"answer": "yes", "note": "Maya in HR."},
        ("POST", "/me/contacts/companies/confirm"): {"company": "Acme Health", "canonical": "Acme Health"},
        ("POST", "/login"): {"email": s.member_a_email, "password": PASSWORD},
        ("POST", "/password-reset"): {"email": s.member_a_email},
        ("POST", "/password-reset/{token}"): new_password,
        ("POST", "/profile"): {"headline": "Open to HR operations roles", "stage": "searching"},
        ("POST", "/settings/account"): {"display_name": "A new name"},
        ("POST", "/settings/password"): {"current_password": PASSWORD, **new_password},
        ("POST", "/settings/data/delete"): {"password": PASSWORD},
        ("POST", "/settings/tokens"): {"name": "Spreadsheet sync", "scopes": "read"},
        ("POST", "/admin/webhooks"): {
            "url": "https://example.org/crm",
            "events": "member.joined",
            "description": "CRM sync",
            "group_id": s.group,
        },
        ("POST", "/admin/webhooks/{endpoint_id}"): {
            "url": "https://example.org/between",
            "events": "meeting.created",
            "description": "CRM sync",
        },
    }


UPLOADS: dict[RouteKey, dict[str, tuple[str, bytes, str]]] = {
    ("POST", "/g/{slug}/manage/import"): {"file": ("members.csv", IMPORT_CSV.encode(), "text/csv")},
    ("POST", "/me/contacts/import"): {"file": ("contacts.csv", b"name\nSam Ortiz\n", "text/csv")},
    ("POST", "/profile/photo"): {"photo": ("me.png", photo_png(), "image/png")},
    ("PUT", "/api/v1/me/photo"): {"photo": ("me.png", photo_png(), "image/png")},
    ("POST", "/api/v1/me/contacts/import"): {
        "file": ("contacts.csv", b"name,email\nSam Ortiz,sam@example.com\n", "text/csv")
    },
}

# Unsafe routes that take no body: what they act on is in their address.
BODYLESS: set[RouteKey] = {
    ("DELETE", "/api/v1/me/photo"),
    ("POST", "/profile/photo/remove"),
    ("DELETE", "/api/v1/groups/{group_id}/facilitators/{person_id}"),
    ("POST", "/api/v1/groups/{group_id}/invites/{invite_id}/revoke"),
    ("DELETE", "/api/v1/groups/{group_id}/invitations/{invitation_id}"),
    ("DELETE", "/api/v1/meetings/{meeting_id}/check-ins/{person_id}"),
    ("POST", "/api/v1/introductions/{introduction_id}/withdraw"),
    ("POST", "/api/v1/introduction-requests/{request_id}/close"),
    ("DELETE", "/api/v1/groups/{group_id}/do-not-pair"),
    ("DELETE", "/api/v1/groups/{group_id}/at-risk/{person_id}/snooze"),
    ("POST", "/g/{slug}/manage/radar/{person_id}/wake"),
    ("DELETE", "/api/v1/landings/{landing_id}"),
    ("DELETE", "/api/v1/me/contacts/{contact_id}"),
    ("POST", "/me/contacts/{contact_id}/delete"),
    ("POST", "/api/v1/me/reach/requests/{warm_request_id}/withdraw"),
    ("POST", "/me/reach/requests/{warm_request_id}/withdraw"),
    ("DELETE", "/api/v1/webhooks/{endpoint_id}"),
    ("POST", "/api/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver"),
    ("POST", "/admin/groups/{slug}/facilitators/{membership_id}/remove"),
    ("POST", "/verify-email/{token}"),
    ("POST", "/g/{slug}/manage/invites/{invite_id}/revoke"),
    ("POST", "/g/{slug}/manage/invitations/{invitation_id}/withdraw"),
    ("POST", "/invitation/{token}/decline"),
    ("POST", "/meetings/{meeting_id}/check-ins/{person_id}/undo"),
    ("POST", "/settings/calendar"),
    ("POST", "/settings/calendar/revoke"),
    ("POST", "/logout"),
    ("POST", "/settings/tokens/{token_id}/revoke"),
    ("POST", "/g/{slug}/introductions/requests/{request_id}/close"),
    ("POST", "/g/{slug}/introductions/do-not-pair/remove"),
    ("POST", "/g/{slug}/introductions/topics/{topic_id}/remove"),
    ("DELETE", "/api/v1/groups/{group_id}/topics/{topic_id}"),
    ("POST", "/g/{slug}/introductions/{introduction_id}/withdraw"),
    ("POST", "/introduction-requests/{request_id}/withdraw"),
    ("POST", "/landings/{landing_id}/withdraw"),
    ("POST", "/admin/webhooks/{endpoint_id}/enable"),
    ("POST", "/admin/webhooks/{endpoint_id}/disable"),
    ("POST", "/admin/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver"),
    ("POST", "/admin/webhooks/{endpoint_id}/delete"),
    ("POST", "/admin/emails/send-again"),
    ("POST", "/admin/emails/{message_id}/send-again"),
}


# --- the app's routes --------------------------------------------------------------------------------


def app_routes(app: FastAPI) -> dict[RouteKey, RouteContext]:
    """(method, path template) of every route but the static files, HEAD left out."""
    found: dict[RouteKey, RouteContext] = {}
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount) and route.path == "/static":
            continue
        assert route.methods, f"{route.path}: a route without methods; say in the table who may use it"
        for method in route.methods - {"HEAD"}:
            key = (method, str(route.path_format))
            assert key not in found, f"{key} is served by two routes"
            found[key] = route
    return found


_PARAMETER = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Call:
    path: str
    params: dict[str, str]
    json: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None


def plan_call(s: Seeded, key: RouteKey, path: dict[str, str] | None = None) -> Call:
    """What to send to the route; `path` replaces some of its path parameters."""
    method, template = key
    values = {**path_values(s), **path_overrides(s).get(key, {}), **(path or {})}
    missing = sorted(set(_PARAMETER.findall(template)) - set(values))
    assert not missing, f"{method} {template}: no value for {missing}; add one to path_values or path_overrides"
    address = _PARAMETER.sub(lambda match: values[match.group(1)], template)
    call = Call(address, queries(s).get(key, {}), json_bodies(s).get(key), forms(s).get(key), UPLOADS.get(key))
    if method in UNSAFE_METHODS:
        assert call.json is not None or call.data is not None or call.files is not None or key in BODYLESS, (
            f"{method} {template}: say what to send, in json_bodies, forms or UPLOADS (a valid body, so that "
            "refusals come from the route, not from validation), or list it in BODYLESS"
        )
    return call


# --- sending as each role ------------------------------------------------------------------------------


@dataclass
class World:
    connection: AsyncConnection
    seeded: Seeded
    routes: dict[RouteKey, RouteContext]
    clients: dict[str, httpx.AsyncClient]
    headers: dict[str, dict[str, str]]

    async def send(self, role: str, key: RouteKey, path: dict[str, str] | None = None) -> httpx.Response:
        """The request, in a savepoint rolled back afterwards: nothing it changes stays."""
        call = plan_call(self.seeded, key, path)
        client = self.clients[role]
        savepoint = await self.connection.begin_nested()
        try:
            return await client.request(
                key[0],
                call.path,
                params=call.params,
                json=call.json,
                data=call.data,
                files=call.files,
                headers=self.headers[role],
            )
        finally:
            await savepoint.rollback()
            client.cookies.clear()  # each request carries the role's own cookies, and nothing a response set


def role_headers(credentials: dict[str, str]) -> dict[str, str]:
    """A browser sends its session cookie; a token holder its Bearer token. Both carry a CSRF
    cookie and its token, so that the pages' forms are refused for who sends them, not for CSRF."""
    csrf_cookie = secrets.token_urlsafe(16)
    cookies = {CSRF_COOKIE: csrf_cookie}
    headers = {"x-csrf-token": csrf_token_for(csrf_cookie)}
    if "session" in credentials:
        cookies[SESSION_COOKIE] = credentials["session"]
    if "bearer" in credentials:
        headers["Authorization"] = f"Bearer {credentials['bearer']}"
    headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return headers


class _KeepsFiles(LocalStore):
    async def delete(self, names: list[str]) -> None:
        pass


@pytest.fixture(scope="module")
async def world(engine: AsyncEngine) -> AsyncIterator[World]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            sessionmaker = create_sessionmaker(connection, join_transaction_mode="create_savepoint")
            async with sessionmaker() as session:
                seeded, credentials = await seed(session)
                await session.commit()
            # Each role makes a few hundred API requests; the per-minute limit is not what is tested.
            settings = get_settings().model_copy(update={"api_requests_per_minute": 1_000_000})
            app = create_app(settings=settings, sessions=Sessions.single(sessionmaker))
            # Every request here is rolled back, never committed: the files a photo's replacement or
            # removal deletes once committed must stay for the requests that follow.
            app.state.photo_store = _KeepsFiles(Path(settings.media_dir))
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            clients = {role: httpx.AsyncClient(transport=transport, base_url="http://testserver") for role in ROLES}
            try:
                yield World(
                    connection,
                    seeded,
                    app_routes(app),
                    clients,
                    {role: role_headers(credentials[role]) for role in ROLES},
                )
            finally:
                for client in clients.values():
                    await client.aclose()
        finally:
            await transaction.rollback()


# --- the tests --------------------------------------------------------------------------------------------


def verdict(response: httpx.Response) -> str:
    if response.status_code >= 500:
        return "error"
    if response.status_code in (401, 403, 404):
        return "refused"
    if response.status_code == 303 and response.headers.get("location", "").startswith("/login?next="):
        return "refused"
    return "allowed"


def described(response: httpx.Response) -> str:
    location = response.headers.get("location")
    return f"{response.status_code} → {location}" if location else str(response.status_code)


async def test_the_table_lists_every_route_and_only_routes(world: World) -> None:
    served, listed = set(world.routes), set(ROUTES)
    missing = "\n".join(f"  {method} {path}" for method, path in sorted(served - listed, key=lambda k: k[::-1]))
    stale = "\n".join(f"  {method} {path}" for method, path in sorted(listed - served, key=lambda k: k[::-1]))
    assert not missing, (
        "Routes missing from tests/authorization_table.py; add each with who may use it:\n"
        + missing
        + (f"\nand entries that are no longer routes:\n{stale}" if stale else "")
    )
    assert not stale, f"Entries of tests/authorization_table.py that are no longer routes:\n{stale}"
    tables = {
        **path_overrides(world.seeded),
        **queries(world.seeded),
        **json_bodies(world.seeded),
        **forms(world.seeded),
        **UPLOADS,
        **dict.fromkeys(BODYLESS),
    }
    assert not set(tables) - served, f"What-to-send entries for no route: {sorted(set(tables) - served)}"


def _route_id(key: RouteKey) -> str:
    return f"{key[0]} {key[1]}"


def _by_path(key: RouteKey) -> tuple[str, str]:
    return key[1], key[0]


LISTED: list[RouteKey] = sorted(ROUTES, key=_by_path)
# The links whose address holds their secret.
SECRET_LINKS = [key for key in LISTED if "{token}" in key[1]]


@pytest.mark.parametrize("key", LISTED, ids=_route_id)
async def test_who_may_use_the_route(world: World, key: RouteKey) -> None:
    if key not in world.routes:
        pytest.fail(f"{_route_id(key)} is in the table but is not a route of the app")
    allowed = ROUTES[key]
    # Those to be refused ask first, before anyone the route lets change something (rolled back anyway).
    order = [role for role in ROLES if role not in allowed] + [role for role in ROLES if role in allowed]
    wrong = []
    for role in order:
        response = await world.send(role, key)
        expected = "allowed" if role in allowed else "refused"
        seen = verdict(response)
        if seen != expected:
            wrong.append(f"  {role}: should be {expected}, got {described(response)}")
    assert not wrong, f"{_route_id(key)}:\n" + "\n".join(wrong)


async def test_a_request_leaves_nothing_behind(world: World) -> None:
    """What the savepoints promise, on SQLite and PostgreSQL alike: what one request deletes, the next finds."""
    assert (await world.send(MEMBER_TOKEN, ("DELETE", "/api/v1/landings/{landing_id}"))).status_code == 204
    assert (await world.send(MEMBER_TOKEN, ("GET", "/api/v1/landings/{landing_id}"))).status_code == 200


@pytest.mark.parametrize("key", SECRET_LINKS, ids=_route_id)
async def test_a_made_up_link_breaks_nothing(world: World, key: RouteKey) -> None:
    """The links whose address is their secret, with a secret nobody was given: never a 5xx."""
    errors = []
    for role in ROLES:
        response = await world.send(role, key, path={"token": secrets.token_urlsafe(32)})
        if verdict(response) == "error":
            errors.append(f"  {role}: {described(response)}")
    assert not errors, f"{_route_id(key)} with a made-up secret:\n" + "\n".join(errors)
