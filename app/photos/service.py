"""Profile photos: set, remove, hide, and read one for a viewer who may see it. A photo follows
its owner's profile: members of a group the owner is active in see it (unless the owner keeps it
for facilitators, or a facilitator hid it), the facilitators of the owner's groups see it, and
nobody else learns that it exists."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ScalarSelect, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.config import get_settings
from app.db import among_ids, utcnow
from app.errors import InvalidInput, NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_facilitator
from app.notifications import service as notifications
from app.photos.models import Photo
from app.photos.processing import OUTPUT_EXTENSION, OUTPUT_TYPE, SIZES, Crop, process
from app.photos.schemas import HIDE_REASON_LENGTH, PhotoData
from app.photos.storage import PhotoStore, store_for
from app.profiles.models import Profile
from app.profiles.schemas import Visibility

PHOTO_NOT_FOUND = "There is no photo here, or you can't see it."
# A facilitator also sees the photos of people who asked to join (pending) or were declined.
_STATUSES_FOR_FACILITATORS = (MembershipStatus.active, MembershipStatus.pending, MembershipStatus.declined)

_MINE = aliased(Membership, name="mine")
_THEIRS = aliased(Membership, name="theirs")


def file_names(name: str) -> list[str]:
    return [file_name(name, edge) for edge in SIZES]


def file_name(name: str, edge: int) -> str:
    return f"photos/{name}/{edge}.{OUTPUT_EXTENSION}"


@dataclass(frozen=True)
class StoredPhoto:
    data: bytes
    content_type: str


async def own_photo(session: AsyncSession, account: Account) -> Photo | None:
    return (await session.execute(select(Photo).where(Photo.account_id == account.id))).scalar_one_or_none()


async def set_photo(
    session: AsyncSession, store: PhotoStore, account: Account, data: bytes, crop: Crop | None = None
) -> tuple[Photo, list[str]]:
    """Checks and stores the new photo; returns it and the files of the one it replaces, to be
    deleted once the change is committed (until then, the old photo is what everyone sees)."""
    processed = process(data, crop)  # PhotoRejected before anything is stored
    name = secrets.token_urlsafe(24)
    for edge, encoded in processed.sizes.items():
        await store.put(file_name(name, edge), encoded, OUTPUT_TYPE)
    previous = await own_photo(session, account)
    replaced = file_names(previous.name) if previous else []
    if previous is not None:
        await session.delete(previous)
        await session.flush()
    photo = Photo(account_id=account.id, name=name)
    session.add(photo)
    await session.flush()
    audit.record(session, account, "photo.set", target=str(photo.public_id))
    return photo, replaced


async def remove_photo(session: AsyncSession, account: Account) -> list[str]:
    """Removes the member's photo; returns its files, to be deleted once that is committed."""
    photo = await own_photo(session, account)
    if photo is None:
        return []
    await session.delete(photo)
    await session.flush()
    audit.record(session, account, "photo.removed", target=str(photo.public_id))
    return file_names(photo.name)


async def photos_of_account(session: AsyncSession, account_id: int) -> list[str]:
    """The files of an account's photo (for its deletion: the row goes with the account)."""
    name = (await session.execute(select(Photo.name).where(Photo.account_id == account_id))).scalar_one_or_none()
    return file_names(name) if name else []


async def hide_photo(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID, reason: str) -> Photo:
    """A facilitator hides a member's photo that breaks the group's agreement: everywhere, until the
    member chooses another. Audited; the member is told on their profile page."""
    photo = await photo_to_hide(session, actor, group, person_id)
    reason = reason.strip()
    if not reason:
        message = "Please say, in a few words, why: the member will read it."
        raise InvalidInput(message, field_errors={"reason": message})
    if len(reason) > HIDE_REASON_LENGTH:
        message = f"Keep this to {HIDE_REASON_LENGTH} characters or fewer; you wrote {len(reason)}."
        raise InvalidInput(message, field_errors={"reason": message})
    photo.hidden_at, photo.hidden_by_account_id, photo.hidden_reason = utcnow(), actor.id, reason
    await session.flush()
    audit.record(session, actor, "photo.hidden", group_id=group.id, target=str(person_id), reason=reason)
    owner = await session.get_one(Account, photo.account_id)
    await notifications.queue_email(
        session,
        to=owner.email,
        template="photo_hidden",
        context={
            "name": owner.display_name,
            "group_name": group.name,
            "facilitator": actor.display_name,
            "reason": reason,
            "profile_link": links.absolute(links.profile() + "#photo"),
        },
    )
    return photo


async def photo_to_hide(session: AsyncSession, actor: Account, group: Group, person_id: uuid.UUID) -> Photo:
    """The photo of one of the group's people, for its facilitator."""
    await require_facilitator(session, actor, group)
    photo = (
        await session.execute(
            select(Photo)
            .join(Account, Account.id == Photo.account_id)
            .join(Membership, Membership.account_id == Account.id)
            .where(
                Account.public_id == person_id,
                Membership.group_id == group.id,
                Membership.status.in_(_STATUSES_FOR_FACILITATORS),
            )
        )
    ).scalar_one_or_none()
    if photo is None:
        raise NotFound(PHOTO_NOT_FOUND)
    return photo


