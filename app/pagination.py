"""Cursor pagination: opaque cursors that carry the sort key of the last row seen."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field

from app.errors import BadRequest

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page; null on the last.")
    next: str | None = Field(default=None, description="The next page's address, with the same filters; null on "
                                                       "the last page. Also sent as a `Link: <…>; rel=\"next\"` header.")


class PageParams(BaseModel):
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many items, 1 to 200.")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != arity:
        raise BadRequest("This cursor is not valid. Start again from the first page, without a cursor.")
    return values


@dataclass(frozen=True)
class Paging:
    """What a list route gets: the `limit` and `cursor` asked for, and `page()` to answer with,
    which adds the `next` link (this address with every query parameter kept and `cursor`
    replaced) and the `Link` header."""

    params: PageParams
    request: Request
    response: Response

    def page(self, items: Sequence[T], next_cursor: str | None = None) -> Page[T]:
        next_url = None
        if next_cursor is not None:
            next_url = str(self.request.url.include_query_params(cursor=next_cursor))
            self.response.headers["Link"] = f'<{next_url}>; rel="next"'
        return Page[Any](items=list(items), next_cursor=next_cursor, next=next_url)  # type: ignore[return-value]


def paging(request: Request, response: Response, params: Annotated[PageParams, Depends(page_params)]) -> Paging:
    return Paging(params=params, request=request, response=response)


Pages = Annotated[Paging, Depends(paging)]
