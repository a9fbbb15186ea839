"""The member directory: who is in a group, found by search and filters, as each viewer may see them.

Every function checks the viewer's right to look. A field a person keeps for facilitators is hidden
from fellow members everywhere: in what is shown, and in what search and filters can match, so
that nobody can discover a hidden value by searching for it.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.db import utcnow
from app.directory.schemas import MAX_SEARCH_LENGTH, DirectoryFilters, MemberSummary, StatusFilter
from app.errors import Forbidden, NotFound
from app.groups.kept import KeptPerGroup, version_of
from app.groups.models import Group, Membership, MembershipStatus, Role, name_sort_key
from app.groups.service import require_active_member
from app.pagination import Keyset, PageParams
from app.photos.models import Photo
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Tag
from app.profiles.schemas import ProfileOut, Visibility
from app.profiles.service import TAG_FIELD_RELATIONS, Audience, ProfileTags, load_tags, present
from app.profiles.tags import canonical

DIRECTORY_PAGE_SIZE = 25
MAX_SEARCH_TERMS = 6
MAX_SUGGESTIONS = 200
PERSON_NOT_FOUND = (
    "This person is not in your groups, or their profile is not open to you. "
    "If you followed a link, it may be out of date."
)
STATUS_FOR_FACILITATORS = "Only this group's facilitators can list members by status."

# Facilitators may open anyone their directory lists; members only active members.
_STATUSES_FOR_FACILITATORS = (MembershipStatus.active, MembershipStatus.pending, MembershipStatus.declined)
_LIKE_ESCAPE = "/"
# SQLite's trigram full-text table of the profiles' words (migration 0018): rowid is the profile's id.
_PROFILE_WORDS = table(
    "search_profile_words", column("rowid"), column("headline"), column("looking_for"), column("can_help_with")
)
# A quoted phrase of three characters or more MATCHes the rows that contain it, from the index.
# (An SQLite older than 3.34 has no trigram tokenizer: the migration made no table; see 0018.)
_FULL_TEXT = sqlite3.sqlite_version_info >= (3, 34, 0)
_TRIGRAM = 3
_WORDS = ("headline", "looking_for", "can_help_with")
# On SQLite, a word that fewer profiles than this have (anywhere) is looked up through them; a more
# common one is read in the group's name order, where its first matches come early.
RARE_MATCHES = 500


@dataclass
class DirectoryPage:
    items: list[MemberSummary]
    next_cursor: str | None
    viewer_facilitates: bool
    # Nobody but the viewer is in the group yet (an unfiltered first page): a welcome, not a "no match".
    only_viewer: bool


@dataclass
class MemberPage:
    profile: ProfileOut
    audience: Audience
    # Fields the person keeps for facilitators; told to the person and to facilitators, never to members.
    facilitator_only: frozenset[str]
    role: Role
    status: MembershipStatus
    joined_at: datetime | None
    requested_at: datetime


@dataclass
class FilterSuggestions:
    industries: list[str]
    skills: list[str]
    companies: list[str]


@dataclass(frozen=True)
class _Viewer:
    account_id: int
    facilitates: bool


def facilitator_only_fields(visibility: Mapping[str, Any] | None) -> frozenset[str]:
    return frozenset(name for name, level in (visibility or {}).items() if level == Visibility.facilitators)


# --- SQL pieces -----------------------------------------------------------------------------------


def _shown(viewer: _Viewer, field: str) -> ColumnElement[bool]:
    """True where `field` of the row's profile is visible to the viewer (the same rule as `present`)."""
    if viewer.facilitates:
        return true()
    level = func.coalesce(Profile.visibility[field].as_string(), Visibility.members.value)
    return or_(level != Visibility.facilitators.value, Profile.account_id == viewer.account_id)


def _contains(text: str) -> str:
    escaped = (
        text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", f"{_LIKE_ESCAPE}%").replace("_", f"{_LIKE_ESCAPE}_")
    )
    return f"%{escaped}%"


