from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.profiles.models import Profile, Stage, StageChange, Tag, TagKind
from app.profiles.service import load_tags
from tests.factories import make_account, post_form, sign_in

FILLED = {
    "headline": "HRIS analyst, 8 years in healthcare",
    "location": "Evanston, IL",
    "linkedin_url": "linkedin.com/in/nia-newcomer",
    "phone": "+1 (312) 555-0100",
    "stage": "interviewing",
    "bio": "I like systems.",
    "looking_for": "Someone at Acme Health.",
    "can_help_with": "Workday reports.",
    "target_roles": "HRIS analyst, People analytics",
    "industries": "Healthcare",
    "skills": "Workday,  workday , SQL",
    "target_companies": "Acme Health",
    "pc_name_0": "Northwind  Health",
    "pc_from_0": "2015",
    "pc_to_0": "2023",
    "visibility_target_companies": "facilitators",
    "visibility_bio": "members",
}


async def test_profile_is_saved_with_tidy_tags_and_stage_history(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    response = await post_form(client, "/profile", FILLED, page="/profile")
    assert response.status_code == 303
    profile = (await session.execute(select(Profile).where(Profile.account_id == account.id))).scalar_one()
    assert profile.linkedin_url == "https://www.linkedin.com/in/nia-newcomer"
    assert profile.stage == Stage.interviewing and profile.phone == "+1 (312) 555-0100"
    assert profile.visibility == {"target_companies": "facilitators"}
    tags = (await load_tags(session, [profile.id]))[profile.id]
    assert tags.skills == ["SQL", "Workday"]
    assert tags.target_roles == ["HRIS analyst", "People analytics"]
    assert [(c.name, c.start_year, c.end_year) for c in tags.past_companies] == [("Northwind Health", 2015, 2023)]
    stages = (
        (
            await session.execute(
                select(StageChange.stage).where(StageChange.profile_id == profile.id).order_by(StageChange.id)
            )
        )
        .scalars()
        .all()
    )
    assert stages == [Stage.searching, Stage.interviewing]

    page = BeautifulSoup((await client.get("/profile")).text, "html.parser")
    assert page.select_one("#field-skills")["value"] == "SQL, Workday"
    assert page.select_one("#pc_name_0")["value"] == "Northwind Health"
    assert page.select_one("#field-visibility_target_companies option[selected]")["value"] == "facilitators"


async def test_tags_share_one_spelling_across_people(client: httpx.AsyncClient, session: AsyncSession) -> None:
    first, second = await make_account(session), await make_account(session)
    await sign_in(client, first)
    await post_form(client, "/profile", {**FILLED, "industries": "Human Resources"}, page="/profile")
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, second)
    await post_form(client, "/profile", {**FILLED, "industries": " human   resources "}, page="/profile")
    tags = (await session.execute(select(Tag).where(Tag.kind == TagKind.industry))).scalars().all()
    assert [(t.name, t.label) for t in tags] == [("human resources", "Human Resources")]
    page = await client.get("/profile")
    assert '<option value="Human Resources">' in page.text  # suggested as the person types


async def test_mistakes_are_explained_and_everything_typed_is_kept(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await sign_in(client, await make_account(session))
    bad = {
        **FILLED,
        "linkedin_url": "https://example.com/me",
        "phone": "call me maybe",
        "pc_name_1": "Acme",
        "pc_from_1": "2020",
        "pc_to_1": "2010",
        "stage": "asleep",
    }
    response = await post_form(client, "/profile", bad, page="/profile")
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "linkedin.com/in/your-name" in soup.select_one("#error-linkedin_url").text
    assert "digits" in soup.select_one("#error-phone").text
    assert soup.select_one("#error-past_companies").text.strip().startswith("Row 2: ")
    assert "before the year you started" in soup.select_one("#error-past_companies").text
    assert soup.select_one("#field-headline")["value"] == FILLED["headline"]
    assert soup.select_one("#pc_name_1")["value"] == "Acme" and soup.select_one("#pc_to_1")["value"] == "2010"
    assert soup.select_one("#field-linkedin_url")["value"] == "https://example.com/me"


async def test_profile_page_needs_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/profile")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/profile"


async def test_too_long_text_is_refused_with_the_limit_and_kept_not_cut(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await sign_in(client, await make_account(session))
    page = BeautifulSoup((await client.get("/profile")).text, "html.parser")
    # The browser would cut a pasted text at maxlength without a word: the limit is the server's to say.
    assert not page.select_one("#field-headline").has_attr("maxlength")
    assert page.select_one("#field-headline")["data-maxlength"] == "160"
    headline = "HR business partner " * 10  # 200 characters, 199 once trimmed
    response = await post_form(client, "/profile", {**FILLED, "headline": headline}, page="/profile")
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("#error-headline").text == "Keep this to 160 characters or fewer; you wrote 199."
    assert soup.select_one("#field-headline")["value"] == headline  # kept as typed, to be shortened
