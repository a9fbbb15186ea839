"""Profiles: what a person looks for and offers, their tags, and who may see which field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    delete,
    distinct,
    func,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.db import among_ids, utcnow
from app.groups.models import Membership, MembershipStatus
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Stage, StageChange, Tag, TagKind
from app.profiles.schemas import TAG_FIELDS, VISIBILITY_FIELDS, PastCompanyOut, ProfileOut, ProfileUpdate, Visibility
from app.profiles.tags import canonical, tags_of_kinds, upsert_for

TAG_FIELD_RELATIONS: dict[str, tuple[TagKind, ProfileTagRelation]] = {
    "target_roles": (TagKind.role, ProfileTagRelation.target_role),
    "industries": (TagKind.industry, ProfileTagRelation.industry),
    "skills": (TagKind.skill, ProfileTagRelation.skill),
    "target_companies": (TagKind.company, ProfileTagRelation.target_company),
    "hiring_roles": (TagKind.role, ProfileTagRelation.hiring_role),
}
_FIELD_FOR_RELATION = {relation.value: name for name, (_, relation) in TAG_FIELD_RELATIONS.items()}
MAX_TAG_SUGGESTIONS = 300  # per kind: a datalist longer than this helps nobody


class Audience(StrEnum):
    """Who is looking: the person themself, a facilitator of a group they share, or a fellow member."""

    self = "self"
    facilitator = "facilitator"
    member = "member"


@dataclass
class ProfileTags:
    target_roles: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    target_companies: list[str] = field(default_factory=list)
    hiring_roles: list[str] = field(default_factory=list)
    hiring_company: str = ""
    past_companies: list[PastCompanyOut] = field(default_factory=list)


async def find_profile(session: AsyncSession, account: Account) -> Profile | None:
    return (await session.execute(select(Profile).where(Profile.account_id == account.id))).scalar_one_or_none()


async def has_filled_in_profile(session: AsyncSession, account: Account) -> bool:
    """Whether the person's profile says what they are looking for or how they can help."""
    profile = await find_profile(session, account)
    return profile is not None and bool(profile.looking_for or profile.can_help_with)


def blank_profile(account: Account) -> Profile:
    """What an account without a profile shows, without writing anything (pages that only read)."""
    return Profile(
        account_id=account.id,
        headline="",
        bio="",
        location="",
        linkedin_url=None,
        phone="",
        stage=Stage.searching,
        looking_for="",
        can_help_with="",
        visibility={},
    )


async def readable_profile(session: AsyncSession, account: Account) -> Profile:
    return await find_profile(session, account) or blank_profile(account)


async def profile_for(session: AsyncSession, account: Account) -> Profile:
    """The person's profile, for changes: made empty the first time, and locked until the transaction
    ends, so that saves of one profile from two tabs (or a tab and the API) queue instead of mixing
    their tags or deadlocking. (On SQLite a writing transaction holds the database's one lock already.)"""
    profile = await _locked_profile(session, account)
    if profile is None:
        created = await session.execute(
            upsert_for(session)(Profile)
            .values(account_id=account.id)
            .on_conflict_do_nothing(index_elements=["account_id"])
            .returning(Profile.id)
        )
        made_here = created.scalar_one_or_none() is not None
        profile = await _locked_profile(session, account)
        assert profile is not None, "a profile that was just inserted or found to exist"
        if made_here:
            session.add(StageChange(profile_id=profile.id, stage=profile.stage))
    return profile


