"""Fixtures of the real-browser tests: the app served by uvicorn on its own fresh database, driven by
Debian's Chromium through Playwright. They may skip on a laptop without Chromium, never in CI.

A plugin of tests/conftest.py rather than a conftest of tests/e2e, so that the browser tests of
other features (tests/landings, tests/meeting_day) share the one server and browser: a fixture
imported into a test module would be a second one, with its own database, server and Chromium."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from app.accounts.service import create_account
from app.db import create_engine, create_sessionmaker
from app.migrate import upgrade_head_async
from tests.conftest import Mailbox, create_test_database, served_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "browser-admin-password"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests (apt install chromium).")
        pytest.skip(f"{CHROMIUM} is not installed (apt install chromium); browser tests skipped here.")
    return CHROMIUM


FACILITATOR_EMAIL = "fay@example.org"
APPROVAL_GROUP = "tuesday-hr"


async def _approval_group(session: Any) -> None:
    """A group that approves newcomers, with a facilitator and two members already in it."""
    from datetime import timedelta

    from app.db import utcnow
    from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
    from app.profiles.schemas import ProfileUpdate
    from app.profiles.service import update_profile

    group = Group(
        slug=APPROVAL_GROUP,
        name="Tuesday HR Circle",
        timezone="America/Chicago",
        join_policy=JoinPolicy.approval,
        agreement="Be kind.\nKeep confidences.",
    )
    session.add(group)
    await session.flush()
    people = [
        (FACILITATOR_EMAIL, "Fay Facilitator", Role.facilitator, {"headline": "Volunteer facilitator, HR director"}),
        (
            "omar@example.org",
            "Omar Haddad",
            Role.member,
            {
                "headline": "HRIS lead, Workday since 2012",
                "skills": ["Workday"],
                "past_companies": [{"name": "Acme Health", "from": 2012, "to": 2024}],
            },
        ),
        (
            "lena@example.org",
            "Lena Fischer",
            Role.member,
            {
                "headline": "Recruiter in healthcare",
                "target_companies": ["Acme Health"],
                "looking_for": "Someone who knows Workday",
            },
        ),
    ]
    for email, name, role, profile in people:
        account = await create_account(session, email=email, display_name=name, password=ADMIN_PASSWORD)
        session.add(
            Membership(
                group_id=group.id, account_id=account.id, role=role, status=MembershipStatus.active, joined_at=utcnow()
            )
        )
        await update_profile(session, account, ProfileUpdate.model_validate(profile))
    # Long-standing members for a round: one practises interviews with people, the other needs it.
    for email, name, profile in (
        (
            "rosa@example.org",
            "Rosa Ramos",
            {"stage": "landed", "headline": "Talent partner", "can_help_with": "Happy to run mock interviews"},
        ),
        (
            "theo@example.org",
            "Theo Tran",
            {
                "stage": "interviewing",
                "headline": "Payroll lead",
                "looking_for": "Mock interviews before my final rounds",
            },
        ),
    ):
        account = await create_account(session, email=email, display_name=name, password=ADMIN_PASSWORD)
        session.add(
            Membership(
                group_id=group.id,
                account_id=account.id,
                role=Role.member,
                status=MembershipStatus.active,
                joined_at=utcnow() - timedelta(days=200),
            )
        )
        await update_profile(session, account, ProfileUpdate.model_validate(profile))
    # Joined three weeks ago and nobody has introduced her yet: the dashboard's radar notices.
    quinn = await create_account(
        session, email="quinn@example.org", display_name="Quinn Quiet", password=ADMIN_PASSWORD
    )
    session.add(
        Membership(
            group_id=group.id,
            account_id=quinn.id,
            role=Role.member,
            status=MembershipStatus.active,
            joined_at=utcnow() - timedelta(days=21),
        )
    )


@dataclass
class LiveServer:
    url: str
    mailbox: Mailbox


@pytest.fixture(scope="session")
async def live_server(chromium_path: str, smtp_server: Mailbox) -> AsyncIterator[LiveServer]:
    database = await create_test_database(prefix="between_e2e")
    engine = create_engine(database.url)
    await upgrade_head_async(engine)
    async with create_sessionmaker(engine)() as session, session.begin():
        await create_account(
            session, email=ADMIN_EMAIL, display_name="Dana Admin", password=ADMIN_PASSWORD, is_admin=True
        )
        await _approval_group(session)
    await engine.dispose()

    try:
        async with served_app(
            database.url, SMTP_HOST=smtp_server.host, SMTP_PORT=str(smtp_server.port), RUN_WORKER_IN_PROCESS="true"
        ) as app:
            yield LiveServer(url=app.url, mailbox=smtp_server)
    finally:
        if database.drop:
            await database.drop()


@pytest.fixture(scope="session")
async def browser(chromium_path: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser: Any, live_server: LiveServer) -> AsyncIterator[Any]:
    context = await browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    yield page
    await context.close()


async def sign_in(page: Any, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    await page.goto("/login")
    await page.get_by_label("Email address").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/")


async def wait_for_email(live_server: LiveServer, page: Any, to: str, subject_part: str) -> str:
    """The text of the newest email to `to` whose subject contains `subject_part`, once the
    in-process worker has sent it (waiting on that condition, up to 15 s)."""
    for _ in range(150):
        found = [m for m in live_server.mailbox.to(to) if subject_part in m["Subject"]]
        if found:
            return found[-1].get_body(("plain",)).get_content()
        await page.wait_for_timeout(100)
    raise AssertionError(
        f"no email to {to} containing {subject_part!r}; got {[m['Subject'] for m in live_server.mailbox.to(to)]}"
    )


# axe.run with the options axe_playwright_python uses, answering only what serious_violations reads:
# the whole result (every rule's description, passes included) costs more to send back than the scan.
_AXE_VIOLATIONS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .map(({id, impact, help}) => ({id, impact, help}))"""


async def serious_violations(page: Any) -> list[str]:
    """Serious and critical problems an axe scan finds on the page, one line each."""
    from axe_playwright_python.base import AXE_SCRIPT

    await page.wait_for_load_state()
    await page.evaluate(AXE_SCRIPT)
    violations = await page.evaluate(_AXE_VIOLATIONS)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
