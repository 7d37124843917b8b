"""``spotlight review``: the language review for files, case-file exports and standard input.

Kept free of Django, typer and rich so that reviewing one line starts in a fraction of a second.
Plain text is read in blocks that end at a line break, so memory stays flat however large the
input; findings are written as they are found.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from spotlight.language.engine import Voice, scanner_for
from spotlight.language.findings import SEVERITY_ORDER, Person, Severity
from spotlight.language.names import stand_ins
from spotlight.language.ruleset import RuleFileInvalid, Ruleset, default_ruleset, load_ruleset
from spotlight.language.scanner import RawFinding, Scanner

BLOCK_SIZE = 1024 * 1024
ROLES = ("person_causing_harm", "adult_survivor", "child", "other_adult")


class BadInput(Exception):
    """Input the review cannot read; the message names the file and, where known, the line."""


@dataclass
class Tally:
    by_severity: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    files: int = 0
    worst: int = -1  # highest severity rank among findings not kept

    def add(self, severity: Severity, dismissed: bool) -> None:
        if dismissed:
            self.kept += 1
            return
        self.by_severity[severity.value] += 1
        self.worst = max(self.worst, severity.rank)


#: Fields that are the same for every finding of one rule in one family: encoded once.
_RULE_FIELDS = ("rule", "family", "severity", "message", "suggestions")
_encoded_rule_fields: dict[tuple[str, ...], bytes] = {}


def _json_line(item: dict[str, object]) -> bytes:
    """One finding as JSON; the rule's fields, which repeat, are encoded once per rule and wording."""
    key = (str(item["rule"]), str(item["message"]), *item["suggestions"])  # type: ignore[misc]
    fixed = _encoded_rule_fields.get(key)
    if fixed is None:
        fixed = json.dumps({name: item[name] for name in _RULE_FIELDS}, ensure_ascii=False)[1:-1].encode("utf-8")
        if len(_encoded_rule_fields) < 10_000:
            _encoded_rule_fields[key] = fixed
    rest = {name: value for name, value in item.items() if name not in _RULE_FIELDS}
    return b"{" + json.dumps(rest, ensure_ascii=False)[1:-1].encode("utf-8") + b", " + fixed + b"}"


class Output:
    """Writes findings as text lines or as one JSON array, streaming."""

    def __init__(self, stream: BinaryIO, fmt: str) -> None:
        self.stream = stream
        self.fmt = fmt
        self.count = 0
        if fmt == "json":
            stream.write(b"[")

    def finding(self, item: dict[str, object], place: str) -> None:
        if self.fmt == "json":
            self.stream.write((b",\n" if self.count else b"\n") + _json_line(item))
        else:
            label = f"kept ({item['dismissed']})" if item.get("dismissed") else str(item["severity"])
            lines = [f"{place}: {label}: {item['message']} [{item['family']}/{item['rule']}]", f"    “{item['text']}”"]
            lines += [f"    try: {suggestion}" for suggestion in item["suggestions"]]  # type: ignore[attr-defined]
            self.stream.write(("\n".join(lines) + "\n").encode("utf-8"))
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write(b"\n]\n" if self.count else b"]\n")
        self.stream.flush()


#: Deleting every byte but UTF-8 continuation bytes (0x80-0xBF) counts them: characters = bytes - those.
_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b < 0xC0)


def _columns(data: bytes, line_start: int, offset: int, ascii_only: bool) -> int:
    """1-based column in characters (the line was checked to be valid UTF-8)."""
    if ascii_only:
        return offset - line_start + 1
    prefix = data[line_start:offset]
    return len(prefix) - len(prefix.translate(None, _NOT_CONTINUATION)) + 1


def _check_line(data: bytes, line_start: int, name: str, line: int) -> None:
    """Lines with a finding are decoded strictly: quotation marks in another encoding would mislead the review."""
    line_end = data.find(b"\n", line_start)
    try:
        data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{name}: line {line} is not UTF-8 text; save it as plain text (UTF-8) and try again") from exc


