"""Fields a person keeps for facilitators: never shown to fellow members, and never matched for
them by search or filters (so nobody can discover a hidden value by trying it)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.groups.models import Role
from app.profiles.schemas import ProfileUpdate
from app.profiles.service import update_profile
from tests.directory.helpers import listed, soup_of
from tests.factories import bearer, make_group, make_member, make_token, sign_in

KEPT = {
    "stage": "offer",
    "target_roles": ["Chief people officer"],
    "industries": ["Aerospace"],
    "skills": ["Succession planning"],
    "target_companies": ["Umbrella Corp"],
    "past_companies": [{"name": "Hooli", "from": 2010, "to": 2020}],
    "looking_for": "A quiet word with the Umbrella recruiters",
    "can_help_with": "Executive compensation",
    "bio": "Private story",
    "location": "Naperville",
    "linkedin_url": "https://www.linkedin.com/in/dana-private",
}
EVERY_FIELD_KEPT = {name: "facilitators" for name in KEPT}

# (query parameters, why): each would find Dana only through a field she keeps for facilitators.
PROBES: list[dict[str, str]] = [
    {"company": "Umbrella Corp"},
    {"industry": "Aerospace"},
    {"skill": "Succession planning"},
    {"stage": "offer"},
    {"q": "umbrella"},
    {"q": "hooli"},
    {"q": "chief people"},
    {"q": "aerospace"},
    {"q": "succession"},
    {"q": "quiet word"},
    {"q": "compensation"},
]


async def _group_with_dana(session: AsyncSession, kept: dict[str, str]) -> dict[str, Any]:
    group = await make_group(session, slug="ours")
    dana = await make_member(
        session, group, name="Dana Discreet", headline="Operations leader", visibility=kept, **KEPT
    )
    member = await make_member(session, group, name="Mo Member")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    return {"group": group, "dana": dana, "member": member, "lead": lead}


@pytest.mark.parametrize("params", PROBES, ids=lambda params: "-".join(f"{k}={v}" for k, v in params.items()))
async def test_hidden_fields_cannot_be_found_by_members(
    client: httpx.AsyncClient, session: AsyncSession, params: dict[str, str]
) -> None:
    people = await _group_with_dana(session, EVERY_FIELD_KEPT)
    await sign_in(client, people["member"])
    assert "Dana Discreet" not in await listed(client, "ours", **params)
    token = bearer(await make_token(session, people["member"], Scope.read))
    api = await client.get(f"/api/v1/groups/{people['group'].public_id}/members", params=params, headers=token)
    assert api.status_code == 200 and api.json()["items"] == []


@pytest.mark.parametrize("params", PROBES, ids=lambda params: "-".join(f"{k}={v}" for k, v in params.items()))
async def test_facilitators_and_the_person_find_hidden_fields(
    client: httpx.AsyncClient, session: AsyncSession, params: dict[str, str]
) -> None:
    people = await _group_with_dana(session, EVERY_FIELD_KEPT)
    await sign_in(client, people["lead"])
    assert await listed(client, "ours", **params) == ["Dana Discreet"]
    await sign_in(client, people["dana"])
    assert await listed(client, "ours", **params) == ["Dana Discreet"]


@pytest.mark.parametrize("params", PROBES, ids=lambda params: "-".join(f"{k}={v}" for k, v in params.items()))
async def test_shared_fields_are_found_by_members(
    client: httpx.AsyncClient, session: AsyncSession, params: dict[str, str]
) -> None:
    people = await _group_with_dana(session, {})
    await sign_in(client, people["member"])
    assert await listed(client, "ours", **params) == ["Dana Discreet"]


async def test_suggestions_offer_what_is_shared_in_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    people = await _group_with_dana(session, {"target_companies": "facilitators"})
    elsewhere = await make_group(session, slug="elsewhere")
    await make_member(session, elsewhere, industries=["Mining"], skills=["Blasting"], target_companies=["Vault-Tec"])
    await make_member(session, people["group"], name="Ann", industries=["Aerospace", "Retail"])

    def suggestions(response: httpx.Response) -> dict[str, list[str]]:
        soup = soup_of(response)
        return {
            kind: [option["value"] for option in soup.select(f"#{kind}-options option")]
            for kind in ("industry", "skill", "company")
        }

    await sign_in(client, people["member"])
    assert suggestions(await client.get("/g/ours/members")) == {
        "industry": ["Aerospace", "Retail"],
        "skill": ["Succession planning"],
        "company": [],
    }
    await sign_in(client, people["lead"])
    assert suggestions(await client.get("/g/ours/members"))["company"] == ["Umbrella Corp"]
    # Dana sees her own values, the one she keeps for facilitators too (the counts kept for
    # members since the first view leave it out; it is hers to see).
    await sign_in(client, people["dana"])
    assert suggestions(await client.get("/g/ours/members"))["company"] == ["Umbrella Corp"]
    # The counts follow the group: a value someone adds is offered at the next view, most used first.
    await update_profile(session, people["member"], ProfileUpdate(industries=["Biotech", "Retail"]))
    await session.commit()
    await sign_in(client, people["member"])
    assert suggestions(await client.get("/g/ours/members"))["industry"] == ["Aerospace", "Retail", "Biotech"]


async def test_one_hidden_field_does_not_hide_the_others(client: httpx.AsyncClient, session: AsyncSession) -> None:
    people = await _group_with_dana(session, {"target_companies": "facilitators"})
    await sign_in(client, people["member"])
    assert await listed(client, "ours", company="Umbrella Corp") == []
    assert await listed(client, "ours", industry="Aerospace") == ["Dana Discreet"]
    # "umbrella" also appears in her (shared) ask, so search still finds her — through the ask.
    assert await listed(client, "ours", q="umbrella") == ["Dana Discreet"]


async def test_hidden_fields_are_not_shown_to_members(client: httpx.AsyncClient, session: AsyncSession) -> None:
    people = await _group_with_dana(session, EVERY_FIELD_KEPT)
    await sign_in(client, people["member"])
    listing = await client.get("/g/ours/members")
    card = next(c for c in soup_of(listing).select(".member-card") if "Dana Discreet" in c.text)
    assert "Operations leader" in card.text  # name and headline are always shared
    page = await client.get(f"/g/ours/members/{people['dana'].public_id}")
    for response, part in ((listing, ".directory-results"), (page, "main")):
        text = soup_of(response).select_one(part).text
        for value in (
            "Weighing an offer",
            "Chief people officer",
            "Aerospace",
            "Succession planning",
            "Umbrella",
            "Hooli",
            "Executive compensation",
            "Private story",
            "Naperville",
            "dana-private",
        ):
            assert value not in text, value
        assert "dana-private" not in response.text
    assert "facilitators" not in soup_of(page).select_one("main").text.lower()  # nothing hints at hidden fields
    # Nor do the filter form's suggestions offer what Dana keeps for facilitators.
    suggested = [option["value"] for option in soup_of(listing).select("datalist option")]
    assert not {"Aerospace", "Succession planning", "Umbrella Corp"} & set(suggested)


async def test_hidden_fields_are_shown_to_facilitators_with_a_note(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    people = await _group_with_dana(session, EVERY_FIELD_KEPT)
    await sign_in(client, people["lead"])
    soup = soup_of(await client.get(f"/g/ours/members/{people['dana'].public_id}"))
    for value in (
        "Weighing an offer",
        "Chief people officer",
        "Aerospace",
        "Umbrella Corp",
        "Hooli",
        "Executive compensation",
        "Private story",
        "Naperville",
    ):
        assert value in soup.text, value
    notes = {note.text for note in soup.select(".kept-note")}
    assert notes == {"Shared with facilitators only"}
    assert len(soup.select(".kept-note")) == len(KEPT)
