"""The round planner: plan, preview, edit, confirm once; pairs that can no longer be made are skipped."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.introductions.models import Introduction, IntroductionRound
from tests.factories import post_form, sign_in
from tests.matching.helpers import Acme, acme_group, joined_long_ago, pause, text_of


async def _plan(client: httpx.AsyncClient, k: str = "1") -> str:
    response = await post_form(
        client, "/g/hr-tuesday/introductions/rounds/new", {"k": k}, page="/g/hr-tuesday/introductions/rounds/new"
    )
    assert response.status_code == 303, response.text
    assert re.fullmatch(r"/g/hr-tuesday/introductions/rounds/[0-9a-f-]{36}", response.headers["location"])
    return response.headers["location"]


def _pairs(html: str) -> list[dict[str, str]]:
    page = BeautifulSoup(html, "html.parser")
    found = []
    for item in page.select(".round-pair"):
        index = item.select_one("input[name=keep]")["value"]
        found.append(
            {
                "index": index,
                "a": item.select_one(f"input[name=a_{index}]")["value"],
                "b": item.select_one(f"input[name=b_{index}]")["value"],
                "names": " and ".join(a.get_text() for a in item.select(".match-person a")),
                "reason_a": item.select_one(f"textarea[name=reason_a_{index}]").get_text(),
                "reason_b": item.select_one(f"textarea[name=reason_b_{index}]").get_text(),
                "checked": item.select_one("input[name=keep]").has_attr("checked"),
            }
        )
    return found


def _fields(pair: dict[str, str], reason: str | None = None) -> dict[str, str]:
    """A pair's hidden fields and what each reads, as the preview form sends them."""
    index = pair["index"]
    return {
        f"a_{index}": pair["a"],
        f"b_{index}": pair["b"],
        f"reason_a_{index}": pair["reason_a"] if reason is None else reason,
        f"reason_b_{index}": pair["reason_b"] if reason is None else reason,
    }