async def visible_photo(session: AsyncSession, viewer: Account, photo_id: uuid.UUID) -> Photo:
    """The photo, if the viewer may see it; otherwise NotFound, whether or not it exists."""
    photo = (await session.execute(select(Photo).where(Photo.public_id == photo_id))).scalar_one_or_none()
    if photo is None:
        raise NotFound(PHOTO_NOT_FOUND)
    if photo.account_id == viewer.id:
        return photo
    roles = set(
        (
            await session.execute(
                select(_MINE.role)
                .join(_THEIRS, _THEIRS.group_id == _MINE.group_id)
                .where(
                    _MINE.account_id == viewer.id,
                    _MINE.status == MembershipStatus.active,
                    _THEIRS.account_id == photo.account_id,
                    or_(
                        _THEIRS.status == MembershipStatus.active,
                        and_(_MINE.role == Role.facilitator, _THEIRS.status.in_(_STATUSES_FOR_FACILITATORS)),
                    ),
                )
            )
        ).scalars()
    )
    if Role.facilitator in roles:
        return photo
    if not roles or photo.hidden_at is not None:
        raise NotFound(PHOTO_NOT_FOUND)
    visibility = (
        await session.execute(select(Profile.visibility).where(Profile.account_id == photo.account_id))
    ).scalar_one_or_none()
    if (visibility or {}).get("photo") == Visibility.facilitators:
        raise NotFound(PHOTO_NOT_FOUND)
    return photo


async def read_photo(store: PhotoStore, photo: Photo, edge: int) -> StoredPhoto:
    if edge not in SIZES:
        raise NotFound(PHOTO_NOT_FOUND)
    data = await store.get(file_name(photo.name, edge))
    if data is None:
        raise NotFound(PHOTO_NOT_FOUND)
    return StoredPhoto(data, OUTPUT_TYPE)


async def delete_files(store: PhotoStore, names: list[str]) -> None:
    """After a commit: files nobody can reach any more. A failure leaves unreachable files behind
    (random names, no row points at them), never a photo someone removed."""
    if names:
        await store.delete(names)


async def photo_for_page(session: AsyncSession, person_id: uuid.UUID, sees_all: bool) -> Photo | None:
    """The photo a person's page shows, once the page itself was authorized: to the person and
    facilitators always (hidden or kept for facilitators, the page says so); to a member only when
    neither hidden nor kept for facilitators."""
    row = (
        await session.execute(
            select(Photo, Profile.visibility)
            .join(Account, Account.id == Photo.account_id)
            .outerjoin(Profile, Profile.account_id == Account.id)
            .where(Account.public_id == person_id)
        )
    ).one_or_none()
    if row is None:
        return None
    photo, visibility = row
    if sees_all:
        return photo
    if photo.hidden_at is not None or (visibility or {}).get("photo") == Visibility.facilitators:
        return None
    return photo


async def export_photo(session: AsyncSession, account: Account) -> PhotoData | None:
    """For the own-data export: the photo's addresses (the files themselves are at them, for you)."""
    photo = await own_photo(session, account)
    if photo is None:
        return None
    return PhotoData(
        sizes={str(edge): links.photo(photo.public_id, edge) for edge in SIZES},
        set_at=photo.created_at,
        hidden_by_a_facilitator=photo.hidden_at is not None,
        hidden_reason=photo.hidden_reason,
    )


async def forget_photo(session: AsyncSession, account: Account) -> None:
    """For account deletion: the row and its files. The files go at once (an account being deleted
    shows its photo to nobody, whatever happens to the rest of the transaction)."""
    names = await remove_photo(session, account)
    await delete_files(store_for(get_settings()), names)


def shown_photo_id() -> ScalarSelect[uuid.UUID]:
    """A column for lists that any member may see (the kiosk at the door): the public id of the
    row's account's photo, or NULL when there is none, it is hidden, or kept for facilitators.
    Correlated on Account.id of the enclosing statement."""
    level = func.coalesce(Profile.visibility["photo"].as_string(), Visibility.members.value)
    return (
        select(Photo.public_id)
        .outerjoin(Profile, Profile.account_id == Photo.account_id)
        .where(Photo.account_id == Account.id, Photo.hidden_at.is_(None), level != Visibility.facilitators.value)
        .correlate(Account)
        .scalar_subquery()
    )


_SHOWN_PHOTOS = select(Account.id, shown_photo_id()).where(among_ids(Account.id, "ids"))


async def member_visible_photos(session: AsyncSession, account_ids: Iterable[int]) -> dict[int, uuid.UUID]:
    """The photos fellow members may see, by account: one statement, for lists of people."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    rows = await session.execute(_SHOWN_PHOTOS, {"ids": ids})
    return {account_id: photo_id for account_id, photo_id in rows.all() if photo_id is not None}
