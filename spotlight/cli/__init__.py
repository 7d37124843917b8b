"""`spotlight`: the one command-line entry point (set-up, demo, synthetic data, import, export, audits,
risk, outcomes, the access log). One module per kind of command; `spotlight.cli.common` holds the app they share.

Django management commands stay reachable underneath: `spotlight manage <command>`.
"""

from __future__ import annotations

import typer

from spotlight.cli import audit, data, demo, outcomes, risk, serve, staff
from spotlight.cli.common import _django, app
from spotlight.cli.data import load_synthetic, practice_weights_from_text
from spotlight.cli.demo import DEMO_PASSWORD, DEMO_WORKERS, _ensure_demo_users, start_task_worker, stop_task_worker

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_WORKERS",
    "_ensure_demo_users",
    "app",
    "audit",
    "data",
    "demo",
    "load_synthetic",
    "main",
    "outcomes",
    "practice_weights_from_text",
    "risk",
    "serve",
    "staff",
    "start_task_worker",
    "stop_task_worker",
]


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, for example `spotlight manage migrate`."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["spotlight manage", *ctx.args])


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
def review(ctx: typer.Context) -> None:
    """Review notes for wording that blames the adult survivor or hides who did what (see: spotlight review --help)."""
    from spotlight.language.review_cli import main as review_main

    raise typer.Exit(review_main(list(ctx.args)))


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
def extract(ctx: typer.Context) -> None:
    """Find what case notes hold for the pattern map, to offer to a worker (see: spotlight extract --help)."""
    from spotlight.pattern.domain.extract_cli import main as extract_main

    raise typer.Exit(extract_main(list(ctx.args)))


def main() -> None:
    app()
