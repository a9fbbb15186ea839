"""The outreach tracker at a glance: follow-ups due, conversations this week against the member's
own goal, and the weekly email of follow-ups (opt-in, once a week, sent by the worker)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, ScalarSelect, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.contacts.models import CONVERSATION_STATUSES, Contact, OutreachSettings, OutreachStatus
from app.contacts.schemas import FollowUpOut, OutreachOut, OutreachSettingsIn
from app.db import utcnow
from app.notifications import service as notifications

# Follow-ups shown on /me/network and in the weekly email; the rest are on the contacts page.
FOLLOW_UPS_SHOWN = 10


def week_start(day: date) -> date:
    """The Monday of `day`'s week: weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def _due(account_id: int, today: date) -> tuple[ColumnElement[bool], ...]:
    """Contacts whose follow-up date has come, but not those already met."""
    return (
        Contact.account_id == account_id,
        Contact.follow_up_on.is_not(None),
        Contact.follow_up_on <= today,
        or_(Contact.status.is_(None), Contact.status != OutreachStatus.met),
    )


async def _follow_ups(session: AsyncSession, account_id: int, today: date) -> list[FollowUpOut]:
    """The first of them, soonest first."""
    rows = (
        await session.execute(
            select(Contact)
            .where(*_due(account_id, today))
            .order_by(Contact.follow_up_on, Contact.sort_name, Contact.id)
            .limit(FOLLOW_UPS_SHOWN)
        )
    ).scalars()
    return [
        FollowUpOut(
            id=contact.public_id,
            name=f"{contact.first_name} {contact.last_name}".strip(),
            company=contact.company_label,
            status=contact.status,
            follow_up_on=contact.follow_up_on,
            note=contact.note,
        )
        for contact in rows
    ]


def _count(*conditions: ColumnElement[bool]) -> ScalarSelect[int]:
    return select(func.count()).select_from(Contact).where(*conditions).scalar_subquery()


async def outreach(session: AsyncSession, account: Account, today: date | None = None) -> OutreachOut:
    """Two statements: the week's numbers and settings at once, then the follow-ups due."""
    today = today or utcnow().date()
    monday = week_start(today)
    since = datetime.combine(monday, time.min, tzinfo=UTC)
    settings = select(OutreachSettings).where(OutreachSettings.account_id == account.id)
    conversations, due, goal, email = (
        await session.execute(
            select(
                _count(
                    Contact.account_id == account.id,
                    Contact.status.in_(CONVERSATION_STATUSES),
                    Contact.last_contacted_at >= since,
                ),
                _count(*_due(account.id, today)),
                settings.with_only_columns(OutreachSettings.weekly_goal).scalar_subquery(),
                settings.with_only_columns(OutreachSettings.weekly_email).scalar_subquery(),
            )
        )
    ).one()
    return OutreachOut(
        week_of=monday,
        conversations_this_week=conversations,
        weekly_goal=goal,
        weekly_email=bool(email),
        follow_ups_due=due,
        follow_ups=await _follow_ups(session, account.id, today) if due else [],
    )


async def save_settings(session: AsyncSession, account: Account, data: OutreachSettingsIn) -> OutreachOut:
    settings = await session.get(OutreachSettings, account.id)
    if settings is None:
        settings = OutreachSettings(account_id=account.id)
        session.add(settings)
    settings.weekly_goal, settings.weekly_email = data.weekly_goal, data.weekly_email
    await session.flush()
    return await outreach(session, account)


async def queue_weekly_emails(session: AsyncSession, today: date | None = None) -> int:
    """Once a week, for each member who asked: an email of their follow-ups due, if any (a week
    with none sends nothing). Several workers may run this at once: each member's row is claimed."""
    today = today or utcnow().date()
    monday = week_start(today)
    claimed = (
        await session.execute(
            select(OutreachSettings, Account)
            .join(Account, Account.id == OutreachSettings.account_id)
            .where(
                OutreachSettings.weekly_email.is_(True),
                Account.deleted_at.is_(None),
                or_(OutreachSettings.weekly_email_week.is_(None), OutreachSettings.weekly_email_week < monday),
            )
            .with_for_update(of=OutreachSettings, skip_locked=True)
        )
    ).all()
    sent = 0
    for settings, account in claimed:
        settings.weekly_email_week = monday
        due = (await session.execute(select(_count(*_due(account.id, today))))).scalar_one()
        if not due:
            continue
        follow_ups = await _follow_ups(session, account.id, today)
        await notifications.queue_email(
            session,
            to=account.email,
            template="outreach_weekly",
            context={
                "name": account.display_name,
                "due": due,
                "follow_ups": [item.model_dump(mode="json") for item in follow_ups],
                "contacts_link": links.absolute(links.contacts()),
                "settings_link": links.absolute(links.network() + "#outreach"),
            },
        )
        sent += 1
    await session.flush()
    return sent
