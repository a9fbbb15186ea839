"""CSV files people open in a spreadsheet: cells that cannot run as formulas, and a download that
Excel reads as UTF-8. Large files are streamed as they are read, batch by batch."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from dataclasses import dataclass

from fastapi.responses import Response, StreamingResponse

log = logging.getLogger("between.csv")

# A spreadsheet runs cells that start with these as formulas (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A byte-order mark, so that Excel reads the file as UTF-8.
_BOM = "\ufeff"


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _headers(filename: str) -> dict[str, str]:
    # Never cached: it holds people's details.
    return {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}


def csv_download(content: str, filename: str) -> Response:
    """A small file (a chart's numbers), written whole, as an attachment."""
    return Response(_BOM + content, media_type="text/csv; charset=utf-8", headers=_headers(filename))


@dataclass
class CsvFile:
    """A file too large to write whole: its rows come in batches (each cell made spreadsheet_safe by
    whoever makes them), read from the database as the file is sent."""

    filename: str
    header: Sequence[str]
    batches: AsyncIterable[Sequence[Sequence[str]]]


def csv_stream(file: CsvFile) -> StreamingResponse:
    """The file as an attachment, sent a batch at a time: the first rows leave before the last are
    read, memory holds one batch, and other requests are served between batches. Should reading
    fail halfway, the connection is closed before the end of the file, so the download is reported
    as failed rather than saved short."""
    return StreamingResponse(_encoded(file), media_type="text/csv; charset=utf-8", headers=_headers(file.filename))


async def _encoded(file: CsvFile) -> AsyncIterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write(_BOM)
    writer.writerow(file.header)
    rows = 0
    try:
        async for batch in file.batches:
            writer.writerows(batch)
            rows += len(batch)
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    except Exception:
        log.warning("%s stopped after %d rows: the download is cut short, so it fails", file.filename, rows)
        raise
    if out.tell():  # no batches at all: the header alone
        yield out.getvalue().encode()
