"""The facilitator's introduction pages: who may see them, suggestions with reasons, proposing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Role
from app.introductions.models import Introduction, IntroductionStatus
from app.introductions.service import add_do_not_pair, propose
from app.profiles.models import Profile
from tests.factories import make_group, make_member, post_form, sign_in
from tests.matching.helpers import acme_group, joined_long_ago, pause, text_of

PAGES = [
    "/introductions",
    "/introductions/suggestions",
    "/introductions/new",
    "/introductions/rounds/new",
    "/introductions/requests",
]
POSTS = ["/introductions/new", "/introductions/rounds/new", "/introductions/do-not-pair"]


async def test_facilitators_only_members_are_refused_and_outsiders_find_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme = await acme_group(session)
    for path in PAGES:
        visitor = await client.get(f"/g/hr-tuesday{path}")
        assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login?next=")

    other = await make_group(session, slug="elsewhere")
    outsider = await make_member(session, other, name="Olive Outsider", role=Role.facilitator)
    await sign_in(client, outsider)
    for path in PAGES:
        assert (await client.get(f"/g/hr-tuesday{path}")).status_code == 404, path
    for path in POSTS:
        assert (await post_form(client, f"/g/hr-tuesday{path}", {}, page="/")).status_code == 404, path

    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, acme.member)
    for path in PAGES:
        response = await client.get(f"/g/hr-tuesday{path}")
        assert response.status_code == 403 and "Only this group's facilitators" in text_of(response.text), path
    for path in POSTS:
        assert (await post_form(client, f"/g/hr-tuesday{path}", {}, page="/")).status_code == 403, path

    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, acme.lead)
    for path in PAGES:
        assert (await client.get(f"/g/hr-tuesday{path}")).status_code == 200, path
    group_page = await client.get("/g/hr-tuesday")
    assert 'href="/g/hr-tuesday/introductions/suggestions">Introductions</a>' in group_page.text


async def test_suggestions_explain_themselves_and_the_least_connected_come_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme = await acme_group(session)
    await joined_long_ago(session, acme.group, acme.kim, acme.lou, acme.lead)
    # Kim and Lou already met through the group; Max paused introductions.
    session.add(
        Introduction(
            group_id=acme.group.id,
            person_a_id=min(acme.kim.id, acme.lou.id),
            person_b_id=max(acme.kim.id, acme.lou.id),
            reason_a="Resumes",
            reason_b="Resumes",
            status=IntroductionStatus.connected,
        )
    )
    await pause(session, acme.group, acme.member)
    await sign_in(client, acme.lead)

    page = BeautifulSoup((await client.get("/g/hr-tuesday/introductions/suggestions")).text, "html.parser")
    cards = page.select(".needy-member")
    names = [card.select_one("h2").get_text(strip=True) for card in cards]
    assert set(names[:2]) == {"Ana Ruiz", "Sam Lee"}  # newcomers without connections first
    assert set(names[2:]) == {"Kim Park", "Lou Diaz"}  # then those with a connection
    assert "1 member has paused introductions" in page.text  # Max
    assert "Facilitators are not listed here, only suggested." in page.text  # Fay

    sam = cards[names.index("Sam Lee")]
    assert "Joined this week; no introductions yet." in text_of(str(sam))
    first = sam.select_one(".suggestion")
    assert first.select_one(".match-person a").get_text() == "Ana Ruiz"
    # What each of the two would read, written to them.
    readings = {div.dt.get_text(): div.dd.get_text() for div in first.select(".match-readings div")}
    assert readings["Sam reads"].startswith("Ana worked at Acme Health (2015–2019), one of the companies on your list.")
    assert "Ana’s skills include HRIS, which you are looking for help with." in readings["Sam reads"]
    assert readings["Ana reads"].startswith("Sam is hoping to join Acme Health, where you worked.")
    # The engine's number orders the suggestions; people read the reasons, not "score 15.2".
    assert first.select_one(".match-score") is None and "score" not in first.get_text(" ").lower()
    propose_link = first.select_one("a.button")["href"]
    assert propose_link == f"/g/hr-tuesday/introductions/new?a={acme.sam.public_id}&b={acme.ana.public_id}"
    assert len(sam.select(".suggestion")) <= 3

    kim = cards[names.index("Kim Park")]
    assert "1 connection in the group." in text_of(str(kim))


async def test_one_members_suggestions(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    await sign_in(client, acme.lead)
    response = await client.get(f"/g/hr-tuesday/introductions/suggestions?person={acme.kim.public_id}")
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1.get_text() == "Who Kim Park could meet"
    suggested = [a.get_text() for a in page.select(".suggestion .match-person a")]
    assert suggested and len(suggested) <= 10 and "Lou Diaz" in suggested
    assert "Lou can help with resumes, which you are looking for." in text_of(response.text)
    # What the page would say about Kim on every card is said once, above them; the cards keep
    # what they say about the people suggested.
    about_kim = "Kim Park joined this week and has no introductions yet."
    assert text_of(response.text).count(about_kim) == 1
    assert [p.get_text() for p in page.select("p.match-need") if not p.find_parent(class_="suggestion")] == [about_kim]
    card_notes = [text_of(str(p)) for p in page.select(".suggestion .match-need")]
    assert card_notes and all("Kim Park" not in note for note in card_notes)
    await pause(session, acme.group, acme.member)
    empty = await client.get(f"/g/hr-tuesday/introductions/suggestions?person={acme.member.public_id}")
    assert "No suggestions for Max Quiet yet" in empty.text
    other = await make_member(session, await make_group(session, slug="other"), name="Not Here")
    assert (await client.get(f"/g/hr-tuesday/introductions/suggestions?person={other.public_id}")).status_code == 404
    assert (await client.get("/g/hr-tuesday/introductions/suggestions?person=nonsense")).status_code == 404


async def test_one_members_suggestions_begin_with_those_the_group_page_shows_them(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    acme = await acme_group(session)
    await sign_in(client, acme.lead)
    group_page = BeautifulSoup((await client.get("/g/hr-tuesday/introductions/suggestions")).text, "html.parser")
    cards = {card.select_one("h2").get_text(strip=True): card for card in group_page.select(".needy-member")}
    on_group_page = [a.get_text() for a in cards["Sam Lee"].select(".suggestion .match-person a")]
    assert on_group_page

    with count_queries() as counter:
        response = await client.get(f"/g/hr-tuesday/introductions/suggestions?person={acme.sam.public_id}")
    page = BeautifulSoup(response.text, "html.parser")
    suggested = [a.get_text() for a in page.select(".suggestion .match-person a")]
    assert suggested[: len(on_group_page)] == on_group_page
    # The group's view, kept since the group's page built it, is what they come from: no profile is read.
    assert not [statement for statement in counter.statements if "profile_tags" in statement]

    # Once the group changes, the kept view is not used: the member's page finds its candidates afresh.
    await session.execute(
        update(Profile).where(Profile.account_id == acme.ana.id).values(can_help_with="Payroll questions")
    )
    await session.flush()
    with count_queries() as counter:
        again = await client.get(f"/g/hr-tuesday/introductions/suggestions?person={acme.sam.public_id}")
    assert again.status_code == 200
    assert [statement for statement in counter.statements if "profile_tags" in statement]


async def test_the_propose_form_is_prefilled_with_the_reasons_about_the_pair(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme = await acme_group(session)
    await sign_in(client, acme.lead)
    url = f"/g/hr-tuesday/introductions/new?a={acme.sam.public_id}&b={acme.ana.public_id}"
    page = BeautifulSoup((await client.get(url)).text, "html.parser")
    assert [p.get_text() for p in page.select(".propose-people .match-headline")] == ["HR generalist", "HRIS lead"]
    sam_reads = page.select_one("#field-reason_for_a").get_text()
    ana_reads = page.select_one("#field-reason_for_b").get_text()
    assert sam_reads.startswith("Ana worked at Acme Health (2015–2019), one of the companies on your list.")
    assert ana_reads.startswith("Sam is hoping to join Acme Health, where you worked.")
    assert page.find("label", attrs={"for": "field-reason_for_a"}).get_text(strip=True) == "What Sam Lee reads"
    prefill = sam_reads + ana_reads
    # How much someone needs an introduction helps the facilitator choose; the two never read it.
    assert "joined" not in prefill and "no connections" not in prefill
    assert "Sam Lee joined this week and has no introductions yet." in page.select_one(".match-need").get_text()

    nothing = BeautifulSoup(
        (await client.get(f"/g/hr-tuesday/introductions/new?a={acme.member.public_id}&b={acme.lead.public_id}")).text,
        "html.parser",
    )
    assert nothing.select_one("#field-reason_for_a").get_text() == ""
    assert "the words are yours to write" in nothing.text

    # The facilitator's own idea: two members chosen from the selects.
    chooser = BeautifulSoup((await client.get("/g/hr-tuesday/introductions/new")).text, "html.parser")
    options = [o.get_text() for o in chooser.select("#field-a option")]
    assert options[0] == "Choose a member…" and "Ana Ruiz" in options and "Sam Lee" in options
    assert chooser.select_one("#field-reason_for_a") is None

    response = await post_form(
        client,
        "/g/hr-tuesday/introductions/new",
        {
            "a": str(acme.sam.public_id),
            "b": str(acme.ana.public_id),
            "reason_for_a": "  Ana knows Acme Health well.  ",
            "reason_for_b": "Sam hopes to work at Acme Health.",
            "kinds": "target_company",
            "request_id": "",
        },
        page=url,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/g/hr-tuesday/introductions?status=proposed"
    made = (await session.execute(select(Introduction).where(Introduction.group_id == acme.group.id))).scalar_one()
    assert made.reason_for(acme.sam.id) == "Ana knows Acme Health well."
    assert made.reason_for(acme.ana.id) == "Sam hopes to work at Acme Health."
    assert made.reason_kinds == ["target_company"] and made.status == IntroductionStatus.proposed
    listing = await client.get(response.headers["location"])
    assert "Proposed: Sam Lee and Ana Ruiz are asked" in listing.text
    assert "Ana knows Acme Health well." in listing.text and "Sam hopes to work at Acme Health." in listing.text


@pytest.mark.parametrize("case", ["duplicate", "declined", "do_not_pair", "paused", "cap", "empty", "same", "too_long"])
async def test_proposing_explains_why_not_and_keeps_what_was_typed(
    client: httpx.AsyncClient, session: AsyncSession, case: str
) -> None:
    acme = await acme_group(session, max_open_proposals=1)
    first, second = acme.sam, acme.ana
    reason = "A reason worth keeping"
    expected = {
        "duplicate": "Sam Lee and Ana Ruiz already have an introduction under way.",
        "declined": "did not go ahead before",
        "do_not_pair": "are on this group's do-not-pair list",
        "paused": "Sam Lee has paused introductions for now.",
        "cap": "Sam Lee already has 1 introductions waiting for an answer",
        "empty": "Please fill this in.",
        "same": "Please choose two different people.",
        "too_long": "Keep this to 2000 characters or fewer; you wrote 2001.",
    }[case]
    if case == "duplicate":
        await propose(session, acme.lead, acme.group, first.public_id, second.public_id, "Earlier")
    elif case == "declined":
        intro = await propose(session, acme.lead, acme.group, first.public_id, second.public_id, "Earlier")
        intro.status = IntroductionStatus.declined
        await session.flush()
    elif case == "do_not_pair":
        await add_do_not_pair(session, acme.lead, acme.group, first.public_id, second.public_id, "Former colleagues")
    elif case == "paused":
        await pause(session, acme.group, first)
    elif case == "cap":
        await propose(session, acme.lead, acme.group, first.public_id, acme.kim.public_id, "Earlier")
    elif case == "empty":
        reason = "   "
    elif case == "same":
        second = first
    elif case == "too_long":
        reason = "x" * 2001
    await sign_in(client, acme.lead)
    url = f"/g/hr-tuesday/introductions/new?a={first.public_id}&b={acme.ana.public_id}"
    response = await post_form(
        client,
        "/g/hr-tuesday/introductions/new",
        {
            "a": str(first.public_id),
            "b": str(second.public_id),
            "reason_for_a": reason,
            "reason_for_b": "What Ana reads",
        },
        page=url,
    )
    assert response.status_code == 422
    assert expected in text_of(response.text)
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one(".error-summary") is not None
    if case not in ("empty", "same"):
        assert page.select_one("#field-reason_for_a").get_text() == reason
        assert page.select_one("#field-reason_for_b").get_text() == "What Ana reads"


async def test_the_introductions_list_by_status_with_pages(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch, count_queries: Any
) -> None:
    from app.matching import views

    monkeypatch.setattr(views, "INTRODUCTIONS_PER_PAGE", 2)
    acme = await acme_group(session)
    made = []
    for a, b in ((acme.sam, acme.ana), (acme.kim, acme.lou), (acme.sam, acme.kim)):
        made.append(
            await propose(
                session, acme.lead, acme.group, a.public_id, b.public_id, f"{a.display_name} meets {b.display_name}"
            )
        )
    made[1].status = IntroductionStatus.connected
    await session.flush()
    await sign_in(client, acme.lead)

    def pairs(html: str) -> list[str]:
        return [h.get_text(" ", strip=True) for h in BeautifulSoup(html, "html.parser").select(".intro-item h3")]

    with count_queries() as counter:
        first = await client.get("/g/hr-tuesday/introductions")
    assert len(pairs(first.text)) == 2
    # The list shows names, reasons, answers and outcomes: nobody's profile is read for it.
    assert not [statement for statement in counter.statements if "profile_tags" in statement]
    more = BeautifulSoup(first.text, "html.parser").find("a", string="Older introductions")["href"]
    assert len(pairs((await client.get(more)).text)) == 1
    connected = await client.get("/g/hr-tuesday/introductions?status=connected")
    assert pairs(connected.text) == ["Kim Park and Lou Diaz"]
    assert 'aria-current="page">Connected</a>' in connected.text
    proposed = await client.get("/g/hr-tuesday/introductions?status=proposed")
    assert len(pairs(proposed.text)) == 2 and "Withdraw" in proposed.text
    assert (await client.get("/g/hr-tuesday/introductions?status=lost")).status_code == 404

    withdraw = f"/g/hr-tuesday/introductions/{made[0].public_id}/withdraw"
    assert "Withdraw this introduction?" in (await client.get(withdraw)).text
    done = await post_form(client, withdraw, {}, page=withdraw)
    assert done.status_code == 303 and done.headers["location"] == "/g/hr-tuesday/introductions?status=withdrawn"
    await session.refresh(made[0])
    assert made[0].status == IntroductionStatus.withdrawn


async def test_do_not_pair_add_and_remove_with_confirmation(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    await sign_in(client, acme.lead)
    page = "/g/hr-tuesday/introductions"
    # The list is on the introductions page; adding two people, on a page of its own (its pick-lists
    # name every member).
    listed = BeautifulSoup((await client.get(page)).text, "html.parser")
    assert listed.select_one("#do-not-pair a.button")["href"] == f"{page}/do-not-pair"
    assert not listed.select("select")
    form = BeautifulSoup((await client.get(f"{page}/do-not-pair")).text, "html.parser")
    assert form.h1.get_text() == "Keep two people apart"
    assert "Sam Lee" in [option.get_text() for option in form.select("select[name=a] option")]
    same = await post_form(
        client,
        f"{page}/do-not-pair",
        {"a": str(acme.sam.public_id), "b": str(acme.sam.public_id), "note": "Kept as typed"},
        page=f"{page}/do-not-pair",
    )
    assert same.status_code == 422 and "Please choose two different people." in same.text
    again = BeautifulSoup(same.text, "html.parser")
    assert again.select_one("select[name=a] option[selected]")["value"] == str(acme.sam.public_id)
    assert again.select_one("input[name=note]")["value"] == "Kept as typed"
    added = await post_form(
        client,
        f"{page}/do-not-pair",
        {"a": str(acme.sam.public_id), "b": str(acme.ana.public_id), "note": "Worked together; it ended badly"},
        page=page,
    )
    assert added.status_code == 303
    listing = text_of((await client.get(page)).text)
    assert "Sam Lee and Ana Ruiz — Worked together; it ended badly" in listing

    suggestions = await client.get("/g/hr-tuesday/introductions/suggestions")
    assert f"a={acme.sam.public_id}&amp;b={acme.ana.public_id}" not in suggestions.text

    remove = f"{page}/do-not-pair/remove?a={acme.ana.public_id}&b={acme.sam.public_id}"
    ask = await client.get(remove)
    assert "Remove from the do-not-pair list?" in ask.text and "Sam Lee and Ana Ruiz may then be suggested" in ask.text
    assert (await post_form(client, remove, {}, page=remove)).status_code == 303
    assert "Nobody is on the list." in (await client.get(page)).text
    assert (await client.get(remove)).status_code == 404


async def test_pick_lists_sort_names_as_people_read_them(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="pick-order")
    lead = await make_member(session, group, name="Zed Lead", role=Role.facilitator)
    for name in ("DeShawn Price", "Émile Roux", "denise Park", "Eli Stone", "Denise Adams"):
        await make_member(session, group, name=name)
    await sign_in(client, lead)
    expected = ["Denise Adams", "denise Park", "DeShawn Price", "Eli Stone", "Émile Roux", "Zed Lead"]
    for url in ("/g/pick-order/introductions/new", "/g/pick-order/introductions/do-not-pair"):
        page = BeautifulSoup((await client.get(url)).text, "html.parser")
        names = [option.get_text() for option in page.select("select[name=a] option") if option.get("value")]
        assert names == expected, url


async def test_pick_lists_escape_names(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="pick-escape")
    lead = await make_member(session, group, name="Zed Lead", role=Role.facilitator)
    odd = await make_member(session, group, name='<b>Bo</b> & "Co" O\'Neil')
    await sign_in(client, lead)
    page = await client.get("/g/pick-escape/introductions/do-not-pair")
    assert "<b>Bo</b>" not in page.text
    options = BeautifulSoup(page.text, "html.parser").select("select[name=a] option")
    assert [(option.get("value"), option.get_text()) for option in options if option.get("value")] == [
        (str(odd.public_id), '<b>Bo</b> & "Co" O\'Neil'),
        (str(lead.public_id), "Zed Lead"),
    ]


@pytest.mark.parametrize(
    ("case", "expected", "mark"),
    [
        ("duplicate", "Sam Lee and Ana Ruiz already have an introduction under way.", "introduction under way"),
        ("declined", "did not go ahead before; Between does not propose it again.", "did not go ahead before"),
        ("do_not_pair", "Sam Lee and Ana Ruiz are on this group's do-not-pair list.", "on the do-not-pair list"),
    ],
)
async def test_a_pair_that_cannot_be_proposed_is_refused_before_a_reason_is_written(
    client: httpx.AsyncClient, session: AsyncSession, case: str, expected: str, mark: str
) -> None:
    acme = await acme_group(session)
    if case == "do_not_pair":
        await add_do_not_pair(session, acme.lead, acme.group, acme.sam.public_id, acme.ana.public_id, "Colleagues")
    else:
        earlier = await propose(session, acme.lead, acme.group, acme.sam.public_id, acme.ana.public_id, "Earlier")
        if case == "declined":
            earlier.status = IntroductionStatus.declined
            await session.flush()
    await sign_in(client, acme.lead)
    page = BeautifulSoup(
        (await client.get(f"/g/hr-tuesday/introductions/new?a={acme.sam.public_id}&b={acme.ana.public_id}")).text,
        "html.parser",
    )
    assert expected in page.select_one("#pair-refused").get_text()
    assert page.select_one("#field-reason_for_a") is None  # nothing to write before knowing
    options = {option["value"]: option.get_text() for option in page.select("#field-b option")}
    assert options[str(acme.ana.public_id)] == f"Ana Ruiz ({mark})"
    assert options[str(acme.kim.public_id)] == "Kim Park"
    assert "Those marked cannot be proposed to meet Sam Lee now" in page.select_one("#field-pair").get_text()

    # Someone the first person may still meet: the reasons are there to write.
    other = BeautifulSoup(
        (await client.get(f"/g/hr-tuesday/introductions/new?a={acme.sam.public_id}&b={acme.kim.public_id}")).text,
        "html.parser",
    )
    assert other.select_one("#pair-refused") is None and other.select_one("#field-reason_for_a") is not None