def _text_contains(column: Any, term: str) -> ColumnElement[bool]:
    return func.lower(column).like(_contains(term.lower()), escape=_LIKE_ESCAPE)


def _name_contains(term: str) -> ColumnElement[bool]:
    # The name is matched in its folded form, on the membership row itself (and its trigram index).
    return Membership.sort_key.like(_contains(name_sort_key(term)), escape=_LIKE_ESCAPE)


def _words_contain(viewer: _Viewer, term: str) -> ColumnElement[bool]:
    """The headline, or a visible ask or offer, contains `term`: three columns of one table, each
    with a trigram index on PostgreSQL, so that a rare word is a union of index lookups."""
    return or_(
        _text_contains(Profile.headline, term),
        and_(_text_contains(Profile.looking_for, term), _shown(viewer, "looking_for")),
        and_(_text_contains(Profile.can_help_with, term), _shown(viewer, "can_help_with")),
    )


def _tagged_with(viewer: _Viewer, tag_ids: list[int]) -> list[ColumnElement[bool]]:
    """A visible tag of the person is one of `tag_ids`; a visible past employer is. Each is one
    EXISTS, which the planner may answer row by row (a lookup by profile in the primary key) or
    as a join from the tags' rows, whichever is fewer."""
    tagged = (
        select(ProfileTag.profile_id)
        .where(
            ProfileTag.profile_id == Profile.id,
            ProfileTag.tag_id.in_(tag_ids),
            or_(
                *(
                    and_(ProfileTag.relation == relation, _shown(viewer, field))
                    for field, (_, relation) in TAG_FIELD_RELATIONS.items()
                )
            ),
        )
        .exists()
    )
    worked_at = (
        select(PastCompany.profile_id)
        .where(PastCompany.profile_id == Profile.id, PastCompany.tag_id.in_(tag_ids))
        .exists()
    )
    return [tagged, and_(worked_at, _shown(viewer, "past_companies"))]


def _term_arms(viewer: _Viewer, term: str, tag_ids: list[int]) -> list[ColumnElement[bool]]:
    """The ways a person can match `term`, each of which an index can find on its own: the name,
    the words of the profile, a tag. `tag_ids` are the tags whose names contain the term, found
    beforehand in one small query, so that a tag is an index lookup in profile_tags rather than a
    pattern matched against every tag of every member."""
    arms = [_name_contains(term), _words_contain(viewer, term)]
    if tag_ids:
        arms.extend(_tagged_with(viewer, tag_ids))
    return arms


def _searchable(term: str) -> bool:
    """Whether SQLite's full-text table can find `term`: three characters or more (its trigrams)."""
    return _FULL_TEXT and len(term) >= _TRIGRAM


def _words_match(columns: str, term: str) -> ColumnElement[bool]:
    """Rows of the full-text table whose `columns` ("headline", or "{a b}" for several) contain
    `term`: a quoted phrase, so that nothing in it is syntax, matched in any case with Unicode
    folded (as `lower(column) LIKE` matches on SQLite, where the app's lower() is Python's)."""
    phrase = '"' + term.replace('"', '""') + '"'
    return literal_column(_PROFILE_WORDS.name).op("MATCH")(f"{columns} : {phrase}")


async def _is_rare(session: AsyncSession, term: str, tag_ids: list[int]) -> bool:
    """Whether fewer than RARE_MATCHES profiles anywhere have `term` in their words, tags or past
    companies: counted from the full-text table and the tags' indexes, stopping at the limit."""
    uses = [select(_PROFILE_WORDS.c.rowid).where(_words_match("{" + " ".join(_WORDS) + "}", term))]
    if tag_ids:
        uses.append(select(ProfileTag.profile_id).where(ProfileTag.tag_id.in_(tag_ids)))
        uses.append(select(PastCompany.profile_id).where(PastCompany.tag_id.in_(tag_ids)))
    first = select(union_all(*uses).subquery()).limit(RARE_MATCHES).subquery()
    return (await session.execute(select(func.count()).select_from(first))).scalar_one() < RARE_MATCHES


