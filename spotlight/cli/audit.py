"""Case-file audits on an export: sample, suggest ratings with their evidence, compare two rounds."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.table import Table

if TYPE_CHECKING:
    from spotlight.audit.domain.instrument import Instrument
    from spotlight.audit.domain.results import RoundComparison, RoundRating
    from spotlight.casefile.format import FamilyRecord

from spotlight.cli.common import _count_lines, _open_input, _progress, app, err, out, write_all_or_nothing

audit_app = typer.Typer(
    help="Case-file audits on a case-file export: sample families, suggest ratings with their evidence, "
    "compare two rounds.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")

AUDIT_COLUMNS = ("family_ref", "team", "domain", "item", "suggested_rating", "reasons", "auditor_rating", "auditor")


def _read_families(path: str, total: int | None, label: str) -> Iterator[FamilyRecord]:
    """Streams valid families with a progress bar on stderr; a bad line exits 2, naming it."""
    from spotlight.casefile.format import CaseFileInvalid, iter_valid_families

    with _open_input(path) as fh, _progress(total, label) as bar:
        task = bar.add_task("read", total=total)
        try:
            for _number, record in iter_valid_families(fh):
                yield record
                bar.advance(task)
        except CaseFileInvalid as exc:
            bar.stop()
            err.print(f"[red]{path} is not a valid case file; stopped at the first bad line.[/red]")
            for problem in exc.errors:
                err.print(f"  {problem}", markup=False, highlight=False)
            raise typer.Exit(2) from exc


def _read_sample(path: Path) -> set[str]:
    """Family references, one per line (as `spotlight audit sample` prints them); # starts a comment."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]Cannot read the sample file {path}: {exc}[/red]")
        raise typer.Exit(2) from exc
    refs = {line.split("#", 1)[0].strip() for line in text.splitlines()}
    refs.discard("")
    if not refs:
        err.print(f"[red]The sample file {path} holds no family references.[/red]")
        raise typer.Exit(2)
    return refs


@audit_app.command("suggest")
def audit_suggest(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    out_json: Annotated[Path | None, typer.Option("--out-json", help="Write the suggestions as JSON here.")] = None,
    out_csv: Annotated[Path | None, typer.Option("--out-csv", help="Write the suggestions as CSV here.")] = None,
    sample: Annotated[
        Path | None,
        typer.Option("--sample", help="Only these families: a file of references, one per line (audit sample)."),
    ] = None,
) -> None:
    """Suggested ratings for every family and item of the audit instrument, with the evidence behind each.

    One row per family and item: family_ref, team, domain, item, suggested_rating, reasons, and
    empty auditor_rating and auditor columns for the auditors to fill in (a round file for
    `spotlight audit compare`). With neither --out-json nor --out-csv, the CSV goes to standard
    output. Files are written in full or not at all: a bad line in the export, or a reference in
    --sample that the export does not hold, leaves them untouched and exits 2.
    """
    import csv
    import json

    targets = [p for p in (out_json, out_csv) if p is not None]
    temps = {p: p.with_name(p.name + ".part") for p in targets}
    json_fh = temps[out_json].open("w", encoding="utf-8", newline="\n") if out_json else None
    csv_fh: TextIO | None = temps[out_csv].open("w", encoding="utf-8", newline="") if out_csv else None
    if not targets:
        csv_fh = sys.stdout
    writer = csv.writer(csv_fh, lineterminator="\n") if csv_fh else None
    if writer:
        writer.writerow(AUDIT_COLUMNS)
    if json_fh:
        json_fh.write("[")
    rows = 0
    families: set[str] = set()
    try:
        for row in _suggestion_rows(path, sample):
            families.add(str(row["family_ref"]))
            if writer:
                writer.writerow(
                    (*(row[k] for k in AUDIT_COLUMNS[:5]), " ".join(row["reasons"]), "", "")  # type: ignore[arg-type]
                )
            if json_fh:
                json_fh.write(("," if rows else "") + "\n" + json.dumps(row, ensure_ascii=False))
            rows += 1
        if json_fh:
            json_fh.write("\n]\n")
    except BaseException:
        _close_files((json_fh, csv_fh))
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    _close_files((json_fh, csv_fh))
    for final, temp in temps.items():
        temp.replace(final)
    where = " to " + ", ".join(str(p) for p in targets) if targets else ""
    err.print(f"Suggested {rows} ratings for {len(families)} families{where}.")