def _position_items(
    data: bytes, raw: list[RawFinding], voice: Voice, first_line: int, name: str
) -> Iterator[tuple[dict[str, object], RawFinding]]:
    """Findings of one block, with 1-based lines and columns (``end_column`` is just after the wording)."""
    ascii_only = data.isascii()
    line = first_line
    cursor = 0
    checked_line = -1
    for item in raw:
        line += data.count(b"\n", cursor, item.start)
        cursor = item.start
        line_start = data.rfind(b"\n", 0, item.start) + 1
        end_line = line + data.count(b"\n", item.start, item.end)
        end_line_start = data.rfind(b"\n", 0, item.end) + 1
        if not ascii_only and line_start != checked_line:
            _check_line(data, line_start, name, line)
            checked_line = line_start
        message, suggestions = voice.render(item.rule)
        yield (
            {
                "line": line,
                "column": _columns(data, line_start, item.start, ascii_only),
                "end_line": end_line,
                "end_column": _columns(data, end_line_start, item.end, ascii_only),
                "rule": item.rule.id,
                "family": item.rule.family,
                "severity": item.rule.severity.value,
                "message": message,
                "suggestions": list(suggestions),
                "text": data[item.start : item.end].decode("utf-8", "replace"),
                "dismissed": item.dismissed,
            },
            item,
        )


def _blocks(stream: BinaryIO, name: str) -> Iterator[tuple[bytes, int]]:
    """(block, number of its first line): blocks end at a blank line, or a line break, where possible."""
    pending = b""
    first_line = 1
    while True:
        chunk = stream.read(BLOCK_SIZE)
        if not chunk:
            if pending:
                yield _checked(pending, name, first_line), first_line
            return
        pending += chunk
        cut = pending.rfind(b"\n\n", len(pending) // 2)
        if cut < 0:
            cut = pending.rfind(b"\n")
        if cut < 0:
            continue  # one very long line: keep reading until it ends
        block, pending = pending[: cut + 1], pending[cut + 1 :]
        yield _checked(block, name, first_line), first_line
        first_line += block.count(b"\n")


def _checked(block: bytes, name: str, first_line: int) -> bytes:
    """Refuse what is plainly not UTF-8 text. The whole block is not decoded (that would halve the speed):
    its start is, and every line with a finding is, as it is reported."""
    if b"\0" in block:
        raise BadInput(f"{name}: this looks like a binary file (a Word or PDF document?), not plain text")
    head = block[:65536]
    if not head.isascii():
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut in two at the end of the sample
                line = first_line + block.count(b"\n", 0, exc.start)
                raise BadInput(
                    f"{name}: line {line} is not UTF-8 text; save it as plain text (UTF-8) and try again"
                ) from exc
    return block


def review_text_stream(stream: BinaryIO, name: str, scanner: Scanner, out: Output, tally: Tally) -> None:
    voice = Voice()
    for block, first_line in _blocks(stream, name):
        raw = scanner.scan(block)
        for item, finding in _position_items(block, raw, voice, first_line, name):
            tally.add(finding.rule.severity, finding.dismissed is not None)
            out.finding({"path": name, **item}, f"{name}:{item['line']}:{item['column']}")


def _people(record: dict[str, object]) -> list[Person]:
    people = []
    for person in record.get("people") or []:  # type: ignore[attr-defined]
        if isinstance(person, dict) and person.get("role") in ROLES:
            name = " ".join(str(person.get(key) or "").strip() for key in ("given_name", "family_name")).strip()
            people.append(Person(name=name, role=str(person["role"])))
    return people


def _texts(record: dict[str, object], name: str, line: int) -> Iterator[tuple[str, str, str, str]]:
    """(source, note id, date, text) for every case note and contact attempt note of a family."""
    for source, key, text_key in (("note", "notes", "text"), ("contact_attempt", "contact_attempts", "note")):
        items = record.get(key) or []
        if not isinstance(items, list):
            raise BadInput(f"{name}: line {line}: field {key}: should be a list")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise BadInput(f"{name}: line {line}: field {key}[{index}]: should be an object")
            text = item.get(text_key) or ""
            if not isinstance(text, str):
                raise BadInput(f"{name}: line {line}: field {key}[{index}].{text_key}: should be text")
            if text:
                yield source, str(item.get("id", index)), str(item.get("date", "")), text


def review_case_file(stream: BinaryIO, name: str, scanner: Scanner, out: Output, tally: Tally) -> None:
    for number, raw_line in enumerate(stream, start=1):
        if not raw_line.strip():
            continue
        try:
            record = json.loads(raw_line)
        except UnicodeDecodeError as exc:
            raise BadInput(f"{name}: line {number} is not UTF-8 text") from exc
        except json.JSONDecodeError as exc:
            raise BadInput(f"{name}: line {number} is not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(record, dict):
            raise BadInput(f"{name}: line {number}: each line should be one family (a JSON object)")
        family_id = str(record.get("id", ""))
        people = _people(record)
        voice, names = Voice(people), stand_ins(people)
        for source, note_id, date, text in _texts(record, name, number):
            data = text.encode("utf-8", "surrogatepass")
            raw = scanner.scan(data, names)
            for item, finding in _position_items(data, raw, voice, 1, name):
                tally.add(finding.rule.severity, finding.dismissed is not None)
                place = f"{name}:{number}: family {family_id}, {source.replace('_', ' ')} {note_id} ({date}), "
                place += f"{item['line']}:{item['column']}"
                extra = {"record_line": number, "family_ref": family_id, "source": source, "note_ref": note_id}
                out.finding({"path": name, **item, **extra, "note_date": date}, place)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spotlight review",
        description="Review case notes and reports for wording that blames the adult survivor or hides who did "
        "what. Plain text files, case-file exports (.jsonl) and - for standard input.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text file, .jsonl case-file export, or -")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in SEVERITY_ORDER],
        default=Severity.ERROR.value,
        help="exit 1 when a finding (not kept) is at or above this level (default: error)",
    )
    parser.add_argument("--rules", type=Path, help="use this rule file instead of Spotlight's own")
    return parser