def _found_arms(viewer: _Viewer, group: Group, term: str, tag_ids: list[int]) -> list[ColumnElement[bool]]:
    """`_term_arms` for a rare word on SQLite: the name as there (a range of the directory's index),
    and each other way as the memberships in `group` of the few profiles that match it, looked up
    from the full-text table or the tags' indexes (not the whole group read and each row tried)."""
    profile, membership = aliased(Profile), aliased(Membership)

    def members_of(profile_ids: Select[Any]) -> ColumnElement[bool]:
        # The profiles first (an IN list SQLite reads before anything else), then their memberships.
        return Membership.id.in_(
            select(membership.id)
            .select_from(profile)
            .join(membership, and_(membership.account_id == profile.account_id, membership.group_id == group.id))
            .where(profile.id.in_(profile_ids))
        )

    def words(field: str) -> Select[Any]:
        return select(_PROFILE_WORDS.c.rowid).where(_words_match(field, term))

    arms = [
        _name_contains(term),
        members_of(words("headline")),
        *(and_(members_of(words(field)), _shown(viewer, field)) for field in ("looking_for", "can_help_with")),
    ]
    if tag_ids:
        for field, (_, relation) in TAG_FIELD_RELATIONS.items():
            tagged = select(ProfileTag.profile_id).where(
                ProfileTag.tag_id.in_(tag_ids), ProfileTag.relation == relation
            )
            arms.append(and_(members_of(tagged), _shown(viewer, field)))
        worked = select(PastCompany.profile_id).where(PastCompany.tag_id.in_(tag_ids))
        arms.append(and_(members_of(worked), _shown(viewer, "past_companies")))
    return arms


def _matches_term(viewer: _Viewer, term: str, tag_ids: list[int]) -> ColumnElement[bool]:
    """The person's name, headline, a visible tag, or a visible ask or offer contains `term`."""
    return or_(*_term_arms(viewer, term, tag_ids))


def _search_terms(filters: DirectoryFilters) -> list[str]:
    return filters.q[:MAX_SEARCH_LENGTH].split()[:MAX_SEARCH_TERMS] if filters.q else []


async def _tag_ids_by_term(session: AsyncSession, terms: list[str]) -> dict[str, list[int]]:
    """For each search term, the tags whose names contain it: one statement for all the terms."""
    if not terms:
        return {}
    patterns = {term: canonical(term) for term in terms}  # tag names are stored in canonical (folded) form
    statement = select(Tag.id, Tag.name).where(
        or_(*(Tag.name.like(_contains(pattern), escape=_LIKE_ESCAPE) for pattern in patterns.values()))
    )
    found = (await session.execute(statement)).all()
    return {term: [tag_id for tag_id, name in found if pattern in name] for term, pattern in patterns.items()}


def _has_tag(viewer: _Viewer, field: str, label: str) -> ColumnElement[bool]:
    _, relation = TAG_FIELD_RELATIONS[field]
    tagged = (
        select(ProfileTag.profile_id)
        .join(Tag, Tag.id == ProfileTag.tag_id)
        .where(ProfileTag.profile_id == Profile.id, ProfileTag.relation == relation, Tag.name == canonical(label))
        .exists()
    )
    return and_(tagged, _shown(viewer, field))


def _conditions(
    viewer: _Viewer, filters: DirectoryFilters, tag_ids: dict[str, list[int]], terms: list[str]
) -> list[ColumnElement[bool]]:
    conditions = [_matches_term(viewer, term, tag_ids.get(term, [])) for term in terms]
    if filters.stage is not None:
        conditions.append(and_(Profile.stage == filters.stage, _shown(viewer, "stage")))
    for field, label in (
        ("industries", filters.industry),
        ("skills", filters.skill),
        ("target_companies", filters.company),
    ):
        if label:
            conditions.append(_has_tag(viewer, field, label))
    return conditions


