"""Roster CSV import: reading a facilitator's spreadsheet into a checked plan, and carrying it out.

An import is two steps with the same code: `plan_import` reads and checks every row and says what
would happen (the dry run writes nothing); `apply_plan` does it. The web page and the `between
import-members` command both use them. Importing invites: each person joins when they accept, and
neither step says whether an address has an account.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import InvalidInput, is_database_outage
from app.groups.models import Group, JoinedVia
from app.groups.service import get_group_by_slug, require_facilitator
from app.members import invitations
from app.members.models import InvitationStatus
from app.roster.reading import RowResult, check_row, read_rows
from app.roster.schemas import RowOutcome

log = logging.getLogger("between.roster")

# People invited per transaction. Each batch (its invitations and their emails) is committed on its
# own, so that other people's writes get the database between batches instead of waiting for the
# whole file: on SQLite, whose one write lock a 5,000-row import otherwise held for many seconds.
# Inviting takes the better part of a millisecond a person (the emails are rendered as they are
# queued), so a batch holds the lock for about a tenth of a second.
IMPORT_BATCH = 100
# Inviting is mostly Python (links, emails rendered as they are queued): this many people at a time,
# then the app's other requests get the event loop.
INVITE_STEP = 25
# SQLite keeps no queue for its lock: a writer waiting for it looks again every few milliseconds, up
# to every 100 ms when it has waited long. A pause this long after each batch is their turn.
SQLITE_TURN_SECONDS = 0.1

INVITE_NOTE = "Will get an invitation email from you, and joins the group on accepting it."
MEMBER_NOTE = "Already a member of this group: skipped."
WAITING_NOTE = "Invited on {date} and has not answered yet: skipped (they can still accept that invitation)."
DECLINED_NOTE = "Said no thanks to an invitation on {date}: skipped."
RENEW_NOTE = "An earlier invitation {how}: will be invited again with a new link."


@dataclass
class ImportPlan:
    group: Group
    rows: list[RowResult]
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, outcome: RowOutcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def importable(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == RowOutcome.invite]

    @property
    def rows_with_errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == RowOutcome.error]


class Stopped(enum.StrEnum):
    """Why an import stopped partway."""

    outage = "outage"  # the database could not be reached
    error = "error"  # something else went wrong on our side


@dataclass
class ImportResult:
    plan: ImportPlan
    invited: int
    # Set when the import stopped partway: the first `invited` people (in the file's order) are
    # invited and their emails queued, the rest are not. Importing the same file again skips
    # everyone already invited, so it invites exactly the rest.
    stopped: Stopped | None = None

    @property
    def group(self) -> Group:
        return self.plan.group

    @property
    def not_invited(self) -> int:
        return len(self.plan.importable) - self.invited

    @property
    def not_reached(self) -> set[int]:
        """The row numbers of the people the import did not get to."""
        return {row.number for row in self.plan.importable[self.invited :]}


async def plan_import(session: AsyncSession, group: Group, text: str) -> ImportPlan:
    """What importing this CSV into `group` would do, row by row. Reads only (the dry run)."""
    parsed, ignored = read_rows(text)
    rows = [check_row(number, cells, extra) for number, cells, extra in parsed]

    first_row_of: dict[str, int] = {}
    for row in rows:
        if row.outcome == RowOutcome.error:
            continue
        if row.email in first_row_of:
            row.outcome = RowOutcome.error
            row.errors = [
                f"Email: the same address as row {first_row_of[row.email]}; each person can be in the file once."
            ]
            row.person = row.profile = None
        else:
            first_row_of[row.email] = row.number

    emails = list(first_row_of)
    members = await invitations.active_member_emails(session, group, emails)
    earlier = await invitations.open_invitations_by_email(session, group, emails)
    now = utcnow()
    for row in rows:
        if row.outcome == RowOutcome.error:
            continue
        row.note = INVITE_NOTE
        invitation = earlier.get(row.email)
        status = invitation.status(now) if invitation else None
        if row.email in members:
            row.outcome, row.note = RowOutcome.skip, MEMBER_NOTE
        elif invitation is not None and status == InvitationStatus.waiting:
            row.outcome, row.note = RowOutcome.skip, WAITING_NOTE.format(date=_day(invitation.created_at, group))
        elif invitation is not None and status == InvitationStatus.declined:
            row.outcome, row.note = RowOutcome.skip, DECLINED_NOTE.format(date=_day(invitation.declined_at, group))
        elif status in (InvitationStatus.expired, InvitationStatus.withdrawn):
            how = "expired without an answer" if status == InvitationStatus.expired else "was withdrawn"
            row.note = RENEW_NOTE.format(how=how)
    return ImportPlan(group=group, rows=rows, ignored_columns=ignored)


def _day(moment: datetime | None, group: Group) -> str:
    return moment.astimezone(ZoneInfo(group.timezone)).strftime("%b %-d, %Y") if moment else "an earlier day"


# --- carrying it out --------------------------------------------------------------------------


async def managed_group(session: AsyncSession, actor: Account, slug: str) -> Group:
    """The group, if `actor` facilitates it (members get Forbidden, everyone else NotFound)."""
    group = await get_group_by_slug(session, slug)
    await require_facilitator(session, actor, group)
    return group


async def preview_import(session: AsyncSession, actor: Account, group: Group, text: str) -> ImportPlan:
    await require_facilitator(session, actor, group)
    return await plan_import(session, group, text)


async def import_members(
    session: AsyncSession, writes: async_sessionmaker[AsyncSession], actor: Account, group: Group, text: str
) -> ImportResult:
    """Checks the file again (things may have changed since the preview) and imports what is
    importable, in batches of their own (see apply_plan).

    The one request that commits more than once: its own transaction has only read (who is asking,
    the group, the plan) and ends here, before the batches, so that on SQLite its lock is not held
    through them; `session` is not used again."""
    await require_facilitator(session, actor, group)
    plan = await plan_import(session, group, text)
    _check_importable(plan)
    await session.commit()
    return await apply_plan(plan, writes, actor=actor)


def _check_importable(plan: ImportPlan) -> None:
    if plan.importable:
        return
    if plan.rows_with_errors:
        raise InvalidInput("Nothing was imported: every row has a problem. Correct the file and upload it again.")
    raise InvalidInput("Nothing was imported: everyone in this file is already a member or already invited.")


async def apply_plan(
    plan: ImportPlan,
    writes: async_sessionmaker[AsyncSession],
    *,
    actor: Account | None,
    progress: Callable[[int], None] | None = None,
    batch_size: int | None = None,
) -> ImportResult:
    """Invites everyone importable, in the file's order, `batch_size` people per transaction from
    `writes`, each batch with its emails; the audit record goes with the last batch. Should a batch
    fail, the ones before it stay done and the result says how far the import got (a failure before
    anything was saved is raised as usual: then nothing was). `actor` is None when an operator runs
    the command line."""
    _check_importable(plan)
    people = [
        invitations.Invitee(row.person.email, row.person.name, row.profile) for row in plan.importable if row.person
    ]
    details: dict[str, object] = {
        "skipped": plan.count(RowOutcome.skip),
        "rows_with_errors": plan.count(RowOutcome.error),
        "via": "web" if actor else "command line",
    }
    batch_size = batch_size or IMPORT_BATCH
    invited = 0
    for start in range(0, len(people), batch_size):
        batch = people[start : start + batch_size]
        try:
            async with writes() as session, session.begin():
                on_sqlite = session.get_bind().dialect.name == "sqlite"
                for offset in range(0, len(batch), INVITE_STEP):
                    if offset:
                        await asyncio.sleep(0)  # the event loop's other requests get a turn
                    await invitations.invite(
                        session,
                        plan.group,
                        batch[offset : offset + INVITE_STEP],
                        actor=actor,
                        via=JoinedVia.import_,
                        progress=progress,
                    )
                if start + len(batch) == len(people):
                    audit.record(
                        session,
                        actor,
                        "roster.imported",
                        group_id=plan.group.id,
                        target=plan.group.slug,
                        invited=len(people),
                        **details,
                    )
        except Exception as error:
            if invited == 0:
                raise
            stopped = Stopped.outage if is_database_outage(error) else Stopped.error
            log.warning(
                "import into %s stopped after %d of %d invitations: %s",
                plan.group.slug,
                invited,
                len(people),
                type(error).__name__,
                exc_info=stopped == Stopped.error,
            )
            await _record_stopped(writes, actor, plan, invited, stopped, details)
            return ImportResult(plan=plan, invited=invited, stopped=stopped)
        invited += len(batch)
        if on_sqlite and invited < len(people):
            await asyncio.sleep(SQLITE_TURN_SECONDS)
    return ImportResult(plan=plan, invited=invited)


async def _record_stopped(
    writes: async_sessionmaker[AsyncSession],
    actor: Account | None,
    plan: ImportPlan,
    invited: int,
    stopped: Stopped,
    details: dict[str, object],
) -> None:
    """The audit record of an import that stopped partway, if the database takes it."""
    try:
        async with writes() as session, session.begin():
            audit.record(
                session,
                actor,
                "roster.imported",
                group_id=plan.group.id,
                target=plan.group.slug,
                invited=invited,
                not_invited=len(plan.importable) - invited,
                stopped=stopped.value,
                **details,
            )
    except Exception:
        log.warning("could not record the stopped import into %s", plan.group.slug, exc_info=True)


EXAMPLE_CSV = "\n".join(
    [
        "name,email,stage,headline,location,linkedin_url,looking_for,can_help_with,target_roles,industries,skills,"
        "target_companies",
        "Ana Castillo,ana.castillo@example.org,searching,HR business partner with 12 years in healthcare,"
        '"Evanston, IL",https://www.linkedin.com/in/ana-castillo,'
        '"Introductions to HR leaders at hospital systems, and a mock interview",'
        "Employee relations and Workday questions,HR business partner;HR manager,Healthcare;Non-profit,"
        "Employee relations;Workday,Acme Health;Northwind Hospital",
        'Ben Okafor,ben.okafor@example.org,interviewing,"Payroll lead, multi-state",,,'
        "A second pair of eyes on my résumé,"
        "Payroll and benefits set-up for small companies,Payroll manager,Manufacturing,Payroll;ADP;Benefits,",
        "Chloe Martin,chloe.martin@example.org,,,,,,,,,,",
        "",
    ]
)
