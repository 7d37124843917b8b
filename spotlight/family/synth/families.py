"""Building whole synthetic families, and streaming them or writing them to a case file.

Everything is derived from `random.Random` seeded from (seed, family number) and from name
pools drawn once per seed, so the same (count, seed, today) gives the same output byte for
byte, and family n is the same whatever the count. Dates are never after `today`.

Each part of a family's file draws from the family's random stream in a fixed order: the
practice level, the day the case opened, the people, households and records, the agencies,
the contact attempts, the notes, the pattern map, a referral to a programme, the map's facts told
in the notes and (for some families) a map left partial, the risk records and, last, the outcome
records. A part added later draws after the others, so that every earlier field of every family
stays as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from spotlight.casefile.format import FamilyRecord, dump_family
from spotlight.cases.domain.casefile import NoteRecord
from spotlight.family.synth.agencies import choose_agencies
from spotlight.family.synth.engagement import contact_attempts
from spotlight.family.synth.exports import without_map
from spotlight.family.synth.family_file import FamilyFile
from spotlight.family.synth.names import NamePools, name_pools
from spotlight.family.synth.notes import NoteDraft, note_drafts
from spotlight.family.synth.outcomes import outcome_records
from spotlight.family.synth.pattern_map import pattern_map, programme_referrals
from spotlight.family.synth.people import draw_people, households, person_records, relationships
from spotlight.family.synth.risk import drawn_for_risk, risk_records
from spotlight.family.synth.told_in_notes import as_filed, told_in
from spotlight.family.synth.truth import (
    PRACTICE_LEVELS,
    PRACTICE_WEIGHTS,
    SyntheticFamily,
    draw_practice,
    family_truth,
    truth_json,
)

DEFAULT_TEAMS: tuple[str, ...] = ("North", "South", "East")


def build_family(
    *,
    rng: random.Random,
    pools: NamePools,
    family_id: str,
    team: str,
    worker: str | None,
    today: dt.date,
    practice_weights: Sequence[int] = PRACTICE_WEIGHTS,
) -> SyntheticFamily:
    """One family's record and truth, drawn from `rng` (see the module's docstring for the order)."""
    practice = draw_practice(rng, practice_weights)
    start = today - dt.timedelta(days=rng.randint(14, 730))
    people = draw_people(rng, pools, today, start)
    household_records, his_household = households(rng, people)
    persons = person_records(rng, people, his_household)
    rels = relationships(people)
    agencies = choose_agencies(rng, practice, people.children, people.unborn_due, today)
    f = FamilyFile(
        rng=rng, today=today, start=start, practice=practice, worker=worker, people=people, agencies=tuple(agencies)
    )
    attempt_rows, attempts = contact_attempts(f)
    drafts = note_drafts(f, attempt_rows)
    # Drawn last, so that adding the map left every earlier field of every family as it was.
    entries, efforts, factors = pattern_map(f)
    referrals = programme_referrals(f, attempts)  # and after the map, for the same reason

    drafts.sort(key=lambda d: (d.date, d.order))
    notes = _note_records(drafts)
    record = FamilyRecord(
        id=family_id,
        name=f"{people.children_surname} family",
        team=team,
        allocated_to=(worker,) if worker else (),
        households=tuple(household_records),
        people=tuple(persons),
        relationships=tuple(rels),
        agencies=tuple(agencies),
        notes=tuple(notes),
        contact_attempts=tuple(attempts),
        behaviour_entries=tuple(entries),
        protective_efforts=tuple(efforts),
        complicating_factors=tuple(factors),
        programme_referrals=tuple(referrals),
    )
    told = told_in((n.text for n in notes), f.written, {c.given: c.pid for c in people.children})
    truth = family_truth(
        practice=practice,
        notes=[(n.id, d.kind, d.mentions_him) for n, d in zip(notes, drafts, strict=True)],
        attempts=attempts,
        entries=entries,
        efforts=efforts,
        referrals=referrals,
        children=[c.pid for c in people.children],
        told=told,
    )
    # Drawn last of all: the map's facts told in the notes too (the truth covers every fact, told
    # or mapped), and, for some families, a map that keeps only part of them.
    record = as_filed(rng, record, factors, truth.father_absent_note_ids, [c.given for c in people.children])
    # And after that, her risk identifications, a review of him and a safety marker (see `risk`).
    drawn = drawn_for_risk(
        f, record, entries=entries, efforts=efforts, factors=factors, attempts=attempts, referrals=referrals
    )
    record, truth = risk_records(f, record, drawn, truth)
    # And last, the outcome records at intake, review and exit, with their known effects (see `outcomes`).
    record, truth = outcome_records(f, record, drawn, truth)
    return SyntheticFamily(record=record, truth=truth)


def _note_records(drafts: Sequence[NoteDraft]) -> list[NoteRecord]:
    """The notes, numbered in date order."""
    return [
        NoteRecord(
            id=f"n{i:02d}",
            date=d.date,
            contact_type=d.contact_type,
            agency=d.agency,
            author=d.author,
            present=d.present,
            text=d.text,
        )
        for i, d in enumerate(drafts, start=1)
    ]


def generate_families(
    *,
    count: int,
    seed: int,
    today: dt.date,
    teams: Sequence[str] = DEFAULT_TEAMS,
    workers: Mapping[str, Sequence[str]] | None = None,
    practice_weights: Sequence[int] = PRACTICE_WEIGHTS,
) -> Iterator[SyntheticFamily]:
    """Streams `count` synthetic families, one at a time (memory stays flat).

    Family n (from 1) has id "SYN-{seed}-{n:06d}" and depends only on (seed, n,
    today, teams, workers, practice_weights), so a shorter run is a prefix of a
    longer one. `workers` maps a team to usernames; each family is allocated to one
    worker of its team (none if the team has no workers listed).
    `practice_weights` gives the relative share of families at each of
    PRACTICE_LEVELS (accountable, mixed, blaming), in that order: more weight on
    "accountable" makes a round of better practice. The default is today's mix.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    weights = tuple(practice_weights)
    if len(weights) != len(PRACTICE_LEVELS):
        raise ValueError(f"practice_weights needs one weight for each of {', '.join(PRACTICE_LEVELS)}")
    if any(w < 0 for w in weights) or not any(weights):
        raise ValueError("practice_weights must not be negative, and at least one must be above 0")
    team_list = tuple(teams)
    if not team_list:
        raise ValueError("at least one team is needed")
    staff = {team: tuple(names) for team, names in (workers or {}).items()}
    pools = name_pools(seed)

    def families() -> Iterator[SyntheticFamily]:
        for n in range(1, count + 1):
            rng = random.Random(f"spotlight-synth:{seed}:{n}")  # noqa: S311  # reproducible test data, not security
            team = rng.choice(team_list)
            names = staff.get(team, ())
            worker = rng.choice(names) if names else None
            yield build_family(
                rng=rng,
                pools=pools,
                family_id=f"SYN-{seed}-{n:06d}",
                team=team,
                worker=worker,
                today=today,
                practice_weights=weights,
            )

    return families()


