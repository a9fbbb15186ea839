"""A member's own contacts: listing, adding, changing and deleting them, and the companies they name.

Every function takes the account asking and reads or writes only that account's contacts: a contact
of anyone else is NotFound, the same as one that does not exist (not even a facilitator or an
administrator sees another person's contacts). Nothing here logs a contact's name or address.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.contacts.companies import CompanyIndex, normalize_company
from app.contacts.models import (
    CONVERSATION_STATUSES,
    KEY_LENGTH,
    Contact,
    ContactSource,
    OutreachStatus,
)
from app.contacts.schemas import (
    CompanyConfirmation,
    CompanyConfirmed,
    CompanySuggestion,
    MyContactIn,
    MyContactOut,
    MyContactUpdate,
)
from app.db import utcnow
from app.errors import Conflict, InvalidInput, NotFound
from app.pagination import Keyset, PageParams
from app.profiles.models import Tag, TagKind
from app.profiles.tags import canonical

NOT_FOUND = "You have no such contact."
NULL_NAME = "Every contact needs a first name."
NULL_TEXT = "This cannot be null; send an empty text to clear it."
LIST_ORDER = Keyset(Contact.sort_name, Contact.public_id, descending=False, read_sort=str)
MAX_SUGGESTIONS = 100

_URL_SCHEME = re.compile(r"^https?://(www\.)?", re.IGNORECASE)


# --- who a contact is -------------------------------------------------------------------------


def sort_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip().casefold()


def dedupe_key(first_name: str, last_name: str, email: str | None, profile_url: str | None, company_key: str) -> str:
    """One person once per owner: their profile's address, else their email, else their name and
    company. The same person in LinkedIn's export and in a later export has the same key."""
    if profile_url:
        url = _URL_SCHEME.sub("", profile_url.strip()).split("?", 1)[0].split("#", 1)[0].rstrip("/")
        return f"url:{url.casefold()}"[:KEY_LENGTH]
    if email:
        return f"email:{email.strip().casefold()}"[:KEY_LENGTH]
    return f"name:{sort_name(first_name, last_name)}|{company_key}"[:KEY_LENGTH]


# --- companies ----------------------------------------------------------------------------------


@dataclass
class Companies:
    """The canonical company tags, to match contacts' companies against."""

    index: CompanyIndex
    labels: dict[int, str]


async def companies(session: AsyncSession) -> Companies:
    rows = (await session.execute(select(Tag.id, Tag.name, Tag.label).where(Tag.kind == TagKind.company))).all()
    return Companies(CompanyIndex((row.id, row.name) for row in rows), {row.id: row.label for row in rows})


async def confirmed_companies(session: AsyncSession, account: Account) -> dict[str, int]:
    """The canonical company of each of the member's company names that has one (matched or
    confirmed), so that new contacts at a company the member confirmed get it too."""
    statement = (
        select(Contact.company_key, func.min(Contact.company_tag_id))
        .where(Contact.account_id == account.id, Contact.company_tag_id.is_not(None), Contact.company_key != "")
        .group_by(Contact.company_key)
    )
    return {key: tag_id for key, tag_id in (await session.execute(statement)).all() if tag_id is not None}


async def _company_of(session: AsyncSession, account: Account, label: str) -> tuple[str, int | None]:
    key = normalize_company(label)
    if not key:
        return "", None
    tag_id = (await companies(session)).index.exact(key)
    if tag_id is None:
        tag_id = (await confirmed_companies(session, account)).get(key)
    return key, tag_id


async def company_suggestions(session: AsyncSession, account: Account) -> list[CompanySuggestion]:
    """The member's companies that match no canonical company but nearly match one ("Acme Helth"),
    most contacts first: never applied until the member confirms them."""
    statement = (
        select(Contact.company_key, func.min(Contact.company_label), func.count())
        .where(Contact.account_id == account.id, Contact.company_tag_id.is_(None), Contact.company_key != "")
        .group_by(Contact.company_key)
    )
    known = await companies(session)
    found: list[CompanySuggestion] = []
    for key, label, count in (await session.execute(statement)).all():
        near = known.index.near_miss(key)
        if near is not None:
            found.append(CompanySuggestion(company=label, contacts=count, suggested=known.labels[near[0]]))
    found.sort(key=lambda suggestion: (-suggestion.contacts, suggestion.company.casefold()))
    return found[:MAX_SUGGESTIONS]


