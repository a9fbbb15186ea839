"""Profiles: what a person looks for and offers, their tags, and who may see which field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, delete, distinct, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Membership, MembershipStatus
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Stage, StageChange, Tag, TagKind
from app.profiles.schemas import TAG_FIELDS, VISIBILITY_FIELDS, PastCompanyOut, ProfileOut, ProfileUpdate, Visibility
from app.profiles.tags import canonical, tags_for

TAG_FIELD_RELATIONS: dict[str, tuple[TagKind, ProfileTagRelation]] = {
    "target_roles": (TagKind.role, ProfileTagRelation.target_role),
    "industries": (TagKind.industry, ProfileTagRelation.industry),
    "skills": (TagKind.skill, ProfileTagRelation.skill),
    "target_companies": (TagKind.company, ProfileTagRelation.target_company),
    "hiring_roles": (TagKind.role, ProfileTagRelation.hiring_role),
}
_FIELD_FOR_RELATION = {relation: name for name, (_, relation) in TAG_FIELD_RELATIONS.items()}
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
    """The person's profile, made empty the first time it is needed (for changes)."""
    profile = await find_profile(session, account)
    if profile is None:
        profile = Profile(account_id=account.id)
        session.add(profile)
        await session.flush()
        session.add(StageChange(profile_id=profile.id, stage=profile.stage))
    return profile


async def load_tags(session: AsyncSession, profile_ids: Iterable[int]) -> dict[int, ProfileTags]:
    """Tags and past companies of many profiles in two statements, whatever their number."""
    ids = list(profile_ids)
    result: dict[int, ProfileTags] = {profile_id: ProfileTags() for profile_id in ids}
    if not ids:
        return result
    tag_rows = await session.execute(
        select(ProfileTag.profile_id, ProfileTag.relation, Tag.label)
        .join(Tag, Tag.id == ProfileTag.tag_id)
        .where(ProfileTag.profile_id.in_(ids))
        .order_by(Tag.label)
    )
    for profile_id, relation, label in tag_rows:
        if relation == ProfileTagRelation.hiring_company:
            result[profile_id].hiring_company = label
        else:
            getattr(result[profile_id], _FIELD_FOR_RELATION[relation]).append(label)
    past_rows = await session.execute(
        select(PastCompany.profile_id, Tag.label, PastCompany.start_year, PastCompany.end_year)
        .join(Tag, Tag.id == PastCompany.tag_id)
        .where(PastCompany.profile_id.in_(ids))
        .order_by(PastCompany.end_year.is_(None).desc(), PastCompany.end_year.desc(), PastCompany.id)
    )
    for profile_id, label, start_year, end_year in past_rows:
        result[profile_id].past_companies.append(PastCompanyOut(name=label, start_year=start_year, end_year=end_year))
    return result


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
    for name in TAG_FIELDS:
        if changes.get(name) is not None:
            await _replace_tags(session, profile, name, changes[name])
    if "hiring_company" in changes:
        await _replace_hiring_company(session, profile, changes["hiring_company"] or "")
    if data.past_companies is not None:
        await _replace_past_companies(session, profile, data)
    profile.updated_at = utcnow()
    await session.flush()
    return profile


async def set_stage(session: AsyncSession, profile: Profile, stage: Stage) -> None:
    profile.stage = stage
    session.add(StageChange(profile_id=profile.id, stage=stage))


async def _replace_tags(session: AsyncSession, profile: Profile, name: str, labels: list[str]) -> None:
    kind, relation = TAG_FIELD_RELATIONS[name]
    await session.execute(
        delete(ProfileTag).where(ProfileTag.profile_id == profile.id, ProfileTag.relation == relation)
    )
    tags = await tags_for(session, kind, labels)
    for tag in {tag.id: tag for tag in tags.values()}.values():
        session.add(ProfileTag(profile_id=profile.id, tag_id=tag.id, relation=relation))


async def _replace_hiring_company(session: AsyncSession, profile: Profile, label: str) -> None:
    await session.execute(
        delete(ProfileTag).where(
            ProfileTag.profile_id == profile.id, ProfileTag.relation == ProfileTagRelation.hiring_company
        )
    )
    if label:
        tag = (await tags_for(session, TagKind.company, [label]))[canonical(label)]
        session.add(ProfileTag(profile_id=profile.id, tag_id=tag.id, relation=ProfileTagRelation.hiring_company))


async def _replace_past_companies(session: AsyncSession, profile: Profile, data: ProfileUpdate) -> None:
    await session.execute(delete(PastCompany).where(PastCompany.profile_id == profile.id))
    entries = data.past_companies or []
    tags = await tags_for(session, TagKind.company, [entry.name for entry in entries])
    for entry in entries:
        session.add(
            PastCompany(
                profile_id=profile.id,
                tag_id=tags[canonical(entry.name)].id,
                start_year=entry.start_year,
                end_year=entry.end_year,
            )
        )


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
        if audience != Audience.member or name not in hidden:
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
