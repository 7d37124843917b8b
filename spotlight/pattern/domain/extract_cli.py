"""``spotlight extract``: the facts a case-file export's notes (or a text file) hold for the pattern map.

Kept free of Django, typer and rich, like ``spotlight review``. Each fact is one JSON object (or
one line of text): the family and note it came from, its kind and catalogue id, whose it is (the
export's person ids, where the note says or the family has one such person), the words that
show it with their line and columns, the date when the note states one, and whether he denies it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from typing import BinaryIO, TextIO

from spotlight.datafiles import DataFileInvalid
from spotlight.language.review_cli import each_input, families_in, note_texts, text_blocks
from spotlight.pattern.domain.notefacts import (
    FactRules,
    FoundFact,
    Member,
    default_fact_rules,
    find_facts,
    members_from,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spotlight extract",
        description="Find what case notes hold for the pattern map: his behaviours, the harm to each child, her "
        "protective efforts, complicating factors and his engagement. Case-file exports (.jsonl), plain text "
        "files, and - for standard input. Nothing is recorded: each fact is offered for a worker to check.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".jsonl case-file export, text file, or -")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json lines")
    parser.add_argument(
        "--second-reader",
        action="store_true",
        help="also run the statistical second reader, as the note editor does: it finds facts the rules miss "
        "(with the words that weighed most), at a fraction of the speed",
    )
    return parser


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class _Out:
    def __init__(self, stream: BinaryIO, fmt: str) -> None:
        self.stream, self.fmt = stream, fmt
        self.by_kind: Counter[str] = Counter()
        self._head: tuple[dict[str, object], bytes] = ({}, b"")
        self._kinds: dict[tuple[str, str, str], bytes] = {}

    def _json(
        self, fact: FoundFact, line: int, column: int, end_line: int, end_column: int, where: dict[str, object]
    ) -> bytes:
        """One fact as a line of JSON. A note's facts share its ``where`` and a fact's kind and label
        recur, so those are encoded once and the pieces joined (the same bytes ``json.dumps`` gives)."""
        if self._head[0] is not where:  # the note's own, kept while its facts are written
            self._head = (where, _dumps(where)[:-1])
        head = self._head
        kind = self._kinds.get((fact.kind, fact.catalogue_id, fact.label))
        if kind is None:
            kind = self._kinds[(fact.kind, fact.catalogue_id, fact.label)] = _dumps(
                {"kind": fact.kind, "catalogue_id": fact.catalogue_id, "label": fact.label}
            )[1:-1]
        rest = {
            "people": list(fact.people),
            "children": list(fact.children),
            "text": fact.text,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "occurred_on": fact.occurred_on.isoformat() if fact.occurred_on else None,
            "relationship": fact.relationship,
            "denied": fact.denied,
            "found_by": "second reader" if fact.because else "rule",
            "because": list(fact.because),
        }
        return b"".join((head[1], b", " if where else b"", kind, b", ", _dumps(rest)[1:], b"\n"))

    def fact(self, fact: FoundFact, text: str, first_line: int, where: dict[str, object], place: str) -> None:
        data_before = text[: fact.start]
        line = first_line + data_before.count("\n")
        line_start = data_before.rfind("\n") + 1
        end_before = text[: fact.end]
        end_line = first_line + end_before.count("\n")
        end_line_start = end_before.rfind("\n") + 1
        column, end_column = fact.start - line_start + 1, fact.end - end_line_start + 1
        self.by_kind[fact.kind] += 1
        if self.fmt == "json":
            self.stream.write(self._json(fact, line, column, end_line, end_column, where))
        else:
            denied = " (he denies it)" if fact.denied else ""
            when = f", {fact.occurred_on.isoformat()}" if fact.occurred_on else ""
            self.stream.write(
                f"{place}{line}:{column}: {fact.kind}/{fact.catalogue_id}{when}{denied}: “{fact.text}”\n".encode()
            )


def extract_case_file(stream: BinaryIO, name: str, rules: FactRules, out: _Out, second_reader: bool = False) -> None:
    for number, record in families_in(stream, name):
        family_ref = str(record.get("id", ""))
        people = record.get("people") or []
        members = members_from(people if isinstance(people, list) else [])
        for source, note_ref, date, text in note_texts(record, name, number):
            where: dict[str, object] = {"path": name, "record_line": number, "family_ref": family_ref}
            where |= {"source": source, "note_ref": note_ref, "note_date": date or None}
            place = f"{name}:{number}: family {family_ref}, {source.replace('_', ' ')} {note_ref} ({date}), "
            for fact in find_facts(text, members, _date(date), rules, second_reader=second_reader):
                out.fact(fact, text, 1, where, place)


def extract_text(
    stream: BinaryIO, name: str, rules: FactRules, out: _Out, members: list[Member], second_reader: bool = False
) -> None:
    for block, first_line in text_blocks(stream, name):
        text = block.decode("utf-8", "replace")
        for fact in find_facts(text, members, None, rules, second_reader=second_reader):
            out.fact(fact, text, first_line, {"path": name}, f"{name}:")


def main(
    argv: list[str] | None = None,
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    args = _parser().parse_args(argv)
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    stderr = stderr or sys.stderr
    try:
        rules = default_fact_rules()
    except DataFileInvalid as exc:
        print(f"spotlight extract: {exc}", file=stderr)
        return 2
    out = _Out(stdout, args.format)
    _, bad = each_input(
        args.paths,
        stdin,
        case_file=lambda stream, name: extract_case_file(stream, name, rules, out, args.second_reader),
        text=lambda stream, name: extract_text(stream, name, rules, out, [], args.second_reader),
        refuse=lambda message: print(f"spotlight extract: {message}", file=stderr),
    )
    stdout.flush()
    if args.format == "text":
        counts = ", ".join(f"{out.by_kind[kind]} {kind.replace('_', ' ')}" for kind in sorted(out.by_kind)) or "none"
        print(f"Facts found: {counts}. Each is offered for a worker to check; nothing was recorded.", file=stderr)
    return 2 if bad else 0
