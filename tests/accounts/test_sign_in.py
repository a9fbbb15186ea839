from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import WebSession
from app.security import hash_token
from tests.factories import PASSWORD, make_account, post_form, sign_in


async def _session_count(session: AsyncSession, account_id: int) -> int:
    statement = select(func.count()).select_from(WebSession).where(WebSession.account_id == account_id)
    return (await session.execute(statement)).scalar_one()


async def test_sign_in_starts_a_database_session_with_a_safe_cookie(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session, email="ana@example.com", name="Ana Ruiz")
    response = await post_form(client, "/login", {"email": " Ana@Example.com ", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("between_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here; see the https test
    token = cookie.split(";")[0].split("=", 1)[1]
    stored = (
        await session.execute(select(WebSession.token_hash).where(WebSession.account_id == account.id))
    ).scalar_one()
    assert stored == hash_token(token) and stored != token

    page = await client.get("/")
    assert "Ana Ruiz" in page.text and "Sign out" in page.text


async def test_cookie_is_secure_over_https(app: object, session: AsyncSession) -> None:
    await make_account(session, email="secure@example.com")
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        response = await post_form(client, "/login", {"email": "secure@example.com", "password": PASSWORD})
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("between_session="))
    assert "Secure" in cookie


async def test_wrong_password_keeps_the_email_and_says_what_to_do(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, email="sam@example.com")
    response = await post_form(client, "/login", {"email": "sam@example.com", "password": "not it at all"})
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("#field-email")["value"] == "sam@example.com"
    assert not soup.select_one("#field-password").get("value")
    assert "do not match an account" in soup.select_one("#error-password").text


async def test_unknown_email_gets_the_same_answer_as_a_wrong_password(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, email="known@example.com")
    known = await post_form(client, "/login", {"email": "known@example.com", "password": "wrong password"})
    unknown = await post_form(client, "/login", {"email": "nobody@example.com", "password": "wrong password"})

    def error(response: httpx.Response) -> str:
        return BeautifulSoup(response.text, "html.parser").select_one("#error-password").text

    assert known.status_code == unknown.status_code == 422
    assert error(known) == error(unknown)


async def test_empty_form_names_each_missing_field(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/login", {"email": "", "password": ""})
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("#error-email").text.strip() == "Please fill this in."
    assert soup.select_one("#error-password").text.strip() == "Please fill this in."
    assert soup.select_one("#field-email")["aria-invalid"] == "true"


async def test_too_many_failures_lock_the_email_for_a_while(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session, email="target@example.com")
    for _ in range(10):
        response = await post_form(client, "/login", {"email": "target@example.com", "password": "guess guess"})
        assert response.status_code == 422
    blocked = await post_form(client, "/login", {"email": "target@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.text
    assert blocked.headers["retry-after"] == "900"


async def test_next_goes_back_to_the_page_but_never_off_site(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session, email="next@example.com")
    inside = await post_form(client, "/login", {"email": "next@example.com", "password": PASSWORD, "next": "/settings"})
    assert inside.headers["location"] == "/settings"
    outside = await post_form(
        client, "/login", {"email": "next@example.com", "password": PASSWORD, "next": "//evil.example/phish"}
    )
    assert outside.headers["location"] == "/"


async def test_pages_that_need_an_account_send_visitors_to_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/settings")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/settings"


async def test_sign_out_ends_the_session_in_the_database(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    assert await _session_count(session, account.id) == 1
    response = await post_form(client, "/logout", {}, page="/settings")
    assert response.status_code == 303
    assert await _session_count(session, account.id) == 0
    assert (await client.get("/settings")).status_code == 303


async def test_a_stolen_cookie_stops_working_after_sign_out(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    stolen = client.cookies.get("between_session")
    await post_form(client, "/logout", {}, page="/settings")
    client.cookies.set("between_session", stolen)
    assert (await client.get("/settings")).status_code == 303


async def test_changing_the_password_signs_out_other_browsers(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        await sign_in(other, account)
        await sign_in(client, account)
        response = await post_form(
            client,
            "/settings/password",
            {
                "current_password": PASSWORD,
                "password": "a brand new passphrase",
                "password_again": "a brand new passphrase",
            },
            page="/settings",
        )
        assert response.status_code == 303
        assert (await client.get("/settings")).status_code == 200  # this browser stays signed in
        assert (await other.get("/settings")).status_code == 303
    assert await _session_count(session, account.id) == 1
    await post_form(client, "/logout", {}, page="/settings")
    await sign_in(client, account, "a brand new passphrase")


async def test_password_change_explains_mistakes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    response = await post_form(
        client,
        "/settings/password",
        {"current_password": "wrong one!", "password": "short", "password_again": "different"},
        page="/settings",
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "at least 10 characters" in soup.select_one("#error-password").text
    response = await post_form(
        client,
        "/settings/password",
        {"current_password": "wrong one!", "password": "long enough now", "password_again": "long enough now"},
        page="/settings",
    )
    soup = BeautifulSoup(response.text, "html.parser")
    assert "not your current password" in soup.select_one("#error-current_password").text
    response = await post_form(
        client,
        "/settings/password",
        {"current_password": PASSWORD, "password": "long enough now", "password_again": "long enough"},
        page="/settings",
    )
    assert "not the same" in BeautifulSoup(response.text, "html.parser").select_one("#error-password_again").text


async def test_renaming_keeps_input_on_error_and_saves_on_success(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session, name="Old Name")
    await sign_in(client, account)
    bad = await post_form(client, "/settings/account", {"display_name": "   "}, page="/settings")
    assert bad.status_code == 422
    assert "Please fill this in." in bad.text
    good = await post_form(client, "/settings/account", {"display_name": "New Name"}, page="/settings")
    assert good.status_code == 303
    assert "New Name" in (await client.get("/settings")).text


async def test_passwords_are_stored_as_argon2id(session: AsyncSession) -> None:
    account = await make_account(session)
    assert account.password_hash is not None
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
