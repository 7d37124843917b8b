"""Staff and the access log: the first administrator, proving the log's chain, the database role."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from spotlight.cli.common import _django, app, err, out


@app.command("create-administrator")
def create_administrator(
    username: Annotated[str, typer.Argument(help="The new administrator's user name.")],
    first_name: Annotated[str, typer.Option(help="Her first name.")] = "",
    last_name: Annotated[str, typer.Option(help="Her last name.")] = "",
) -> None:
    """An administrator account: manages staff and teams, reads no case content. Spotlight has no
    superusers; this is how the first administrator is made. The password is asked for twice (or read
    from standard input when it is not a terminal)."""
    _django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from spotlight.access.models import User
    from spotlight.access.staff import administrator_create

    if User.objects.filter(username=username).exists():
        err.print(f"[red]There is already an account called {username!r}.[/red]")
        raise typer.Exit(2)
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    candidate = User(username=username, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, candidate)
        account = administrator_create(username=username, password=password, first_name=first_name, last_name=last_name)
    except ValidationError as exc:
        for message in exc.messages:
            err.print(f"[red]{message}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    out.print(f"Administrator {account.username} created. Sign in at /sign-in/ to manage staff and teams.")


@app.command("verify-log")
def verify_log() -> None:
    """Proves the access log's hash chain from its first row to its last, or names the first row where
    it breaks (a row removed, the log emptied, a row changed). Exit 0 when intact, 1 when broken."""
    _django()
    from spotlight.access.log import verify_chain

    with err.status("Checking the access log's chain"):
        report = verify_chain()
    if report.intact:
        out.print(f"The access log is intact: {report.rows} rows, each chained to the one before.")
        return
    err.print(
        f"[red]The access log is broken at row {report.broken_at}[/red] ({report.rows} rows checked): {report.reason}.",
        highlight=False,
    )
    raise typer.Exit(1)


@app.command("grant-app-role")
def grant_app_role(
    role: Annotated[str, typer.Argument(help="The PostgreSQL role the application connects as.")],
) -> None:
    """On PostgreSQL, as the database's owner: give the application's role what it needs, with the
    access log only to add to (never UPDATE, DELETE or TRUNCATE). Run it again after every migrate."""
    _django()
    from spotlight.access import database_roles

    try:
        ran = database_roles.grant_app_role(role)
    except (database_roles.NotPostgreSQL, ValueError) as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    for statement in ran:
        out.print(statement + ";", markup=False, highlight=False)
