"""Cursor pagination: opaque cursors that carry the sort key of the last row seen."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import BindParameter, Integer, Select, SQLColumnExpression, and_, bindparam, or_

from app.errors import BadRequest

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page; null on the last.")
    next: str | None = Field(
        default=None,
        description="The next page's address, with the same filters; null on "
        'the last page. Also sent as a `Link: <…>; rel="next"` header.',
    )


class PageParams(BaseModel):
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many items, 1 to 200.")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD_CURSOR = "This cursor is not valid. Start again from the first page, without a cursor."


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != arity:
        raise BadRequest(BAD_CURSOR)
    return values


R = TypeVar("R")


@dataclass(frozen=True)
class Keyset:
    """A list's order for keyset pages: a sort column, then a unique tiebreaker, one direction. The
    cursor carries the last row's two values, so each page starts where the last one ended, with an
    index range instead of an offset that re-reads what came before."""

    sort: SQLColumnExpression[Any]
    tiebreak: SQLColumnExpression[Any]
    descending: bool = True
    read_sort: Callable[[str], Any] = datetime.fromisoformat
    read_tiebreak: Callable[[str], Any] = uuid.UUID

    def apply(self, statement: Select[Any], page: PageParams) -> Select[Any]:
        """`statement` ordered, limited to one row more than the page (to know if another follows)
        and, with a cursor, starting after it."""
        if self.descending:
            statement = statement.order_by(self.sort.desc(), self.tiebreak.desc())
        else:
            statement = statement.order_by(self.sort, self.tiebreak)
        statement = statement.limit(page.limit + 1)
        if page.cursor:
            last, last_tiebreak = self._after(page.cursor)
            if self.descending:
                after = or_(self.sort < last, and_(self.sort == last, self.tiebreak < last_tiebreak))
            else:
                after = or_(self.sort > last, and_(self.sort == last, self.tiebreak > last_tiebreak))
            statement = statement.where(after)
        return statement

    def bound(self, statement: Select[Any], *, after: bool) -> Select[Any]:
        """`apply` for a statement built once: the limit and, when `after`, the cursor's two values
        are bound parameters, which `parameters(page)` gives for each page."""
        statement = statement.order_by(
            *((self.sort.desc(), self.tiebreak.desc()) if self.descending else (self.sort, self.tiebreak))
        )
        statement = statement.limit(bindparam("page_limit", type_=Integer))
        if after:
            last: BindParameter[Any] = bindparam("after_sort")
            last_tiebreak: BindParameter[Any] = bindparam("after_tiebreak")
            if self.descending:
                return statement.where(or_(self.sort < last, and_(self.sort == last, self.tiebreak < last_tiebreak)))
            return statement.where(or_(self.sort > last, and_(self.sort == last, self.tiebreak > last_tiebreak)))
        return statement

    def parameters(self, page: PageParams) -> dict[str, Any]:
        """The values of `bound`'s parameters for `page` (its statement: `after=page.cursor is not None`)."""
        found: dict[str, Any] = {"page_limit": page.limit + 1}
        if page.cursor:
            found["after_sort"], found["after_tiebreak"] = self._after(page.cursor)
        return found

    def _after(self, cursor: str) -> tuple[Any, Any]:
        raw_sort, raw_tiebreak = decode_cursor(cursor, 2)
        try:
            return self.read_sort(str(raw_sort)), self.read_tiebreak(str(raw_tiebreak))
        except (TypeError, ValueError):
            raise BadRequest(BAD_CURSOR) from None

    def cut(
        self, rows: Sequence[R], page: PageParams, key: Callable[[R], tuple[Any, Any]]
    ) -> tuple[list[R], str | None]:
        """The page's rows, and the cursor of the next page (None on the last): `key` gives a row's
        sort value and tiebreaker."""
        if len(rows) <= page.limit:
            return list(rows), None
        shown = list(rows[: page.limit])
        sort_value, tiebreak = key(shown[-1])
        if isinstance(sort_value, datetime):
            sort_value = sort_value.isoformat()
        return shown, encode_cursor(sort_value, str(tiebreak))


# Held here: pydantic keeps parametrized generic models only weakly, and building the class again
# (after a garbage collection) on a request costs more than the whole page.
_ANY_PAGE = Page[Any]


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
        return _ANY_PAGE(items=list(items), next_cursor=next_cursor, next=next_url)


async def paging(request: Request, response: Response, params: Annotated[PageParams, Depends(page_params)]) -> Paging:
    return Paging(params=params, request=request, response=response)


Pages = Annotated[Paging, Depends(paging)]
