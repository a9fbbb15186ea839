"""Every path Between links to, built in one place (in the spirit of Datasette's `Urls`).

Pages, form targets, redirects, emails, calendars, QR codes and the API's Location headers all
ask here, so an address is written once. Templates have this module as `links`.

Each function takes what identifies the resource, then further path segments, then query values:

    links.group("tuesday-hr", "manage", "import")              -> /g/tuesday-hr/manage/import
    links.group("tuesday-hr", "introductions", status="proposed")
                                                               -> /g/tuesday-hr/introductions?status=proposed
    links.login(next="/g/tuesday-hr/join")                     -> /login?next=/g/tuesday-hr/join

Each path part is one segment and is quoted whole (a "/" inside a part becomes %2F). Query values
that are None, "" or False are left out, True is written `true`, and the rest are quoted as Jinja's
`urlencode` filter quotes them (everything but letters, digits, `_.-~` and `/`). A fragment is the
caller's: `links.meeting(meeting_id, "roster") + "#guests"`.

What stays literal: static files (`url_for('static', ...)`), the paths routes are declared with,
and the RFC 9457 problem types (`/problems/...`), which name kinds of errors and are not pages.

`absolute()` puts the public base URL in front, for what is read outside the browser (emails,
calendars, QR codes); it is the one reader of that setting outside the composition roots.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from app.config import get_settings

Part = str | int | uuid.UUID
Value = str | int | uuid.UUID | bool | None


def path(*parts: Part, **query: Value) -> str:
    """`/part/part?name=value`: the building block of every function below."""
    built = "/" + "/".join(quote(str(part), safe="") for part in parts)
    pairs = [
        f"{name}={'true' if value is True else quote(str(value), safe='/')}"
        for name, value in query.items()
        if value is not None and value is not False and value != ""
    ]
    return f"{built}?{'&'.join(pairs)}" if pairs else built


def absolute(relative: str) -> str:
    """The full address of a path from this module, for links read outside the browser."""
    return get_settings().public_base_url + relative


# --- pages anyone may reach ----------------------------------------------------------------------


def home(**query: Value) -> str:
    """The list of groups."""
    return path(**query)


def login(next: str | None = None, **query: Value) -> str:
    """The sign-in page; `next` (a path with its query string, quoted whole) is where it leads after."""
    return path("login", next=next, **query)


def logout() -> str:
    return path("logout")


def password_reset(token: str | None = None) -> str:
    return path("password-reset") if token is None else path("password-reset", token)


def verify_email(token: str | None = None) -> str:
    return path("verify-email") if token is None else path("verify-email", token)


def invitation(token: str, *parts: Part) -> str:
    """A personal invitation to a group, from its email."""
    return path("invitation", token, *parts)


def join(token: str) -> str:
    """A group's invite link."""
    return path("join", token)


def calendar_feed(token: str) -> str:
    """A person's private calendar feed."""
    return path("calendar", f"{token}.ics")


def goodbye() -> str:
    return path("goodbye")


def api_docs() -> str:
    return path("docs")


def api(*parts: Part, **query: Value) -> str:
    """A resource of the JSON API."""
    return path("api", "v1", *parts, **query)


# --- a person's own pages ------------------------------------------------------------------------


def profile(**query: Value) -> str:
    return path("profile", **query)


def settings(*parts: Part) -> str:
    return path("settings", *parts)


def network() -> str:
    return path("me", "network")


def contacts(*parts: Part, **query: Value) -> str:
    """The person's own contacts, private to them."""
    return path("me", "contacts", *parts, **query)


def reach(*parts: Part, **query: Value) -> str:
    """The person's warm paths to their target companies, and their warm-introduction requests."""
    return path("me", "reach", *parts, **query)


def introductions(**query: Value) -> str:
    """The person's own introductions."""
    return path("introductions", **query)


def introduction(introduction_id: Part, *parts: Part) -> str:
    return path("introductions", introduction_id, *parts)


def introduction_request(request_id: Part, *parts: Part) -> str:
    return path("introduction-requests", request_id, *parts)


# --- groups and what belongs to them -------------------------------------------------------------


def group(slug: str, *parts: Part, **query: Value) -> str:
    return path("g", slug, *parts, **query)


def person(group_slug: str, person_id: Part, **query: Value) -> str:
    """A member's page in a group's directory."""
    return group(group_slug, "members", person_id, **query)


def meeting(meeting_id: Part, *parts: Part, **query: Value) -> str:
    return path("meetings", meeting_id, *parts, **query)


def landing(landing_id: Part, *parts: Part) -> str:
    return path("landings", landing_id, *parts)


# --- administration and development --------------------------------------------------------------


def admin(*parts: Part, **query: Value) -> str:
    return path("admin", *parts, **query)


def mailbox(*parts: Part) -> str:
    """The development mailbox."""
    return path("dev", "mailbox", *parts)


def photo(photo_id: Part, edge: int) -> str:
    """A profile photo, square, `edge` pixels wide (64, 256 or 512); answered only to those who may see it."""
    return path("photos", photo_id, f"{edge}.webp")


def api_photo(photo_id: Part, edge: int) -> str:
    return path("api", "v1", "photos", photo_id, f"{edge}.webp")
