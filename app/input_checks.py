"""Checks on what people and integrations send that no one schema can make: text with a NUL
character in it.

PostgreSQL cannot store NUL (U+0000) in text and refuses a query that carries one, which would
turn a stray byte into a 500 (SQLite would keep it). No person means to send one, so it is
refused with a 422 that names the field, whatever the route, before anything reads it: in the
query string, a JSON body or a form (files are the importer's to judge).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request

from app.errors import InvalidInput

NUL = "\x00"
MESSAGE = "Text cannot contain the NUL character (U+0000)."


def _path_with_nul(value: Any, path: str = "") -> str | None:
    if isinstance(value, str):
        return path or "request" if NUL in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and NUL in key:
            return f"{path}.{key}".strip(".").replace(NUL, "")
        found = _path_with_nul(item, f"{path}.{key}".strip("."))
        if found is not None:
            return found
    return None


async def refuse_nul_characters(request: Request) -> None:
    for name, value in request.query_params.multi_items():
        if NUL in name or NUL in value:
            raise InvalidInput(MESSAGE, field_errors={name.replace(NUL, ""): MESSAGE})
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        body = await request.body()  # kept by the request, which parses its form from it
        if b"%00" in body:
            for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
                if NUL in name or NUL in value:
                    raise InvalidInput(MESSAGE, field_errors={name.replace(NUL, ""): MESSAGE})
    elif "json" in content_type:
        body = await request.body()
        if b"\\u0000" not in body:
            return  # a raw NUL byte is not JSON: the route's own validation says so
        try:
            parsed = json.loads(body)
        except ValueError:
            return
        field = _path_with_nul(parsed)
        if field is not None:
            raise InvalidInput(MESSAGE, field_errors={field: MESSAGE})
