"""``spotlight review``: the language review for files, case-file exports and standard input.

Kept free of Django, typer and rich so that reviewing one line starts in a fraction of a second.
Plain text is read in blocks that end at a line break, so memory stays flat however large the
input; findings are written as they are found.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
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


@dataclass(slots=True)
class Located:
    """A finding with its place in the input: 1-based lines and columns (``end_column`` is just after it)."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    finding: RawFinding
    message: str
    suggestions: tuple[str, ...]


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


#: Characters a JSON string must escape
_NEEDS_ESCAPING = re.compile(r'["\\\x00-\x1f\x7f\u2028\u2029]')


def _json_text(text: str | None) -> bytes:
    """A JSON string (or null), without the encoder for the common case of nothing to escape."""
    if text is None:
        return b"null"
    if _NEEDS_ESCAPING.search(text) is None:
        return b'"' + text.encode("utf-8") + b'"'
    return _json(text)


class Output:
    """Writes findings as text lines or as one JSON array, streaming."""

    def __init__(self, stream: BinaryIO, fmt: str) -> None:
        self.stream = stream
        self.fmt = fmt
        self.count = 0
        #: a rule's fields are the same for every finding of it in one family: encoded once
        self._rule_fields: dict[tuple[str, ...], bytes] = {}
        if fmt == "json":
            stream.write(b"[")

    def _encoded_rule(self, at: Located) -> bytes:
        rule = at.finding.rule
        key = (rule.id, at.message, *at.suggestions)
        fixed = self._rule_fields.get(key)
        if fixed is None:
            fields: dict[str, object] = {"rule": rule.id, "family": rule.family, "severity": rule.severity.value}
            fields |= {"message": at.message, "suggestions": list(at.suggestions)}
            fixed = _json(fields)[1:-1]
            if len(self._rule_fields) < 10_000:
                self._rule_fields[key] = fixed
        return fixed

    def finding(self, at: Located, path: bytes, place: str, extra: dict[str, object] | None = None) -> None:
        """``path``: the file's name, already JSON-encoded; ``place``: where, for the text format."""
        if self.fmt == "json":
            head = b'%s{"path": %s, "line": %d, "column": %d, "end_line": %d, "end_column": %d, ' % (
                b",\n" if self.count else b"\n",
                path,
                at.line,
                at.column,
                at.end_line,
                at.end_column,
            )
            tail = b', "text": ' + _json_text(at.text) + b', "dismissed": ' + _json_text(at.finding.dismissed)
            if extra:
                tail += b", " + _json(extra)[1:-1]
            self.stream.write(head + self._encoded_rule(at) + tail + b"}")
        else:
            rule = at.finding.rule
            label = f"kept ({at.finding.dismissed})" if at.finding.dismissed else rule.severity.value
            lines = [f"{place}: {label}: {at.message} [{rule.family}/{rule.id}]", f"    “{at.text}”"]
            lines += [f"    try: {suggestion}" for suggestion in at.suggestions]
            self.stream.write(("\n".join(lines) + "\n").encode("utf-8"))
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write(b"\n]\n" if self.count else b"]\n")
        self.stream.flush()


#: Deleting every byte but UTF-8 continuation bytes (0x80-0xBF) counts them: characters = bytes - those.
_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b < 0xC0)


def column_of(data: bytes, line_start: int, offset: int, ascii_only: bool) -> int:
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


def _position_items(data: bytes, raw: list[RawFinding], voice: Voice, first_line: int, name: str) -> Iterator[Located]:
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
        text = data[item.start : item.end].decode("utf-8", "replace")
        message, suggestions = voice.render(item.rule, text, item.because)
        yield Located(
            line=line,
            column=column_of(data, line_start, item.start, ascii_only),
            end_line=end_line,
            end_column=column_of(data, end_line_start, item.end, ascii_only),
            text=text,
            finding=item,
            message=message,
            suggestions=suggestions,
        )


