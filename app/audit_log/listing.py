"""Reading the audit log (administrators): filters, newest-first keyset pages, plain-language
labels, and a CSV export.

A page is one statement for the events with their actor and group, plus at most five for naming
the people, meetings, series, introductions and landings its targets point at, whatever its length.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.audit import service as audit
from app.audit.models import AuditEvent
from app.csv_export import CsvFile, spreadsheet_safe
from app.db import Sessions, utcnow
from app.form_values import blank_is_none, form_date
from app.groups.models import Group
from app.groups.service import require_admin
from app.introductions.models import Introduction
from app.landings.models import Landing
from app.meetings.models import Meeting, MeetingSeries
from app.pagination import Keyset, PageParams

AUDIT_PAGE_SIZE = 50
# An export holds at most this many events; past this, narrow the dates.
MAX_EXPORT_ROWS = 100_000
# Events read per transaction while the CSV streams.
EXPORT_BATCH = 200

# What each action means, as "<who> <label>". Actions not listed are shown by their name.
ACTION_LABELS = {
    "account.deleted": "deleted their account",
    "api_token.created": "created an API token",
    "api_token.revoked": "revoked API tokens",
    "audit.exported": "exported the audit log",
    "group.created": "created a group",
    "group.updated": "changed a group's settings",
    "group.facilitator_appointed": "appointed a facilitator",
    "photo.set": "set their photo",
    "photo.removed": "removed their photo",
    "photo.hidden": "hid a member's photo",
    "group.facilitator_invited": "invited someone to facilitate",
    "group.facilitator_removed": "stepped a facilitator down",
    "introduction.proposed": "proposed an introduction",
    "introduction.withdrawn": "withdrew an introduction",
    "introduction.request_closed": "closed a request for an introduction",
    "introduction.do_not_pair_added": "added a pair to the do-not-pair list",
    "introduction.do_not_pair_removed": "removed a pair from the do-not-pair list",
    "introductions.round_planned": "planned an introduction round",
    "invite.created": "created an invite link",
    "invitation.sent": "invited someone by email",
    "member.joined": "joined the group, or asked to",
    "matching.topic_added": "added a topic for introductions",
    "matching.topic_removed": "removed a topic for introductions",
    "radar.snoozed": "set a radar entry aside",
    "email.sent_again": "sent a failed email again",
    "email.all_sent_again": "sent every failed email again",
    "invitation.withdrawn": "withdrew an invitation",
    "invite.revoked": "revoked an invite link",
    "landing.reported": "reported that they landed",
    "landing.updated": "corrected their landing",
    "landing.withdrawn": "withdrew their landing",
    "meeting.scheduled": "scheduled a meeting",
    "meeting.series_scheduled": "scheduled a series of meetings",
    "meeting.updated": "changed a meeting",
    "meeting.cancelled": "cancelled a meeting",
    "meeting.walk_in": "welcomed a walk-in",
    "member.approved": "approved a member",
    "member.declined": "declined a request to join",
    "roster.exported": "exported the roster",
    "roster.imported": "imported members from a spreadsheet",
    "webhook.created": "registered a webhook endpoint",
    "webhook.updated": "changed a webhook endpoint",
    "webhook.deleted": "removed a webhook endpoint",
    "webhook.redelivered": "redelivered a webhook",
    "webhook.disabled": "disabled a failing webhook endpoint",
}

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_ACTION = re.compile(r"^[a-z0-9_.]+$")

# Newest first, truly: events recorded in the same instant follow the order they were written in
# (the row id), never the order of their random public ids.
NEWEST_FIRST = Keyset(AuditEvent.created_at, AuditEvent.id, read_tiebreak=int)
# The audit log shows every row in one zone. Accounts have no time zone of their own, so it is UTC.
VIEWER_ZONE = "UTC"


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


class AuditFilters(BaseModel):
    """The audit log's filters, as query parameters; empty ones mean "any"."""

    model_config = ConfigDict(extra="ignore")

    group: str | None = Field(default=None, max_length=60, description="A group's address (slug).")
    action: str | None = Field(default=None, max_length=60)
    actor: str | None = Field(default=None, max_length=320, description="The email address of who did it.")
    since: date | None = Field(default=None, description="From this day (UTC).")
    until: date | None = Field(default=None, validate_default=True, description="To this day, included (UTC).")

    @field_validator("group", "action", "actor", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return blank_is_none(value)

    @field_validator("group", "actor")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("actor")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and ("@" not in value or " " in value):
            raise ValueError("Please enter a whole email address, like name@example.org.")
        return value

    @field_validator("action")
    @classmethod
    def _action(cls, value: str | None) -> str | None:
        if value is not None and not _ACTION.match(value):
            raise ValueError("Please choose an action from the list.")
        return value

    @field_validator("since", "until", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return form_date(value)

    @field_validator("until")
    @classmethod
    def _after_since(cls, value: date | None, info: ValidationInfo) -> date | None:
        since = info.data.get("since")
        if value is not None and since is not None and value < since:
            raise ValueError("The end date is before the start date.")
        return value

    @property
    def active(self) -> bool:
        return any(getattr(self, name) is not None for name in type(self).model_fields)

    def query_items(self) -> list[tuple[str, str]]:
        return [(name, str(getattr(self, name))) for name in type(self).model_fields if getattr(self, name) is not None]


@dataclass
class AuditRow:
    id: uuid.UUID
    seq: int  # the row's key: the order events were written in, for the cursor only
    created_at: datetime
    actor_name: str | None
    actor_email: str | None
    action: str
    target: str
    target_label: str
    details: dict[str, Any]
    group_slug: str | None
    group_name: str | None

    @property
    def label(self) -> str:
        return action_label(self.action)

    @property
    def local_time(self) -> str:
        """When, in the one zone the whole log is shown in."""
        return self.created_at.astimezone(ZoneInfo(VIEWER_ZONE)).strftime("%b %-d, %Y %H:%M")

    @property
    def details_text(self) -> str:
        parts = []
        for name, value in self.details.items():
            if value is None or value == [] or value == "":
                continue
            if isinstance(value, bool):
                shown = "yes" if value else "no"
            elif isinstance(value, list):
                shown = ", ".join(str(item) for item in value)
            elif isinstance(value, dict):
                shown = ", ".join(f"{key} {item}" for key, item in value.items())
            else:
                shown = value
            parts.append(f"{name.replace('_', ' ')}: {shown}")
        return "; ".join(parts)


@dataclass
class AuditPage:
    items: list[AuditRow]
    next_cursor: str | None


@dataclass
class AuditChoices:
    """What the filter form offers: every group, and every action that has happened."""

    groups: list[tuple[str, str]]
    actions: list[str]

    def problems(self, values: dict[str, Any]) -> dict[str, str]:
        """Filters that cannot match anything, said plainly (an old link, a hand-edited address)."""
        errors = {}
        group = str(values.get("group") or "").strip().lower()
        if group and group not in {slug for slug, _ in self.groups}:
            errors["group"] = "There is no group at this address. Choose one from the list."
        action = str(values.get("action") or "").strip()
        if action and action not in self.actions:
            errors["action"] = "Nothing with this action has been recorded. Choose one from the list."
        return errors


async def audit_choices(session: AsyncSession, actor: Account) -> AuditChoices:
    require_admin(actor)
    groups = (await session.execute(select(Group.slug, Group.name).order_by(Group.name, Group.slug))).all()
    actions = (await session.execute(select(AuditEvent.action).distinct())).scalars()
    return AuditChoices([(slug, name) for slug, name in groups], sorted(actions))


def _statement(filters: AuditFilters) -> Select:
    statement = (
        select(
            AuditEvent.id,
            AuditEvent.public_id,
            AuditEvent.created_at,
            AuditEvent.action,
            AuditEvent.target,
            AuditEvent.details,
            Account.display_name,
            Account.email,
            Group.slug,
            Group.name,
        )
        .outerjoin(Account, Account.id == AuditEvent.actor_account_id)
        .outerjoin(Group, Group.id == AuditEvent.group_id)
    )
    if filters.group is not None:
        statement = statement.where(Group.slug == filters.group)
    if filters.action is not None:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.actor is not None:
        statement = statement.where(Account.email == filters.actor)
    if filters.since is not None:
        statement = statement.where(AuditEvent.created_at >= datetime.combine(filters.since, time(), UTC))
    if filters.until is not None:
        statement = statement.where(
            AuditEvent.created_at < datetime.combine(filters.until + timedelta(days=1), time(), UTC)
        )
    return statement  # NEWEST_FIRST orders it


async def _target_labels(session: AsyncSession, targets: Iterable[str]) -> dict[str, str]:
    """Names for the ids that targets hold: people, meetings, series, introductions and landings."""
    ids = {uuid.UUID(found) for target in targets for found in _UUID.findall(target)}
    if not ids:
        return {}
    labels: dict[str, str] = {}
    for public_id, name, email in await session.execute(
        select(Account.public_id, Account.display_name, Account.email).where(Account.public_id.in_(ids))
    ):
        labels[str(public_id)] = f"{name} ({email})"
    for public_id, title, starts_at, zone in await session.execute(
        select(Meeting.public_id, Meeting.title, Meeting.starts_at, Group.timezone)
        .join(Group, Group.id == Meeting.group_id)
        .where(Meeting.public_id.in_(ids))
    ):
        labels[str(public_id)] = f"“{title}”, {starts_at.astimezone(ZoneInfo(zone)).strftime('%b %-d, %Y')}"
    for public_id, starts_at, zone in await session.execute(
        select(MeetingSeries.public_id, MeetingSeries.starts_at, MeetingSeries.timezone).where(
            MeetingSeries.public_id.in_(ids)
        )
    ):
        labels[str(public_id)] = f"meetings from {starts_at.astimezone(ZoneInfo(zone)).strftime('%b %-d, %Y')}"
    first, second = aliased(Account), aliased(Account)
    for public_id, first_name, second_name in await session.execute(
        select(Introduction.public_id, first.display_name, second.display_name)
        .join(first, first.id == Introduction.person_a_id)
        .join(second, second.id == Introduction.person_b_id)
        .where(Introduction.public_id.in_(ids))
    ):
        labels[str(public_id)] = f"{first_name} and {second_name}"
    for public_id, role, company in await session.execute(
        select(Landing.public_id, Landing.role, Landing.company).where(Landing.public_id.in_(ids))
    ):
        labels[str(public_id)] = f"{role} at {company}"
    return labels


def _label_target(target: str, labels: dict[str, str]) -> str:
    found = _UUID.findall(target)
    if found and not _UUID.sub("", target).strip():  # only ids: "<a> <b>" is a pair of people
        return " and ".join(labels.get(item.lower(), item) for item in found)
    return _UUID.sub(lambda match: labels.get(match.group(0).lower(), match.group(0)), target)


async def _rows(session: AsyncSession, statement: Select) -> list[AuditRow]:
    rows = (await session.execute(statement)).all()
    labels = await _target_labels(session, (row.target for row in rows))
    return [
        AuditRow(
            id=row.public_id,
            seq=row.id,
            created_at=row.created_at,
            actor_name=row.display_name,
            actor_email=row.email,
            action=row.action,
            target=row.target,
            target_label=_label_target(row.target, labels),
            details=row.details or {},
            group_slug=row.slug,
            group_name=row.name,
        )
        for row in rows
    ]


async def audit_log(session: AsyncSession, actor: Account, filters: AuditFilters, page: PageParams) -> AuditPage:
    """Every recorded event that the filters match, newest first."""
    require_admin(actor)
    items = await _rows(session, NEWEST_FIRST.apply(_statement(filters), page))
    items, next_cursor = NEWEST_FIRST.cut(items, page, lambda item: (item.created_at, item.seq))
    return AuditPage(items, next_cursor)


EXPORT_COLUMNS = ["time_utc", "group", "actor_name", "actor_email", "action", "what", "target", "target_raw", "details"]


async def export_audit_log(session: AsyncSession, sessions: Sessions, actor: Account, filters: AuditFilters) -> CsvFile:
    """The filtered log as CSV (newest first), streamed a batch per transaction: the events recorded
    before it began. The export itself is recorded too, in a transaction of its own (the request
    only reads; on SQLite a reading transaction cannot start writing once anyone else has)."""
    require_admin(actor)
    last_id = await session.scalar(select(func.max(AuditEvent.id))) or 0
    matching = _statement(filters).where(AuditEvent.id <= last_id).order_by(None).limit(MAX_EXPORT_ROWS).subquery()
    rows = await session.scalar(select(func.count()).select_from(matching))
    async with sessions.write() as recording, recording.begin():
        audit.record(
            recording,
            actor,
            "audit.exported",
            target="audit log",
            rows=rows or 0,
            filters=dict(filters.query_items()) or None,
        )
    return CsvFile(
        filename=f"between-audit-log-{utcnow().date().isoformat()}.csv",
        header=EXPORT_COLUMNS,
        batches=_export_batches(sessions.read, filters, last_id),
    )


async def _export_batches(
    reads: async_sessionmaker[AsyncSession], filters: AuditFilters, last_id: int
) -> AsyncIterator[list[list[str]]]:
    statement = _statement(filters).where(AuditEvent.id <= last_id)
    page, sent = PageParams(limit=min(EXPORT_BATCH, MAX_EXPORT_ROWS)), 0
    while True:
        async with reads() as session:
            found = await _rows(session, NEWEST_FIRST.apply(statement, page))
        rows, next_cursor = NEWEST_FIRST.cut(found, page, lambda row: (row.created_at, row.seq))
        yield [_csv_row(row) for row in rows]
        sent += len(rows)
        if next_cursor is None or sent >= MAX_EXPORT_ROWS:
            return
        page = PageParams(limit=min(EXPORT_BATCH, MAX_EXPORT_ROWS - sent), cursor=next_cursor)


def _csv_row(row: AuditRow) -> list[str]:
    values = [
        row.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        row.group_slug or "",
        row.actor_name or "system",
        row.actor_email or "",
        row.action,
        row.label,
        row.target_label,
        row.target,
        json.dumps(row.details, ensure_ascii=False, sort_keys=True) if row.details else "",
    ]
    return [spreadsheet_safe(str(value)) for value in values]