def write_synthetic_file(
    target: str | os.PathLike[str] | TextIO,
    *,
    count: int,
    seed: int,
    today: dt.date,
    teams: Sequence[str] = DEFAULT_TEAMS,
    workers: Mapping[str, Sequence[str]] | None = None,
    progress: Callable[[int], None] | None = None,
    truth_out: TextIO | None = None,
    progress_every: int = 500,
    practice_weights: Sequence[int] = PRACTICE_WEIGHTS,
    notes_only: bool = False,
) -> int:
    """Writes `count` families as case-file lines; returns how many were written.

    `target` is a path or an open text file. `progress`, if given, is called with
    the number of families written since its last call (every `progress_every`
    families and once at the end), so it can advance a progress bar. `truth_out`,
    if given, receives one JSON line per family (see `truth_json`).
    `practice_weights` is passed to `generate_families`. With `notes_only`, each family is written
    as another case system would export it, without its pattern map (`without_map`).
    """
    args = (count, seed, today, teams, workers, progress, truth_out, progress_every, practice_weights, notes_only)
    if isinstance(target, (str, os.PathLike)):
        with Path(target).open("w", encoding="utf-8", newline="\n") as fh:
            return _write(fh, *args)
    return _write(target, *args)


def _write(
    out: TextIO,
    count: int,
    seed: int,
    today: dt.date,
    teams: Sequence[str],
    workers: Mapping[str, Sequence[str]] | None,
    progress: Callable[[int], None] | None,
    truth_out: TextIO | None,
    progress_every: int,
    practice_weights: Sequence[int],
    notes_only: bool,
) -> int:
    written = 0
    pending = 0
    families = generate_families(
        count=count, seed=seed, today=today, teams=teams, workers=workers, practice_weights=practice_weights
    )
    for family in families:
        out.write(dump_family(without_map(family.record) if notes_only else family.record))
        out.write("\n")
        if truth_out is not None:
            truth_out.write(truth_json(family))
            truth_out.write("\n")
        written += 1
        pending += 1
        if progress is not None and pending >= progress_every:
            progress(pending)
            pending = 0
    if progress is not None and pending:
        progress(pending)
    return written