async def _locked_profile(session: AsyncSession, account: Account) -> Profile | None:
    await session.flush()  # changes made to the profile so far are kept, not overwritten by the read
    statement = (
        select(Profile)
        .where(Profile.account_id == account.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


# load_tags' two statements, built once (a request binds the ids only), on the tables' columns: rows,
# not entities. The relation as plain text: turning each of a large roster's 300,000 rows into an
# enum costs more than the query.
_PROFILE_TAGS, _TAGS, _PAST_COMPANIES = ProfileTag.__table__.c, Tag.__table__.c, PastCompany.__table__.c
_TAGS_OF = (
    select(_PROFILE_TAGS.profile_id, type_coerce(_PROFILE_TAGS.relation, String), _TAGS.label)
    .join_from(ProfileTag.__table__, Tag.__table__, _TAGS.id == _PROFILE_TAGS.tag_id)
    .where(among_ids(_PROFILE_TAGS.profile_id, "ids"))
    .order_by(_TAGS.label)
)
# The fields a summary in a list shows (app/directory): a quarter of the rows are target companies.
SUMMARY_FIELDS = ("target_roles", "industries", "skills")
_SUMMARY_TAGS_OF = _TAGS_OF.where(
    _PROFILE_TAGS.relation.in_([TAG_FIELD_RELATIONS[name][1].value for name in SUMMARY_FIELDS])
)
_PAST_COMPANIES_OF = (
    select(_PAST_COMPANIES.profile_id, _TAGS.label, _PAST_COMPANIES.start_year, _PAST_COMPANIES.end_year)
    .join_from(PastCompany.__table__, Tag.__table__, _TAGS.id == _PAST_COMPANIES.tag_id)
    .where(among_ids(_PAST_COMPANIES.profile_id, "ids"))
    .order_by(_PAST_COMPANIES.end_year.is_(None).desc(), _PAST_COMPANIES.end_year.desc(), _PAST_COMPANIES.id)
)


async def load_tags(
    session: AsyncSession, profile_ids: Iterable[int], *, summary: bool = False
) -> dict[int, ProfileTags]:
    """Tags and past companies of many profiles in two statements, whatever their number; for a
    `summary`, the SUMMARY_FIELDS alone, in one."""
    ids = list(profile_ids)
    result: dict[int, ProfileTags] = {profile_id: ProfileTags() for profile_id in ids}
    if not ids:
        return result
    rows = (await session.execute(_SUMMARY_TAGS_OF if summary else _TAGS_OF, {"ids": ids})).all()
    for profile_id, relation, label in rows:
        if relation == ProfileTagRelation.hiring_company:
            result[profile_id].hiring_company = label
        else:
            getattr(result[profile_id], _FIELD_FOR_RELATION[relation]).append(label)
    if summary:
        return result
    for profile_id, label, start_year, end_year in (await session.execute(_PAST_COMPANIES_OF, {"ids": ids})).all():
        result[profile_id].past_companies.append(PastCompanyOut(name=label, start_year=start_year, end_year=end_year))
    return result


# Joins the labels of one field in one string: a character no label can hold (clean_label turns
# it into a space, as it does all whitespace).
_LABEL_SEPARATOR = "\x1f"


async def tag_labels(
    session: AsyncSession, profile_ids: Iterable[int], fields: Iterable[str]
) -> dict[int, dict[str, list[str]]]:
    """The labels of these tag fields (TAG_FIELD_RELATIONS) of many profiles, by profile and field,
    sorted: one statement, and one row per profile and field rather than per tag (for rosters of
    thousands, where turning 300,000 rows into Python costs more than the query)."""
    ids = list(profile_ids)
    relations = {TAG_FIELD_RELATIONS[name][1].value: name for name in fields}
    result: dict[int, dict[str, list[str]]] = {profile_id: {} for profile_id in ids}
    if not ids or not relations:
        return result
    relation = type_coerce(ProfileTag.relation, String)
    statement = (
        select(ProfileTag.profile_id, relation, func.aggregate_strings(Tag.label, _LABEL_SEPARATOR))
        .join(Tag, Tag.id == ProfileTag.tag_id)
        .where(ProfileTag.profile_id.in_(ids), relation.in_(list(relations)))
        .group_by(ProfileTag.profile_id, ProfileTag.relation)
    )
    for profile_id, relation_name, labels in await session.execute(statement):
        result[profile_id][relations[relation_name]] = sorted(labels.split(_LABEL_SEPARATOR), key=_label_order)
    return result


def _label_order(label: str) -> tuple[str, str]:
    return label.casefold(), label


async def update_profile(session: AsyncSession, account: Account, data: ProfileUpdate) -> Profile:
    profile = await profile_for(session, account)
    changes = data.model_dump(exclude_unset=True)
    for name in ("headline", "bio", "location", "phone", "looking_for", "can_help_with"):
        if name in changes:
            setattr(profile, name, changes[name] or "")
    if "linkedin_url" in changes:
        profile.linkedin_url = changes["linkedin_url"]
    if changes.get("stage") is not None and changes["stage"] != profile.stage:
        await set_stage(session, profile, changes["stage"])
    if data.visibility is not None:
        profile.visibility = {
            name: level.value for name, level in data.visibility.items() if level == Visibility.facilitators
        }
    await _replace_tags(session, profile, data, changes)
    profile.updated_at = utcnow()
    await session.flush()
    return profile


async def set_stage(session: AsyncSession, profile: Profile, stage: Stage) -> None:
    profile.stage = stage
    session.add(StageChange(profile_id=profile.id, stage=stage))


async def _replace_tags(session: AsyncSession, profile: Profile, data: ProfileUpdate, changes: dict[str, Any]) -> None:
    """The tag fields that were sent, as a diff of the profile's links: the missing tags of every
    field created in one statement, then each field's links removed and added in a fixed order (by
    field, then tag id). Untouched fields and unchanged links are not written at all."""
    fields = {name: list(changes[name]) for name in TAG_FIELDS if changes.get(name) is not None}
    hiring_company = (changes["hiring_company"] or "") if "hiring_company" in changes else None
    past = data.past_companies
    labels: dict[TagKind, list[str]] = {}
    for name, values in fields.items():
        labels.setdefault(TAG_FIELD_RELATIONS[name][0], []).extend(values)
    if hiring_company:
        labels.setdefault(TagKind.company, []).append(hiring_company)
    if past:
        labels.setdefault(TagKind.company, []).extend(entry.name for entry in past)
    tags = await tags_of_kinds(session, labels)

    def tag_ids(kind: TagKind, values: Iterable[str]) -> set[int]:
        return {tags[kind][canonical(value)].id for value in values if canonical(value)}

    for name, values in fields.items():
        kind, relation = TAG_FIELD_RELATIONS[name]
        await _set_links(session, profile, relation, tag_ids(kind, values))
    if hiring_company is not None:
        await _set_links(
            session, profile, ProfileTagRelation.hiring_company, tag_ids(TagKind.company, [hiring_company])
        )
    if past is not None:
        wanted = [(tags[TagKind.company][canonical(entry.name)].id, entry.start_year, entry.end_year) for entry in past]
        await _replace_past_companies(session, profile, wanted)


async def _set_links(session: AsyncSession, profile: Profile, relation: ProfileTagRelation, tag_ids: set[int]) -> None:
    linked = set(
        (
            await session.execute(
                select(ProfileTag.tag_id).where(ProfileTag.profile_id == profile.id, ProfileTag.relation == relation)
            )
        ).scalars()
    )
    unlinked, added = sorted(linked - tag_ids), sorted(tag_ids - linked)
    if unlinked:
        await session.execute(
            delete(ProfileTag).where(
                ProfileTag.profile_id == profile.id, ProfileTag.relation == relation, ProfileTag.tag_id.in_(unlinked)
            )
        )
    if added:
        await session.execute(
            upsert_for(session)(ProfileTag)
            .values([{"profile_id": profile.id, "tag_id": tag_id, "relation": relation} for tag_id in added])
            .on_conflict_do_nothing()
        )


async def _replace_past_companies(
    session: AsyncSession, profile: Profile, wanted: list[tuple[int, int | None, int | None]]
) -> None:
    current = (
        await session.execute(
            select(PastCompany.tag_id, PastCompany.start_year, PastCompany.end_year)
            .where(PastCompany.profile_id == profile.id)
            .order_by(PastCompany.id)
        )
    ).all()
    if [tuple(row) for row in current] == wanted:
        return
    await session.execute(delete(PastCompany).where(PastCompany.profile_id == profile.id))
    for tag_id, start_year, end_year in wanted:
        session.add(PastCompany(profile_id=profile.id, tag_id=tag_id, start_year=start_year, end_year=end_year))


def present(account: Account, profile: Profile | None, tags: ProfileTags | None, audience: Audience) -> ProfileOut:
    """The profile as `audience` may see it. Contact details are only ever shown to the person
    themself here; introductions share them (later). Hidden fields are left out entirely."""
    tags = tags or ProfileTags()
    out = ProfileOut(id=account.public_id, name=account.display_name, headline=profile.headline if profile else "")
    if profile is None:
        return out
    values = {
        "bio": profile.bio,
        "location": profile.location,
        "linkedin_url": profile.linkedin_url,
        "stage": profile.stage,
        "looking_for": profile.looking_for,
        "can_help_with": profile.can_help_with,
        "target_roles": tags.target_roles,
        "industries": tags.industries,
        "skills": tags.skills,
        "target_companies": tags.target_companies,
        "past_companies": tags.past_companies,
        "hiring_roles": tags.hiring_roles,
        "hiring_company": tags.hiring_company or None,
    }
    hidden = {name for name, level in (profile.visibility or {}).items() if level == Visibility.facilitators}
    for name in VISIBILITY_FIELDS:
        # The photo is the photos feature's to show (app/photos); its visibility is kept here.
        if name in values and (audience != Audience.member or name not in hidden):
            setattr(out, name, values[name])
    if audience == Audience.self:
        out.phone = profile.phone
        out.email = account.email
        out.visibility = {
            name: Visibility(profile.visibility.get(name, Visibility.members.value)) for name in VISIBILITY_FIELDS
        }
    out.updated_at = profile.updated_at
    return out


async def tag_suggestions(
    session: AsyncSession, viewer: Account, limit: int = MAX_TAG_SUGGESTIONS
) -> dict[TagKind, list[str]]:
    """The labels to suggest as the viewer types, per kind, the most used first: their own, and
    those on the profiles of people active in a group where the viewer is active too, in fields
    those people do not keep for facilitators. A rare tag points at one person, so nothing else is
    offered. One statement, whatever the number of people."""
    mine, theirs = aliased(Membership), aliased(Membership)
    fellows = (
        select(theirs.account_id)
        .join(mine, mine.group_id == theirs.group_id)
        .where(
            mine.account_id == viewer.id,
            mine.status == MembershipStatus.active,
            theirs.status == MembershipStatus.active,
        )
    )

    def open_to_viewer(field: str) -> ColumnElement[bool]:
        level = func.coalesce(Profile.visibility[field].as_string(), Visibility.members.value)
        return or_(
            Profile.account_id == viewer.id,
            and_(Profile.account_id.in_(fellows), level != Visibility.facilitators.value),
        )

    tagged = (
        select(ProfileTag.profile_id, ProfileTag.tag_id)
        .join(Profile, Profile.id == ProfileTag.profile_id)
        .where(
            or_(
                *(
                    and_(ProfileTag.relation == relation, open_to_viewer(field))
                    for field, (_, relation) in TAG_FIELD_RELATIONS.items()
                )
            )
        )
    )
    worked_at = (
        select(PastCompany.profile_id, PastCompany.tag_id)
        .join(Profile, Profile.id == PastCompany.profile_id)
        .where(open_to_viewer("past_companies"))
    )
    used = union_all(tagged, worked_at).subquery()
    # A company someone targets and once worked at (or worked at twice) counts that person once.
    uses = func.count(distinct(used.c.profile_id))
    rank = func.row_number().over(partition_by=Tag.kind, order_by=(uses.desc(), Tag.label))
    ranked = (
        select(Tag.kind, Tag.label, rank.label("rank"))
        .join(used, used.c.tag_id == Tag.id)
        .group_by(Tag.id, Tag.kind, Tag.label)
        .subquery()
    )
    statement = (
        select(ranked.c.kind, ranked.c.label).where(ranked.c.rank <= limit).order_by(ranked.c.kind, ranked.c.rank)
    )
    suggestions: dict[TagKind, list[str]] = {kind: [] for kind in TagKind}
    for kind, label in await session.execute(statement):
        suggestions[kind].append(label)
    return suggestions
