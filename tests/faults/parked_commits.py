"""`between serve` with two of its commits held back, for the fault tests: the request whose transaction
creates a meeting titled $PARK_BEFORE_COMMIT stops just before its commit, the one that creates a
meeting titled $PARK_AFTER_COMMIT just after it. Each stops for good (only that request: the process
goes on serving the others) and leaves a file named after the title in $PARKED_DIR, so that a test
knows when to kill the process at exactly that point.

    python -m tests.faults.parked_commits     (with those variables and the app's own set)
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.util import await_only


def hold_back_commits(before: str | None, after: str | None, parked_dir: Path) -> None:
    from app.meetings.models import Meeting

    def park(session: Session, title: str | None) -> None:
        if title and title in session.info.get("meeting_titles", ()):
            (parked_dir / title).touch()
            # Runs inside SQLAlchemy's asyncio bridge, so this request waits while the loop goes on.
            await_only(asyncio.Event().wait())

    @event.listens_for(Session, "after_flush")
    def note_meetings(session: Session, _context: Any) -> None:
        titles = session.info.setdefault("meeting_titles", set())
        titles.update(thing.title for thing in session.new if isinstance(thing, Meeting))

    # Both events also come for the release of a savepoint; only the real commit counts here.
    @event.listens_for(Session, "before_commit")
    def before_commit(session: Session) -> None:
        if not session.in_nested_transaction():
            park(session, before)

    @event.listens_for(Session, "after_commit")
    def after_commit(session: Session) -> None:
        if not session.in_nested_transaction():
            park(session, after)
            session.info.pop("meeting_titles", None)

    @event.listens_for(Session, "after_rollback")
    def after_rollback(session: Session) -> None:
        session.info.pop("meeting_titles", None)


if __name__ == "__main__":
    hold_back_commits(
        os.environ.get("PARK_BEFORE_COMMIT"), os.environ.get("PARK_AFTER_COMMIT"), Path(os.environ["PARKED_DIR"])
    )
    from app.cli import app

    app(["serve"])
