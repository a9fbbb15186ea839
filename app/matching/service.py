"""The matching engine's view of the database: profile snapshots, the rules, candidates by tag."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.errors import NotFound
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import require_facilitator
from app.introductions.models import DoNotPair, Introduction, IntroductionStatus, OPEN_STATUSES
from app.matching.engine import HELPER_STAGES, SEEKER_STAGES, CandidateIndex, PastJob, Snapshot, Suggestion
from app.matching.planner import Rules, suggestions_for
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Stage, Tag, TagKind

_TAG_FIELDS = {ProfileTagRelation.target_role: "target_roles", ProfileTagRelation.industry: "industries",
               ProfileTagRelation.skill: "skills", ProfileTagRelation.target_company: "target_companies"}
# Candidates for one member come from a few indexed lookups, each capped: never all pairs.
PER_LOOKUP = 60


async def snapshots(session: AsyncSession, group: Group, account_ids: Iterable[int] | None = None) -> dict[int, Snapshot]:
    """Snapshots of the group's active members (or of some of them) in five statements."""
    statement = (select(Account.id, Account.display_name, Membership.joined_at, Profile.id, Profile.stage,
                        Profile.looking_for, Profile.can_help_with, Profile.visibility)
                 .join(Membership, Membership.account_id == Account.id)
                 .outerjoin(Profile, Profile.account_id == Account.id)
                 .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active))
    ids = None if account_ids is None else sorted(set(account_ids))
    if ids is not None:
        statement = statement.where(Account.id.in_(ids))
    rows = (await session.execute(statement)).all()
    # Fields a person keeps for facilitators stay out of the engine: its reasons go to members.
    hidden = {row[0]: {name for name, level in (row[7] or {}).items() if level == "facilitators"} for row in rows}
    profile_of = {profile_id: account_id for account_id, _, _, profile_id, *_ in rows if profile_id is not None}
    tags: dict[int, dict[str, set[str]]] = {account_id: {} for account_id, *_ in rows}
    labels: dict[int, dict[str, str]] = {account_id: {} for account_id, *_ in rows}
    jobs: dict[int, list[PastJob]] = {account_id: [] for account_id, *_ in rows}
    if profile_of:
        for profile_id, relation, name, label in await session.execute(
                select(ProfileTag.profile_id, ProfileTag.relation, Tag.name, Tag.label).join(Tag, Tag.id == ProfileTag.tag_id)
                .where(ProfileTag.profile_id.in_(list(profile_of)))):
            owner = profile_of[profile_id]
            if _TAG_FIELDS[relation] in hidden[owner]:
                continue
            tags[owner].setdefault(_TAG_FIELDS[relation], set()).add(name)
            labels[owner][name] = label
        for profile_id, name, label, start, end in await session.execute(
                select(PastCompany.profile_id, Tag.name, Tag.label, PastCompany.start_year, PastCompany.end_year)
                .join(Tag, Tag.id == PastCompany.tag_id).where(PastCompany.profile_id.in_(list(profile_of)))
                .order_by(PastCompany.id)):
            owner = profile_of[profile_id]
            if "past_companies" in hidden[owner]:
                continue
            jobs[owner].append(PastJob(name, label, start, end))
            labels[owner][name] = label
    stats = await _introduction_stats(session, group, [account_id for account_id, *_ in rows])
    result = {}
    for account_id, name, joined_at, _, stage, asks, offers, _ in rows:
        person_tags = tags[account_id]
        secret = hidden[account_id]
        count, connected, last, open_ = stats.get(account_id, (0, 0, None, 0))
        result[account_id] = Snapshot(
            person_id=account_id, name=name, joined_at=joined_at,
            stage="" if "stage" in secret else (stage or Stage.searching).value,
            target_roles=frozenset(person_tags.get("target_roles", ())), industries=frozenset(person_tags.get("industries", ())),
            skills=frozenset(person_tags.get("skills", ())), target_companies=frozenset(person_tags.get("target_companies", ())),
            past_jobs=tuple(jobs[account_id]), labels=labels[account_id],
            asks="" if "looking_for" in secret else asks or "", offers="" if "can_help_with" in secret else offers or "",
            introductions=count, connections=connected, last_introduced_at=last, open_proposals=open_)
    return result


async def _introduction_stats(session: AsyncSession, group: Group,
                              account_ids: list[int]) -> dict[int, tuple[int, int, datetime | None, int]]:
    """Per person: introductions ever proposed, connected ones, the latest, and open proposals."""
    stats: dict[int, list] = {}
    if not account_ids:
        return {}
    for side in (Introduction.person_a_id, Introduction.person_b_id):
        statement = (select(side, func.count(), func.sum(_case(Introduction.status == IntroductionStatus.connected)),
                            func.max(Introduction.created_at),
                            func.sum(_case(Introduction.status == IntroductionStatus.proposed)))
                     .where(Introduction.group_id == group.id, side.in_(account_ids)).group_by(side))
        for person, count, connected, last, open_ in await session.execute(statement):
            current = stats.setdefault(person, [0, 0, None, 0])
            current[0] += count
            current[1] += connected or 0
            current[2] = max(filter(None, (current[2], last)), default=None)
            current[3] += open_ or 0
    return {person: (a, b, c, d) for person, (a, b, c, d) in stats.items()}


def _case(condition):  # type: ignore[no-untyped-def]
    from sqlalchemy import case

    return case((condition, 1), else_=0)


