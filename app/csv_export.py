"""CSV files people open in a spreadsheet: cells that cannot run as formulas, and a download that
Excel reads as UTF-8."""

from __future__ import annotations

from fastapi.responses import Response

# A spreadsheet runs cells that start with these as formulas (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def csv_download(content: str, filename: str) -> Response:
    """The file as an attachment, with a byte-order mark so that Excel reads it as UTF-8; never
    cached, since it holds people's details."""
    return Response(
        "\ufeff" + content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