async def confirm_company(session: AsyncSession, account: Account, data: CompanyConfirmation) -> CompanyConfirmed:
    """The member says their company name is this canonical company: every contact of theirs with
    that name (however spelled: "Acme Helth, Inc." and "ACME HELTH") gets it."""
    tag = (
        await session.execute(select(Tag).where(Tag.kind == TagKind.company, Tag.name == canonical(data.canonical)))
    ).scalar_one_or_none()
    if tag is None:
        raise InvalidInput(
            f"There is no company called “{data.canonical}” in Between.",
            field_errors={"canonical": "There is no company by this name; check the spelling."},
        )
    key = normalize_company(data.company)
    if not key:
        raise InvalidInput("Name the company as your contacts have it.", field_errors={"company": "Name a company."})
    result = await session.execute(
        update(Contact)
        .where(Contact.account_id == account.id, Contact.company_key == key)
        .values(company_tag_id=tag.id, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    changed = int(getattr(result, "rowcount", 0) or 0)
    if not changed:
        raise InvalidInput(
            f"None of your contacts works at “{data.company}”.",
            field_errors={"company": "None of your contacts has this company."},
        )
    return CompanyConfirmed(company=data.company, canonical=tag.label, contacts=changed)


# --- reading ------------------------------------------------------------------------------------


def present(contact: Contact, canonical_label: str | None) -> MyContactOut:
    return MyContactOut(
        id=contact.public_id,
        first_name=contact.first_name,
        last_name=contact.last_name,
        email=contact.email,
        profile_url=contact.profile_url,
        company=contact.company_label,
        company_canonical=canonical_label,
        position=contact.position,
        connected_on=contact.connected_on,
        source=contact.source,
        status=contact.status,
        note=contact.note,
        follow_up_on=contact.follow_up_on,
        last_contacted_at=contact.last_contacted_at,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
    )


def _with_company(account: Account) -> Select[Contact, str]:
    return (
        select(Contact, Tag.label)
        .outerjoin(Tag, Tag.id == Contact.company_tag_id)
        .where(Contact.account_id == account.id)
    )


async def _own(session: AsyncSession, account: Account, contact_id: uuid.UUID) -> Contact:
    contact = (
        await session.execute(select(Contact).where(Contact.account_id == account.id, Contact.public_id == contact_id))
    ).scalar_one_or_none()
    if contact is None:
        raise NotFound(NOT_FOUND)
    return contact


async def get_contact(session: AsyncSession, account: Account, contact_id: uuid.UUID) -> MyContactOut:
    row = (await session.execute(_with_company(account).where(Contact.public_id == contact_id))).one_or_none()
    if row is None:
        raise NotFound(NOT_FOUND)
    return present(row[0], row[1])


@dataclass(frozen=True)
class ContactFilters:
    company: str | None = None
    status: OutreachStatus | None = None
    q: str | None = None


@dataclass
class ContactPage:
    items: list[MyContactOut]
    next_cursor: str | None


def _like(words: str) -> str:
    escaped = words.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def list_contacts(
    session: AsyncSession, account: Account, filters: ContactFilters, page: PageParams
) -> ContactPage:
    """The member's contacts by name, a page at a time."""
    statement = cast("Select[Any]", _with_company(account))
    if filters.company and filters.company.strip():
        by_tag = select(Tag.id).where(Tag.kind == TagKind.company, Tag.name == canonical(filters.company))
        statement = statement.where(
            or_(Contact.company_key == normalize_company(filters.company), Contact.company_tag_id.in_(by_tag))
        )
    if filters.status is not None:
        statement = statement.where(Contact.status == filters.status)
    if filters.q and filters.q.strip():
        for word in filters.q.split()[:5]:
            pattern = _like(word)
            statement = statement.where(
                or_(
                    *(
                        func.lower(column).like(pattern, escape="\\")
                        for column in (Contact.sort_name, Contact.email, Contact.company_label, Contact.position)
                    )
                )
            )
    rows = (await session.execute(LIST_ORDER.apply(statement, page))).all()
    shown, next_cursor = LIST_ORDER.cut(rows, page, lambda row: (row[0].sort_name, row[0].public_id))
    return ContactPage([present(contact, label) for contact, label in shown], next_cursor)


# --- writing ------------------------------------------------------------------------------------


async def _refuse_duplicate(session: AsyncSession, account: Account, key: str, other_than: int | None = None) -> None:
    statement = select(Contact.public_id).where(Contact.account_id == account.id, Contact.dedupe_key == key)
    if other_than is not None:
        statement = statement.where(Contact.id != other_than)
    existing = (await session.execute(statement)).scalar_one_or_none()
    if existing is not None:
        raise Conflict(
            f"You already have this contact (the same profile address, email, or name and company): {existing}.",
            field_errors={"email": "You already have a contact with these details."},
        )


def _moved_status(contact: Contact, status: OutreachStatus | None) -> None:
    if status != contact.status and status in CONVERSATION_STATUSES:
        contact.last_contacted_at = utcnow()
    contact.status = status


async def create_contact(session: AsyncSession, account: Account, data: MyContactIn) -> Contact:
    company_key, tag_id = await _company_of(session, account, data.company)
    email = str(data.email) if data.email else None
    key = dedupe_key(data.first_name, data.last_name, email, data.profile_url, company_key)
    await _refuse_duplicate(session, account, key)
    contact = Contact(
        account_id=account.id,
        first_name=data.first_name,
        last_name=data.last_name,
        sort_name=sort_name(data.first_name, data.last_name),
        email=email,
        profile_url=data.profile_url,
        company_label=data.company,
        company_key=company_key,
        company_tag_id=tag_id,
        position=data.position,
        connected_on=data.connected_on,
        source=ContactSource.manual,
        dedupe_key=key,
        note=data.note,
        follow_up_on=data.follow_up_on,
        status=None,
    )
    _moved_status(contact, data.status)
    session.add(contact)
    await session.flush()
    return contact


async def update_contact(
    session: AsyncSession, account: Account, contact_id: uuid.UUID, data: MyContactUpdate
) -> Contact:
    contact = await _own(session, account, contact_id)
    sent = data.model_fields_set
    for text in ("first_name", "last_name", "company", "position", "note"):
        if text in sent and getattr(data, text) is None:
            message = NULL_NAME if text == "first_name" else NULL_TEXT
            raise InvalidInput(message, field_errors={text: message})
    if "first_name" in sent and data.first_name is not None:
        contact.first_name = data.first_name
    if "last_name" in sent and data.last_name is not None:
        contact.last_name = data.last_name
    if "email" in sent:
        contact.email = str(data.email) if data.email else None
    if "profile_url" in sent:
        contact.profile_url = data.profile_url
    if "company" in sent and data.company is not None and data.company != contact.company_label:
        contact.company_label = data.company
        contact.company_key, contact.company_tag_id = await _company_of(session, account, data.company)
    if "position" in sent and data.position is not None:
        contact.position = data.position
    if "note" in sent and data.note is not None:
        contact.note = data.note
    for field in ("connected_on", "follow_up_on"):
        if field in sent:
            setattr(contact, field, getattr(data, field))
    if "status" in sent:
        _moved_status(contact, data.status)
    contact.sort_name = sort_name(contact.first_name, contact.last_name)
    key = dedupe_key(contact.first_name, contact.last_name, contact.email, contact.profile_url, contact.company_key)
    if key != contact.dedupe_key:
        await _refuse_duplicate(session, account, key, other_than=contact.id)
        contact.dedupe_key = key
    await session.flush()
    return contact


async def delete_contact(session: AsyncSession, account: Account, contact_id: uuid.UUID) -> None:
    contact = await _own(session, account, contact_id)
    await session.delete(contact)
    await session.flush()


# --- the person's own data ----------------------------------------------------------------------


async def export_contacts(session: AsyncSession, account: Account) -> list[MyContactOut]:
    """All of the member's contacts, for the export of their own data."""
    rows = await session.execute(_with_company(account).order_by(Contact.sort_name, Contact.id))
    return [present(contact, label) for contact, label in rows.all()]


async def forget_contacts(session: AsyncSession, account: Account) -> None:
    """Deleting an account keeps its row (anonymised), so its contacts go here, not by cascade."""
    await session.execute(delete(Contact).where(Contact.account_id == account.id))
