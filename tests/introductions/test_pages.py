"""The member's pages: answering, what each person sees, asking, pausing."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import name_sort_key
from app.introductions import service
from app.introductions.models import IntroductionRequest, IntroductionStatus
from app.profiles.schemas import ProfileUpdate
from app.profiles.service import update_profile
from tests.factories import make_member, post_form, sign_in
from tests.introductions.helpers import REASON, make_setup, propose


def _text(response: httpx.Response) -> str:
    return BeautifulSoup(response.text, "html.parser").get_text(" ", strip=True)


async def test_the_page_asks_for_an_answer_with_the_reason_and_profile_but_no_contact(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session, name="Tuesday evenings")
    introduction = await propose(session, setup)
    await sign_in(client, setup.ben)
    page = await client.get("/introductions")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    card = soup.select_one(f"#introduction-{introduction.public_id}")
    assert card is not None and "Would you like to meet Ana Lopez?" in card.get_text(" ")
    assert REASON in card.get_text(" ") and "A mentor in people analytics." in card.get_text(" ")
    assert "Workday and HRIS questions." in card.get_text(" ") and "HRIS lead" in card.get_text(" ")
    form = card.select_one("form")
    assert form["action"] == f"/introductions/{introduction.public_id}/accept"
    assert card.select_one(f"button[formaction='/introductions/{introduction.public_id}/decline']")
    assert card.select_one("label[for^=note-]") is not None  # the private note has a label
    for page_ in (page, await client.get(f"/introductions/{introduction.public_id}")):
        assert setup.ana.email not in page_.text and "555 0101" not in page_.text
    assert soup.select_one("nav a[href='/introductions'][aria-current=page]") is not None


async def test_accepting_and_declining_from_the_page(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    detail = f"/introductions/{introduction.public_id}"
    await sign_in(client, setup.ana)
    response = await post_form(
        client, f"{detail}/accept", {"note": "", "next": "/introductions"}, page="/introductions"
    )
    assert response.status_code == 303 and response.headers["location"] == "/introductions"
    listing = _text(await client.get("/introductions"))
    assert "Thank you: you said yes. We will let you know as soon as Ben Okafor answers." in listing
    assert "Waiting for the other person" in listing
    await post_form(client, "/logout", {}, page="/")

    await sign_in(client, setup.ben)
    response = await post_form(client, f"{detail}/accept", {"note": "Looking forward to it"}, page=detail)
    assert response.status_code == 303 and response.headers["location"] == detail
    page = await client.get(detail)
    text = _text(page)
    assert "You are connected with Ana Lopez!" in text and "You and Ana Lopez are connected" in text
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one(f"a[href='mailto:{setup.ana.email}']") is not None and "+1 312 555 0101" in text
    assert soup.select_one("#outcome form select[name=outcome]") is not None
    await session.refresh(introduction)
    assert introduction.status == IntroductionStatus.connected


async def test_the_person_declined_never_learns_who_or_why(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    detail = f"/introductions/{introduction.public_id}"
    await sign_in(client, setup.ana)
    await post_form(client, f"{detail}/accept", {}, page=detail)
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, setup.ben)
    response = await post_form(client, f"{detail}/decline", {"note": "Bad timing for me, sorry."}, page=detail)
    assert response.status_code == 303
    assert "will hear only that the introduction is not going ahead" in _text(
        await client.get(response.headers["location"])
    )
    await post_form(client, "/logout", {}, page="/")

    await sign_in(client, setup.ana)
    for url in ("/introductions", detail):
        text = _text(await client.get(url))
        assert (
            "Bad timing" not in text
            and "declin" not in text.lower()
            and "said no" not in text.replace("never who said no", "")
        )
        assert "Did not go ahead" in text or "did not go ahead" in text
    detail_text = _text(await client.get(detail))
    assert "You said yes" not in detail_text and "Ben Okafor said" not in detail_text


async def test_a_note_that_is_too_long_is_explained_and_kept(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    detail = f"/introductions/{introduction.public_id}"
    await sign_in(client, setup.ana)
    response = await post_form(client, f"{detail}/accept", {"note": "n" * 2001}, page=detail)
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "2000 characters" in soup.select_one(".field-error").get_text()
    assert soup.select_one("textarea[name=note]").get_text() == "n" * 2001
    await session.refresh(introduction)
    assert introduction.status == IntroductionStatus.proposed


async def test_recording_an_outcome_from_the_page(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, setup.ben, introduction.public_id, True)
    detail = f"/introductions/{introduction.public_id}"
    await sign_in(client, setup.ana)
    missing = await post_form(client, f"{detail}/outcome", {"outcome": "", "note": "x"}, page=detail)
    assert missing.status_code == 422 and "Please choose what came of it" in missing.text
    response = await post_form(
        client, f"{detail}/outcome", {"outcome": "interview", "note": "Second round next week"}, page=detail
    )
    assert response.status_code == 303
    page = _text(await client.get(detail))
    assert "Thank you for telling us." in page and "It led to an interview" in page
    listing = BeautifulSoup((await client.get("/introductions")).text, "html.parser")
    assert listing.select_one("select[name=outcome] option[selected]")["value"] == "interview"


async def test_asking_for_an_introduction(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session, slug="tuesday")
    await sign_in(client, setup.ben)
    page = await client.get("/g/tuesday/introductions/ask")
    soup = BeautifulSoup(page.text, "html.parser")
    options = [option.get_text() for option in soup.select("select[name=target_person_id] option")]
    assert "Ana Lopez — HRIS lead" in options and not any("Ben Okafor" in option for option in options)
    assert soup.select_one("label[for=field-description]") is not None

    empty = await post_form(
        client,
        "/g/tuesday/introductions/ask",
        {"target_person_id": "", "description": " "},
        page="/g/tuesday/introductions/ask",
    )
    assert empty.status_code == 422
    soup = BeautifulSoup(empty.text, "html.parser")
    assert soup.select_one("#error-target_person_id") is not None and soup.select_one(".error-summary")

    long = await post_form(
        client,
        "/g/tuesday/introductions/ask",
        {"target_person_id": str(setup.ana.public_id), "description": "d" * 1001},
        page="/g/tuesday/introductions/ask",
    )
    assert long.status_code == 422
    soup = BeautifulSoup(long.text, "html.parser")
    assert soup.select_one("#error-description") is not None
    assert soup.select_one("#field-description").get_text() == "d" * 1001
    assert soup.select_one("select[name=target_person_id] option[selected]")["value"] == str(setup.ana.public_id)

    done = await post_form(
        client,
        "/g/tuesday/introductions/ask",
        {"target_person_id": "", "description": "Someone who worked at Acme"},
        page="/g/tuesday/introductions/ask",
    )
    assert done.status_code == 303 and done.headers["location"] == "/introductions"
    listing = await client.get("/introductions")
    assert "Your request is with the facilitators" in _text(listing) and "Someone who worked at Acme" in _text(listing)
    request = (await session.execute(select(IntroductionRequest))).scalar_one()
    withdraw = await post_form(
        client, f"/introduction-requests/{request.public_id}/withdraw", {}, page="/introductions"
    )
    assert withdraw.status_code == 303
    assert "Your request is withdrawn." in _text(await client.get("/introductions"))


async def test_pausing_and_resuming_from_the_page(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session, slug="tuesday", name="Tuesday evenings")
    await sign_in(client, setup.ana)
    soup = BeautifulSoup((await client.get("/introductions")).text, "html.parser")
    assert "Open to introductions" in soup.select_one(".pause-list").get_text()
    response = await post_form(client, "/g/tuesday/introductions/pause", {"paused": "true"}, page="/introductions")
    assert response.status_code == 303
    text = _text(await client.get("/introductions"))
    assert "Introductions in Tuesday evenings are paused." in text and "Resume introductions" in text
    await post_form(client, "/g/tuesday/introductions/pause", {"paused": "false"}, page="/introductions")
    assert "Welcome back" in _text(await client.get("/introductions"))


async def test_empty_state_is_welcoming(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session, slug="tuesday")
    await sign_in(client, setup.cleo)
    soup = BeautifulSoup((await client.get("/introductions")).text, "html.parser")
    empty = soup.select_one(".empty-state")
    assert empty is not None and "No introductions yet" in empty.get_text()
    assert empty.select_one("a[href='/g/tuesday/introductions/ask']") is not None
    assert "Fill in my profile" in empty.get_text()  # Cleo has a headline only


async def test_empty_state_after_filling_in_the_profile_does_not_ask_for_it_again(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session, slug="tuesday")
    await update_profile(session, setup.cleo, ProfileUpdate(looking_for="Someone who hires recruiters in Austin."))
    await sign_in(client, setup.cleo)
    soup = BeautifulSoup((await client.get("/introductions")).text, "html.parser")
    empty = soup.select_one(".empty-state")
    assert empty is not None and "No introductions yet" in empty.get_text()
    assert "Fill in my profile" not in empty.get_text()
    assert "Your profile tells your facilitators what you are looking for" in empty.get_text()
    assert empty.select_one("a[href='/g/tuesday/introductions/ask']").get_text() == "Ask for an introduction"
    assert empty.select_one("a[href='/profile']").get_text() == "Review my profile"


async def test_who_may_see_an_introduction_page(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session, slug="tuesday")
    introduction = await propose(session, setup)
    detail = f"/introductions/{introduction.public_id}"
    outsider = (await make_setup(session)).ana
    for person, status in ((setup.cleo, 404), (outsider, 404), (setup.lead, 200)):
        await sign_in(client, person)
        assert (await client.get(detail)).status_code == status
        accept = await post_form(client, f"{detail}/accept", {}, page="/introductions")
        assert accept.status_code == (403 if person is setup.lead else 404)
        await post_form(client, "/logout", {}, page="/")
    await sign_in(client, outsider)
    assert (await client.get("/g/tuesday/introductions/ask")).status_code == 404
    assert (await client.get("/introductions")).status_code == 200
    await post_form(client, "/logout", {}, page="/")
    anonymous = await client.get(detail)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


async def test_facilitators_see_both_answers_and_notes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, False, "Not ready to network yet.")
    await sign_in(client, setup.lead)
    text = _text(await client.get(f"/introductions/{introduction.public_id}"))
    assert "Ana Lopez and Ben Okafor" in text and "Said not now" in text and "Not ready to network yet." in text
    assert setup.ana.email not in text


async def test_the_people_to_ask_for_sort_without_regard_to_case_or_accents(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session, slug="tuesday")
    for name in ("DeShawn Price", "Émile Roux", "Denise Adams", "Eli Stone"):
        await make_member(session, setup.group, name=name)
    await sign_in(client, setup.ben)
    soup = BeautifulSoup((await client.get("/g/tuesday/introductions/ask")).text, "html.parser")
    names = [option.get_text().split(" — ")[0] for option in soup.select("select[name=target_person_id] option")[1:]]
    chosen = [name for name in names if name in {"DeShawn Price", "Émile Roux", "Denise Adams", "Eli Stone"}]
    assert chosen == ["Denise Adams", "DeShawn Price", "Eli Stone", "Émile Roux"]
    assert names == sorted(names, key=name_sort_key)