def _statuses(viewer: _Viewer, status: StatusFilter | None) -> list[MembershipStatus]:
    if status is not None:
        if not viewer.facilitates:
            raise Forbidden(STATUS_FOR_FACILITATORS)
        return [MembershipStatus(status.value)]
    if viewer.facilitates:
        return [MembershipStatus.active, MembershipStatus.pending]
    return [MembershipStatus.active]


# --- the directory --------------------------------------------------------------------------------

_ROW_COLUMNS: list[Any] = [
    Account.id.label("account_id"),
    Account.public_id,
    Account.display_name,
    Profile.id.label("profile_id"),
    Profile.headline,
    Profile.stage,
    Profile.visibility,
    Membership.role,
    Membership.status,
    Membership.joined_at,
    Membership.created_at,
    Membership.sort_key,
    Membership.public_id.label("membership_id"),
    Photo.public_id.label("photo_id"),
    Photo.hidden_at.label("photo_hidden_at"),
]


async def list_members(
    session: AsyncSession, viewer: Account, group: Group, filters: DirectoryFilters, page: PageParams
) -> DirectoryPage:
    """A page of the group's members, by name, matching the search and filters as the viewer may
    see them. Two statements whatever the page size: the rows, then their tags; a search
    adds one, for the tags its words name."""
    return await _listing(session, viewer, group, await require_active_member(session, viewer, group), filters, page)


