"""Server-rendered pages: the Jinja2 environment, render(), flash messages and form parsing."""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup, escape
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from app import avatars, links, timezones, wording
from app.config import PROJECT_ROOT, get_settings
from app.errors import humanize_validation_errors
from app.security import csrf_token_for

CSRF_COOKIE = "between_csrf"
FLASH_COOKIE = "between_flash"
CSRF_FIELD = "csrf_token"

templates = Jinja2Templates(directory=str(PROJECT_ROOT / "templates"))

M = TypeVar("M", bound=BaseModel)


def _local_time(value: datetime | None, timezone: str = "UTC", fmt: str = "%b %-d, %Y %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(timezone)).strftime(fmt)


_URL = re.compile(r"https?://[^\s<>\"']+")


def _linkify(text: str) -> Markup:
    """Escapes text and makes its web addresses clickable (for plain-text emails)."""
    escaped = str(escape(text))
    return Markup(_URL.sub(lambda match: f'<a href="{match.group(0)}">{match.group(0)}</a>', escaped))


Options = list[tuple[str, str]]


def _select_options(options: Options, groups: list[tuple[str, Options]], selected: object) -> Markup:
    """A select's options (and optgroups), the first whose value is `selected` marked selected.
    Written here rather than by a template macro per option: a member picker has thousands, and a
    page shows the same list in two pickers (the options are written once per list, then marked)."""
    written = _written_options(options, groups)
    if isinstance(selected, str):
        option = f'<option value="{html.escape(selected)}">'
        written = written.replace(option, f'<option value="{html.escape(selected)}" selected>', 1)
    return Markup(written)


def _datalist_options(labels: list[str]) -> Markup:
    """A datalist's options: up to hundreds of values suggested for a filter."""
    return Markup("".join(f'<option value="{html.escape(label)}">' for label in labels))


# The lists last written (kept with the list itself, so that its id cannot be another list's).
_WRITTEN: dict[tuple[int, int], tuple[Options, list[tuple[str, Options]], str]] = {}


def _written_options(options: Options, groups: list[tuple[str, Options]]) -> str:
    key = (id(options), id(groups))
    kept = _WRITTEN.get(key)
    if kept is not None and kept[0] is options and kept[1] is groups:
        return kept[2]
    parts: list[str] = []
    for heading, items in [("", options), *groups]:
        if heading:
            parts.append(f'<optgroup label="{html.escape(heading)}">')
        # html.escape: plain strings, where markupsafe's escape() makes a Markup object per call.
        parts.extend(f'<option value="{html.escape(value)}">{html.escape(text)}</option>' for value, text in items)
        if heading:
            parts.append("</optgroup>")
    written = "\n".join(parts)
    if len(_WRITTEN) >= 4:
        _WRITTEN.pop(next(iter(_WRITTEN)))
    _WRITTEN[key] = (options, groups, written)
    return written


templates.env.filters["local_time"] = _local_time
templates.env.filters["linkify"] = _linkify
templates.env.filters["people"] = wording.people
templates.env.filters["possessive"] = wording.possessive
templates.env.filters["zone_label"] = timezones.zone_label
templates.env.globals["links"] = links
templates.env.globals["select_options"] = _select_options
templates.env.globals["datalist_options"] = _datalist_options
templates.env.filters["initials"] = avatars.initials
templates.env.filters["avatar_background"] = avatars.background


def is_secure(request: Request) -> bool:
    return request.url.scheme == "https"


def csrf_cookie_value(request: Request) -> str:
    """The browser's CSRF secret; a new one is made (and set by render) when it has none."""
    value = getattr(request.state, "csrf_cookie", None)
    if value is None:
        value = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf_cookie = value
    return value


def _flash_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().effective_secret_key(), salt="flash")


def flash(response: Response, message: str, level: str = "success") -> Response:
    """Shows `message` once on the next page this browser opens. (SecurityHeaders in app/main.py marks
    this and every other cookie Secure over HTTPS.)"""
    value = _flash_serializer().dumps([level, message])
    response.set_cookie(FLASH_COOKIE, value, httponly=True, samesite="lax", path="/")
    return response


def _take_flash(request: Request) -> dict[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        level, message = _flash_serializer().loads(raw)
    except (BadSignature, ValueError, TypeError):
        return None
    return {"level": str(level), "message": str(message)}


def redirect(url: str, message: str | None = None, level: str = "success") -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if message:
        flash(response, message, level)
    return response


def render(request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    csrf_cookie = csrf_cookie_value(request)
    flash_message = _take_flash(request)
    page_context = {
        "account": getattr(request.state, "viewer", None),
        "csrf_token": csrf_token_for(csrf_cookie),
        "flash": flash_message,
        "settings": get_settings(),
        **(context or {}),
    }
    response = templates.TemplateResponse(request, template, page_context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    if request.cookies.get(CSRF_COOKIE) != csrf_cookie:
        response.set_cookie(
            CSRF_COOKIE, csrf_cookie, httponly=True, samesite="lax", secure=is_secure(request), path="/"
        )
    if flash_message:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def confirm(
    request: Request, *, title: str, explanation: str, action: str, yes: str, back: str, no: str = "No, go back"
) -> Response:
    """A page that asks before something cannot be undone; the form posts to `action`."""
    return render(
        request,
        "_partials/confirm.html",
        {"confirm": {"title": title, "explanation": explanation, "action": action, "yes": yes, "back": back, "no": no}},
    )


def safe_next(next_path: str | None, default: str = "/") -> str:
    """Only same-site paths, so a crafted link cannot send someone elsewhere after sign-in."""
    if next_path and next_path.startswith("/") and not next_path.startswith(("//", "/\\")):
        return next_path
    return default


@dataclass
class Form(Generic[M]):
    """What a person submitted: the values to show again, and either the data or the errors."""

    values: dict[str, Any]
    data: M | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.data is not None

    def add_errors(self, errors: dict[str, str]) -> Form[M]:
        self.errors.update(errors)
        self.data = None
        return self


def empty_form(values: dict[str, Any] | None = None) -> Form[Any]:
    return Form(values=dict(values or {}))


def form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in form.keys():
        if key == CSRF_FIELD:
            continue
        items = [item for item in form.getlist(key) if isinstance(item, str)]
        values[key] = items if len(items) > 1 else (items[0] if items else "")
    return values


async def parse_form(
    request: Request, schema: type[M], prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None
) -> Form[M]:
    """Validates the submitted form with `schema`; `prepare` reshapes flat form fields first
    (rows of inputs into lists, for instance). The values typed are kept either way."""
    values = form_values(await request.form())
    try:
        return Form(values=values, data=schema.model_validate(prepare(values) if prepare else values))
    except ValidationError as error:
        return Form(values=values, errors=humanize_validation_errors(error.errors()))
