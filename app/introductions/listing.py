"""Reading introductions: one's own, a group's (facilitators), and one in detail.

Each list is a fixed number of statements whatever its length: one for the introductions with
their group and both people, then profiles, tags and outcomes for all of them at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.errors import InvalidInput, NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.introductions.emails import profiles_of
from app.introductions.models import Answer, Introduction, IntroductionOutcome, IntroductionStatus
from app.introductions.schemas import ShownStatus, shown_status
from app.pagination import Keyset, PageParams
from app.photos.service import member_visible_photos
from app.profiles.schemas import ProfileOut
from app.profiles.service import Audience, load_tags, present

INTRODUCTION_NOT_FOUND = "There is no such introduction, or it is not one of yours."

_NOT_GOING_AHEAD = [IntroductionStatus.declined, IntroductionStatus.expired, IntroductionStatus.withdrawn]
# The two people filter by what they may know; facilitators also by why it ended.
MEMBER_FILTERS: dict[str, list[IntroductionStatus]] = {
    ShownStatus.proposed.value: [IntroductionStatus.proposed],
    ShownStatus.connected.value: [IntroductionStatus.connected],
    ShownStatus.not_going_ahead.value: _NOT_GOING_AHEAD,
}
FACILITATOR_FILTERS: dict[str, list[IntroductionStatus]] = {
    **MEMBER_FILTERS,
    **{status.value: [status] for status in _NOT_GOING_AHEAD},
}


@dataclass
class Contact:
    name: str
    email: str
    phone: str | None
    linkedin_url: str | None


@dataclass
class IntroductionView:
    """An introduction as one viewer may see it. For the two people: the other's profile as a
    fellow member sees it, their contact details once connected, and only their own answer and
    outcome. For facilitators: both profiles, answers, notes and outcomes, and no contact details."""

    introduction: Introduction
    group: Group
    person_a: Account
    person_b: Account
    proposed_by: str
    viewer_id: int
    profiles: dict[int, ProfileOut] = field(default_factory=dict)
    contact: Contact | None = None
    outcomes: dict[int, IntroductionOutcome] = field(default_factory=dict)
    # The photos fellow members may see, by account (the other person's, for one of the two).
    photos: dict[int, uuid.UUID] = field(default_factory=dict)

    @property
    def other_photo_id(self) -> uuid.UUID | None:
        other = self.other
        return self.photos.get(other.id) if other is not None else None

    @property
    def is_party(self) -> bool:
        return self.viewer_id in (self.person_a.id, self.person_b.id)

    @property
    def my_reason(self) -> str | None:
        """The reason written to the viewer, when they are one of the two."""
        return self.introduction.reason_for(self.viewer_id) if self.is_party else None

    @property
    def me(self) -> Account | None:
        return (
            self.person_a
            if self.viewer_id == self.person_a.id
            else self.person_b
            if self.viewer_id == self.person_b.id
            else None
        )

    @property
    def other(self) -> Account | None:
        return (
            self.person_b
            if self.viewer_id == self.person_a.id
            else self.person_a
            if self.viewer_id == self.person_b.id
            else None
        )

    @property
    def my_answer(self) -> Answer | None:
        if self.viewer_id == self.person_a.id:
            return self.introduction.a_answer
        if self.viewer_id == self.person_b.id:
            return self.introduction.b_answer
        return None

    @property
    def status(self) -> str:
        """What the viewer may know: the two see "not_going_ahead" however it ended."""
        if self.is_party:
            return shown_status(self.introduction.status).value
        return self.introduction.status.value

    @property
    def waiting_for_me(self) -> bool:
        return self.introduction.status == IntroductionStatus.proposed and self.my_answer == Answer.pending

    @property
    def waiting_for_other(self) -> bool:
        return self.introduction.status == IntroductionStatus.proposed and self.my_answer == Answer.accepted

    @property
    def other_profile(self) -> ProfileOut | None:
        other = self.other
        return self.profiles.get(other.id) if other else None

    @property
    def my_outcome(self) -> IntroductionOutcome | None:
        return self.outcomes.get(self.viewer_id)


@dataclass
class IntroductionPage:
    items: list[IntroductionView]
    next_cursor: str | None


def _statuses(status: str | None, filters: dict[str, list[IntroductionStatus]]) -> list[IntroductionStatus] | None:
    if not status:
        return None
    if status not in filters:
        message = f"Choose one of: {', '.join(filters)}."
        raise InvalidInput(message, field_errors={"status": message})
    return filters[status]


# The two people and the proposer: made once, since building an alias of a mapped class costs
# more than the rest of the statement (a fifth of the introductions page, made per request).
_PERSON_A = aliased(Account, name="person_a")
_PERSON_B = aliased(Account, name="person_b")
_PROPOSER = aliased(Account, name="proposer")


def _statement() -> Select:
    person_a, person_b, proposer = _PERSON_A, _PERSON_B, _PROPOSER
    return (
        select(Introduction, Group, person_a, person_b, proposer.display_name)
        .join(Group, Group.id == Introduction.group_id)
        .join(person_a, person_a.id == Introduction.person_a_id)
        .join(person_b, person_b.id == Introduction.person_b_id)
        .outerjoin(proposer, proposer.id == Introduction.proposed_by_account_id)
    )


async def _views(session: AsyncSession, viewer: Account, statement: Select) -> list[IntroductionView]:
    views = [
        IntroductionView(introduction, group, person_a, person_b, proposer or "", viewer.id)
        for introduction, group, person_a, person_b, proposer in (await session.execute(statement)).all()
    ]
    # A list shows the two people's profiles only to one of them (the other's); a facilitator's list
    # shows names, answers and outcomes.
    await _add_details(session, views, both_profiles=False)
    return views


async def _add_details(session: AsyncSession, views: list[IntroductionView], *, both_profiles: bool = True) -> None:
    """Profiles, tags, contact details and outcomes for all the views in four statements: for one
    of the two, the other's profile; for a facilitator, both (unless not `both_profiles`)."""
    if not views:
        return
    shown: dict[int, Account] = {}
    for view in views:
        if view.is_party:
            people = [view.other]
        else:
            people = [view.person_a, view.person_b] if both_profiles else []
        shown.update((person.id, person) for person in people if person is not None)
    profiles = await profiles_of(session, shown.keys()) if shown else {}
    tags = await load_tags(session, [profile.id for profile in profiles.values()])
    photos = await member_visible_photos(session, shown.keys())
    outcomes = list(
        (
            await session.execute(
                select(IntroductionOutcome).where(
                    IntroductionOutcome.introduction_id.in_([view.introduction.id for view in views])
                )
            )
        ).scalars()
    )
    for view in views:
        view.photos = {
            account_id: photos[account_id] for account_id in photos.keys() & {view.person_a.id, view.person_b.id}
        }
        if view.is_party:
            other = view.other
            assert other is not None
            profile = profiles.get(other.id)
            presented = present(other, profile, tags.get(profile.id) if profile else None, Audience.member)
            view.profiles[other.id] = presented
            if view.introduction.status == IntroductionStatus.connected and other.deleted_at is None:
                view.contact = Contact(
                    other.display_name, other.email, (profile.phone if profile else "") or None, presented.linkedin_url
                )
        elif both_profiles:
            for person in (view.person_a, view.person_b):
                profile = profiles.get(person.id)
                view.profiles[person.id] = present(
                    person, profile, tags.get(profile.id) if profile else None, Audience.facilitator
                )
        view.outcomes = {
            outcome.account_id: outcome
            for outcome in outcomes
            if outcome.introduction_id == view.introduction.id
            and (not view.is_party or outcome.account_id == view.viewer_id)
        }


