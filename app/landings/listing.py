"""Reading landings: the wall of successes, a group's landings (facilitators), one's own.

Each list is one statement whatever its length: the landings with their person, group and
credited introduction, newest first, cursor-paginated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.errors import NotFound
from app.groups.models import Group, Role
from app.groups.service import require_active_member
from app.introductions.models import Introduction, IntroductionStatus
from app.landings.models import HelpedBy, Landing
from app.landings.schemas import HELPED_BY_LABELS, LandingOut, PersonOut
from app.pagination import Keyset, PageParams

LANDING_NOT_FOUND = "There is no such landing, or it is not one of yours."
WALL_PAGE_SIZE = 20


def short_name(display_name: str) -> str:
    """How the wall names people: "Lena Fischer" is "Lena F."."""
    words = display_name.split()
    if len(words) < 2:
        return display_name.strip()
    return f"{words[0]} {words[-1][0].upper()}."


@dataclass
class IntroductionChoice:
    """A connected introduction the person may credit, named by the person on the other side."""

    id: uuid.UUID
    other_name: str


@dataclass
class LandingEntry:
    """One landing with its person and group, as a list shows it. `full` says whether the viewer
    may know exactly who, and which introduction (the person themself and facilitators)."""

    id: uuid.UUID
    account_id: int
    person_id: uuid.UUID
    full_name: str
    group_id: uuid.UUID
    group_slug: str
    group_name: str
    group_timezone: str
    role: str
    company: str
    start_date: date | None
    helped_by: HelpedBy
    introduction_id: uuid.UUID | None
    story: str
    on_wall: bool
    created_at: datetime
    is_mine: bool
    full: bool

    @property
    def name(self) -> str:
        return self.full_name if self.full else short_name(self.full_name)

    @property
    def short_name(self) -> str:
        return short_name(self.full_name)

    @property
    def landed_on(self) -> datetime:
        return self.created_at.astimezone(ZoneInfo(self.group_timezone))

    @property
    def helped_by_label(self) -> str:
        return HELPED_BY_LABELS[self.helped_by]

    def out(self) -> LandingOut:
        return LandingOut(
            id=self.id,
            group_id=self.group_id,
            name=self.name,
            person=PersonOut(id=self.person_id, name=self.full_name) if self.full else None,
            role=self.role,
            company=self.company,
            start_date=self.start_date,
            helped_by=self.helped_by,
            introduction_id=self.introduction_id if self.full else None,
            story=self.story,
            on_wall=self.on_wall,
            landed_in=self.landed_on.strftime("%Y-%m"),
            created_at=self.created_at,
        )


@dataclass
class LandingPage:
    items: list[LandingEntry]
    next_cursor: str | None


_Credited = aliased(Introduction)


def _entries() -> Select:
    return (
        select(
            Landing.public_id,
            Landing.account_id,
            Account.public_id.label("person_id"),
            Account.display_name,
            Group.public_id.label("group_public_id"),
            Group.slug,
            Group.name,
            Group.timezone,
            Landing.role,
            Landing.company,
            Landing.start_date,
            Landing.helped_by,
            _Credited.public_id.label("introduction_public_id"),
            Landing.story,
            Landing.on_wall,
            Landing.created_at,
        )
        .join(Account, Account.id == Landing.account_id)
        .join(Group, Group.id == Landing.group_id)
        .outerjoin(_Credited, _Credited.id == Landing.introduction_id)
    )


NEWEST_FIRST = Keyset(Landing.created_at, Landing.public_id)


async def _page(
    session: AsyncSession,
    viewer: Account,
    statement: Select,
    page: PageParams,
    *,
    full: bool,
) -> LandingPage:
    """Newest first; the cursor carries the last row's time and public id."""
    found = (await session.execute(NEWEST_FIRST.apply(statement, page))).all()
    rows, next_cursor = NEWEST_FIRST.cut(found, page, lambda row: (row.created_at, row.public_id))
    items = [
        LandingEntry(
            id=row.public_id,
            account_id=row.account_id,
            person_id=row.person_id,
            full_name=row.display_name,
            group_id=row.group_public_id,
            group_slug=row.slug,
            group_name=row.name,
            group_timezone=row.timezone,
            role=row.role,
            company=row.company,
            start_date=row.start_date,
            helped_by=row.helped_by,
            introduction_id=row.introduction_public_id,
            story=row.story,
            on_wall=row.on_wall,
            created_at=row.created_at,
            is_mine=row.account_id == viewer.id,
            full=full or row.account_id == viewer.id,
        )
        for row in rows
    ]
    return LandingPage(items, next_cursor)


async def wall(session: AsyncSession, viewer: Account, group: Group, page: PageParams) -> LandingPage:
    """The group's wall of successes: the landings people chose to share, for its members only.
    People who deleted their account are gone from it, whatever they had shared."""
    await require_active_member(session, viewer, group)
    statement = _entries().where(Landing.group_id == group.id, Landing.on_wall.is_(True), Account.deleted_at.is_(None))
    return await _page(session, viewer, statement, page, full=False)


async def group_landings(session: AsyncSession, viewer: Account, group: Group, page: PageParams) -> LandingPage:
    """Facilitators: every landing reported in the group, shared or not. Members: the wall."""
    membership = await require_active_member(session, viewer, group)
    if membership.role != Role.facilitator:
        return await wall(session, viewer, group, page)
    statement = _entries().where(Landing.group_id == group.id, Account.deleted_at.is_(None))
    return await _page(session, viewer, statement, page, full=True)


async def my_landings(
    session: AsyncSession, viewer: Account, page: PageParams, group: Group | None = None
) -> LandingPage:
    """One's own landings, in every group or in one."""
    statement = _entries().where(Landing.account_id == viewer.id)
    if group is not None:
        statement = statement.where(Landing.group_id == group.id)
    return await _page(session, viewer, statement, page, full=True)


async def my_landing(session: AsyncSession, viewer: Account, landing_id: uuid.UUID) -> LandingEntry:
    statement = _entries().where(Landing.public_id == landing_id, Landing.account_id == viewer.id)
    page = await _page(session, viewer, statement, PageParams(limit=1), full=True)
    if not page.items:
        raise NotFound(LANDING_NOT_FOUND)
    return page.items[0]


async def connected_introductions(
    session: AsyncSession, account: Account, group: Group, *, introduction_id: uuid.UUID | None = None
) -> list[IntroductionChoice]:
    """The person's connected introductions in the group (or the one asked for), newest first,
    each named by the person on the other side."""
    other_id = case((Introduction.person_a_id == account.id, Introduction.person_b_id), else_=Introduction.person_a_id)
    statement = (
        select(Introduction.public_id, Account.display_name)
        .join(Account, Account.id == other_id)
        .where(
            Introduction.group_id == group.id,
            Introduction.status == IntroductionStatus.connected,
            or_(Introduction.person_a_id == account.id, Introduction.person_b_id == account.id),
        )
        .order_by(Introduction.connected_at.desc(), Introduction.id.desc())
    )
    if introduction_id is not None:
        statement = statement.where(Introduction.public_id == introduction_id)
    return [IntroductionChoice(public_id, name) for public_id, name in await session.execute(statement)]
