"""The matching engine's view of the database: profile snapshots, the rules, candidates by tag."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select, type_coerce, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.contacts.models import Contact
from app.db import among, utcnow
from app.errors import NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.introductions.models import (
    OPEN_STATUSES,
    Answer,
    DoNotPair,
    Introduction,
    IntroductionRound,
    IntroductionStatus,
)
from app.matching.engine import HELPER_STAGES, SEEKER_STAGES, CandidateIndex, PastJob, Snapshot, Suggestion, interests
from app.matching.models import GroupTopic
from app.matching.planner import Rules, suggestions_for
from app.matching.topics import WEAK, Side, Vocabulary
from app.profiles.models import PastCompany, Profile, ProfileTag, ProfileTagRelation, Stage, Tag, TagKind
from app.reach.models import ReachShare
from app.reach.service import share_is_current

_TAG_FIELDS: dict[str, str] = {
    ProfileTagRelation.target_role: "target_roles",
    ProfileTagRelation.industry: "industries",
    ProfileTagRelation.skill: "skills",
    ProfileTagRelation.target_company: "target_companies",
    ProfileTagRelation.hiring_role: "hiring_roles",
    ProfileTagRelation.hiring_company: "hiring_company",
}
_NOTHING_HIDDEN: frozenset[str] = frozenset()
# Candidates for one member come from a few indexed lookups, each capped: never all pairs.
PER_LOOKUP = 60
# Phrases of a person's topics searched for in others' words at once.
MAX_PHRASES_LOOKED_UP = 80


async def snapshots(
    session: AsyncSession, group: Group, account_ids: Iterable[int] | None = None
) -> dict[int, Snapshot]:
    """Snapshots of the group's active members (or of some of them) in six statements: Core rows
    of the columns the engine reads (no entities, enums read as their strings), the group's tags
    found through its memberships rather than a list of thousands of ids."""
    statement = (
        select(
            Account.id,
            Account.display_name,
            Membership.joined_at,
            Profile.id,
            type_coerce(Profile.stage, String),
            Profile.looking_for,
            Profile.can_help_with,
            Profile.visibility,
        )
        .join(Membership, Membership.account_id == Account.id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active)
    )
    ids = None if account_ids is None else sorted(set(account_ids))
    connection = await session.connection()
    dialect = connection.dialect.name
    if ids is not None:
        statement = statement.where(among(Account.id, ids, dialect))
    rows = (await connection.execute(statement)).all()
    profiles_wanted = (
        select(Profile.id)
        .join(Membership, Membership.account_id == Profile.account_id)
        .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active)
    )
    if ids is not None:
        profiles_wanted = profiles_wanted.where(among(Profile.account_id, ids, dialect))
    # Fields a person keeps for facilitators stay out of the engine: its reasons go to members.
    hidden = {
        row[0]: {name for name, level in row[7].items() if level == "facilitators"} if row[7] else _NOTHING_HIDDEN
        for row in rows
    }
    profile_of = {profile_id: account_id for account_id, _, _, profile_id, *_ in rows if profile_id is not None}
    tags: dict[int, dict[str, set[str]]] = {account_id: {} for account_id, *_ in rows}
    labels: dict[int, dict[str, str]] = {account_id: {} for account_id, *_ in rows}
    jobs: dict[int, list[PastJob]] = {account_id: [] for account_id, *_ in rows}
    # Target companies someone here shows: where shared reach could be a reason.
    aimed: set[int] = set()
    named: dict[int, tuple[str, str]] = {}
    if profile_of:
        # One row per profile ("relation:tag id" pairs joined by the database), and the tags they
        # name once each: a tenth of the rows of one per tag, which were most of the time.
        tagged = ProfileTag.profile_id.in_(profiles_wanted)
        pairs = func.aggregate_strings(
            type_coerce(ProfileTag.relation, String) + ":" + cast(ProfileTag.tag_id, String), ","
        )
        named = {
            tag_id: (name, label)
            for tag_id, name, label in (
                await connection.execute(
                    select(Tag.id, Tag.name, Tag.label).where(Tag.id.in_(select(ProfileTag.tag_id).where(tagged)))
                )
            ).all()
        }
        for profile_id, listed in (
            await connection.execute(select(ProfileTag.profile_id, pairs).where(tagged).group_by(ProfileTag.profile_id))
        ).all():
            owner = profile_of[profile_id]
            secret, person_tags, person_labels = hidden[owner], tags[owner], labels[owner]
            for pair in listed.split(","):
                relation, _, tag_id = pair.partition(":")
                field_name = _TAG_FIELDS[relation]  # StrEnum keys: their strings find them
                if field_name in secret:
                    continue
                name, label = named[int(tag_id)]
                if relation == ProfileTagRelation.target_company:
                    aimed.add(int(tag_id))
                if field_name in person_tags:
                    person_tags[field_name].add(name)
                else:
                    person_tags[field_name] = {name}
                person_labels[name] = label
        for profile_id, name, label, start, end in (
            await connection.execute(
                select(PastCompany.profile_id, Tag.name, Tag.label, PastCompany.start_year, PastCompany.end_year)
                .join(Tag, Tag.id == PastCompany.tag_id)
                .where(PastCompany.profile_id.in_(profiles_wanted))
                .order_by(PastCompany.id)
            )
        ).all():
            owner = profile_of[profile_id]
            if "past_companies" in hidden[owner]:
                continue
            jobs[owner].append(PastJob(name, label, start, end))
            labels[owner][name] = label
    known = await _known_companies(connection, group, ids, aimed, named, labels) if aimed else {}
    stats = await _introduction_stats(session, group, ids) if rows else {}
    result = {}
    for account_id, name, joined_at, _, stage, asks, offers, _ in rows:
        person_tags = tags[account_id]
        secret = hidden[account_id]
        count, connected, last, open_ = stats.get(account_id, (0, 0, None, 0))
        result[account_id] = Snapshot(
            person_id=account_id,
            name=name,
            joined_at=joined_at,
            stage="" if "stage" in secret else stage or Stage.searching.value,
            target_roles=frozenset(person_tags.get("target_roles", ())),
            industries=frozenset(person_tags.get("industries", ())),
            skills=frozenset(person_tags.get("skills", ())),
            target_companies=frozenset(person_tags.get("target_companies", ())),
            hiring_roles=frozenset(person_tags.get("hiring_roles", ())),
            hiring_company=min(person_tags.get("hiring_company", ()), default=""),
            past_jobs=tuple(jobs[account_id]),
            labels=labels[account_id],
            asks="" if "looking_for" in secret else asks or "",
            offers="" if "can_help_with" in secret else offers or "",
            introductions=count,
            connections=connected,
            last_introduced_at=last,
            open_proposals=open_,
            known_companies=frozenset(known.get(account_id, ())),
        )
    return result


async def _known_companies(
    connection: Any,
    group: Group,
    ids: list[int] | None,
    aimed: set[int],
    named: dict[int, tuple[str, str]],
    labels: dict[int, dict[str, str]],
) -> dict[int, set[str]]:
    """Per member who shared their reach with this group, the companies someone here aims for where
    they know people: one statement, the contacts' (company, owner) pairs read in the order of
    their index and kept to the sharers (never a contact's name, never a company nobody aims for)."""
    pairs = select(Contact.company_tag_id, Contact.account_id).where(Contact.company_tag_id.in_(sorted(aimed)))
    if ids is not None:
        pairs = pairs.where(among(Contact.account_id, ids, connection.dialect.name))
    found = pairs.group_by(Contact.company_tag_id, Contact.account_id).subquery()
    sharers = (
        select(ReachShare.account_id)
        .join(
            Membership,
            and_(Membership.account_id == ReachShare.account_id, Membership.group_id == ReachShare.group_id),
        )
        .where(
            ReachShare.group_id == group.id,
            Membership.status == MembershipStatus.active,
            share_is_current(Membership),
        )
    )
    known: dict[int, set[str]] = {}
    for tag_id, account_id in (
        await connection.execute(
            select(found.c.company_tag_id, found.c.account_id).where(found.c.account_id.in_(sharers))
        )
    ).all():
        name, label = named[tag_id]
        known.setdefault(account_id, set()).add(name)
        labels.setdefault(account_id, {}).setdefault(name, label)
    return known


async def _introduction_stats(
    session: AsyncSession, group: Group, account_ids: list[int] | None
) -> dict[int, tuple[int, int, datetime | None, int]]:
    """Per person (everyone in the group's introductions, or `account_ids`): introductions ever
    proposed, connected ones, the latest, and open proposals. One statement: both sides at once."""
    connection = await session.connection()
    sides = []
    for side in (Introduction.person_a_id, Introduction.person_b_id):
        statement = select(side.label("person"), Introduction.status, Introduction.created_at).where(
            Introduction.group_id == group.id
        )
        if account_ids is not None:
            statement = statement.where(among(side, account_ids, connection.dialect.name))
        sides.append(statement)
    both = union_all(*sides).subquery()
    statement = select(
        both.c.person,
        func.count(),
        func.sum(_case(both.c.status == IntroductionStatus.connected)),
        func.max(both.c.created_at),
        func.sum(_case(both.c.status == IntroductionStatus.proposed)),
    ).group_by(both.c.person)
    rows: list[Any] = list((await connection.execute(statement)).all())
    return {row[0]: (row[1], row[2] or 0, row[3], row[4] or 0) for row in rows}


def _case(condition):
    from sqlalchemy import case

    return case((condition, 1), else_=0)


# The engine never proposes a pair again once a proposal of it ended without both saying yes.
NEVER_AGAIN = (IntroductionStatus.declined, IntroductionStatus.expired, IntroductionStatus.withdrawn)


async def rules(
    session: AsyncSession, group: Group, account_ids: Iterable[int] | None = None, *, for_round: bool = False
) -> Rules:
    """Who must not be paired: open pairs, pairs whose proposal ended without a yes, the
    do-not-pair list, and members who paused introductions; plus everyone's open proposals against
    the group's cap. For a round also who sits it out: the facilitators (unless the group includes
    them), members owing an answer for longer than the group allows, and last round's odd one out."""
    blocked: set[frozenset[int]] = set()
    # Like propose(): a pair's history in any group counts, and so does the cap.
    statement = select(Introduction.person_a_id, Introduction.person_b_id).where(
        Introduction.status.in_([*OPEN_STATUSES, *NEVER_AGAIN])
    )
    ids = None if account_ids is None else list(set(account_ids))
    dialect = session.get_bind().dialect.name
    # Only the group's people are ever paired here: their pairs and their open proposals (in any group).
    members = select(Membership.account_id).where(Membership.group_id == group.id)
    if ids is not None:
        statement = statement.where(
            or_(among(Introduction.person_a_id, ids, dialect), among(Introduction.person_b_id, ids, dialect))
        )
    else:
        statement = statement.where(Introduction.person_a_id.in_(members), Introduction.person_b_id.in_(members))
    blocked |= {frozenset(pair) for pair in (await session.execute(statement)).all()}
    dnp = select(DoNotPair.person_a_id, DoNotPair.person_b_id).where(DoNotPair.group_id == group.id)
    blocked |= {frozenset(pair) for pair in (await session.execute(dnp)).all()}
    paused = select(Membership.account_id).where(
        Membership.group_id == group.id, Membership.introductions_paused_at.is_not(None)
    )
    if ids is not None:
        paused = paused.where(among(Membership.account_id, ids, dialect))
    sides = union_all(
        *(
            select(side.label("person")).where(
                Introduction.status == IntroductionStatus.proposed,
                side.in_(members) if ids is None else among(side, ids, dialect),
            )
            for side in (Introduction.person_a_id, Introduction.person_b_id)
        )
    ).subquery()
    open_counts: dict[int, int] = {
        person: count
        for person, count in await session.execute(select(sides.c.person, func.count()).group_by(sides.c.person))
    }
    found = Rules(
        blocked_pairs=frozenset(blocked),
        paused=frozenset((await session.execute(paused)).scalars()),
        open_proposals=open_counts,
        max_open=group.max_open_proposals,
    )
    if not for_round:
        return found
    return replace(
        found,
        excluded=await _sitting_out(session, group),
        owing=await _owing(session, group),
        previous_odd_one_out=await _previous_odd_one_out(session, group),
        rotation=await _rounds_planned(session, group),
    )


async def _sitting_out(session: AsyncSession, group: Group) -> frozenset[int]:
    if group.rounds_include_facilitators:
        return frozenset()
    return frozenset(
        (
            await session.execute(
                select(Membership.account_id).where(
                    Membership.group_id == group.id, Membership.role == Role.facilitator
                )
            )
        ).scalars()
    )


async def _owing(session: AsyncSession, group: Group) -> frozenset[int]:
    """Members with a proposal (in any group) waiting for their answer for longer than the group's limit."""
    since = utcnow() - timedelta(days=group.round_owing_days)
    owing: set[int] = set()
    for side, answer in (
        (Introduction.person_a_id, Introduction.a_answer),
        (Introduction.person_b_id, Introduction.b_answer),
    ):
        owing |= set(
            (
                await session.execute(
                    select(side)
                    .where(
                        Introduction.status == IntroductionStatus.proposed,
                        answer == Answer.pending,
                        Introduction.created_at < since,
                    )
                    .distinct()
                )
            ).scalars()
        )
    return frozenset(owing)


async def _previous_odd_one_out(session: AsyncSession, group: Group) -> frozenset[int]:
    last = (
        await session.execute(
            select(IntroductionRound.odd_one_out_account_id)
            .where(IntroductionRound.group_id == group.id)
            .order_by(IntroductionRound.created_at.desc(), IntroductionRound.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    return frozenset({last}) if last is not None else frozenset()


async def _rounds_planned(session: AsyncSession, group: Group) -> int:
    return (
        await session.execute(
            select(func.count()).select_from(IntroductionRound).where(IntroductionRound.group_id == group.id)
        )
    ).scalar_one()


async def vocabulary_of(session: AsyncSession, group: Group) -> Vocabulary:
    """The engine's topics, with those the group's facilitators added."""
    extra = (
        await session.execute(
            select(GroupTopic.label, GroupTopic.phrases)
            .where(GroupTopic.group_id == group.id)
            .order_by(GroupTopic.label)
        )
    ).all()
    return (
        Vocabulary.default().extended([(label, list(phrases)) for label, phrases in extra])
        if extra
        else Vocabulary.default()
    )


async def _candidate_ids(session: AsyncSession, group: Group, person: Snapshot, vocabulary: Vocabulary) -> set[int]:
    """People worth scoring with `person`, found through the tag index tables and the words of asks
    and offers (each lookup capped, so the work does not grow with the group)."""
    lookups: list = []

    def lookup(statement) -> None:
        # No ORDER BY: the database stops at the limit instead of sorting every match.
        lookups.append(
            statement.join(Membership, Membership.account_id == Profile.account_id)
            .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active)
            .limit(PER_LOOKUP)
        )

    def tagged(relation: ProfileTagRelation, ids: list[int]):
        return (
            select(Profile.account_id)
            .join(ProfileTag, ProfileTag.profile_id == Profile.id)
            .where(ProfileTag.relation == relation, ProfileTag.tag_id.in_(ids))
        )

    def writing(column, phrases: set[str]):
        # A superset of what the engine will read (case, negation and the like are its business).
        # Each text of the group is lowercased once (a derived table the database keeps as it is:
        # OFFSET 0), not once per phrase, which was most of this lookup's time on PostgreSQL.
        patterns = [f"%{_escaped(phrase)}%" for phrase in _shortest(phrases)[:MAX_PHRASES_LOOKED_UP]]
        texts = (
            select(Profile.account_id, func.lower(column).label("words"))
            .join(Membership, Membership.account_id == Profile.account_id)
            .where(Membership.group_id == group.id, Membership.status == MembershipStatus.active)
            .offset(0)
            .subquery()
        )
        matching = or_(*(texts.c.words.like(pattern, escape="/") for pattern in patterns))
        return select(Profile.account_id).where(Profile.account_id.in_(select(texts.c.account_id).where(matching)))

    own = interests(person, vocabulary)
    by_key = {spec.key: spec for spec in vocabulary.specs}

    def phrases(keys: Iterable[str], side: Side) -> set[str]:
        return {
            phrase.lower()
            for key in keys
            if key in by_key
            for phrase in by_key[key].side(side)
            if not phrase.startswith(WEAK)
        }

    # Every tag named below in one statement, then every lookup in one more: the same two
    # statements whatever the person has filled in.
    wanted = {
        "target_companies": (TagKind.company, set(person.target_companies)),
        "own_companies": (TagKind.company, {job.company for job in person.past_jobs}),
        "asked_companies": (TagKind.company, set(list(person.asked)[:500])),
        "asked_skills": (TagKind.skill, {name for key in own.asks for name in vocabulary.skill_names(key)}),
        "roles": (TagKind.role, set(person.target_roles)),
        "hiring": (TagKind.role, set(person.hiring_roles)),
    }
    names_by_kind: dict[TagKind, set[str]] = {}
    for kind, names in wanted.values():
        names_by_kind.setdefault(kind, set()).update(names)
    known: dict[tuple[str, str], int] = {}
    if any(names_by_kind.values()):
        known = {
            (str(kind), name): tag_id
            for tag_id, kind, name in await session.execute(
                select(Tag.id, type_coerce(Tag.kind, String), Tag.name).where(
                    or_(
                        *(and_(Tag.kind == kind, Tag.name.in_(names)) for kind, names in names_by_kind.items() if names)
                    )
                )
            )
        }

    def tag_ids(which: str) -> list[int]:
        kind, names = wanted[which]
        return [known[(str(kind), name)] for name in names if (str(kind), name) in known]

    target_companies, own_companies = tag_ids("target_companies"), tag_ids("own_companies")
    asked_companies, asked_skills = tag_ids("asked_companies"), tag_ids("asked_skills")
    roles, hiring = tag_ids("roles"), tag_ids("hiring")
    by_job = select(Profile.account_id).join(PastCompany, PastCompany.profile_id == Profile.id)
    if target_companies:
        lookup(by_job.where(PastCompany.tag_id.in_(target_companies)))
    if target_companies:
        # Members who shared their reach with this group and know people at a company on the list.
        lookup(
            select(Profile.account_id)
            .join(ReachShare, and_(ReachShare.account_id == Profile.account_id, ReachShare.group_id == group.id))
            .where(share_is_current(Membership))
            .where(
                select(Contact.id)
                .where(Contact.account_id == Profile.account_id, Contact.company_tag_id.in_(target_companies))
                .exists()
            )
        )
    if own_companies:
        lookup(tagged(ProfileTagRelation.target_company, own_companies))
    if asked_companies:
        lookup(by_job.where(PastCompany.tag_id.in_(asked_companies)))
    if asked_skills:
        lookup(tagged(ProfileTagRelation.skill, asked_skills))
    if own.asks:
        lookup(writing(Profile.can_help_with, phrases(own.asks, "offers")))
    if own.offers or own.skilled:
        lookup(writing(Profile.looking_for, phrases({*own.offers, *own.skilled}, "asks")))
    if roles:
        lookup(tagged(ProfileTagRelation.hiring_role, roles))
        lookup(tagged(ProfileTagRelation.target_role, roles))
    if hiring:
        lookup(tagged(ProfileTagRelation.target_role, hiring))
    if person.stage in SEEKER_STAGES:
        lookup(select(Profile.account_id).where(Profile.stage.in_([Stage(s) for s in HELPER_STAGES])))
    found: set[int] = set()
    if lookups:
        # Each capped lookup as a subquery: SQLite allows no LIMIT on a UNION's own members.
        branches = [select(branch.subquery().c.account_id) for branch in lookups]
        found.update((await session.execute(union_all(*branches))).scalars())
    found.discard(person.person_id)
    return found


def _shortest(phrases: set[str]) -> list[str]:
    """The phrases, in order, without those that contain another: a text with "scrum master" has
    "scrum" too, so looking for both finds nobody more."""
    kept: list[str] = []
    for phrase in sorted(phrases, key=lambda phrase: (len(phrase), phrase)):
        if not any(shorter in phrase for shorter in kept):
            kept.append(phrase)
    return sorted(kept)


def _escaped(phrase: str) -> str:
    return phrase.replace("/", "//").replace("%", "/%").replace("_", "/_")


@dataclass
class PersonSuggestion:
    person: Account
    suggestion: Suggestion


async def active_member(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID) -> Account:
    """An active member of the group, for one of its facilitators (`actor`); NotFound otherwise."""
    await require_facilitator(session, actor, group)
    person = (
        await session.execute(
            select(Account)
            .join(Membership, Membership.account_id == Account.id)
            .where(
                Account.public_id == person_id,
                Membership.group_id == group.id,
                Membership.status == MembershipStatus.active,
            )
        )
    ).scalar_one_or_none()
    if person is None:
        raise NotFound("This person is not an active member of the group.")
    return person


async def suggestions_for_member(
    session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, limit: int = 10
) -> tuple[Account, list[PersonSuggestion]]:
    """The best people for one member to meet, with scores and reasons (facilitators)."""
    person = await active_member(session, actor, group, person_id)
    own = (await snapshots(session, group, [person.id])).get(person.id)
    if own is None:
        return person, []
    vocabulary = await vocabulary_of(session, group)
    candidate_ids = await _candidate_ids(session, group, own, vocabulary)
    people = await snapshots(session, group, candidate_ids | {person.id})
    found = suggestions_for(
        own,
        CandidateIndex(people.values(), vocabulary),
        await rules(session, group, people),
        utcnow(),
        limit=limit,
        candidates=len(people),
        vocabulary=vocabulary,
    )
    others = {s.person_a_id if s.person_b_id == person.id else s.person_b_id for s in found}
    accounts = (
        {
            account.id: account
            for account in (await session.execute(select(Account).where(Account.id.in_(others)))).scalars()
        }
        if others
        else {}
    )
    return person, [
        PersonSuggestion(accounts[s.person_a_id if s.person_b_id == person.id else s.person_b_id], s) for s in found
    ]
