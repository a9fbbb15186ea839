"""The QR code at the door: a link that only someone who saw the code can open.

The code is an HMAC of the meeting's public id with the app's secret key, so nothing is stored,
it cannot be guessed from the meeting's address, and it changes if the secret key is rotated.
"""

from __future__ import annotations

import base64
import hmac
import io
import uuid

import segno

from app import links
from app.security import keyed_digest

_PURPOSE = b"between:meeting-check-in:"
# 16 bytes of the HMAC (128 bits) keep the QR code small enough to scan from across a table.
_CODE_BYTES = 16


def check_in_code(meeting_id: uuid.UUID) -> str:
    digest = keyed_digest(_PURPOSE + str(meeting_id).encode())
    return base64.urlsafe_b64encode(digest[:_CODE_BYTES]).rstrip(b"=").decode()


def code_is_valid(meeting_id: uuid.UUID, code: str | None) -> bool:
    return bool(code) and hmac.compare_digest(check_in_code(meeting_id), str(code))


def check_in_url(meeting_id: uuid.UUID) -> str:
    return links.absolute(links.meeting(meeting_id, "check-in", code=check_in_code(meeting_id)))


def qr_svg(url: str, title: str) -> bytes:
    """A scalable SVG (no fixed size: the page decides how large it is drawn)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, border=4, omitsize=True, title=title, dark="#000", light="#fff")
    return buffer.getvalue()
