"""Photos through the API and the pages: stored only when they are photos, shown only to those
who may see the profile, removed with their files."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
from bs4 import BeautifulSoup
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.config import get_settings
from app.groups.models import MembershipStatus, Role
from app.photos.models import Photo
from app.photos.service import file_names
from app.privacy.schemas import AccountDeletion
from app.privacy.service import delete_account
from tests.factories import PASSWORD, bearer, make_group, make_member, make_token, post_form, sign_in
from tests.introductions.helpers import emails
from tests.photos import images

MEDIA = Path(get_settings().media_dir)


def stored_files() -> set[str]:
    return {str(path.relative_to(MEDIA)) for path in MEDIA.rglob("*.webp")}


async def upload(client: httpx.AsyncClient, token: str, data: bytes, **fields: str) -> httpx.Response:
    return await client.put(
        "/api/v1/me/photo", headers=bearer(token), files={"photo": ("me.jpg", data, "image/jpeg")}, data=fields
    )


async def test_a_member_sets_a_photo_and_the_group_sees_it(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    ana = await make_member(session, group, name="Ana Castillo")
    ben = await make_member(session, group, name="Ben Okafor")
    ana_token, ben_token = await make_token(session, ana, Scope.write), await make_token(session, ben)

    response = await upload(client, ana_token, images.jpeg(gps=True))
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body["sizes"]) == {"64", "256", "512"} and body["hidden"] is False
    photo = (await session.execute(select(Photo).where(Photo.account_id == ana.id))).scalar_one()
    # Names say nothing of whose photo it is: random, long, neither the account's id nor its public id.
    assert len(photo.name) >= 32 and not photo.name.isdigit() and str(ana.public_id) not in photo.name
    stored = (MEDIA / file_names(photo.name)[1]).read_bytes()
    assert not Image.open(io.BytesIO(stored)).getexif(), "the stored file has no EXIF, GPS included"

    seen = await client.get(body["sizes"]["256"], headers=bearer(ben_token))
    assert seen.status_code == 200 and seen.headers["content-type"] == "image/webp"
    assert seen.headers["cache-control"] == "private, max-age=86400"
    listed = await client.get(f"/api/v1/groups/{group.public_id}/members", headers=bearer(ben_token))
    by_name = {item["name"]: item for item in listed.json()["items"]}
    assert by_name["Ana Castillo"]["photo_id"] == body["id"]
    assert "photo_id" not in by_name["Ben Okafor"], "no photo, no field"


async def test_an_outsider_gets_404_for_the_photo(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, elsewhere = await make_group(session), await make_group(session)
    ana = await make_member(session, group, name="Ana Castillo")
    stranger = await make_member(session, elsewhere, name="Zed Outsider")
    pending = await make_member(session, group, name="Pat Pending", status=MembershipStatus.pending)
    body = (await upload(client, await make_token(session, ana, Scope.write), images.png())).json()
    for outsider in (stranger, pending):
        response = await client.get(body["sizes"]["64"], headers=bearer(await make_token(session, outsider)))
        assert response.status_code == 404, outsider.display_name
    await sign_in(client, stranger)
    page_address = body["sizes"]["64"].removeprefix("/api/v1")
    assert (await client.get(page_address)).status_code == 404


async def test_a_photo_kept_for_facilitators_or_hidden_is_not_shown_to_members(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="faces")
    ana = await make_member(session, group, name="Ana Castillo", visibility={"photo": "facilitators"})
    ben = await make_member(session, group, name="Ben Okafor")
    lead = await make_member(session, group, name="Lee Lead", role=Role.facilitator)
    body = (await upload(client, await make_token(session, ana, Scope.write), images.png())).json()
    member, facilitator = await make_token(session, ben), await make_token(session, lead)
    assert (await client.get(body["sizes"]["64"], headers=bearer(member))).status_code == 404
    assert (await client.get(body["sizes"]["64"], headers=bearer(facilitator))).status_code == 200

    # Shared with members again, then hidden by the facilitator with a reason the member reads.
    from app.profiles.schemas import ProfileUpdate
    from app.profiles.service import update_profile

    await update_profile(session, ana, ProfileUpdate(visibility={"photo": "members"}))
    assert (await client.get(body["sizes"]["64"], headers=bearer(member))).status_code == 200
    await sign_in(client, lead)
    hide = f"/g/faces/members/{ana.public_id}/photo/hide"
    empty = await post_form(client, hide, {"reason": ""}, page=hide)
    assert empty.status_code == 422 and "in a few words" in empty.text
    done = await post_form(client, hide, {"reason": "Please use a photo of yourself."}, page=hide)
    assert done.status_code == 303
    assert (await client.get(body["sizes"]["64"], headers=bearer(member))).status_code == 404
    assert (await client.get(body["sizes"]["64"], headers=bearer(facilitator))).status_code == 200
    [told] = await emails(session, to=ana.email, template="photo_hidden")
    assert "Lee Lead" in told["text"] and "“Please use a photo of yourself.”" in told["text"]
    assert told["subject"] == "Your photo in Group faces is hidden for now"
    await sign_in(client, ana)
    profile = BeautifulSoup((await client.get("/profile")).text, "html.parser")
    assert "Please use a photo of yourself." in profile.select_one("#photo").get_text()


async def test_a_new_photo_replaces_the_old_files_and_removing_deletes_them(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    ana = await make_member(session, group, name="Ana Castillo")
    token = await make_token(session, ana, Scope.write)
    first = (await upload(client, token, images.jpeg())).json()
    first_files = set(file_names((await session.execute(select(Photo.name))).scalar_one()))
    assert first_files <= stored_files()
    second = (await upload(client, token, images.png())).json()
    assert second["id"] != first["id"]
    assert not first_files & stored_files(), "the replaced photo's files are gone"
    assert (await client.get(first["sizes"]["64"], headers=bearer(token))).status_code == 404
    second_files = set(file_names((await session.execute(select(Photo.name))).scalar_one()))
    assert (await client.delete("/api/v1/me/photo", headers=bearer(token))).status_code == 204
    assert not second_files & stored_files()
    assert (await client.get("/api/v1/me/photo", headers=bearer(token))).status_code == 404


async def test_hostile_uploads_are_clear_4xx_and_store_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    ana = await make_member(session, group, name="Ana Castillo")
    token = await make_token(session, ana, Scope.write)
    before = stored_files()
    for data, status, words in (
        (images.png_bomb(), 422, "40 megapixels"),
        (images.polyglot()[:60], 422, "not a photo"),
        (images.SVG, 422, "not a photo"),
        (images.truncated_jpeg(), 422, "not a photo"),
        (images.twelve_megabytes(), 413, "larger than 10 MB"),
        (b"", 422, "choose a photo"),
    ):
        response = await upload(client, token, data)
        assert response.status_code == status, response.text
        assert words in response.json()["detail"]
    bad_crop = await upload(client, token, images.png(), crop_left="a", crop_top="0", crop_size="10")
    assert bad_crop.status_code == 422 and "whole numbers" in bad_crop.json()["detail"]
    assert stored_files() == before
    assert (await session.execute(select(Photo))).first() is None


async def test_the_profile_page_uploads_and_the_directory_shows_initials_or_the_photo(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="tuesday")
    ana = await make_member(session, group, name="Ana Castillo")
    await make_member(session, group, name="Ben Okafor")
    await sign_in(client, ana)
    page = BeautifulSoup((await client.get("/profile")).text, "html.parser")
    csrf = page.select_one("form[action='/profile/photo'] input[name=csrf_token]")["value"]
    response = await client.post(
        "/profile/photo", data={"csrf_token": csrf}, files={"photo": ("me.png", images.png(), "image/png")}
    )
    assert response.status_code == 303
    flashed = BeautifulSoup((await client.get("/profile")).text, "html.parser")
    assert "Your photo is saved" in flashed.get_text()
    assert flashed.select_one("#photo img.avatar")["src"].startswith("/photos/")

    directory = BeautifulSoup((await client.get("/g/tuesday/members")).text, "html.parser")
    cards = {card.select_one(".member-name a").get_text(strip=True): card for card in directory.select(".member-card")}
    assert cards["Ana Castillo"].select_one("img.avatar")["alt"] == ""
    assert cards["Ben Okafor"].select_one("svg.avatar text").get_text() == "BO"

    refused = await client.post(
        "/profile/photo", data={"csrf_token": csrf}, files={"photo": ("x.svg", images.SVG, "image/svg+xml")}
    )
    assert refused.status_code == 303
    assert "not a photo we can read" in (await client.get("/profile")).text


async def test_deleting_the_account_deletes_the_photo_files(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    ana = await make_member(session, group, name="Ana Castillo")
    await upload(client, await make_token(session, ana, Scope.write), images.jpeg())
    files = set(file_names((await session.execute(select(Photo.name))).scalar_one()))
    assert files <= stored_files()
    await delete_account(session, ana, AccountDeletion(password=PASSWORD))
    assert (await session.execute(select(Photo))).first() is None
    assert not files & stored_files()
