"""Reading a member's contacts file: LinkedIn's connections export, a vCard file or a spreadsheet
saved as CSV, into contacts, and each row that cannot be one into a problem in plain words ("Row 12:
no name"). Pure: nothing here reads the database."""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from app.contacts.models import (
    COMPANY_LENGTH,
    EMAIL_LENGTH,
    NAME_LENGTH,
    POSITION_LENGTH,
    URL_LENGTH,
    ContactSource,
)
from app.errors import InvalidInput

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# How far down a spreadsheet its column names may be: LinkedIn's export has a few lines of notes first.
HEADER_SEARCH_ROWS = 10

SAVE_AS_CSV = "In Excel, Numbers or Google Sheets choose File → Save as (or Download) → “CSV UTF-8”."
LINKEDIN_HOW = (
    "On LinkedIn: Settings → Data privacy → Get a copy of your data → Connections; "
    "upload the Connections.csv file it sends you."
)
NEEDED_COLUMNS = (
    "The first row must name the columns: “First Name” and “Last Name” (or one “Name” column), and if you "
    "have them “Email”, “Company”, “Position” (or “Title”), “URL” and “Connected On”."
)

# Spellings of our columns in people's spreadsheets (compared lower-cased, spaces and dashes as _).
COLUMN_ALIASES = {
    "first_name": "first_name",
    "firstname": "first_name",
    "first": "first_name",
    "given_name": "first_name",
    "last_name": "last_name",
    "lastname": "last_name",
    "last": "last_name",
    "surname": "last_name",
    "family_name": "last_name",
    "name": "name",
    "full_name": "name",
    "display_name": "name",
    "contact": "name",
    "email": "email",
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "mail": "email",
    "company": "company",
    "company_name": "company",
    "organization": "company",
    "organisation": "company",
    "employer": "company",
    "position": "position",
    "title": "position",
    "job_title": "position",
    "role": "position",
    "url": "url",
    "linkedin": "url",
    "linkedin_url": "url",
    "profile_url": "url",
    "linkedin_profile": "url",
    "connected_on": "connected_on",
    "connected": "connected_on",
}
NAME_COLUMNS = ("first_name", "last_name", "name")
LINKEDIN_COLUMNS = ("first_name", "last_name", "url", "email", "company", "position", "connected_on")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_FORMATS = ("%d %b %Y", "%Y-%m-%d", "%d %B %Y", "%b %d, %Y")
_HEADER_CELL = re.compile(r"[\s\-]+")


@dataclass(frozen=True, slots=True)
class ReadContact:
    row: int  # as a spreadsheet numbers it (notes and the header count), or the card's number
    first_name: str
    last_name: str
    email: str | None
    profile_url: str | None
    company_label: str
    position: str
    connected_on: date | None


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    message: str  # whole, with where it is: "Row 12: no name."


@dataclass
class ContactsFile:
    source: ContactSource
    contacts: list[ReadContact] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def file_error(message: str) -> InvalidInput:
    return InvalidInput(message, field_errors={"file": message})


def decode(data: bytes, filename: str = "") -> str:
    """The file's text, or InvalidInput that says in plain words what is wrong with it."""
    if not data:
        if not filename:
            raise file_error("Please choose a file: LinkedIn's Connections.csv, a vCard (.vcf) or a CSV file.")
        raise file_error("This file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise file_error(
            f"This file is {len(data) / 1024 / 1024:.1f} MB; files can be at most 10 MB. "
            "Split it into smaller files and import them one after the other."
        )
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise file_error(f"This is a spreadsheet file, not a CSV file. {SAVE_AS_CSV}")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_error(
            f"This file is not saved as UTF-8 text, so names with accents would come out wrong. {SAVE_AS_CSV}"
        ) from None
    if "\x00" in text:
        raise file_error("This is not a text file (it looks like a binary file). " + LINKEDIN_HOW)
    if not text.strip():
        raise file_error("This file is empty.")
    return text


def read_contacts(data: bytes, filename: str = "") -> ContactsFile:
    """Every contact in the file, and the problems of the rows that are not one. Raises InvalidInput
    for a file that cannot be read at all."""
    text = decode(data, filename)
    if text.lstrip()[:11].upper() == "BEGIN:VCARD" or filename.lower().endswith((".vcf", ".vcard")):
        from app.contacts.vcards import read_vcards  # which uses this module's rows and checks

        return read_vcards(text)
    return read_csv(text)


# --- spreadsheets: LinkedIn's export and plain CSV ------------------------------------------------


