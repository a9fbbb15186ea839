"""A real HTTP receiver for webhook tests, and small factories."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks.webhooks import Webhook

from app.accounts.models import Account
from app.webhooks import service
from app.webhooks.models import WebhookDelivery
from app.webhooks.schemas import EndpointCreate
from tests.conftest import free_port


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each request with the next status in `answers` (then 200) and keeps what came."""

    url: str
    answers: list[int] = field(default_factory=list)
    # Seconds to take over each answer, like a slow receiver.
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def verified(self, secret: str) -> list[dict[str, Any]]:
        """Every request, checked with the Standard Webhooks reference library (raises if one is forged)."""
        return [Webhook(secret).verify(item.body, item.headers) for item in self.received]

    def ids(self) -> list[str]:
        return [item.headers["webhook-id"] for item in self.received]


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                receiver.received.append(Received(dict(self.headers.items()), body))
                status = receiver.answers.pop(0) if receiver.answers else 200
            time.sleep(receiver.delay)
            payload = b"thanks" if status < 300 else b"not now"
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            if 300 <= status < 400:
                self.send_header("Location", "https://example.org/elsewhere")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    receiver.url = f"http://127.0.0.1:{port}/hooks"
    # shutdown() waits for the serving loop's next poll: every 10 ms rather than the default 500.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


async def make_endpoint(
    session: AsyncSession,
    actor: Account,
    url: str = "https://example.org/hooks",
    *,
    events: list[str] | None = None,
    group: Any = None,
) -> tuple[Any, str]:
    """An endpoint registered through the service, as the API would; returns it and its secret."""
    data = EndpointCreate(
        url=url, events=events or ["meeting.created"], group_id=group.public_id if group is not None else None
    )
    # Private targets allowed, as in tests and development: the receivers run on 127.0.0.1.
    return await service.create_endpoint(session, actor, data, allow_private=True)


async def deliveries(session: AsyncSession, event_type: str | None = None) -> list[WebhookDelivery]:
    statement = select(WebhookDelivery).order_by(WebhookDelivery.id).execution_options(populate_existing=True)
    if event_type:
        statement = statement.where(WebhookDelivery.event_type == event_type)
    return list((await session.execute(statement)).scalars())
