"""The synthetic family generator: deterministic, valid, streaming, and honest about its truth.

Pure Python: no database and no Django settings needed.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spotlight.casefile.format import FamilyRecord, check_family, dump_family, parse_line
from spotlight.family.synth import SyntheticFamily, generate_families, write_synthetic_file
from spotlight.vocabulary import REACHED_OUTCOMES, EngagementOutcome, RelationshipKind, Role

TODAY = dt.date(2026, 3, 14)

# Written out here rather than imported, so a phrase dropped from the generator's
# list is caught rather than silently agreed with.
FAULTY_PHRASES = (
    "the mother failed to protect",
    "a volatile relationship",
    "the children were exposed to domestic violence",
    "non-engagement by mum",
    "she allowed him back into the home",
    "the couple argue",
    "domestic incident between the parents",
    "mum continues to expose the children",
    "she was assaulted",
    "he lost his temper",
    "only a slap",
    "his drinking causes the abuse",
    "witnessed domestic abuse",
    "mother minimising",
)


def has_faulty_phrase(text: str) -> bool:
    lowered = text.lower()
    return any(p in lowered for p in FAULTY_PHRASES)


def families(count: int, seed: int = 11, **kwargs: object) -> list[SyntheticFamily]:
    return list(generate_families(count=count, seed=seed, today=TODAY, **kwargs))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def thousand() -> list[SyntheticFamily]:
    return families(1000, seed=2026)


def file_text(count: int, seed: int) -> tuple[str, str]:
    out, truth = io.StringIO(), io.StringIO()
    written = write_synthetic_file(out, count=count, seed=seed, today=TODAY, truth_out=truth)
    assert written == count
    return out.getvalue(), truth.getvalue()


def harm_people(record: FamilyRecord) -> list[str]:
    return [p.id for p in record.people if p.role == Role.PERSON_CAUSING_HARM]


# -- determinism -------------------------------------------------------------


def test_same_seed_gives_the_same_bytes() -> None:
    first, first_truth = file_text(80, seed=5)
    second, second_truth = file_text(80, seed=5)
    assert first == second
    assert first_truth == second_truth
    assert len(first.splitlines()) == 80


def test_different_seed_gives_different_families() -> None:
    a, _ = file_text(30, seed=5)
    b, _ = file_text(30, seed=6)
    assert a != b
    # Not merely different ids: the people and notes differ too.
    strip_ids = re.compile(r'"SYN-\d+-\d+"')
    assert strip_ids.sub("", a) != strip_ids.sub("", b)


def test_dates_are_relative_to_today_not_the_clock() -> None:
    later = TODAY + dt.timedelta(days=100)
    a = next(generate_families(count=1, seed=5, today=TODAY)).record
    b = next(generate_families(count=1, seed=5, today=later)).record
    assert [n.date + dt.timedelta(days=100) for n in a.notes] == [n.date for n in b.notes]
    assert [n.text for n in a.notes] != [] and a.people[0].given_name == b.people[0].given_name


def test_a_shorter_run_is_a_prefix_of_a_longer_one() -> None:
    short, _ = file_text(10, seed=9)
    long, _ = file_text(40, seed=9)
    assert long.startswith(short)


def test_ids_follow_the_pattern() -> None:
    ids = [f.record.id for f in families(12, seed=77)]
    assert ids == [f"SYN-77-{n:06d}" for n in range(1, 13)]


# -- validity ----------------------------------------------------------------


def test_every_family_passes_the_case_file_checks_and_round_trips(thousand: list[SyntheticFamily]) -> None:
    for family in thousand:
        record = family.record
        assert check_family(record, line=1, today=TODAY) == [], record.id
        parsed, problems = parse_line(dump_family(record), line=1, today=TODAY)
        assert problems == [], record.id
        assert parsed == record
        # ids are unique within each collection
        for items in (record.people, record.notes, record.contact_attempts, record.agencies, record.households):
            ids = [x.id for x in items]
            assert len(ids) == len(set(ids)), record.id


def test_no_date_is_after_today(thousand: list[SyntheticFamily]) -> None:
    two_years_ago = TODAY - dt.timedelta(days=731)
    for family in thousand:
        r = family.record
        for n in r.notes:
            assert two_years_ago <= n.date <= TODAY
        for c in r.contact_attempts:
            assert two_years_ago <= c.date <= TODAY
        for p in r.people:
            if p.date_of_birth is not None:
                assert p.date_of_birth <= TODAY
            if p.expected_date_of_birth is not None:
                assert p.date_of_birth is None
                assert TODAY < p.expected_date_of_birth <= TODAY + dt.timedelta(days=8 * 31)
        # notes are in date order
        assert [n.date for n in r.notes] == sorted(n.date for n in r.notes)


def test_family_shape(thousand: list[SyntheticFamily]) -> None:
    harm_counts: Counter[int] = Counter()
    unborn = 0
    grandparents = 0
    two_households = 0
    for family in thousand:
        r = family.record
        roles = Counter(p.role for p in r.people)
        harm_counts[roles[Role.PERSON_CAUSING_HARM]] += 1
        assert roles[Role.ADULT_SURVIVOR] == 1
        born = [p for p in r.people if p.role == Role.CHILD and p.date_of_birth is not None]
        assert 1 <= len(born) <= 4
        for child in born:
            assert child.date_of_birth is not None
            assert child.date_of_birth > TODAY.replace(year=TODAY.year - 18)
        unborn += any(p.expected_date_of_birth for p in r.people)
        grandparents += roles[Role.OTHER_ADULT] > 0
        assert 1 <= len(r.households) <= 2
        two_households += len(r.households) == 2
        assert 2 <= len(r.agencies) <= 5
        assert 3 <= len(r.notes) <= 25
        assert r.name.endswith(" family")
        assert r.team in ("North", "South", "East")

        survivor = next(p.id for p in r.people if p.role == Role.ADULT_SURVIVOR)
        kinds = {(rel.from_person, rel.to_person): rel.kind for rel in r.relationships}
        for him in harm_people(r):
            assert kinds[(him, survivor)] in (RelationshipKind.PARTNER, RelationshipKind.FORMER_PARTNER)
            for child in born:
                assert (him, child.id) in kinds
        for child in born:
            assert kinds[(survivor, child.id)] == RelationshipKind.PARENT
    assert set(harm_counts) == {1, 2}
    assert 60 <= harm_counts[2] <= 150  # about 10%
    assert 20 <= unborn <= 90  # about 5%
    assert grandparents > 100
    assert two_households > 200


def test_notes_are_short_and_fully_filled(thousand: list[SyntheticFamily]) -> None:
    """A note is written in one to six sentences; the map's facts told in it (issue 13) take it to ten
    at most, unless a family has more facts than its notes have room for."""
    sentence_end = re.compile(r"[.?!](?=\s|$)")
    texts = [n.text for f in thousand[:300] for n in f.record.notes]
    lengths = [len(sentence_end.findall(text)) for text in texts]
    for text, length in zip(texts, lengths, strict=True):
        assert "{" not in text and "}" not in text
        assert "  " not in text and " ." not in text
        assert text[0].isupper()
        assert length >= 1, text
    assert sum(length <= 10 for length in lengths) >= 0.98 * len(lengths)
    # Not trivially repetitive.
    assert len(set(texts)) > 0.9 * len(texts)


# -- the truth agrees with the record ------------------------------------------


def test_father_contacted_and_assessed_match_the_attempts(thousand: list[SyntheticFamily]) -> None:
    for family in thousand:
        outcomes = {c.outcome for c in family.record.contact_attempts}
        assert family.truth.father_contacted == bool(outcomes & REACHED_OUTCOMES)
        assert family.truth.father_assessed_as_parent == (EngagementOutcome.ASSESSED_AS_PARENT in outcomes)
        for c in family.record.contact_attempts:
            assert c.person in harm_people(family.record)


def test_blaming_note_ids_are_exactly_the_notes_in_faulty_language(thousand: list[SyntheticFamily]) -> None:
    total_blaming = 0
    for family in thousand:
        flagged = tuple(n.id for n in family.record.notes if has_faulty_phrase(n.text))
        assert family.truth.blaming_note_ids == flagged, family.record.id
        total_blaming += len(flagged)
        # Faulty language is only ever in the notes the truth names.
        for c in family.record.contact_attempts:
            assert not has_faulty_phrase(c.note)
    assert total_blaming > 1000


def test_father_absent_notes_never_mention_him(thousand: list[SyntheticFamily]) -> None:
    total = 0
    for family in thousand:
        r = family.record
        notes = {n.id: n for n in r.notes}
        patterns = [r"\bfather\b", r"\bdad\b", r"\bpartner\b", r"\bcouple\b", r"\bparents\b"]
        for p in r.people:
            if p.role == Role.PERSON_CAUSING_HARM:
                patterns += [rf"\b{re.escape(p.given_name)}\b", rf"\b{re.escape(p.family_name)}\b"]
                patterns.append(rf"\bMr {re.escape(p.family_name)}\b")
        mention = re.compile("|".join(patterns), re.IGNORECASE)
        harm_ids = set(harm_people(r))
        for note_id in family.truth.father_absent_note_ids:
            note = notes[note_id]
            assert not mention.search(note.text), (r.id, note.text)
            assert not harm_ids & set(note.present)
        total += len(family.truth.father_absent_note_ids)
    assert total > 1000


def test_protective_efforts_and_practice_go_together(thousand: list[SyntheticFamily]) -> None:
    by_practice: dict[str, list[SyntheticFamily]] = {"accountable": [], "mixed": [], "blaming": []}
    for family in thousand:
        by_practice[family.truth.practice].append(family)

    def share(practice: str, test: str) -> float:
        group = by_practice[practice]
        return sum(bool(getattr(f.truth, test)) for f in group) / len(group)

    assert share("accountable", "father_contacted") > 0.8
    assert share("blaming", "father_contacted") < 0.25
    assert share("accountable", "father_assessed_as_parent") > 0.4
    assert share("blaming", "father_assessed_as_parent") < 0.05
    assert share("accountable", "protective_efforts_recorded") > 0.75
    assert share("accountable", "protective_efforts_recorded") > share("blaming", "protective_efforts_recorded")

    def blaming_share(practice: str) -> float:
        notes = sum(len(f.record.notes) for f in by_practice[practice])
        return sum(len(f.truth.blaming_note_ids) for f in by_practice[practice]) / notes

    assert blaming_share("accountable") < 0.06
    assert 0.15 < blaming_share("mixed") < 0.45
    assert blaming_share("blaming") > 0.3
    assert sum(not f.record.contact_attempts for f in by_practice["blaming"]) > 0.4 * len(by_practice["blaming"])


def test_accountable_files_name_him_and_a_child_with_their_age(thousand: list[SyntheticFamily]) -> None:
    accountable = [f for f in thousand if f.truth.practice == "accountable"]
    named = 0
    for family in accountable:
        r = family.record
        him = next(p for p in r.people if p.role == Role.PERSON_CAUSING_HARM)
        child_names = [p.given_name for p in r.people if p.role == Role.CHILD and p.date_of_birth]
        for note in r.notes:
            says_him = f"{him.given_name} {him.family_name}" in note.text or f"Mr {him.family_name}" in note.text
            if says_him and any(
                re.search(rf"\b{re.escape(c)} \((\d+|\d+ (weeks?|months?))\)", note.text) for c in child_names
            ):
                named += 1
                break
    assert named > 0.9 * len(accountable)


def test_practice_mix(thousand: list[SyntheticFamily]) -> None:
    mix = Counter(f.truth.practice for f in thousand)
    assert set(mix) == {"accountable", "mixed", "blaming"}
    assert 300 <= mix["accountable"] <= 400
    assert 350 <= mix["mixed"] <= 450
    assert 200 <= mix["blaming"] <= 300


# -- workers, streaming, the writer ---------------------------------------------


def test_workers_are_allocated_within_their_team() -> None:
    workers = {"North": ["sw_north_1", "sw_north_2"], "South": ["sw_south"]}
    seen: set[str] = set()
    for family in families(120, seed=3, workers=workers):
        r = family.record
        if r.team == "East":
            assert r.allocated_to == ()
        else:
            assert len(r.allocated_to) == 1
            assert r.allocated_to[0] in workers[r.team]
            seen.add(r.allocated_to[0])
    assert seen == {"sw_north_1", "sw_north_2", "sw_south"}
    assert all(f.record.allocated_to == () for f in families(20, seed=3))


def test_custom_teams() -> None:
    assert {f.record.team for f in families(50, seed=1, teams=("Alpha",))} == {"Alpha"}
    with pytest.raises(ValueError):
        generate_families(count=1, seed=1, today=TODAY, teams=())


def test_it_streams_rather_than_building_a_list() -> None:
    stream = generate_families(count=10**9, seed=4, today=TODAY)
    assert isinstance(stream, Iterator)
    first = list(itertools.islice(stream, 3))
    assert [f.record.id for f in first] == ["SYN-4-000001", "SYN-4-000002", "SYN-4-000003"]


def test_write_synthetic_file_to_a_path_with_truth_and_progress(tmp_path: Path) -> None:
    path = tmp_path / "families.jsonl"
    truth = io.StringIO()
    steps: list[int] = []
    written = write_synthetic_file(
        path, count=1234, seed=8, today=TODAY, truth_out=truth, progress=steps.append, progress_every=500
    )
    assert written == 1234
    assert steps == [500, 500, 234]  # increments, so they can advance a progress bar
    lines = path.read_text(encoding="utf-8").splitlines()
    truths = [json.loads(line) for line in truth.getvalue().splitlines()]
    assert len(lines) == len(truths) == 1234
    for line, t in zip(lines, truths, strict=True):
        record, problems = parse_line(line, line=1, today=TODAY)
        assert record is not None and problems == []
        assert t["family"] == record.id
        assert t["practice"] in ("accountable", "mixed", "blaming")
        assert set(t) == {
            "family",
            "practice",
            "father_contacted",
            "father_assessed_as_parent",
            "protective_efforts_recorded",
            "blaming_note_ids",
            "father_absent_note_ids",
            "pattern_beyond_incident",
            "prior_relationships_recorded",
            "child_impact_specific",
            "protective_efforts_full_spectrum",
            "behaviour_kinds",
            "prior_relationship_entries",
            "programme_referral_recorded",
            "programme_with_support_for_her",
            "risk_identification",
            "marac_criteria",
            "his_risk",
            "outcome_effects",
            "abuse_stop_chance",
        }


# -- the pattern map -----------------------------------------------------------------


def test_pattern_map_follows_practice_quality(thousand: list[SyntheticFamily]) -> None:
    by: dict[str, list[SyntheticFamily]] = {}
    for f in thousand:
        by.setdefault(f.truth.practice, []).append(f)

    def mean(practice: str, measure: Any) -> float:
        return sum(measure(f) for f in by[practice]) / len(by[practice])

    def kinds(f: SyntheticFamily) -> int:
        return len({b.kind for b in f.record.behaviour_entries})

    def prior(f: SyntheticFamily) -> int:
        return sum(b.relationship == "prior" for b in f.record.behaviour_entries)

    def harms(f: SyntheticFamily) -> int:
        return sum(len(b.child_harms) for b in f.record.behaviour_entries)

    def efforts(f: SyntheticFamily) -> int:
        return len(f.record.protective_efforts)

    for measure in (kinds, prior, harms, efforts):
        assert mean("accountable", measure) > mean("mixed", measure) > mean("blaming", measure), measure.__name__
    assert mean("accountable", kinds) >= 4
    assert mean("accountable", prior) > 0.7
    for f in by["blaming"]:
        entries = f.record.behaviour_entries
        assert len(entries) == 1 and entries[0].presenting_incident and entries[0].relationship == "current"
        assert harms(f) == 0 and efforts(f) == 0
    # The truth covers what the notes tell as well as the map (issue 13): a poor file's notes still
    # tell incidents, in their own words, but less of the picture than a good file's.
    for measure in ("pattern_beyond_incident", "child_impact_specific", "protective_efforts_full_spectrum"):
        shares = [
            mean(level, lambda f, m=measure: getattr(f.truth, m)) for level in ("accountable", "mixed", "blaming")
        ]
        assert shares[0] > 0.95 and shares[0] > shares[1] > shares[2], (measure, shares)
    for f in by["accountable"]:
        assert all(e.children for e in f.record.protective_efforts)
        assert all(b.source for b in f.record.behaviour_entries)


def test_pattern_truth_matches_the_record(thousand: list[SyntheticFamily]) -> None:
    for f in thousand:
        entries = f.record.behaviour_entries
        assert sum(b.presenting_incident for b in entries) == 1, f.record.id
        # the truth covers the whole map and what the notes tell; the map may keep only part of it
        assert f.truth.behaviour_kinds >= len({b.kind for b in entries})
        assert f.truth.prior_relationships_recorded >= any(b.relationship == "prior" for b in entries)
        assert f.truth.prior_relationship_entries >= sum(b.relationship == "prior" for b in entries)
        for b in entries:
            assert (b.prior_partner != "") == (b.relationship == "prior")
            assert b.occurred_on is not None or b.period
            for h in b.child_harms:
                assert h.his_action and h.impact and not has_faulty_phrase(h.his_action + h.impact)
            assert not has_faulty_phrase(b.description + b.before + b.during + b.after)
        for e in f.record.protective_efforts:
            assert not has_faulty_phrase(e.description)


def test_pattern_map_is_deterministic_and_in_the_truth_file() -> None:
    a = [f.record.behaviour_entries for f in families(50, seed=8)]
    b = [f.record.behaviour_entries for f in families(50, seed=8)]
    assert a == b
    _, truth = file_text(5, seed=8)
    first = json.loads(truth.splitlines()[0])
    for key in ("pattern_beyond_incident", "prior_relationships_recorded", "child_impact_specific"):
        assert isinstance(first[key], bool)


def test_programme_referrals_follow_practice_quality(thousand: list[SyntheticFamily]) -> None:
    share: dict[str, float] = {}
    for level in ("accountable", "mixed", "blaming"):
        group = [f for f in thousand if f.truth.practice == level]
        share[level] = sum(f.truth.programme_referral_recorded for f in group) / len(group)
        for f in group:
            assert f.truth.programme_referral_recorded == bool(f.record.programme_referrals)
            for r in f.record.programme_referrals:
                assert r.referred_on <= TODAY and (r.status_on is None or r.referred_on <= r.status_on <= TODAY)
                assert (r.status == "referred") == (r.status_on is None)
    assert share["accountable"] > share["mixed"] > share["blaming"]


def test_no_entry_is_dated_after_today_even_for_a_child_born_today() -> None:
    """Seed 1's family 29,413 on 26 November 2026 has a child born that day; the generator once dated
    the harm to that child the day after, so import refused the generator's own file."""
    import random

    from spotlight.family.synth.families import DEFAULT_TEAMS, build_family
    from spotlight.family.synth.names import name_pools

    today = dt.date(2026, 11, 26)
    n = 29413
    rng = random.Random(f"spotlight-synth:1:{n}")
    team = rng.choice(tuple(DEFAULT_TEAMS))
    family = build_family(rng=rng, pools=name_pools(1), family_id=f"SYN-1-{n:06d}", team=team, worker=None, today=today)
    assert any(p.date_of_birth == today for p in family.record.people), "the case the test is about"
    dates = [b.occurred_on for b in family.record.behaviour_entries if b.occurred_on]
    assert dates and max(dates) <= today
    assert check_family(family.record, line=1, today=today) == []