def _column_name(cell: str) -> str:
    name = _HEADER_CELL.sub("_", cell.strip().lower())
    return COLUMN_ALIASES.get(name, name)


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    sample = "\n".join(lines)
    counts = {delimiter: sample.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def read_csv(text: str) -> ContactsFile:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records = _records(reader)
    header: list[str] | None = None
    number = 0
    first_row: list[str] = []
    for number, record in records:
        if any(cell.strip() for cell in record):
            first_row = first_row or record
            columns = [_column_name(cell) for cell in record]
            if any(name in columns for name in NAME_COLUMNS):
                header = record
                break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        found = ", ".join(f"“{cell.strip()}”" for cell in first_row if cell.strip())[:300] or "nothing"
        raise file_error(f"{NEEDED_COLUMNS} This file's first row has {found}.")
    columns = [_column_name(cell) for cell in header]
    repeated = sorted({name for name in columns if name in COLUMN_ALIASES.values() and columns.count(name) > 1})
    if repeated:
        raise file_error(f"The column “{repeated[0]}” appears more than once in the header row; keep one of them.")
    linkedin = all(name in columns for name in LINKEDIN_COLUMNS)
    result = ContactsFile(source=ContactSource.linkedin if linkedin else ContactSource.csv)
    used = (*LINKEDIN_COLUMNS, "name")
    result.ignored_columns = [
        cell.strip() for cell, name in zip(header, columns, strict=True) if name not in used and cell.strip()
    ]
    positions = {name: index for index, name in enumerate(columns) if name in (*LINKEDIN_COLUMNS, "name")}
    rows = 0
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise file_error(
                f"This file has more than {MAX_ROWS:,} contacts. Split it into smaller files "
                "and import them one after the other."
            )
        cells = {name: record[index].strip() if index < len(record) else "" for name, index in positions.items()}
        first, last = cells.get("first_name", ""), cells.get("last_name", "")
        if not first and not last and cells.get("name"):
            first, _, last = cells["name"].rpartition(" ")
            if not first:
                first, last = last, ""
        check_row(result, f"Row {number}", number, first, last, cells)
    if not result.contacts and not result.problems:
        raise file_error("This file has the column names but no contacts in it.")
    return result


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for record in reader:
            number += 1
            yield number, record
    except csv.Error:
        raise file_error(
            f"Row {number + 1} cannot be read: check its quotation marks "
            "(a cell that starts with a quote must end with one)."
        ) from None


def check_row(
    result: ContactsFile, where: str, number: int, first: str, last: str, cells: Mapping[str, str | None]
) -> None:
    """Adds the row's contact to `result`, or its first problem."""
    first, last = " ".join(first.split()), " ".join(last.split())
    if not first:
        first, last = last, ""
    email = (cells.get("email") or "").strip() or None
    url = (cells.get("url") or "").strip() or None
    company = " ".join((cells.get("company") or "").split())
    position = " ".join((cells.get("position") or "").split())
    connected = (cells.get("connected_on") or "").strip()
    problem = None
    if not first:
        problem = "no name."
    elif len(first) > NAME_LENGTH or len(last) > NAME_LENGTH:
        problem = f"the name is longer than {NAME_LENGTH} characters."
    elif email is not None and (len(email) > EMAIL_LENGTH or not _EMAIL.match(email)):
        problem = f"“{email[:60]}” is not an email address."
    elif len(company) > COMPANY_LENGTH:
        problem = f"the company is longer than {COMPANY_LENGTH} characters."
    elif len(position) > POSITION_LENGTH:
        problem = f"the position is longer than {POSITION_LENGTH} characters."
    if problem is None and url is not None:
        url = profile_url(url)
        if url is None:
            problem = f"“{(cells.get('url') or '')[:60]}” is not a web address (like https://www.linkedin.com/in/…)."
    connected_on = None
    if problem is None and connected:
        connected_on = parse_date(connected)
        if connected_on is None:
            problem = f"“{connected[:40]}” is not a date like 02 Dec 2026 or 2026-12-02."
    if problem is not None:
        result.problems.append(RowProblem(number, f"{where}: {problem}"))
        return
    result.contacts.append(ReadContact(number, first, last, email, url, company, position, connected_on))


_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_WEB_ADDRESS = re.compile(r"^https?://[^/\s.]+\.[^/\s]+\S*$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$")
# In English whatever the locale: LinkedIn writes its dates so.
_MONTHS = {name: number for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def profile_url(value: str) -> str | None:
    """The address with its scheme (people paste linkedin.com/in/… without one), or None if it is not one."""
    url = value.strip()
    if not _SCHEME.match(url):
        url = "https://" + url
    if len(url) > URL_LENGTH or not _WEB_ADDRESS.match(url):
        return None
    # One address written two ways (LinkedIn's exports differ by a trailing slash) is stored one way.
    return url.rstrip("/") if url.count("/") > 3 else url


@functools.lru_cache(maxsize=8192)
def parse_date(value: str) -> date | None:
    """LinkedIn's "02 Dec 2026" (quickly: 30,000 rows have a few hundred dates), ISO dates, and a few more."""
    found = _DAY_MONTH_YEAR.match(value)
    if found and found[2].title() in _MONTHS:
        try:
            return date(int(found[3]), _MONTHS[found[2].title()], int(found[1]))
        except ValueError:
            return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None