def text_blocks(stream: BinaryIO, name: str) -> Iterator[tuple[bytes, int]]:
    """(block, number of its first line): blocks end at a line break (a blank line where one is near)."""
    pending = b""
    first_line = 1
    while True:
        chunk = stream.read(BLOCK_SIZE)
        if not chunk:
            if pending:
                yield _checked(pending, name, first_line), first_line
            return
        cut = chunk.rfind(b"\n\n", len(chunk) // 2)
        if cut < 0:
            cut = chunk.rfind(b"\n")
        if cut < 0:
            pending += chunk  # one very long line: keep reading until it ends
            continue
        block = pending + chunk[: cut + 1] if pending else chunk[: cut + 1]
        pending = chunk[cut + 1 :]
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
    path = _json(name)
    for block, first_line in text_blocks(stream, name):
        raw = scanner.scan(block)
        for at in _position_items(block, raw, voice, first_line, name):
            tally.add(at.finding.rule.severity, at.finding.dismissed is not None)
            out.finding(at, path, f"{name}:{at.line}:{at.column}")


def _people(record: dict[str, object]) -> list[Person]:
    people = []
    for person in record.get("people") or []:  # type: ignore[attr-defined]
        if isinstance(person, dict) and person.get("role") in ROLES:
            name = " ".join(str(person.get(key) or "").strip() for key in ("given_name", "family_name")).strip()
            people.append(Person(name=name, role=str(person["role"])))
    return people


def note_texts(record: dict[str, object], name: str, line: int) -> Iterator[tuple[str, str, str, str]]:
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


def families_in(stream: BinaryIO, name: str) -> Iterator[tuple[int, dict[str, object]]]:
    """(line number, family) for each line of a case-file export (JSON lines); BadInput names a bad line."""
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
        yield number, record


def review_case_file(stream: BinaryIO, name: str, scanner: Scanner, out: Output, tally: Tally) -> None:
    path = _json(name)
    for number, record in families_in(stream, name):
        family_id = str(record.get("id", ""))
        people = _people(record)
        voice, names = Voice(people), stand_ins(people)
        for source, note_id, date, text in note_texts(record, name, number):
            data = text.encode("utf-8", "surrogatepass")
            raw = scanner.scan(data, names)
            for at in _position_items(data, raw, voice, 1, name):
                tally.add(at.finding.rule.severity, at.finding.dismissed is not None)
                place = f"{name}:{number}: family {family_id}, {source.replace('_', ' ')} {note_id} ({date}), "
                place += f"{at.line}:{at.column}"
                extra: dict[str, object] = {"record_line": number, "family_ref": family_id, "source": source}
                extra |= {"note_ref": note_id, "note_date": date}
                out.finding(at, path, place, extra)


def each_input(
    paths: list[str],
    stdin: BinaryIO,
    *,
    case_file: Callable[[BinaryIO, str], None],
    text: Callable[[BinaryIO, str], None],
    refuse: Callable[[str], None],
) -> tuple[int, bool]:
    """Reads each path in turn ("-": standard input) as a case-file export (.jsonl) or as text.
    Input it cannot read is refused (``refuse`` gets a message naming it) and the rest still read.
    Returns how many were read, and whether any was refused."""
    read, refused = 0, False
    for path in paths:
        try:
            if path == "-":
                text(stdin, "<stdin>")
            else:
                try:
                    handle = Path(path).open("rb")
                except OSError as exc:
                    raise BadInput(f"{path}: cannot read it ({exc.strerror})") from exc
                with handle:
                    (case_file if path.endswith(".jsonl") else text)(handle, path)
            read += 1
        except BadInput as exc:
            refused = True
            refuse(str(exc))
    return read, refused


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
    parser.add_argument(
        "--second-reader",
        action="store_true",
        help="also run the statistical second reader, as the note editor does: it finds wording the rules miss "
        "(its findings are suggestions, with the words that weighed most), at a few MB a second instead of "
        "tens",
    )
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
    scanner = scanner_for(ruleset, second_reader=args.second_reader)
    out = Output(stdout, args.format)
    tally = Tally()
    tally.files, bad = each_input(
        args.paths,
        stdin,
        case_file=lambda stream, name: review_case_file(stream, name, scanner, out, tally),
        text=lambda stream, name: review_text_stream(stream, name, scanner, out, tally),
        refuse=lambda message: print(f"spotlight review: {message}", file=stderr),
    )
    out.close()
    if args.format == "text":
        print(_summary(tally), file=stderr)
    if bad:
        return 2
    threshold = Severity(args.fail_on).rank
    return 1 if tally.worst >= threshold else 0
