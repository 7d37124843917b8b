"""What every command shares: the Typer app, the consoles, Django set-up, progress bars, input files."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    pass

app = typer.Typer(
    help="Spotlight: keep the spotlight on the person causing harm.", no_args_is_help=True, add_completion=False
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotlight.settings")
    import django

    django.setup()


def _progress(total: int | None, label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,
    )


def _open_input(path: str) -> BinaryIO:
    """The file (or standard input) as bytes: the case-file reader decodes each line itself, so text
    that is not UTF-8 is named by its line rather than ending the command with a traceback."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return Path(path).open("rb")
    except OSError as exc:
        err.print(f"[red]Cannot read {path}: {exc.strerror}[/red]")
        raise typer.Exit(2) from exc


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with Path(path).open("rb") as fh:
        return sum(1 for line in fh if line.strip())
