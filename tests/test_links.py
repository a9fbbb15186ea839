"""app/links.py: the paths Between links to, quoted the same way everywhere."""

from __future__ import annotations

import re
import uuid

import pytest

from app import links
from app.config import PROJECT_ROOT, Settings
from app.web import templates


def test_paths_are_built_from_parts_and_query_values() -> None:
    meeting_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert links.group("tuesday-hr", "manage", "import") == "/g/tuesday-hr/manage/import"
    assert (
        links.group("tuesday-hr", "introductions", status="proposed") == "/g/tuesday-hr/introductions?status=proposed"
    )
    assert links.meeting(meeting_id, "roster") == f"/meetings/{meeting_id}/roster"
    assert links.person("tuesday-hr", meeting_id) == f"/g/tuesday-hr/members/{meeting_id}"
    assert links.home() == "/" and links.home(cursor="abc") == "/?cursor=abc"
    assert links.settings() == "/settings" and links.settings("data", "export.json") == "/settings/data/export.json"
    assert links.admin() == "/admin" and links.admin("webhooks", 7, "deliveries") == "/admin/webhooks/7/deliveries"
    assert links.calendar_feed("tok") == "/calendar/tok.ics"
    assert links.api("groups", meeting_id, "topics") == f"/api/v1/groups/{meeting_id}/topics"


def test_empty_query_values_are_left_out_and_the_rest_kept_in_order() -> None:
    assert links.group("g", "meetings", cursor=None, past=False) == "/g/g/meetings"
    assert links.group("g", "meetings", cursor="", past=True) == "/g/g/meetings?past=true"
    assert links.group("g", "introductions", "new", a="x", b="y", request_id=None) == "/g/g/introductions/new?a=x&b=y"
    assert (
        links.group("g", "introductions", status="proposed", cursor="c")
        == "/g/g/introductions?status=proposed&cursor=c"
    )
    assert links.admin("audit", page=0) == "/admin/audit?page=0"  # zero is a value, not nothing


def test_tokens_are_quoted_whole_as_one_segment() -> None:
    assert links.invitation("a/b?c d") == "/invitation/a%2Fb%3Fc%20d"
    assert links.join("x#y") == "/join/x%23y"
    assert links.verify_email("tok en") == "/verify-email/tok%20en" and links.verify_email() == "/verify-email"
    assert links.password_reset("a&b") == "/password-reset/a%26b"
    assert links.calendar_feed("../x") == "/calendar/..%2Fx.ics"


def test_the_next_path_of_sign_in_keeps_its_slashes_and_quotes_its_query() -> None:
    assert links.login() == "/login"
    assert links.login(next="/g/tuesday-hr/join") == "/login?next=/g/tuesday-hr/join"
    # The page's own query string is part of `next`, not of the sign-in page's address.
    assert links.login(next="/introductions?cursor=a b&x=1") == "/login?next=/introductions%3Fcursor%3Da%20b%26x%3D1"
    assert links.login(next=links.invitation("tok")) == "/login?next=/invitation/tok"


@pytest.mark.parametrize("value", ["eyJpZCI6IDF9", "a=b+c/d", "naïve & sure?", "#1 50%"])
def test_query_values_are_quoted_as_the_templates_urlencode_filter_quotes_them(value: str) -> None:
    by_filter = templates.env.from_string("{{ value|urlencode }}").render(value=value)
    assert links.home(cursor=value) == f"/?cursor={by_filter}"


def test_templates_have_links_and_escape_what_it_builds() -> None:
    rendered = templates.env.from_string(
        "<a href=\"{{ links.group(slug, 'introductions', 'new', a='x', b='y') }}\">"
    ).render(slug="tuesday-hr")
    assert rendered == '<a href="/g/tuesday-hr/introductions/new?a=x&amp;b=y">'


def test_absolute_addresses_start_with_the_public_base_url() -> None:
    # The suite's settings say BASE_URL=http://testserver (tests/conftest.py).
    assert links.absolute(links.profile()) == "http://testserver/profile"
    assert links.absolute(links.home()) == "http://testserver/"
    assert links.absolute(links.meeting("m", "check-in", code="c")) == "http://testserver/meetings/m/check-in?code=c"
    # What absolute() puts in front: BASE_URL without its trailing slash, or the address served on.
    assert Settings(BASE_URL="https://between.example.org/").public_base_url == "https://between.example.org"
    assert Settings(BASE_URL="", HOST="0.0.0.0", PORT=8080).public_base_url == "http://0.0.0.0:8080"


def test_no_template_writes_a_path_by_hand() -> None:
    """Every page links through `links`; only static files are addressed otherwise (url_for)."""
    by_hand = re.compile(r"""\b(?:href|action|formaction|src)=["']/""")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}"
        for path in sorted((PROJECT_ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if by_hand.search(line)
    ]
    assert not found, "write these with links.*:\n" + "\n".join(found)
