"""Serving Spotlight in production, and a consistent copy of its database while people work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from spotlight.cli.common import _django, app, err, out


@app.command()
def serve(
    bind: Annotated[
        str, typer.Option(help="Address and port to listen on (TLS is ended in front of it).")
    ] = "127.0.0.1:8000",
    workers: Annotated[
        int, typer.Option(help="Worker processes (0: about two per core, the default).", min=0, max=64)
    ] = 0,
) -> None:
    """Serve Spotlight with gunicorn, a production WSGI server, its static files by WhiteNoise (compressed,
    cached by browsers). Run `spotlight manage migrate` first, and a task worker beside it
    (`spotlight manage db_worker`). See docs/deployment.md."""
    _django()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    count = workers or max(2, (os.cpu_count() or 1) * 2)
    args = [
        sys.executable, "-m", "gunicorn", "spotlight.wsgi:application",
        "--bind", bind, "--workers", str(count), "--access-logfile", "-",
        # request lines carry query strings (a search for a child's name): log only method, path and status
        "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
    ]  # fmt: skip
    out.print(f"Serving Spotlight on http://{bind}/ with {count} workers (stop with Ctrl-C).")
    os.execv(sys.executable, args)  # noqa: S606  # gunicorn takes this process over


@app.command()
def backup(path: Annotated[Path, typer.Argument(help="Where to write the copy.")]) -> None:
    """A consistent copy of the database while people carry on working: SQLite's online backup, or
    pg_dump's custom format for PostgreSQL. Sealed details are in it: keep it as safe as the database."""
    _django()
    from django.db import connection

    if path.exists():
        err.print(f"[red]{path} already exists: choose a new file, so no backup is overwritten.[/red]")
        raise typer.Exit(2)
    if connection.vendor == "sqlite":
        import sqlite3

        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        target = sqlite3.connect(str(path))
        with target:
            source.backup(target)
        target.close()
        source.close()
    else:
        _postgres_tool("pg_dump", "--format=custom", f"--file={path}")
    out.print(f"Backed up the database to {path}.")


@app.command()
def restore(path: Annotated[Path, typer.Argument(help="A copy made by `spotlight backup`.")]) -> None:
    """Puts a copy made by `spotlight backup` back in place of the database. Stop every app server and
    worker first; afterwards run `spotlight verify-log` to prove the access log came back whole."""
    _django()
    from django.db import connection

    if not path.is_file():
        err.print(f"[red]There is no backup at {path}.[/red]")
        raise typer.Exit(2)
    if connection.vendor == "sqlite":
        import sqlite3

        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("SELECT count(*) FROM access_accesslogentry").fetchone()
        except sqlite3.DatabaseError as exc:
            err.print(f"[red]{path} is not a Spotlight backup ({exc}).[/red]")
            raise typer.Exit(2) from exc
        connection.close()
        target = sqlite3.connect(str(connection.settings_dict["NAME"]))
        with target:
            source.backup(target)
        target.close()
        source.close()
    else:
        _postgres_tool("pg_restore", "--clean", "--if-exists", "--no-owner", str(path))
    out.print(f"Restored the database from {path}. Run `spotlight verify-log` to prove the access log.")


def _postgres_tool(tool: str, *args: str) -> None:
    from django.db import connection

    found = shutil.which(tool) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"))), None)
    if not found:
        err.print(f"[red]{tool} is not installed: install PostgreSQL's client tools.[/red]")
        raise typer.Exit(2)
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    target = [
        f"--host={settings.get('HOST') or 'localhost'}", f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or ''}", f"--dbname={settings['NAME']}",
    ]  # fmt: skip
    result = subprocess.run([str(found), *target, *args], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        err.print(f"[red]{tool} failed: {result.stderr.strip()[:500]}[/red]", highlight=False)
        raise typer.Exit(2)
