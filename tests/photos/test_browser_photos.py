"""Faces in a real browser: a member uploads a photo, moves the square to keep, sees it at once on
their profile, and the group sees it in the directory and at the door's kiosk."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import ADMIN_PASSWORD, APPROVAL_GROUP, FACILITATOR_EMAIL, serious_violations, sign_in
from tests.meeting_day.test_browser_meeting_day import _schedule_a_meeting_starting_now
from tests.photos import images

pytestmark = pytest.mark.browser


async def _image_loaded(locator: Any) -> bool:
    """Whether the image loads (list images load lazily: brought into view, then waited for)."""
    await locator.scroll_into_view_if_needed()
    return bool(
        await locator.evaluate(
            """image => image.complete ? image.naturalWidth > 0 : new Promise(done => {
                 image.addEventListener("load", () => done(image.naturalWidth > 0));
                 image.addEventListener("error", () => done(false));
               })"""
        )
    )


async def test_a_member_uploads_crops_and_is_seen_in_the_directory_and_at_the_door(page: Any, browser: Any) -> None:
    problems: list[str] = []
    await sign_in(page, "lena@example.org", ADMIN_PASSWORD)
    await page.goto("/profile")
    photo = page.locator("#photo")
    assert await photo.locator("svg.avatar text").text_content() == "LF"  # initials until there is a photo
    await page.get_by_label("Add a photo").set_input_files(
        {"name": "lena.jpg", "mimeType": "image/jpeg", "buffer": images.halves(orientation=1)}
    )
    cropper = photo.locator("[data-photo-crop] canvas")
    await cropper.wait_for()
    await page.get_by_label("Size of the square").fill("50")
    await cropper.focus()
    for _ in range(8):
        await page.keyboard.press("Shift+ArrowLeft")  # a tenth of the square each
    assert int(await page.locator("input[name=crop_size]").input_value()) == 50
    assert int(await page.locator("input[name=crop_left]").input_value()) < 50
    problems += await serious_violations(page)
    await page.get_by_role("button", name="Save photo").click()
    assert "Your photo is saved" in await page.locator(".flash").inner_text()
    saved = photo.locator("img.avatar")
    assert await _image_loaded(saved)
    # The kept square is the chosen one: from the red (left) half of the photo.
    red = await saved.evaluate(
        """image => { const c = document.createElement('canvas'); c.width = c.height = 8;
           const x = c.getContext('2d'); x.drawImage(image, 0, 0, 8, 8); return x.getImageData(4, 4, 1, 1).data[0]; }"""
    )
    assert red > 200

    await page.goto(f"/g/{APPROVAL_GROUP}/members")
    card = page.locator(".member-card", has_text="Lena Fischer")
    assert await _image_loaded(card.locator("img.avatar"))
    assert await page.locator(".member-card", has_text="Omar Haddad").locator("svg.avatar").count() == 1
    problems += await serious_violations(page)

    facilitator = await (await browser.new_context(base_url=page.url.split("/g/")[0])).new_page()
    await sign_in(facilitator, FACILITATOR_EMAIL, ADMIN_PASSWORD)
    meeting_id = await _schedule_a_meeting_starting_now(facilitator)
    await facilitator.goto(f"/meetings/{meeting_id}/kiosk")
    at_the_door = facilitator.locator(".kiosk-person", has_text="Lena Fischer")
    assert await _image_loaded(at_the_door.locator("img.avatar"))
    problems += await serious_violations(facilitator)
    await facilitator.context.close()
    assert problems == []