def _close_files(files: Iterable[TextIO | None]) -> None:
    for fh in files:
        if fh is not None and fh is not sys.stdout:
            fh.close()


def _suggestion_rows(path: str, sample: Path | None) -> Iterator[dict[str, object]]:
    """One row per family (or sampled family) and item, in the round-file format's columns; exits 2
    when the sample names a family the export does not hold."""
    from spotlight.audit.domain.evidence import evidence_from_record
    from spotlight.audit.domain.instrument import default_instrument
    from spotlight.audit.domain.suggest import suggest_all

    instrument = default_instrument()
    domain_of = {item.id: domain.id for domain, item in instrument.items()}
    wanted = _read_sample(sample) if sample is not None else None
    found: set[str] = set()
    for record in _read_families(path, _count_lines(path), "Suggesting ratings"):
        if wanted is not None:
            if record.id not in wanted:
                continue
            found.add(record.id)
        for item_id, s in suggest_all(instrument, evidence_from_record(record)).items():
            yield {
                "family_ref": record.id,
                "team": record.team,
                "domain": domain_of[item_id],
                "item": item_id,
                "suggested_rating": s.rating,
                "reasons": list(s.reasons),
                "auditor_rating": None,
                "auditor": "",
            }
    if wanted is not None and (missing := sorted(wanted - found)):
        shown = ", ".join(missing[:20]) + (f" and {len(missing) - 20} more" if len(missing) > 20 else "")
        err.print(f"[red]{sample} names families the export does not hold: {shown}. Nothing was written.[/red]")
        raise typer.Exit(2)


@audit_app.command("sample")
def audit_sample(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    size: Annotated[int, typer.Option(help="How many families to sample.", min=1)],
    seed: Annotated[int, typer.Option(help="Same seed and export, same sample.")],
    by_team: Annotated[bool, typer.Option("--by-team", help="Stratify by team, in proportion to team size.")] = False,
) -> None:
    """A reproducible random sample of families for an audit round: one family reference per line."""
    from collections import Counter

    from spotlight.audit.domain.sampling import sample_families

    population = [(r.id, r.team) for r in _read_families(path, _count_lines(path), "Reading families")]
    chosen = sample_families(population, size=size, seed=seed, by_team=by_team)
    for ref, _team in chosen:
        out.print(ref, markup=False, highlight=False)
    summary = f"Sampled {len(chosen)} of {len(population)} families (seed {seed})"
    if len(chosen) < size:
        summary += f"; the export has fewer than {size}, so every family is in the sample"
    if by_team:
        counts = Counter(team for _ref, team in chosen)
        summary += "; by team: " + ", ".join(f"{team} {n}" for team, n in sorted(counts.items()))
    err.print(summary + ".", markup=False, highlight=False)


@audit_app.command("compare")
def audit_compare(
    round_a: Annotated[Path, typer.Argument(help="The first (earlier) round: a round file, CSV or JSON.")],
    round_b: Annotated[Path, typer.Argument(help="The second (later) round: a round file, CSV or JSON.")],
    name_a: Annotated[str | None, typer.Option("--name-a", help="Name of the first round in the report.")] = None,
    name_b: Annotated[str | None, typer.Option("--name-b", help="Name of the second round in the report.")] = None,
    out_json: Annotated[Path | None, typer.Option("--json", help="Write the full results as JSON here.")] = None,
    out_html: Annotated[Path | None, typer.Option("--html", help="Write a printable HTML report here.")] = None,
    out_csv: Annotated[
        Path | None, typer.Option("--csv", help="Write one row per domain and item as CSV here.")
    ] = None,
    confidence: Annotated[
        float,
        typer.Option(
            help="Confidence level for the intervals; 1 - confidence is the threshold for p.", min=0.5, max=0.999
        ),
    ] = 0.95,
) -> None:
    """Compare two audit rounds item by item and domain by domain: did practice change?

    A round file is what `spotlight audit suggest` writes, with optional auditor_rating and
    auditor columns filled in by the auditors (the auditor's rating is used where given, else the
    suggestion). Prints a table; --json, --html and --csv write files, all of them or none. A
    round file with mistakes exits 2 and names every one.
    """
    from spotlight.audit.domain.instrument import default_instrument
    from spotlight.audit.domain.results import compare_round_ratings

    instrument = default_instrument()
    before, after = _read_rounds(round_a, round_b, instrument)
    if name_a is None or name_b is None:
        stems = (round_a.stem, round_b.stem) if round_a.stem != round_b.stem else (str(round_a), str(round_b))
        name_a = name_a if name_a is not None else stems[0]
        name_b = name_b if name_b is not None else stems[1]
    comparison = compare_round_ratings(instrument, before, after, confidence=confidence)
    _print_comparison(comparison, name_a, name_b, confidence)
    contents = _comparison_files(
        comparison, instrument, (name_a, before, round_a), (name_b, after, round_b), out_json, out_csv, out_html
    )
    if contents:
        try:
            write_all_or_nothing(contents)
        except OSError as exc:
            where = str(exc.filename).removesuffix(".part")
            err.print(f"Nothing was written: {where}: {exc.strerror}", markup=False, highlight=False)
            raise typer.Exit(2) from exc
        err.print("Wrote " + ", ".join(str(p) for p in contents) + ".", markup=False, highlight=False)