async def rules(session: AsyncSession, group: Group, account_ids: Iterable[int] | None = None) -> Rules:
    """Who must not be paired: open pairs, pairs that declined before, the do-not-pair list, and
    members who paused introductions; plus everyone's open proposals against the group's cap."""
    blocked: set[frozenset[int]] = set()
    # Like propose(): an open or declined introduction of the two in any group blocks the pair,
    # and the cap counts a person's open proposals in all their groups.
    statement = select(Introduction.person_a_id, Introduction.person_b_id).where(
        Introduction.status.in_([*OPEN_STATUSES, IntroductionStatus.declined]))
    ids = None if account_ids is None else list(set(account_ids))
    if ids is not None:
        statement = statement.where(or_(Introduction.person_a_id.in_(ids), Introduction.person_b_id.in_(ids)))
    blocked |= {frozenset(pair) for pair in (await session.execute(statement)).all()}
    dnp = select(DoNotPair.person_a_id, DoNotPair.person_b_id).where(DoNotPair.group_id == group.id)
    blocked |= {frozenset(pair) for pair in (await session.execute(dnp)).all()}
    paused = select(Membership.account_id).where(Membership.group_id == group.id,
                                                 Membership.introductions_paused_at.is_not(None))
    if ids is not None:
        paused = paused.where(Membership.account_id.in_(ids))
    open_counts: dict[int, int] = {}
    for side in (Introduction.person_a_id, Introduction.person_b_id):
        for person, count in await session.execute(
                select(side, func.count()).where(Introduction.status == IntroductionStatus.proposed).group_by(side)):
            open_counts[person] = open_counts.get(person, 0) + count
    return Rules(blocked_pairs=frozenset(blocked), paused=frozenset((await session.execute(paused)).scalars()),
                 open_proposals=open_counts, max_open=group.max_open_proposals)


async def _candidate_ids(session: AsyncSession, group: Group, person: Snapshot) -> set[int]:
    """People worth scoring with `person`, found through the tag index tables (each lookup capped)."""
    found: set[int] = set()

    async def lookup(statement) -> None:  # type: ignore[no-untyped-def]
        # No ORDER BY: the database stops at the limit instead of sorting every match.
        rows = await session.execute(
            statement.join(Membership, Membership.account_id == Profile.account_id)
            .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active).limit(PER_LOOKUP))
        found.update(rows.scalars())

    async def tag_ids(kind: TagKind, names: Iterable[str]) -> list[int]:
        names = list(names)
        if not names:
            return []
        return list((await session.execute(select(Tag.id).where(Tag.kind == kind, Tag.name.in_(names)))).scalars())

    target_companies = await tag_ids(TagKind.company, person.target_companies)
    own_companies = await tag_ids(TagKind.company, {job.company for job in person.past_jobs})
    asked_phrases = list(person.asked)[:500]
    asked_skills = await tag_ids(TagKind.skill, asked_phrases)
    asked_companies = await tag_ids(TagKind.company, asked_phrases)
    roles = await tag_ids(TagKind.role, person.target_roles)
    profile_by_tag = select(Profile.account_id).join(ProfileTag, ProfileTag.profile_id == Profile.id)
    profile_by_job = select(Profile.account_id).join(PastCompany, PastCompany.profile_id == Profile.id)
    if target_companies:
        await lookup(profile_by_job.where(PastCompany.tag_id.in_(target_companies)))
    if own_companies:
        await lookup(profile_by_tag.where(ProfileTag.relation == ProfileTagRelation.target_company,
                                          ProfileTag.tag_id.in_(own_companies)))
    if asked_skills:
        await lookup(profile_by_tag.where(ProfileTag.relation == ProfileTagRelation.skill,
                                          ProfileTag.tag_id.in_(asked_skills)))
    if asked_companies:
        await lookup(profile_by_job.where(PastCompany.tag_id.in_(asked_companies)))
    # (People whose asks name this person's skills are not looked up here: that would read every
    # profile's text. They find this person when their own suggestions are computed.)
    if roles:
        await lookup(profile_by_tag.where(ProfileTag.relation == ProfileTagRelation.target_role,
                                          ProfileTag.tag_id.in_(roles)))
    if person.stage in SEEKER_STAGES:
        await lookup(select(Profile.account_id).where(Profile.stage.in_([Stage(s) for s in HELPER_STAGES])))
    found.discard(person.person_id)
    return found


@dataclass
class PersonSuggestion:
    person: Account
    suggestion: Suggestion


async def suggestions_for_member(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID,
                                 limit: int = 10) -> tuple[Account, list[PersonSuggestion]]:
    """The best people for one member to meet, with scores and reasons (facilitators)."""
    await require_facilitator(session, actor, group)
    person = (await session.execute(
        select(Account).join(Membership, Membership.account_id == Account.id)
        .where(Account.public_id == person_id, Membership.group_id == group.id,
               Membership.status == MembershipStatus.active))).scalar_one_or_none()
    if person is None:
        raise NotFound("This person is not an active member of the group.")
    own = (await snapshots(session, group, [person.id])).get(person.id)
    if own is None:
        return person, []
    candidate_ids = await _candidate_ids(session, group, own)
    people = await snapshots(session, group, candidate_ids | {person.id})
    found = suggestions_for(own, CandidateIndex(people.values()), await rules(session, group, people), utcnow(),
                            limit=limit, candidates=len(people))
    others = {s.person_a_id if s.person_b_id == person.id else s.person_b_id for s in found}
    accounts = {account.id: account for account in (await session.execute(
        select(Account).where(Account.id.in_(others)))).scalars()} if others else {}
    return person, [PersonSuggestion(accounts[s.person_a_id if s.person_b_id == person.id else s.person_b_id], s)
                    for s in found]
