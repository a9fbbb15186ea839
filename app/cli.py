"""The `between` command."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.ext.asyncio import AsyncSession

from app import models as _every_table  # noqa: F401  foreign keys between features resolve at flush
from app.config import get_settings

app = typer.Typer(
    help="Between: peer-support groups for people between jobs.", no_args_is_help=True, add_completion=False
)
console = Console()
T = TypeVar("T")


def _in_transaction(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Runs `work` in one transaction on the configured database (one per command, like a request)."""
    from app.db import create_engine, create_sessionmaker

    async def run() -> T:
        engine = create_engine(get_settings().database_url)
        try:
            async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _fail(message: str) -> NoReturn:
    console.print(f"[red]{message}[/red]")
    raise typer.Exit(code=1)


def _read_file(file: str, parse: Callable[[bytes, str], T]) -> T:
    """The file read and parsed, or the command stops with what is wrong, in words."""
    from pathlib import Path

    from app.errors import AppError

    try:
        data = Path(file).read_bytes()
    except OSError as error:
        _fail(f"Cannot read {file}: {error.strerror or error}.")
    try:
        return parse(data, file)
    except AppError as error:
        _fail(error.detail)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from app.migrate import upgrade_head

    console.print(upgrade_head().summary())


@app.command()
def serve(
    migrate_first: Annotated[bool, typer.Option("--migrate/--no-migrate", help="Migrate before serving.")] = False,
    demo_if_empty: Annotated[bool, typer.Option("--demo", help="Load the demo data on first run.")] = False,
) -> None:
    """Serve the web app and the API (HOST and PORT from the environment)."""
    import uvicorn

    settings = get_settings()
    if migrate_first:
        migrate()
    if demo_if_empty:
        demo()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    console.print(f"Serving Between on [bold]http://{settings.host}:{settings.port}[/bold]")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        log_level="info",
    )


@app.command()
def worker() -> None:
    """Send queued emails and webhook deliveries (run any number side by side)."""
    from app.db import create_engine, create_sessionmaker
    from app.worker import run_forever

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        engine = create_engine(settings.database_url, **settings.database_pool())
        try:
            await run_forever(create_sessionmaker(engine, for_writes=True), settings, stop)
        finally:
            await engine.dispose()

    asyncio.run(run())


@app.command("create-admin")
def create_admin(
    email: str,
    name: Annotated[str, typer.Option(help="Display name.")] = "Administrator",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="BETWEEN_ADMIN_PASSWORD",
            help="At least 10 characters; asked for when not given.",
        ),
    ] = "",
) -> None:
    """Create an administrator account (or make an existing account one)."""
    from app.accounts import service
    from app.accounts.schemas import PASSWORD_MIN

    if len(password) < PASSWORD_MIN:
        _fail(f"The password needs at least {PASSWORD_MIN} characters.")

    async def work(session: AsyncSession) -> str:
        account = await service.get_by_email(session, email)
        if account is not None:
            account.is_admin = True
            return f"{account.email} is now an administrator (password unchanged)."
        account = await service.create_account(
            session, email=email, display_name=name, password=password, is_admin=True
        )
        return f"Created administrator {account.email}."

    console.print(_in_transaction(work))


@app.command("create-token")
def create_token(
    email: str,
    scopes: Annotated[
        str,
        typer.Option(
            help="Comma-separated: read, write (includes read), webhooks (manage webhook endpoints; nothing else)."
        ),
    ] = "read",
    name: Annotated[str, typer.Option(help="What will use the token.")] = "Command line",
) -> None:
    """Create a personal API token for an account; the token is printed alone on the last line."""
    from pydantic import ValidationError

    from app.accounts import api_tokens as tokens
    from app.accounts import service
    from app.accounts.schemas import TokenCreate

    try:
        data = TokenCreate(name=name, scopes=scopes)
    except ValidationError:
        _fail("Scopes must be a comma-separated list of: read, write, webhooks.")

    async def work(session: AsyncSession) -> str | None:
        account = await service.get_by_email(session, email)
        if account is None:
            return None
        _, secret = await tokens.create_token(session, account, data)
        return secret

    secret = _in_transaction(work)
    if secret is None:
        _fail(f"No account has the email address {email}.")
    console.print(f"Token for {email} with scopes {', '.join(data.scopes)} (shown once):", highlight=False)
    print(secret)


@app.command()
def demo() -> None:
    """Load the demo groups, members and sign-ins (only once)."""
    from app.demo.loader import DEMO_PASSWORD, DEMO_SIGN_INS, load_demo

    loaded = _in_transaction(load_demo)
    console.print("Demo data loaded." if loaded else "Demo data is already loaded.")
    console.print(f"Demo sign-ins (password [bold]{DEMO_PASSWORD}[/bold]):")
    for sign_in in DEMO_SIGN_INS:
        console.print(f"  {sign_in.email:<26} {sign_in.role}", highlight=False)


