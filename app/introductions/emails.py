"""The emails of an introduction, queued in the outbox with the change that causes them.

What each one may say is the point of this module: a proposal names the other person and the
reason but no contact details; "did not go ahead" never says who declined or why; only the
connected email carries contact details, and only once both have said yes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.groups.models import Group
from app.introductions.models import Introduction
from app.notifications import service as notifications
from app.profiles.models import Profile
from app.profiles.service import Audience, present

ANSWER_DAYS = 14


def introduction_link(introduction: Introduction) -> str:
    return links.absolute(links.introduction(introduction.public_id))


def _introductions_link() -> str:
    return links.absolute(links.introductions())


def can_receive(person: Account) -> bool:
    return person.deleted_at is None


async def profiles_of(session: AsyncSession, account_ids: Iterable[int]) -> dict[int, Profile]:
    ids = list(set(account_ids))
    if not ids:
        return {}
    rows = await session.execute(select(Profile).where(Profile.account_id.in_(ids)))
    return {profile.account_id: profile for profile in rows.scalars()}


def _pairs(first: Account, second: Account) -> list[tuple[Account, Account]]:
    return [(first, second), (second, first)]


async def tell_proposed(
    session: AsyncSession, introduction: Introduction, group: Group, first: Account, second: Account, proposer: Account
) -> None:
    profiles = await profiles_of(session, [first.id, second.id])
    for person, other in _pairs(first, second):
        other_profile = profiles.get(other.id)
        await notifications.queue_email(
            session,
            to=person.email,
            template="introduction_proposed",
            context={
                "name": person.display_name,
                "other_name": other.display_name,
                "other_headline": other_profile.headline if other_profile else "",
                "group": group.name,
                "proposer": proposer.display_name,
                "reason": introduction.reason_for(person.id),
                "link": introduction_link(introduction),
                "days": ANSWER_DAYS,
            },
        )


def contact_card(person: Account, profile: Profile | None) -> dict[str, Any]:
    """What the other person learns once both accepted: the profile as a fellow member sees it,
    plus the email address and phone number that only an accepted introduction shares."""
    shown = present(person, profile, None, Audience.member)
    return {
        "name": person.display_name,
        "email": person.email,
        "phone": profile.phone if profile else "",
        "linkedin_url": shown.linkedin_url or "",
        "headline": shown.headline,
        "looking_for": shown.looking_for or "",
        "can_help_with": shown.can_help_with or "",
    }


async def tell_connected(
    session: AsyncSession, introduction: Introduction, group: Group, first: Account, second: Account, proposer_name: str
) -> None:
    profiles = await profiles_of(session, [first.id, second.id])
    for person, other in _pairs(first, second):
        if not can_receive(person):
            continue
        await notifications.queue_email(
            session,
            to=person.email,
            template="introduction_connected",
            context={
                "name": person.display_name,
                "other": contact_card(other, profiles.get(other.id)),
                "group": group.name,
                "proposer": proposer_name,
                "reason": introduction.reason_for(person.id),
                "link": introduction_link(introduction),
            },
        )


async def tell_not_going_ahead(session: AsyncSession, group: Group, person: Account, other: Account) -> None:
    """The same words whether the other person declined, nobody answered in time, or the
    facilitator withdrew it: nobody is blamed and nobody learns who said no."""
    if not can_receive(person):
        return
    await notifications.queue_email(
        session,
        to=person.email,
        template="introduction_not_going_ahead",
        context={
            "name": person.display_name,
            "other_name": other.display_name,
            "group": group.name,
            "link": _introductions_link(),
        },
    )


async def tell_facilitator_declined(
    session: AsyncSession,
    introduction: Introduction,
    group: Group,
    facilitator: Account,
    decliner: Account,
    other: Account,
    note: str,
) -> None:
    await notifications.queue_email(
        session,
        to=facilitator.email,
        template="introduction_declined_for_facilitator",
        context={
            "name": facilitator.display_name,
            "decliner": decliner.display_name,
            "other_name": other.display_name,
            "group": group.name,
            "note": note,
            "link": introduction_link(introduction),
        },
    )


async def remind(
    session: AsyncSession, introduction: Introduction, group: Group, person: Account, other: Account
) -> None:
    await notifications.queue_email(
        session,
        to=person.email,
        template="introduction_reminder",
        context={
            "name": person.display_name,
            "other_name": other.display_name,
            "group": group.name,
            "reason": introduction.reason_for(person.id),
            "link": introduction_link(introduction),
        },
    )


async def follow_up(
    session: AsyncSession, introduction: Introduction, group: Group, person: Account, other: Account, *, second: bool
) -> None:
    await notifications.queue_email(
        session,
        to=person.email,
        template="introduction_follow_up",
        context={
            "name": person.display_name,
            "other_name": other.display_name,
            "group": group.name,
            "second": second,
            "link": f"{introduction_link(introduction)}#outcome",
        },
    )