def _read_rounds(round_a: Path, round_b: Path, instrument: Instrument) -> tuple[list[RoundRating], list[RoundRating]]:
    """Both round files, or exit 2 naming every mistake in either."""
    from spotlight.audit.domain.roundfile import RoundFileInvalid, read_round_file

    rounds: list[list[RoundRating]] = []
    failed = False
    for path in (round_a, round_b):
        try:
            rounds.append(read_round_file(path, instrument))
        except RoundFileInvalid as exc:
            failed = True
            err.print(str(exc), markup=False, highlight=False)
    if failed:
        err.print("Nothing was compared and no file was written.", markup=False, highlight=False)
        raise typer.Exit(2)
    return rounds[0], rounds[1]


def _print_comparison(comparison: RoundComparison, name_a: str, name_b: str, confidence: float) -> None:
    from rich.text import Text

    from spotlight.audit.domain.report import TABLE_HEADINGS, comparison_table

    table = Table(title=Text(f"{name_a} compared with {name_b}"), title_justify="left")
    for heading in TABLE_HEADINGS:
        if heading == "Item":
            table.add_column(heading, min_width=28, ratio=1)
        else:
            table.add_column(heading, justify="left" if heading == "Verdict" else "right", no_wrap=True)
    for row in comparison_table(comparison):
        style = "bold" if row.level == "domain" else None
        table.add_row(*(Text(cell) for cell in row[1:]), style=style)
    out.print(table)
    for sentence in comparison.summary(name_a, name_b):
        out.print(sentence, markup=False, highlight=False)
    out.print(
        f"Change is after minus before, with its {confidence * 100:g}% interval; p is the Mann-Whitney test; "
        "adjusted p allows for testing many items at once (Holm). The verdict rests on the adjusted p.",
        markup=False,
        highlight=False,
    )


def _comparison_files(
    comparison: RoundComparison,
    instrument: Instrument,
    first: tuple[str, list[RoundRating], Path],
    second: tuple[str, list[RoundRating], Path],
    out_json: Path | None,
    out_csv: Path | None,
    out_html: Path | None,
) -> dict[Path, str]:
    """The text of each file asked for (JSON, CSV, HTML report), with the agreement of each round."""
    import json

    from spotlight.audit.domain.report import comparison_csv, comparison_html
    from spotlight.audit.domain.results import auditor_agreement, suggestion_agreement

    agreements = []
    agreement_data: dict[str, dict[str, object]] = {}
    for key, (name, ratings, _path) in (("before", first), ("after", second)):
        by_suggestion = suggestion_agreement(instrument, ratings)
        by_auditors = auditor_agreement(instrument, ratings)
        agreement_data[key] = {"suggestion": by_suggestion.to_dict(), "auditors": by_auditors.to_dict()}
        agreements += [(name, a) for a in (by_suggestion, by_auditors) if a.overall.n]
    (name_a, _, round_a), (name_b, _, round_b) = first, second
    contents: dict[Path, str] = {}
    if out_json is not None:
        data = {
            "before_name": name_a,
            "after_name": name_b,
            "files": {"before": str(round_a), "after": str(round_b)},
            **comparison.to_dict(),
            "summary": comparison.summary(name_a, name_b),
            "agreement": agreement_data,
        }
        contents[out_json] = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out_csv is not None:
        contents[out_csv] = comparison_csv(comparison)
    if out_html is not None:
        contents[out_html] = comparison_html(
            comparison, instrument, before_name=name_a, after_name=name_b, agreements=agreements
        )
    return contents
