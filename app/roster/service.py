"""Roster CSV import: reading a facilitator's spreadsheet into a checked plan, and carrying it out.

An import is two steps with the same code: `plan_import` reads and checks every row and says what
would happen (the dry run writes nothing); `apply_plan` does it. The web page and the `between
import-members` command both use them. Importing invites: each person joins when they accept, and
neither step says whether an address has an account.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import InvalidInput, humanize_validation_errors
from app.groups.models import Group, JoinedVia
from app.groups.service import get_group_by_slug, require_facilitator
from app.members import invitations
from app.members.models import InvitationStatus
from app.profiles.models import Stage
from app.profiles.schemas import STAGE_LABELS, ProfileUpdate
from app.roster.schemas import (
    COLUMN_ALIASES,
    COLUMN_LABELS,
    IMPORT_COLUMNS,
    REQUIRED_COLUMNS,
    TAG_COLUMNS,
    TAG_SEPARATOR,
    TEXT_COLUMNS,
    ImportedPerson,
    RowOutcome,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

SAVE_AS_CSV = "In Excel, Numbers or Google Sheets choose File → Save as (or Download) → “CSV UTF-8”."
STAGE_CHOICES = ", ".join(stage.value for stage in Stage)
_STAGES = {
    **{stage.value: stage for stage in Stage},
    **{label.casefold(): stage for stage, label in STAGE_LABELS.items()},
    "employed": Stage.alumni,
}

INVITE_NOTE = "Will get an invitation email from you, and joins the group on accepting it."
MEMBER_NOTE = "Already a member of this group: skipped."
WAITING_NOTE = "Invited on {date} and has not answered yet: skipped (they can still accept that invitation)."
DECLINED_NOTE = "Said no thanks to an invitation on {date}: skipped."
RENEW_NOTE = "An earlier invitation {how}: will be invited again with a new link."


@dataclass
class RowResult:
    number: int  # as a spreadsheet numbers it: the header is row 1
    name: str
    email: str
    outcome: RowOutcome
    errors: list[str] = field(default_factory=list)
    note: str = ""
    person: ImportedPerson | None = None
    profile: ProfileUpdate | None = None


@dataclass
class ImportPlan:
    group: Group
    rows: list[RowResult]
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, outcome: RowOutcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def importable(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == RowOutcome.invite]

    @property
    def rows_with_errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == RowOutcome.error]


@dataclass
class ImportResult:
    plan: ImportPlan
    invited: int

    @property
    def group(self) -> Group:
        return self.plan.group


# --- reading the file -------------------------------------------------------------------------


def decode_csv(data: bytes, filename: str = "", size: int | None = None) -> str:
    """The file's text, or InvalidInput that says in plain words what is wrong with it. `size` is
    the whole file's when only its beginning was read."""
    if not data:
        if not filename:
            raise InvalidInput(
                "Please choose a CSV file to upload.", field_errors={"file": "Please choose a CSV file."}
            )
        raise InvalidInput("This file is empty.", field_errors={"file": "This file is empty."})
    size = max(size or 0, len(data))
    if size > MAX_FILE_BYTES:
        message = (
            f"This file is {size / 1024 / 1024:.1f} MB; files can be at most 2 MB. "
            "Split it into smaller files and import them one after the other."
        )
        raise InvalidInput(message, field_errors={"file": message})
    if b"\x00" in data[:8192] or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        message = f"This is not a CSV file (it looks like a spreadsheet or another binary file). {SAVE_AS_CSV}"
        raise InvalidInput(message, field_errors={"file": message})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = f"This file is not saved as UTF-8 text, so names with accents would come out wrong. {SAVE_AS_CSV}"
        raise InvalidInput(message, field_errors={"file": message}) from None
    if not text.strip():
        raise InvalidInput("This file is empty.", field_errors={"file": "This file is empty."})
    return text


def _file_error(message: str) -> InvalidInput:
    return InvalidInput(message, field_errors={"file": message})


def _column_name(cell: str) -> str:
    name = re.sub(r"[\s\-]+", "_", cell.strip().lower())
    return COLUMN_ALIASES.get(name, name)


