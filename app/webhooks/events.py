"""Webhook events: their names, the payload each one carries, and `emit`, which writes one delivery
per subscribed endpoint into the webhooks' outbox in the transaction of the change itself.

Payloads follow the Standard Webhooks shape ({"type", "timestamp", "data"}) and carry public
identifiers only. They say what an integration needs to keep a CRM or a Slack channel in step and
nothing a person keeps private: no email addresses, no private notes, no facilitator-only fields,
and an introduction that did not go ahead never says who said "not now".
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.webhooks.models import WebhookDelivery, WebhookEndpoint

if TYPE_CHECKING:
    from app.accounts.models import Account
    from app.groups.models import Group
    from app.introductions.models import Introduction
    from app.landings.models import Landing
    from app.meetings.models import Attendance, Meeting, Rsvp

# Every event an endpoint can subscribe to, with what it means (shown on the pages and in errors).
EVENTS: dict[str, str] = {
    "member.joined": "Someone joined a group, or asked to (status active or pending).",
    "member.approved": "A facilitator approved a request to join.",
    "member.landed": "A member reported that they landed a job.",
    "meeting.created": "A meeting was scheduled (one event per meeting of a series).",
    "meeting.updated": "A meeting was changed.",
    "meeting.cancelled": "A meeting was cancelled.",
    "rsvp.changed": "Someone answered going, maybe or not going, or moved up from the waitlist.",
    "attendance.checked_in": "Someone was checked in at a meeting.",
    "introduction.proposed": "A facilitator proposed that two members meet.",
    "introduction.connected": "Both said yes: the two are introduced.",
    "introduction.declined": "An introduction did not go ahead (it never says who declined).",
    "introduction.outcome": "One of the two said what came of an introduction.",
}
EVENT_TYPES = tuple(EVENTS)


def new_message_id() -> str:
    """The Standard Webhooks message id: unique, and the same on every attempt of one delivery."""
    return f"msg_{secrets.token_hex(16)}"


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def timestamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


# --- what each event says -----------------------------------------------------------------------


def group_ref(group: Group) -> dict[str, Any]:
    return {"id": str(group.public_id), "slug": group.slug, "name": group.name}


def person_ref(account: Account) -> dict[str, Any]:
    return {"id": str(account.public_id), "name": account.display_name}


def member(account: Account, status: str) -> dict[str, Any]:
    return {"person": person_ref(account), "status": str(status)}


def meeting(meeting: Meeting, *, changed: list[str] | None = None) -> dict[str, Any]:
    """What the group's public calendar feed shows, plus its status and seats (and, for an update,
    the names of the fields that changed)."""
    extra = {} if changed is None else {"changed": changed}
    return {
        **extra,
        "meeting": {
            "id": str(meeting.public_id),
            "title": meeting.title,
            "status": str(meeting.status),
            "starts_at": _iso(meeting.starts_at),
            "ends_at": _iso(meeting.starts_at + timedelta(minutes=meeting.duration_minutes)),
            "timezone": meeting.timezone,
            "location": meeting.location,
            "online_url": meeting.online_url,
            "capacity": meeting.capacity,
            "recurring": meeting.series_id is not None,
        },
    }


def _meeting_ref(meeting: Meeting) -> dict[str, Any]:
    return {"id": str(meeting.public_id), "title": meeting.title, "starts_at": _iso(meeting.starts_at)}


def rsvp(meeting: Meeting, account: Account, answer: Rsvp) -> dict[str, Any]:
    return {
        "meeting": _meeting_ref(meeting),
        "person": person_ref(account),
        "answer": str(answer.answer),
        "status": str(answer.status),
    }


def checked_in(meeting: Meeting, account: Account, attendance: Attendance) -> dict[str, Any]:
    return {
        "meeting": _meeting_ref(meeting),
        "person": person_ref(account),
        "method": str(attendance.method),
        "checked_in_at": _iso(attendance.checked_in_at),
    }


def introduction(introduction: Introduction, first: Account, second: Account) -> dict[str, Any]:
    """The pair, each with the reason written to them (a bot that messages them sends each their own)."""
    return {
        "introduction": {
            "id": str(introduction.public_id),
            "status": str(introduction.status),
            "people": [
                {**person_ref(person), "reason": introduction.reason_for(person.id)} for person in (first, second)
            ],
        }
    }


def introduction_declined(introduction: Introduction) -> dict[str, Any]:
    # Deliberately only the id: who declined is never revealed, not even to integrations.
    return {"introduction": {"id": str(introduction.public_id), "status": "declined"}}


def introduction_outcome(introduction: Introduction, reporter: Account, outcome: str) -> dict[str, Any]:
    """What came of it, as one of the two says; their note stays private."""
    return {
        "introduction": {"id": str(introduction.public_id)},
        "person": person_ref(reporter),
        "outcome": str(outcome),
    }


def landed(landing: Landing, account: Account) -> dict[str, Any]:
    """The news, without the story (written for the facilitators and, if shared, the wall)."""
    return {
        "landing": {
            "id": str(landing.public_id),
            "role": landing.role,
            "company": landing.company,
            "start_date": _iso(landing.start_date),
            "helped_by": str(landing.helped_by),
            "on_wall": landing.on_wall,
        },
        "person": person_ref(account),
    }


# --- writing deliveries ---------------------------------------------------------------------------


async def emit(
    session: AsyncSession, group: Group, event_type: str, data: dict[str, Any] | list[dict[str, Any]]
) -> int:
    """Queues `event_type` for every endpoint that wants it: the group's own endpoints and
    administrators' endpoints for all groups. `data` may be a list: one event each (every meeting
    of a series). A disabled endpoint's deliveries wait, unsent, until it is re-enabled, so nothing
    is lost while a receiver is being fixed. One SELECT, and one INSERT when someone listens.
    Returns how many deliveries were queued."""
    assert event_type in EVENTS, event_type
    items = data if isinstance(data, list) else [data]
    if not items:
        return 0
    found = await session.execute(
        select(WebhookEndpoint.id, WebhookEndpoint.events).where(
            or_(WebhookEndpoint.group_id == group.id, WebhookEndpoint.group_id.is_(None))
        )
    )
    # Endpoints are few; choosing by event here keeps the query the same on SQLite and PostgreSQL.
    endpoint_ids = [endpoint_id for endpoint_id, events in found if event_type in (events or [])]
    if not endpoint_ids:
        return 0
    now = utcnow()
    rows = [
        {
            "endpoint_id": endpoint_id,
            "message_id": new_message_id(),
            "event_type": event_type,
            "payload": {"type": event_type, "timestamp": timestamp(now), "data": {"group": group_ref(group), **item}},
            "available_at": now,
            "created_at": now,
        }
        for item in items
        for endpoint_id in endpoint_ids
    ]
    # One executemany INSERT, run now: part of the caller's transaction (a rollback takes it back),
    # and not left in the session where a savepoint rolled back later could drop it.
    await session.execute(insert(WebhookDelivery), rows)
    return len(rows)