def _listed(columns: list[Any], conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """The group's people with their profiles and photos: what a directory's rows are read from."""
    return (
        select(*columns)
        .select_from(Membership)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .outerjoin(Photo, Photo.account_id == Account.id)
        .where(Account.deleted_at.is_(None), *conditions)
    )


_NAME_ORDER = Keyset(Membership.sort_key, Membership.public_id, descending=False, read_sort=str)
# A page of one status of the group, without search or filters: the first page and those after a
# cursor. Built once (building a statement this size and its cache key cost a sixth of an API request).
_ONE_STATUS = {
    after: _NAME_ORDER.bound(
        _listed(
            _ROW_COLUMNS,
            [
                Membership.group_id == bindparam("group_id", type_=Integer),
                Membership.status == bindparam("status", type_=Membership.status.type),
            ],
        ),
        after=after,
    )
    for after in (False, True)
}


async def directory_page(
    session: AsyncSession, viewer: Account, group: Group, filters: DirectoryFilters, page: PageParams
) -> tuple[DirectoryPage, FilterSuggestions]:
    """The directory's page: list_members, and the filter_suggestions beside it (one check of the
    viewer's membership for both)."""
    membership = await require_active_member(session, viewer, group)
    listing = await _listing(session, viewer, group, membership, filters, page)
    return listing, await _filter_suggestions(session, viewer, group, membership)


async def _listing(
    session: AsyncSession,
    viewer: Account,
    group: Group,
    membership: Membership,
    filters: DirectoryFilters,
    page: PageParams,
) -> DirectoryPage:
    who = _Viewer(account_id=viewer.id, facilitates=membership.role == Role.facilitator)
    terms = _search_terms(filters)
    tag_ids = await _tag_ids_by_term(session, terms)
    statuses = _statuses(who, filters.status)

    def in_group(status: MembershipStatus) -> list[ColumnElement[bool]]:
        return [Membership.group_id == group.id, Membership.status == status]

    leading = max(range(len(terms)), key=lambda index: len(terms[index])) if terms else 0
    parameters: dict[str, Any] = {}
    arms: list[ColumnElement[bool]] = []
    if terms and session.get_bind().dialect.name == "postgresql":
        arms = _term_arms(who, terms[leading], tag_ids.get(terms[leading], []))
    elif (
        terms
        and _searchable(terms[leading])
        and await _is_rare(session, terms[leading], tag_ids.get(terms[leading], []))
    ):
        arms = _found_arms(who, group, terms[leading], tag_ids.get(terms[leading], []))
    if arms:
        # A search is a union of narrow questions, each of which an index answers at any size of
        # group: for one word (the longest), the members whose name contains it, those whose
        # profile's words do, those with a tag that does; each a page in name order, with every
        # other word and filter applied; then the page is cut from the union. A rare word is a few
        # index lookups, a common one the first rows of the name _NAME_ORDER. (On SQLite, a common word,
        # or one of one or two letters, is read in the group's name order, below.)
        others = _conditions(who, filters, tag_ids, terms[:leading] + terms[leading + 1 :])
        candidates = union_all(
            *(
                select(
                    _NAME_ORDER.apply(
                        _listed(
                            [Membership.id, Membership.sort_key, Membership.public_id],
                            [*in_group(status), arm, *others],
                        ),
                        page,
                    )
                    .subquery()
                    .c.id
                )
                for status in statuses
                for arm in arms
            )
        )
        statement = (
            _listed(_ROW_COLUMNS, [Membership.id.in_(candidates)])
            .order_by(Membership.sort_key, Membership.public_id)
            .limit(page.limit + 1)
        )
    else:
        conditions = _conditions(who, filters, tag_ids, terms)

        def one_status(status: MembershipStatus) -> Select[Any]:
            # A range of ix_memberships_directory (group, status, sort_key, public_id), read in _NAME_ORDER.
            return _NAME_ORDER.apply(_listed(_ROW_COLUMNS, [*in_group(status), *conditions]), page)

        if len(statuses) == 1 and not conditions:
            # The directory as it opens, and every page after: one of two statements built once.
            statement = _ONE_STATUS[page.cursor is not None]
            parameters = {"group_id": group.id, "status": statuses[0], **_NAME_ORDER.parameters(page)}
        elif len(statuses) == 1:
            statement = one_status(statuses[0])
        else:
            # Facilitators list two statuses: a page from each range, merged; an index cannot give
            # `status IN (…)` in name order, and sorting the whole group is what this avoids.
            merged = union_all(*(select(one_status(status).subquery()) for status in statuses)).subquery()
            statement = select(merged).order_by(merged.c.sort_key, merged.c.membership_id).limit(page.limit + 1)
    found = list((await session.execute(statement, parameters)).all())
    rows, next_cursor = _NAME_ORDER.cut(found, page, lambda row: (row.sort_key, row.membership_id))
    profile_ids = [row.profile_id for row in rows if row.profile_id is not None]
    tags = await load_tags(session, profile_ids, summary=True)
    items = [_summary(who, row, tags.get(row.profile_id)) for row in rows]
    only_viewer = not filters.active and not page.cursor and all(item.id == viewer.public_id for item in items)
    return DirectoryPage(items, next_cursor, who.facilitates, only_viewer)


def _summary(viewer: _Viewer, row: Any, tags: ProfileTags | None) -> MemberSummary:
    tags = tags or ProfileTags()
    sees_all = viewer.facilitates or row.account_id == viewer.account_id
    hidden = frozenset() if sees_all else facilitator_only_fields(row.visibility)

    def shown(field: str, value: Any) -> Any:
        return None if field in hidden else value

    summary = MemberSummary(
        id=row.public_id,
        name=row.display_name,
        headline=row.headline or "",
        stage=shown("stage", row.stage),
        joined_at=row.joined_at if row.status == MembershipStatus.active else None,
        target_roles=shown("target_roles", tags.target_roles),
        industries=shown("industries", tags.industries),
        skills=shown("skills", tags.skills),
        # A hidden photo is not in the directory, for facilitators either (they see it, marked, on the member's page).
        photo_id=shown("photo", row.photo_id) if row.photo_hidden_at is None else None,
    )
    if viewer.facilitates:
        summary.status, summary.role, summary.requested_at = row.status, row.role, row.created_at
    return summary


# Per group and audience (facilitators, members): every tag shown in those fields, with its uses.
_Counts = dict[str, list[tuple[str, int]]]
TAG_COUNTS: KeptPerGroup[_Counts] = KeptPerGroup(weight=64)  # a few hundred labels each


async def _filter_suggestions(
    session: AsyncSession, viewer: Account, group: Group, membership: Membership
) -> FilterSuggestions:
    """The industries, skills and target companies the group's members share with the viewer, most
    used first: suggestions that find someone, and never a value someone keeps from the viewer.

    Counting them is an aggregate over every tag of the group's members (~18,000 rows for 2,000):
    the counts are kept per group and audience while the group's matching version stays (app/groups/kept.py).
    A member also sees their own values, even those they keep for facilitators: added here."""
    facilitates = membership.role == Role.facilitator
    version = await version_of(session, group, "matching")
    now = utcnow()
    counts = TAG_COUNTS.get((group.public_id, facilitates), version, now)
    if counts is None:
        counts = await _tag_counts(session, group, _Viewer(account_id=0, facilitates=facilitates), _SUGGESTED)
        TAG_COUNTS.keep((group.public_id, facilitates), version, counts, now)
    if not facilitates:
        counts = {field: list(found) for field, found in counts.items()}
        for relation, label in await session.execute(_OWN_HIDDEN_TAGS, {"account_id": viewer.id}):
            counts[_SUGGESTED[relation]].append((label, 1))
    found = {field: _most_used(counts.get(field, [])) for field in _SUGGESTED.values()}
    return FilterSuggestions(
        industries=found["industries"], skills=found["skills"], companies=found["target_companies"]
    )


# The fields whose values the directory suggests as filters, by relation.
_SUGGESTED = {
    relation: field
    for field, (_, relation) in TAG_FIELD_RELATIONS.items()
    if field in ("industries", "skills", "target_companies")
}
# A member's own values in those fields that they keep for facilitators: the group's counts, as
# other members see them, leave them out.
_OWN_HIDDEN_TAGS = (
    select(ProfileTag.relation, Tag.label)
    .join(Profile, Profile.id == ProfileTag.profile_id)
    .join(Tag, Tag.id == ProfileTag.tag_id)
    .where(
        Profile.account_id == bindparam("account_id", type_=Integer),
        or_(
            *(
                and_(ProfileTag.relation == relation, not_(_shown(_Viewer(0, False), field)))
                for relation, field in _SUGGESTED.items()
            )
        ),
    )
)


def _most_used(counted: list[tuple[str, int]]) -> list[str]:
    uses: dict[str, int] = {}
    for label, count in counted:
        uses[label] = uses.get(label, 0) + count
    return sorted(uses, key=lambda label: (-uses[label], label))[:MAX_SUGGESTIONS]


async def _tag_counts(
    session: AsyncSession, group: Group, who: _Viewer, fields: dict[ProfileTagRelation, str]
) -> _Counts:
    """Each tag's uses in the given fields among the group's listed members, as `who` may see them."""
    listed = (Membership.group_id == group.id, Membership.status.in_(_statuses(who, None)))
    if session.get_bind().dialect.name == "postgresql":
        # The group's account ids as one array: its profiles are then found through their index. As
        # a join (or IN), the planner hashes every profile in the database, whatever the group's size.
        ids = select(func.array_agg(Membership.account_id)).where(*listed).scalar_subquery()
        in_group = Profile.account_id == any_(cast(ids, ARRAY(Integer)))  # an expression: one array, not a set
    else:
        in_group = Profile.account_id.in_(select(Membership.account_id).where(*listed))
    # Counted by tag id (integers), then named: sorting thousands of rows by their text was most of it.
    by_tag = (
        select(ProfileTag.relation, ProfileTag.tag_id, func.count().label("uses"))
        .join(Profile, Profile.id == ProfileTag.profile_id)
        .where(
            in_group,
            or_(*(and_(ProfileTag.relation == relation, _shown(who, field)) for relation, field in fields.items())),
        )
        .group_by(ProfileTag.relation, ProfileTag.tag_id)
        .subquery()
    )
    counts: _Counts = {field: [] for field in fields.values()}
    for relation, label, uses in await session.execute(
        select(by_tag.c.relation, Tag.label, by_tag.c.uses).join(Tag, Tag.id == by_tag.c.tag_id)
    ):
        counts[fields[relation]].append((label, uses))
    return counts


# --- one person -----------------------------------------------------------------------------------


async def member_profile(session: AsyncSession, viewer: Account, group: Group, person_id: uuid.UUID) -> MemberPage:
    """A member of `group` as the viewer may see them: an active member, or (for the group's
    facilitators) anyone the directory lists them, pending and declined people included."""
    membership = await require_active_member(session, viewer, group)
    facilitates = membership.role == Role.facilitator
    statuses = _STATUSES_FOR_FACILITATORS if facilitates else (MembershipStatus.active,)
    statement = (
        select(Membership, Account, Profile)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(
            Membership.group_id == group.id,
            Account.public_id == person_id,
            Account.deleted_at.is_(None),
            Membership.status.in_(statuses),
        )
    )
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        raise NotFound(PERSON_NOT_FOUND)
    theirs, person, profile = row
    if person.id == viewer.id:
        audience = Audience.self
    else:
        audience = Audience.facilitator if facilitates else Audience.member
    tags = (await load_tags(session, [profile.id]))[profile.id] if profile else None
    told = audience != Audience.member and profile is not None
    return MemberPage(
        profile=present(person, profile, tags, audience),
        audience=audience,
        facilitator_only=facilitator_only_fields(profile.visibility) if told else frozenset(),
        role=theirs.role,
        status=theirs.status,
        requested_at=theirs.created_at,
        joined_at=theirs.joined_at if theirs.status == MembershipStatus.active else None,
    )


def _shared_group(*, as_facilitator: bool) -> ColumnElement[bool]:
    """Whether the viewer (bound as `viewer`) is active in a group where the person is listed to
    them: active, or, in a group they facilitate (`as_facilitator`), pending or declined too."""
    mine, theirs = aliased(Membership, name="mine"), aliased(Membership, name="theirs")
    conditions = [
        theirs.account_id == Account.id,
        mine.group_id == theirs.group_id,
        mine.account_id == bindparam("viewer"),
        mine.status == MembershipStatus.active,
    ]
    if as_facilitator:
        conditions += [mine.role == Role.facilitator, theirs.status.in_(_STATUSES_FOR_FACILITATORS)]
    else:
        conditions.append(theirs.status == MembershipStatus.active)
    return select(theirs.id).where(*conditions).exists()


# A person, their profile and what the viewer is to them, in one statement built once (a request
# binds the two ids only): building it, and its cache key, cost more than running it.
_PERSON = (
    select(Account, Profile, _shared_group(as_facilitator=False), _shared_group(as_facilitator=True))
    .outerjoin(Profile, Profile.account_id == Account.id)
    .where(Account.public_id == bindparam("person"), Account.deleted_at.is_(None))
)


async def person_profile(session: AsyncSession, viewer: Account, person_id: uuid.UUID) -> ProfileOut:
    """Anyone the viewer shares a group with (both active there; a facilitator also sees the
    pending and declined people of the groups they facilitate), as the viewer may see them.
    The viewer's own id gives their whole profile."""
    row = (await session.execute(_PERSON, {"person": person_id, "viewer": viewer.id})).one_or_none()
    if row is None:
        raise NotFound(PERSON_NOT_FOUND)
    person, profile, shares_a_group, facilitates_theirs = row
    if person.id == viewer.id:
        audience = Audience.self
    elif facilitates_theirs:
        audience = Audience.facilitator
    elif shares_a_group:
        audience = Audience.member
    else:
        raise NotFound(PERSON_NOT_FOUND)
    tags = (await load_tags(session, [profile.id]))[profile.id] if profile else None
    return present(person, profile, tags, audience)