def delimiter_of(text: str) -> str:
    """The rule: whichever of comma and semicolon separates the header row (column names contain neither)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def read_rows(text: str) -> tuple[list[tuple[int, dict[str, str], bool]], list[str]]:
    """The data rows (row number, cells by column, whether the row had extra cells) and the
    header's columns that the import does not use."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise _file_error(
            "The first row of the file cannot be read. It must name the columns, starting with name and email."
        ) from None
    columns = [_column_name(cell) for cell in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        found = ", ".join(f"“{cell.strip()}”" for cell in header if cell.strip())[:300] or "nothing"
        raise _file_error(
            f"The first row must name the columns, including {' and '.join(REQUIRED_COLUMNS)}; "
            f"this file's first row has {found}. Download the example file to see the layout."
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise _file_error(f"The column “{repeated[0]}” appears more than once in the first row; keep one of them.")
    ignored = [
        cell.strip() for cell, name in zip(header, columns, strict=True) if name not in IMPORT_COLUMNS and cell.strip()
    ]
    rows: list[tuple[int, dict[str, str], bool]] = []
    number = 1
    try:
        for record in reader:
            number += 1
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise _file_error(
                    f"This file has more than {MAX_ROWS:,} people. Split it into smaller files "
                    "and import them one after the other."
                )
            extra = any(cell.strip() for cell in record[len(columns) :])
            cells = {
                name: (record[index] if index < len(record) else "")
                for index, name in enumerate(columns)
                if name in IMPORT_COLUMNS
            }
            rows.append((number, cells, extra))
    except csv.Error:
        raise _file_error(
            f"Row {number + 1} cannot be read: check its quotation marks "
            "(a cell that starts with a quote must end with one)."
        ) from None
    if not rows:
        raise _file_error("This file has the column names but no people in it.")
    return rows, ignored


def _split_tags(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(TAG_SEPARATOR) if entry.strip()]


def check_row(number: int, cells: dict[str, str], extra_cells: bool = False) -> RowResult:
    """One row's person and profile, or its problems in plain words (one per column)."""
    errors: dict[str, str] = {}
    name, email = cells.get("name", "").strip(), cells.get("email", "").strip()
    person: ImportedPerson | None = None
    try:
        person = ImportedPerson.model_validate({"name": name, "email": email})
    except ValidationError as error:
        errors.update(humanize_validation_errors(error.errors()))
    for column, value in (("name", name), ("email", email)):
        if not value:
            errors[column] = "This is empty; every person needs one."

    values: dict[str, Any] = {}
    for column in TEXT_COLUMNS:
        if cells.get(column, "").strip():
            values[column] = cells[column]
    for column in TAG_COLUMNS:
        if cells.get(column, "").strip():
            values[column] = _split_tags(cells[column])
    if "stage" in values:
        stage = _STAGES.get(" ".join(values["stage"].split()).casefold())
        if stage is None:
            errors["stage"] = f"“{values['stage'].strip()[:40]}” is not a stage we know; use one of {STAGE_CHOICES}."
            del values["stage"]
        else:
            values["stage"] = stage
    profile: ProfileUpdate | None = None
    try:
        profile = ProfileUpdate.model_validate(values)
    except ValidationError as error:
        for column, message in humanize_validation_errors(error.errors()).items():
            errors.setdefault(column.split(".")[0], message)
    if extra_cells:
        errors["row"] = (
            "This row has more cells than the first row has columns: check for a stray "
            "comma or semicolon, or put the cell in quotes."
        )

    row = RowResult(
        number=number,
        name=person.name if person else name,
        email=person.email if person else email,
        outcome=RowOutcome.error,
        person=person,
        profile=profile,
    )
    if errors:
        row.errors = [
            f"{COLUMN_LABELS[column]}: {message}" if column in COLUMN_LABELS else message
            for column, message in errors.items()
        ]
        row.person = row.profile = None
    else:
        row.outcome = RowOutcome.invite
    return row


async def plan_import(session: AsyncSession, group: Group, text: str) -> ImportPlan:
    """What importing this CSV into `group` would do, row by row. Reads only (the dry run)."""
    parsed, ignored = read_rows(text)
    rows = [check_row(number, cells, extra) for number, cells, extra in parsed]

    first_row_of: dict[str, int] = {}
    for row in rows:
        if row.outcome == RowOutcome.error:
            continue
        if row.email in first_row_of:
            row.outcome = RowOutcome.error
            row.errors = [
                f"Email: the same address as row {first_row_of[row.email]}; each person can be in the file once."
            ]
            row.person = row.profile = None
        else:
            first_row_of[row.email] = row.number

    emails = list(first_row_of)
    members = await invitations.active_member_emails(session, group, emails)
    earlier = await invitations.open_invitations_by_email(session, group, emails)
    now = utcnow()
    for row in rows:
        if row.outcome == RowOutcome.error:
            continue
        row.note = INVITE_NOTE
        invitation = earlier.get(row.email)
        status = invitation.status(now) if invitation else None
        if row.email in members:
            row.outcome, row.note = RowOutcome.skip, MEMBER_NOTE
        elif invitation is not None and status == InvitationStatus.waiting:
            row.outcome, row.note = RowOutcome.skip, WAITING_NOTE.format(date=_day(invitation.created_at, group))
        elif invitation is not None and status == InvitationStatus.declined:
            row.outcome, row.note = RowOutcome.skip, DECLINED_NOTE.format(date=_day(invitation.declined_at, group))
        elif status in (InvitationStatus.expired, InvitationStatus.withdrawn):
            how = "expired without an answer" if status == InvitationStatus.expired else "was withdrawn"
            row.note = RENEW_NOTE.format(how=how)
    return ImportPlan(group=group, rows=rows, ignored_columns=ignored)


def _day(moment: datetime | None, group: Group) -> str:
    return moment.astimezone(ZoneInfo(group.timezone)).strftime("%b %-d, %Y") if moment else "an earlier day"


# --- carrying it out --------------------------------------------------------------------------


async def managed_group(session: AsyncSession, actor: Account, slug: str) -> Group:
    """The group, if `actor` facilitates it (members get Forbidden, everyone else NotFound)."""
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, actor, group)
    return group


async def preview_import(session: AsyncSession, actor: Account, group: Group, text: str) -> ImportPlan:
    await require_facilitator(session, actor, group)
    return await plan_import(session, group, text)


async def import_members(session: AsyncSession, actor: Account, group: Group, text: str) -> ImportResult:
    """Checks the file again (things may have changed since the preview) and imports what is importable."""
    await require_facilitator(session, actor, group)
    plan = await plan_import(session, group, text)
    return await apply_plan(session, plan, actor=actor)


async def apply_plan(
    session: AsyncSession, plan: ImportPlan, *, actor: Account | None, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Invites everyone importable, in bulk (a 5,000-row file takes seconds). `actor` is None when
    an operator runs the command line."""
    rows = plan.importable
    if not rows:
        if plan.rows_with_errors:
            raise InvalidInput("Nothing was imported: every row has a problem. Correct the file and upload it again.")
        raise InvalidInput("Nothing was imported: everyone in this file is already a member or already invited.")
    people = [invitations.Invitee(row.person.email, row.person.name, row.profile) for row in rows if row.person]
    await invitations.invite(session, plan.group, people, actor=actor, via=JoinedVia.import_, progress=progress)
    audit.record(
        session,
        actor,
        "roster.imported",
        group_id=plan.group.id,
        target=plan.group.slug,
        invited=len(people),
        skipped=plan.count(RowOutcome.skip),
        rows_with_errors=plan.count(RowOutcome.error),
        via="web" if actor else "command line",
    )
    return ImportResult(plan=plan, invited=len(people))


EXAMPLE_CSV = "\n".join(
    [
        "name,email,stage,headline,location,linkedin_url,looking_for,can_help_with,target_roles,industries,skills,"
        "target_companies",
        "Ana Castillo,ana.castillo@example.org,searching,HR business partner with 12 years in healthcare,"
        '"Evanston, IL",https://www.linkedin.com/in/ana-castillo,'
        '"Introductions to HR leaders at hospital systems, and a mock interview",'
        "Employee relations and Workday questions,HR business partner;HR manager,Healthcare;Non-profit,"
        "Employee relations;Workday,Acme Health;Northwind Hospital",
        'Ben Okafor,ben.okafor@example.org,interviewing,"Payroll lead, multi-state",,,'
        "A second pair of eyes on my résumé,"
        "Payroll and benefits set-up for small companies,Payroll manager,Manufacturing,Payroll;ADP;Benefits,",
        "Chloe Martin,chloe.martin@example.org,,,,,,,,,,",
        "",
    ]
)
