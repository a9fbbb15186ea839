"""Importing a member's contacts file: a plan (the dry run: how many new, updated, unchanged, and the
rows with problems), then carrying it out.

Re-importing the same file, or a newer export, updates the contacts already there (matched by their
dedupe key), never duplicates them. What the file leaves blank never erases what the member has
(LinkedIn leaves out most email addresses; a vCard has no "connected on"), and the member's own
tracking (status, note, follow-up) is never touched by an import.

Fast for 30,000 rows: the member's existing contacts and the canonical companies are read once, new
contacts are inserted and changed ones updated in batches of statements, not one ORM object a row.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.bulk import insert_rows
from app.contacts import bulk, service
from app.contacts.companies import normalize_company
from app.contacts.models import Contact, ContactSource
from app.contacts.reading import ContactsFile, RowProblem, read_contacts
from app.contacts.schemas import ImportSummary, RowProblemOut
from app.db import utcnow

log = logging.getLogger("between.contacts")

BATCH = 1000
# What an import writes about a person; compared with what is there to tell updated from unchanged.
IMPORTED_FIELDS = (
    "first_name",
    "last_name",
    "sort_name",
    "email",
    "profile_url",
    "company_label",
    "company_key",
    "company_tag_id",
    "position",
    "connected_on",
)
_contacts = Contact.__table__


# The columns of a new contact, in the order of the tuples in ImportPlan.new.
NEW_COLUMNS = ("public_id", "account_id", "source", "dedupe_key", "note", "created_at", "updated_at", *IMPORTED_FIELDS)
_COMPANY_LABEL = IMPORTED_FIELDS.index("company_label")
_COMPANY_KEY = IMPORTED_FIELDS.index("company_key")
_COMPANY_TAG = IMPORTED_FIELDS.index("company_tag_id")  # the three are next to each other
# Where a blank in the file keeps what the member has (the company is kept with its canonical tag, apart).
_KEPT_WHEN_BLANK = tuple(IMPORTED_FIELDS.index(name) for name in ("email", "profile_url", "position", "connected_on"))


@dataclass
class ImportPlan:
    account_id: int
    source: ContactSource
    new: list[tuple[Any, ...]] = field(default_factory=list)  # NEW_COLUMNS
    updated: list[tuple[Any, ...]] = field(default_factory=list)  # the contact's id, then IMPORTED_FIELDS
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.new) + len(self.updated)

    def summary(self, *, dry_run: bool) -> ImportSummary:
        return ImportSummary(
            dry_run=dry_run,
            format=self.source,
            new=len(self.new),
            updated=len(self.updated),
            unchanged=self.unchanged,
            problems=[RowProblemOut(row=problem.row, message=problem.message) for problem in self.problems],
            ignored_columns=self.ignored_columns,
        )


async def plan_import(session: AsyncSession, account: Account, file: ContactsFile) -> ImportPlan:
    """What importing `file` into the member's contacts would do. Reads only (two statements)."""
    known = await service.companies(session)
    columns = [_contacts.c.dedupe_key, _contacts.c.id, *(_contacts.c[name] for name in IMPORTED_FIELDS)]
    existing: dict[str, tuple[Any, ...]] = {
        row[0]: tuple(row[2:]) + (row[1],)  # IMPORTED_FIELDS, then the id
        for row in (await session.execute(select(*columns).where(_contacts.c.account_id == account.id))).all()
    }
    confirmed: dict[str, int] = {}
    for row in existing.values():
        if row[_COMPANY_TAG] is not None and row[_COMPANY_KEY]:
            confirmed.setdefault(row[_COMPANY_KEY], row[_COMPANY_TAG])

    plan = ImportPlan(account_id=account.id, source=file.source, ignored_columns=file.ignored_columns)
    problems = list(file.problems)
    first_row_of: dict[str, int] = {}
    now = utcnow()
    # Files name a few hundred companies for thousands of people: each normalized and matched once.
    company_of: dict[str, tuple[str, int | None]] = {}
    for contact in file.contacts:
        label = contact.company_label
        if label not in company_of:
            company_key = normalize_company(label) if label else ""
            company_of[label] = (company_key, known.index.exact(company_key) or confirmed.get(company_key))
        company_key, tag_id = company_of[label]
        key = service.dedupe_key(contact.first_name, contact.last_name, contact.email, contact.profile_url, company_key)
        if key in first_row_of:
            where = "Card" if file.source == ContactSource.vcard else "Row"
            problems.append(
                RowProblem(
                    contact.row,
                    f"{where} {contact.row}: the same person as {where.lower()} {first_row_of[key]}; "
                    f"only {where.lower()} {first_row_of[key]} is imported.",
                )
            )
            continue
        first_row_of[key] = contact.row
        values = [
            contact.first_name,
            contact.last_name,
            service.sort_name(contact.first_name, contact.last_name),
            contact.email,
            contact.profile_url,
            label,
            company_key,
            tag_id,
            contact.position,
            contact.connected_on,
        ]
        before = existing.get(key)
        if before is None:
            plan.new.append((uuid.uuid4(), account.id, file.source, key, "", now, now, *values))
            continue
        # Blanks in the file never erase; a company the member confirmed stays with its name.
        for index in _KEPT_WHEN_BLANK:
            if values[index] is None or values[index] == "":
                values[index] = before[index]
        if not label or label == before[_COMPANY_LABEL]:
            values[_COMPANY_LABEL : _COMPANY_TAG + 1] = before[_COMPANY_LABEL : _COMPANY_TAG + 1]
        if tuple(values) == before[:-1]:
            plan.unchanged += 1
        else:
            plan.updated.append((before[-1], *values))
    plan.problems = sorted(problems, key=lambda problem: problem.row)
    return plan


async def apply_plan(session: AsyncSession, plan: ImportPlan, progress: Callable[[int], None] | None = None) -> None:
    """Adds the new contacts and updates the changed ones, BATCH rows per statement; `progress` is
    told how many rows each batch did. Flushes, never commits: the caller's transaction holds it all."""
    connection = await session.connection()
    for start in range(0, len(plan.new), BATCH):
        batch = plan.new[start : start + BATCH]
        await insert_rows(connection, _contacts, NEW_COLUMNS, batch)
        if progress:
            progress(len(batch))
    now = utcnow()
    for start in range(0, len(plan.updated), BATCH):
        batch = plan.updated[start : start + BATCH]
        await bulk.update_rows(connection, _contacts, ("id", *IMPORTED_FIELDS), batch, updated_at=now)
        if progress:
            progress(len(batch))
    log.info(
        "contacts imported for account %s: %d new, %d updated, %d unchanged, %d rows with problems",
        plan.account_id,
        len(plan.new),
        len(plan.updated),
        plan.unchanged,
        len(plan.problems),
    )


async def import_contacts(
    session: AsyncSession, account: Account, data: bytes, filename: str, *, dry_run: bool
) -> ImportSummary:
    """Reads the file and says what importing it does; does it unless `dry_run`."""
    # Reading 30,000 rows takes the better part of a second of CPU: in a thread, so that the app's
    # other requests keep the event loop meanwhile.
    file = await asyncio.to_thread(read_contacts, data, filename)
    plan = await plan_import(session, account, file)
    if not dry_run:
        await apply_plan(session, plan)
    return plan.summary(dry_run=dry_run)