@app.command()
def seed(
    members: Annotated[int, typer.Option(min=1, help="How many synthetic members.")] = 1000,
    groups: Annotated[int, typer.Option(min=1, help="How many groups to spread them over.")] = 1,
) -> None:
    """Fill the database with synthetic members quickly, for benchmarks."""
    from app.demo.seed import seed as run_seed

    started = time.perf_counter()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Seeding members", total=members)

        async def work(session: AsyncSession) -> list[str]:
            return await run_seed(session, members, groups, progress=lambda count: progress.advance(task, count))

        slugs = _in_transaction(work)
    console.print(
        f"Added {members} members in {len(slugs)} group(s) in {time.perf_counter() - started:.1f} s: {', '.join(slugs)}"
    )


@app.command("import-members")
def import_members(
    group_slug: Annotated[str, typer.Argument(help="The group's address, as in /g/GROUP_SLUG.")],
    file: Annotated[str, typer.Argument(help="A CSV file with at least the columns name and email.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and say what would happen; change nothing.")
    ] = False,
) -> None:
    """Invite a group's members from a CSV file: each gets an email and joins on accepting."""
    from app.db import Sessions, create_engine
    from app.errors import AppError
    from app.groups.service import get_group_by_slug
    from app.roster import service as roster
    from app.roster.reading import decode_csv
    from app.roster.schemas import RowOutcome

    text = _read_file(file, decode_csv)

    with Progress(console=console, transient=True) as progress:

        async def work() -> tuple[roster.ImportPlan, roster.ImportResult | None]:
            # The plan reads; the invitations are committed in batches (app/roster/service.py).
            engine = create_engine(get_settings().database_url)
            try:
                sessions = Sessions.for_engine(engine)
                async with sessions.read() as session:
                    plan = await roster.plan_import(session, await get_group_by_slug(session, group_slug), text)
                if dry_run or not plan.importable:
                    return plan, None
                task = progress.add_task("Inviting members", total=len(plan.importable))
                result = await roster.apply_plan(
                    plan, sessions.write, actor=None, progress=lambda count: progress.advance(task, count)
                )
                return plan, result
            finally:
                await engine.dispose()

        try:
            plan, result = asyncio.run(work())
        except AppError as error:
            _fail(error.detail)

    for row in plan.rows_with_errors:
        console.print(
            f"[yellow]Row {row.number}[/yellow] ({row.email or row.name or 'no email'}): " + " ".join(row.errors),
            highlight=False,
        )
    if plan.ignored_columns:
        console.print(f"Ignored columns: {', '.join(plan.ignored_columns)}", highlight=False)
    counts = (
        f"{plan.count(RowOutcome.invite)} to invite, "
        f"{plan.count(RowOutcome.skip)} already members or invited, "
        f"{plan.count(RowOutcome.error)} with problems"
    )
    if result is not None and result.stopped:
        why = "the database could not be reached" if result.stopped == "outage" else "something went wrong"
        _fail(
            f"The import stopped partway ({why}): {result.invited} people are invited to {plan.group.name} and "
            f"their emails queued; the other {result.not_invited} were not invited. Run the same command again: "
            "everyone already invited is skipped, so only they are invited."
        )
    elif result is not None:
        console.print(
            f"Invited {result.invited} people to {plan.group.name}; each joins on accepting ({counts}).",
            highlight=False,
        )
    elif dry_run:
        console.print(
            f"Dry run, nothing changed. Importing into {plan.group.name} would invite "
            f"{len(plan.importable)} people: {counts}.",
            highlight=False,
        )
    else:
        _fail(f"Nothing imported into {plan.group.name}: {counts}.")


@app.command("import-contacts")
def import_contacts(
    email: Annotated[str, typer.Argument(help="The email address of the account whose contacts these are.")],
    file: Annotated[str, typer.Argument(help="LinkedIn's Connections.csv, a vCard (.vcf) file, or a CSV file.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and say what would happen; change nothing.")
    ] = False,
) -> None:
    """Import a member's own contacts; importing the same file again updates them, never duplicates."""
    from app.accounts.service import get_by_email
    from app.contacts import importing
    from app.contacts.reading import read_contacts

    contacts_file = _read_file(file, read_contacts)

    with Progress(console=console, transient=True) as progress:

        async def work(session: AsyncSession) -> importing.ImportPlan | None:
            account = await get_by_email(session, email)
            if account is None or account.deleted_at is not None:
                return None
            plan = await importing.plan_import(session, account, contacts_file)
            if not dry_run and plan.changes:
                task = progress.add_task("Importing contacts", total=plan.changes)
                await importing.apply_plan(session, plan, progress=lambda count: progress.advance(task, count))
            return plan

        plan = _in_transaction(work)
    if plan is None:
        _fail(f"No account has the email address {email}.")
        return
    for problem in plan.problems:
        console.print(f"[yellow]{problem.message}[/yellow]", highlight=False)
    counts = (
        f"{len(plan.new)} new, {len(plan.updated)} updated, {plan.unchanged} unchanged, "
        f"{len(plan.problems)} rows with problems"
    )
    if dry_run:
        console.print(f"Dry run, nothing changed. Importing would give: {counts}.", highlight=False)
    else:
        console.print(f"Imported contacts: {counts}.", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
