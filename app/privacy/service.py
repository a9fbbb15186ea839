"""A person's own data: all of it as a download, and deleting the account.

Deleting removes everything that describes the person and anonymises the account row in place,
so that what others rely on (a group's memberships, later its attendance and introduction counts)
still adds up without saying who it was.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app import links
from app.accounts.models import Account, AccountToken, ApiToken, WebSession
from app.accounts.service import normalize_email
from app.audit import service as audit
from app.audit.models import AuditEvent
from app.contacts.service import export_contacts, forget_contacts
from app.db import utcnow
from app.errors import InvalidInput, TooManyRequests
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.introductions.own_data import export_introductions, export_requests, leave_introductions
from app.landings.models import Landing
from app.meetings.models import Attendance, CalendarFeed, Meeting, Rsvp
from app.meetings.service import withdraw_from_future_meetings
from app.members.models import GroupInvitation
from app.members.service import follow_name, leave_every_group
from app.notifications.models import OutboxMessage
from app.notifications.service import EMAIL
from app.photos.service import export_photo, forget_photo
from app.privacy.schemas import (
    AccountData,
    AccountDeletion,
    ApiTokenData,
    AttendanceData,
    CalendarLinkData,
    EmailData,
    InvitationData,
    LandingData,
    MeetingAnswerData,
    MembershipData,
    OwnDataExport,
    SignInData,
    StageChangeData,
)
from app.profiles.models import PastCompany, Profile, ProfileTag, StageChange
from app.profiles.service import Audience, load_tags, present
from app.ratelimit import count_recent, forget_everything_about, record_hit
from app.reach.warm import export_reach
from app.reach.warm import forget as forget_reach
from app.security import verify_password

FORMER_MEMBER = "Former member"
DELETED_DOMAIN = "deleted.invalid"
DELETE_ATTEMPTS = 10
DELETE_WINDOW = timedelta(minutes=15)


def _emails_to(account: Account):
    return (OutboxMessage.kind == EMAIL) & (OutboxMessage.payload["to"].as_string() == account.email)


def _invitations_of(account: Account):
    return (GroupInvitation.email == account.email) | (GroupInvitation.account_id == account.id)


async def _memberships(session: AsyncSession, account: Account) -> list[tuple[Membership, Group]]:
    statement = (
        select(Membership, Group)
        .join(Group, Group.id == Membership.group_id)
        .where(Membership.account_id == account.id)
        .order_by(Membership.created_at, Membership.id)
    )
    return [(membership, group) for membership, group in await session.execute(statement)]


async def export_own_data(session: AsyncSession, account: Account) -> OwnDataExport:
    profile = (await session.execute(select(Profile).where(Profile.account_id == account.id))).scalar_one_or_none()
    tags = await load_tags(session, [profile.id]) if profile else {}
    stage_history = (
        list(
            (
                await session.execute(
                    select(StageChange)
                    .where(StageChange.profile_id == profile.id)
                    .order_by(StageChange.changed_at, StageChange.id)
                )
            ).scalars()
        )
        if profile
        else []
    )
    tokens = (
        await session.execute(
            select(ApiToken).where(ApiToken.account_id == account.id).order_by(ApiToken.created_at, ApiToken.id)
        )
    ).scalars()
    browsers = (
        await session.execute(
            select(WebSession).where(WebSession.account_id == account.id).order_by(WebSession.created_at, WebSession.id)
        )
    ).scalars()
    emails = (
        await session.execute(
            select(OutboxMessage).where(_emails_to(account)).order_by(OutboxMessage.created_at, OutboxMessage.id)
        )
    ).scalars()
    answers = (
        await session.execute(
            select(Rsvp, Meeting, Group)
            .join(Meeting, Meeting.id == Rsvp.meeting_id)
            .join(Group, Group.id == Meeting.group_id)
            .where(Rsvp.account_id == account.id)
            .order_by(Meeting.starts_at)
        )
    ).all()
    attended = (
        await session.execute(
            select(Attendance, Meeting, Group)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Group, Group.id == Meeting.group_id)
            .where(Attendance.account_id == account.id)
            .order_by(Meeting.starts_at)
        )
    ).all()
    landings = (
        await session.execute(
            select(Landing, Group)
            .join(Group, Group.id == Landing.group_id)
            .where(Landing.account_id == account.id)
            .order_by(Landing.created_at)
        )
    ).all()
    invited = (
        await session.execute(
            select(GroupInvitation, Group)
            .join(Group, Group.id == GroupInvitation.group_id)
            .where(_invitations_of(account))
            .order_by(GroupInvitation.created_at)
        )
    ).all()
    feeds = (
        await session.execute(
            select(CalendarFeed).where(CalendarFeed.account_id == account.id).order_by(CalendarFeed.created_at)
        )
    ).scalars()
    return OwnDataExport(
        exported_at=utcnow(),
        account=AccountData(
            id=account.public_id,
            email=account.email,
            display_name=account.display_name,
            is_admin=account.is_admin,
            has_password=account.password_hash is not None,
            email_verified_at=account.email_verified_at,
            created_at=account.created_at,
            password_changed_at=account.password_changed_at,
        ),
        profile=present(account, profile, tags.get(profile.id), Audience.self) if profile else None,
        stage_history=[StageChangeData(stage=change.stage, changed_at=change.changed_at) for change in stage_history],
        memberships=[
            MembershipData(
                group=group.name,
                group_address=links.group(group.slug),
                role=membership.role.value,
                status=membership.status.value,
                joined_via=membership.joined_via.value,
                requested_at=membership.created_at,
                joined_at=membership.joined_at,
                agreement_accepted_at=membership.agreement_accepted_at,
                agreement_version=membership.agreement_version,
                decided_at=membership.decided_at,
            )
            for membership, group in await _memberships(session, account)
        ],
        invitations=[
            InvitationData(
                group=group.name,
                name_given=invitation.name,
                via=invitation.via.value,
                invited_at=invitation.created_at,
                status=invitation.status(utcnow()).value,
            )
            for invitation, group in invited
        ],
        api_tokens=[
            ApiTokenData(
                name=token.name,
                starts_with=token.token_prefix,
                scopes=token.scopes.split(),
                created_at=token.created_at,
                last_used_at=token.last_used_at,
                revoked_at=token.revoked_at,
            )
            for token in tokens
        ],
        signed_in_browsers=[
            SignInData(
                browser=web_session.user_agent, signed_in_at=web_session.created_at, expires_at=web_session.expires_at
            )
            for web_session in browsers
        ],
        emails=[
            EmailData(
                subject=str(message.payload.get("subject", "")),
                queued_at=message.created_at,
                sent_at=message.sent_at,
                status=message.status.value,
            )
            for message in emails
        ],
        meeting_answers=[
            MeetingAnswerData(
                group=group.name,
                meeting=meeting.title,
                starts_at=meeting.starts_at,
                answer=rsvp.answer.value,
                status=rsvp.status.value,
                answered_at=rsvp.updated_at,
            )
            for rsvp, meeting, group in answers
        ],
        attendance=[
            AttendanceData(
                group=group.name,
                meeting=meeting.title,
                starts_at=meeting.starts_at,
                checked_in_at=attendance.checked_in_at,
            )
            for attendance, meeting, group in attended
        ],
        calendar_links=[CalendarLinkData(created_at=feed.created_at, revoked_at=feed.revoked_at) for feed in feeds],
        introductions=await export_introductions(session, account),
        introduction_requests=await export_requests(session, account),
        landings=[
            LandingData(
                group=group.name,
                role=landing.role,
                company=landing.company,
                start_date=landing.start_date,
                helped_by=landing.helped_by.value,
                story=landing.story,
                on_wall=landing.on_wall,
                reported_at=landing.created_at,
            )
            for landing, group in landings
        ],
        contacts=await export_contacts(session, account),
        reach=await export_reach(session, account),
        photo=await export_photo(session, account),
    )


@dataclass
class DataOverview:
    memberships: list[tuple[Membership, Group]]
    sole_facilitator_of: list[Group]
    has_password: bool


async def sole_facilitator_of(session: AsyncSession, account: Account) -> list[Group]:
    """Groups that `account` is the only active facilitator of."""
    other = aliased(Membership)
    statement = (
        select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Membership.account_id == account.id,
            Membership.role == Role.facilitator,
            Membership.status == MembershipStatus.active,
            ~exists().where(
                other.group_id == Group.id,
                other.account_id != account.id,
                other.role == Role.facilitator,
                other.status == MembershipStatus.active,
            ),
        )
        .order_by(Group.name)
    )
    return list((await session.execute(statement)).scalars())


async def overview(session: AsyncSession, account: Account) -> DataOverview:
    return DataOverview(
        memberships=await _memberships(session, account),
        sole_facilitator_of=await sole_facilitator_of(session, account),
        has_password=account.password_hash is not None,
    )


async def delete_account(session: AsyncSession, account: Account, confirmation: AccountDeletion) -> None:
    """Deletes what describes the person, keeps their memberships as `left`, and anonymises the
    account row so that it can never sign in again. Needs their password (or, without one, their email)."""
    attempts_key = f"delete-account:{account.public_id}"
    if await count_recent(session, attempts_key, DELETE_WINDOW) >= DELETE_ATTEMPTS:
        raise TooManyRequests("Too many wrong attempts. Please wait 15 minutes and try again.")
    if account.password_hash is not None:
        if not verify_password(account.password_hash, confirmation.password):
            record_hit(session, attempts_key)
            raise InvalidInput(
                "This is not your password.",
                field_errors={"password": "This is not your password. Your account is not deleted."},
            )
    elif normalize_email(confirmation.email) != account.email:
        record_hit(session, attempts_key)
        raise InvalidInput(
            "This is not your email address.",
            field_errors={"email": f"Type {account.email} exactly. Your account is not deleted."},
        )

    old_email = account.email
    profile_ids = select(Profile.id).where(Profile.account_id == account.id).scalar_subquery()
    for child in (ProfileTag, PastCompany, StageChange):
        await session.execute(delete(child).where(child.profile_id.in_(profile_ids)))
    await session.execute(delete(Profile).where(Profile.account_id == account.id))
    for owned in (WebSession, ApiToken, AccountToken):
        await session.execute(delete(owned).where(owned.account_id == account.id))
    await forget_everything_about(session, old_email, attempts_key)
    await session.execute(delete(OutboxMessage).where(_emails_to(account)))
    # What facilitators typed about the person when they invited them, and the links sent.
    await session.execute(delete(GroupInvitation).where(_invitations_of(account)))
    await withdraw_from_future_meetings(session, account)
    await leave_introductions(session, account)
    await session.execute(delete(CalendarFeed).where(CalendarFeed.account_id == account.id))
    await forget_contacts(session, account)
    await forget_reach(session, account)
    await forget_photo(session, account)
    # Kept without what it said, so the group's landings per month still add up; off the wall.
    await session.execute(
        update(Landing)
        .where(Landing.account_id == account.id)
        .values(role="", company="", story="", on_wall=False, introduction_id=None)
    )
    await leave_every_group(session, account)

    account.email = f"deleted-{secrets.token_hex(12)}@{DELETED_DOMAIN}"
    account.display_name = FORMER_MEMBER
    account.password_hash = None
    account.password_changed_at = None
    account.email_verified_at = None
    account.is_admin = False
    account.deleted_at = utcnow()
    await follow_name(session, account)  # the name leaves the directory's index too
    # Facilitator and admin actions stay in the audit log, without the address that named the person.
    await session.execute(update(AuditEvent).where(AuditEvent.target == old_email).values(target=account.email))
    await session.flush()
    audit.record(session, account, "account.deleted", target=account.email)