async def test_the_planner_explains_itself_and_checks_k(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    await sign_in(client, acme.lead)
    page = await client.get("/g/hr-tuesday/introductions/rounds/new")
    text = text_of(page.text)
    assert "Nothing is sent yet." in text and "1 each" in text and "5 each" in text
    assert BeautifulSoup(page.text, "html.parser").select_one("#field-k-1").has_attr("checked")
    bad = await post_form(
        client, "/g/hr-tuesday/introductions/rounds/new", {"k": "6"}, page="/g/hr-tuesday/introductions/rounds/new"
    )
    assert bad.status_code == 422 and "Please enter a number at most 5." in bad.text
    assert (await session.execute(select(IntroductionRound))).first() is None


async def _round_with_a_paused_member(client: httpx.AsyncClient, session: AsyncSession) -> tuple[Acme, str]:
    acme = await acme_group(session)
    # Not newcomers, who may get two introductions in a round.
    await joined_long_ago(session, acme.group, acme.sam, acme.ana, acme.kim, acme.lou)
    await pause(session, acme.group, acme.member)
    await sign_in(client, acme.lead)
    return acme, await _plan(client)


async def test_preview_edit_and_confirm_proposes_exactly_the_kept_pairs(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme, url = await _round_with_a_paused_member(client, session)
    preview = await client.get(url)
    pairs = _pairs(preview.text)
    assert len(pairs) == 2 and all(pair["checked"] for pair in pairs)
    sam_ana = next(p for p in pairs if set(p["names"].split(" and ")) == {"Sam Lee", "Ana Ruiz"})
    other = next(p for p in pairs if p is not sam_ana)
    sam_reads, ana_reads = (
        (sam_ana["reason_a"], sam_ana["reason_b"])
        if sam_ana["a"] == str(acme.sam.public_id)
        else (sam_ana["reason_b"], sam_ana["reason_a"])
    )
    assert sam_reads.startswith("Ana worked at Acme Health (2015–2019), one of the companies on your list.")
    assert ana_reads.startswith("Sam is hoping to join Acme Health, where you worked.")
    assert "no introductions yet" not in sam_reads + ana_reads
    text = text_of(preview.text)
    assert "Max Quiet Paused introductions for now." in text
    assert "Fay Facilitator" in text  # facilitators sit rounds out unless the group says otherwise
    # Without JavaScript the button says nothing that unticking a pair could make untrue;
    # round.js (progressive enhancement) counts the ticked pairs as they change.
    soup = BeautifulSoup(preview.text, "html.parser")
    button = soup.select_one("button[data-round-propose]")
    assert button is not None and button.get_text(strip=True) == "Propose the ticked introductions"
    assert "Propose these" not in text and "score" not in text.lower()
    assert soup.select_one('script[src$="/round.js"]') is not None
    assert (Path(__file__).resolve().parents[2] / "static" / "round.js").is_file()

    form = {"keep": [sam_ana["index"]]}
    for pair in pairs:
        form |= _fields(pair)
    side = "a" if sam_ana["a"] == str(acme.sam.public_id) else "b"
    form[f"reason_{side}_{sam_ana['index']}"] = "Ana knows Acme Health from the inside, where you want to work."
    response = await post_form(client, f"{url}/confirm", form, page=url)
    assert response.status_code == 200
    assert "1 introduction is proposed" in text_of(response.text)
    made = (await session.execute(select(Introduction).where(Introduction.group_id == acme.group.id))).scalars().all()
    assert [(i.person_a_id, i.person_b_id) for i in made] == [
        (min(acme.sam.id, acme.ana.id), max(acme.sam.id, acme.ana.id))
    ]
    assert made[0].reason_for(acme.sam.id) == "Ana knows Acme Health from the inside, where you want to work."
    assert made[0].reason_for(acme.ana.id) == ana_reads
    assert "target_company" in made[0].reason_kinds
    planned = (await session.execute(select(IntroductionRound))).scalar_one()
    assert made[0].round_id == planned.id and planned.confirmed_at is not None
    del other

    # Confirmed once: the page says so, and a second confirmation proposes nothing more.
    again = await client.get(url)
    assert "Proposed in this round" in again.text and "Propose the ticked" not in again.text
    twice = await post_form(client, f"{url}/confirm", form, page=url)
    assert twice.status_code == 303 and twice.headers["location"] == url
    assert "already confirmed" in (await client.get(url)).text
    assert len((await session.execute(select(Introduction))).scalars().all()) == 1


async def test_pairs_that_can_no_longer_be_proposed_are_skipped_and_said(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme, url = await _round_with_a_paused_member(client, session)
    pairs = _pairs((await client.get(url)).text)
    form: dict[str, object] = {"keep": [pair["index"] for pair in pairs]}
    for pair in pairs:
        form |= _fields(pair)
    await pause(session, acme.group, acme.sam)  # Sam paused while the preview was open
    response = await post_form(client, f"{url}/confirm", form, page=url)
    text = text_of(response.text)
    assert "1 introduction is proposed" in text
    assert "1 pair was not proposed: Sam Lee has paused introductions for now." in text
    assert len((await session.execute(select(Introduction))).scalars().all()) == 1


async def test_a_kept_pair_needs_a_reason_and_nothing_kept_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, url = await _round_with_a_paused_member(client, session)
    pairs = _pairs((await client.get(url)).text)
    form: dict[str, object] = {"keep": [pairs[0]["index"]]}
    for pair in pairs:
        form |= _fields(pair, "  ")
    form[f"reason_a_{pairs[1]['index']}"] = "Edited but left out"
    response = await post_form(client, f"{url}/confirm", form, page=url)
    assert response.status_code == 422 and "Please fill this in." in response.text
    kept = _pairs(response.text)
    assert [pair["checked"] for pair in kept] == [True, False]
    assert kept[1]["reason_a"] == "Edited but left out"

    nothing = await post_form(client, f"{url}/confirm", {}, page=url)
    assert nothing.status_code == 422 and "Check at least one pair to propose." in nothing.text
    assert (await session.execute(select(Introduction))).first() is None


async def test_a_round_belongs_to_its_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme, url = await _round_with_a_paused_member(client, session)
    other = await acme_group(session, slug="other-group")
    assert (await client.get(url.replace("hr-tuesday", "other-group"))).status_code == 404
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, other.lead)
    assert (await client.get(url)).status_code == 404
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, acme.sam)
    assert (await client.get(url)).status_code == 403
