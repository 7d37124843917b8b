"""``spotlight triage FILE [--format text|json|csv]``: the front door's domestic abuse screen for a file of
referral texts, so an authority can measure it on its own past referrals. A ``.txt`` file holds one
referral per line; a ``.jsonl`` file one object per line (``id``, ``text``, optional
``presenting_concern``). Kept free of Django, typer and rich, like ``spotlight review``.

JSON output is one array with an object per referral: ``line``, ``id`` (JSON Lines only), ``pathway``
(none, possible, present, high_risk), ``indicators`` (each with its rule, level, the matched text and
its column) and ``reasons``. Exit status 0, or 2 on input it cannot read, naming the line: the whole
file is checked before any result is written, and results are then written as they come.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterator
from typing import TextIO

from spotlight.datafiles import DataFileInvalid
from spotlight.frontdoor.domain.screen import Screen, Screened, default_screen, screen_text

MAX_LINE = 100_000


class Unreadable(Exception):
    """A line of the input cannot be read; ``str(exc)`` names it."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spotlight triage",
        description="Screen referral texts for domestic abuse, whatever their presenting concern: a .txt file "
        "(one referral per line) or a .jsonl file (one object per line: id, text, presenting_concern).",
    )
    parser.add_argument("path", metavar="FILE", help=".txt or .jsonl file of referrals")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text")
    return parser


def referrals(handle: TextIO, name: str) -> Iterator[tuple[int, str, str, str]]:
    """(line, id, presenting concern, text) for each referral; Unreadable names a bad line."""
    jsonl = name.endswith(".jsonl")
    for number, line in enumerate(handle, start=1):
        if len(line) > MAX_LINE:
            raise Unreadable(f"{name}: line {number}: longer than {MAX_LINE:,} characters")
        if not line.strip():
            continue
        if not jsonl:
            yield number, "", "", line.rstrip("\n")
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise Unreadable(f"{name}: line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise Unreadable(f'{name}: line {number}: each line should be an object with a "text"')
        yield number, str(item.get("id", "")), str(item.get("presenting_concern") or ""), item["text"]


def _as_json(number: int, ref: str, concern: str, text: str, found: Screened, jsonl: bool) -> dict[str, object]:
    item: dict[str, object] = {"line": number}
    if jsonl:
        item |= {"id": ref, "presenting_concern": concern or None}
    return item | {
        "pathway": found.pathway,
        "indicators": [
            {"rule": i.id, "level": i.level, "label": i.label, "text": i.words, "column": i.start + 1}
            for i in found.indicators
        ],
        "reasons": list(found.reasons),
    }


def _json_rows(rows: Iterator[dict[str, object]], out: TextIO) -> None:
    """One JSON array, written an object at a time (as ``json.dump(rows, indent=1)`` would lay it out)."""
    first = True
    for row in rows:
        out.write("[\n" if first else ",\n")
        out.write("\n".join(" " + line for line in json.dumps(row, ensure_ascii=False, indent=1).splitlines()))
        first = False
    out.write("[]\n" if first else "\n]\n")


def triage(handle: TextIO, name: str, out: TextIO, fmt: str, screen: Screen) -> Counter[str]:
    """Screen every referral and write the results as they come; the count of each pathway. The file is
    read twice: first to refuse a bad line before anything is written, then to screen each line, so
    memory stays the same whatever the file's length."""
    for _ in referrals(handle, name):
        pass
    handle.seek(0)
    jsonl = name.endswith(".jsonl")
    tally: Counter[str] = Counter()

    def rows() -> Iterator[dict[str, object]]:
        for number, ref, concern, text in referrals(handle, name):
            found = screen_text(text, screen)
            tally[found.pathway] += 1
            yield _as_json(number, ref, concern, text, found, jsonl)

    if fmt == "json":
        _json_rows(rows(), out)
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["line", "id", "pathway", "indicators", "reasons"])
        for row in rows():
            indicators = "; ".join(f"{i['rule']} ({i['level']}): {i['text']}" for i in row["indicators"])  # type: ignore[attr-defined]
            writer.writerow([row["line"], row.get("id", ""), row["pathway"], indicators, " ".join(row["reasons"])])  # type: ignore[arg-type]
    else:
        for row in rows():
            out.write(f"{name}:{row['line']}: {row['pathway']}: {' '.join(row['reasons'])}\n")  # type: ignore[arg-type]
    return tally


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        screen = default_screen()
        with open(args.path, encoding="utf-8", errors="strict") as handle:
            tally = triage(handle, args.path, out, args.format, screen)
    except (DataFileInvalid, Unreadable) as exc:
        print(f"spotlight triage: {exc}", file=err)
        return 2
    except OSError as exc:
        print(f"spotlight triage: {args.path}: cannot read it ({exc.strerror})", file=err)
        return 2
    except UnicodeDecodeError as exc:
        print(f"spotlight triage: {args.path}: not UTF-8 text (byte {exc.start})", file=err)
        return 2
    counts = ", ".join(f"{tally[p]} {p.replace('_', ' ')}" for p in ("none", "possible", "present", "high_risk"))
    print(f"Referrals screened: {counts}.", file=err)
    return 0
