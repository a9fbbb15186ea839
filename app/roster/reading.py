"""Reading a facilitator's spreadsheet: the file's text, its rows, and each row checked into a person
and a profile, or its problems in plain words. Pure: nothing here reads the database."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.errors import InvalidInput, humanize_validation_errors
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