NEWEST_FIRST = Keyset(Introduction.created_at, Introduction.public_id)


async def _page(
    session: AsyncSession,
    viewer: Account,
    conditions: list[ColumnElement[bool]],
    page: PageParams,
) -> IntroductionPage:
    """Newest first; the cursor carries the last row's time and public id. The page's introductions
    are picked first (narrow rows), then joined to their people and group: joining every
    introduction of a group before cutting the page was most of the time, sorting thousands of
    wide rows to keep twenty-five."""
    picked = NEWEST_FIRST.apply(select(Introduction.id).where(*conditions), page).subquery()
    statement = (
        _statement()
        .where(Introduction.id.in_(select(picked.c.id)))
        .order_by(Introduction.created_at.desc(), Introduction.public_id.desc())
    )
    views = await _views(session, viewer, statement)
    shown, next_cursor = NEWEST_FIRST.cut(
        views, page, lambda view: (view.introduction.created_at, view.introduction.public_id)
    )
    return IntroductionPage(shown, next_cursor)


async def my_introductions(
    session: AsyncSession, viewer: Account, *, status: str | None, page: PageParams
) -> IntroductionPage:
    """The viewer's introductions in every group, newest first; `status` is proposed, connected or
    not_going_ahead (declined, expired and withdrawn are not told apart: nobody learns who said no)."""
    statuses = _statuses(status, MEMBER_FILTERS)
    conditions = [or_(Introduction.person_a_id == viewer.id, Introduction.person_b_id == viewer.id)]
    if statuses:
        conditions.append(Introduction.status.in_(statuses))
    return await _page(session, viewer, conditions, page)


async def group_introductions(
    session: AsyncSession, actor: Account, group: Group, *, status: str | None, page: PageParams
) -> IntroductionPage:
    """A group's introductions for its facilitators, newest first, with answers and private notes.
    A facilitator's own introductions are left out: they see those as one of the two."""
    await require_facilitator(session, actor, group)
    statuses = _statuses(status, FACILITATOR_FILTERS)
    conditions = [
        Introduction.group_id == group.id,
        Introduction.person_a_id != actor.id,
        Introduction.person_b_id != actor.id,
    ]
    if statuses:
        conditions.append(Introduction.status.in_(statuses))
    return await _page(session, actor, conditions, page)


async def introduction_for(session: AsyncSession, viewer: Account, introduction_id: uuid.UUID) -> IntroductionView:
    """One introduction, for either of the two or a facilitator of its group; for anyone else it
    does not exist."""
    row = (await session.execute(_statement().where(Introduction.public_id == introduction_id))).one_or_none()
    if row is None:
        raise NotFound(INTRODUCTION_NOT_FOUND)
    introduction, group, person_a, person_b, proposer = row
    view = IntroductionView(introduction, group, person_a, person_b, proposer or "", viewer.id)
    if not view.is_party:
        facilitates = (
            await session.execute(
                select(Membership.id).where(
                    Membership.group_id == group.id,
                    Membership.account_id == viewer.id,
                    Membership.status == MembershipStatus.active,
                    Membership.role == Role.facilitator,
                )
            )
        ).scalar_one_or_none()
        if facilitates is None:
            raise NotFound(INTRODUCTION_NOT_FOUND)
    await _add_details(session, [view])
    return view