def _summary(tally: Tally) -> str:
    total = sum(tally.by_severity.values())
    parts = [
        f"{tally.by_severity[s.value]} {s.value}{'s' if tally.by_severity[s.value] != 1 else ''}"
        for s in reversed(SEVERITY_ORDER)
    ]
    files = f"{tally.files} file{'s' if tally.files != 1 else ''}"
    findings = f"{total} finding{'s' if total != 1 else ''}"
    return f"{findings} to look at in {files} ({', '.join(parts)}); {tally.kept} kept with a reason."


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
        ruleset: Ruleset = load_ruleset(args.rules) if args.rules else default_ruleset()
    except RuleFileInvalid as exc:
        print(f"spotlight review: {exc}", file=stderr)
        return 2
    scanner = scanner_for(ruleset)
    out = Output(stdout, args.format)
    tally = Tally()
    bad = False
    for path in args.paths:
        try:
            if path == "-":
                review_text_stream(stdin, "<stdin>", scanner, out, tally)
            else:
                try:
                    handle = Path(path).open("rb")
                except OSError as exc:
                    raise BadInput(f"{path}: cannot read it ({exc.strerror})") from exc
                with handle:
                    if path.endswith(".jsonl"):
                        review_case_file(handle, path, scanner, out, tally)
                    else:
                        review_text_stream(handle, path, scanner, out, tally)
            tally.files += 1
        except BadInput as exc:
            bad = True
            print(f"spotlight review: {exc}", file=stderr)
    out.close()
    if args.format == "text":
        print(_summary(tally), file=stderr)
    if bad:
        return 2
    threshold = Severity(args.fail_on).rank
    return 1 if tally.worst >= threshold else 0
