"""Cohort reports of outcomes: for a team, a programme or the whole service over a date range, the matched
change from intake to exit in each measure, for each kind of respondent, and the share of families where
each kind of abuse stopped. Pure functions, no Django: the pages and `spotlight outcomes report` share them.

A family's intake and exit are matched per respondent (the survivor, each child, the worker, him): the
earliest intake in the date range and the latest exit after it. The change is exit minus intake. Its test
is the paired t-test (``scipy.stats.ttest_rel``), two-sided, with its confidence interval for the mean
change: the same families are measured twice, so each family is its own comparison, and with answers on a
five-point scale and a few dozen families or more the t approximation for a mean change is good. Families
with an intake and no exit yet are counted and named as not (yet) ended, never dropped silently; so are
those whose exit left a measure unanswered. Degenerate inputs never raise: too few pairs, or no
variation, are said in words.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from scipy import stats  # type: ignore[import-untyped]

from spotlight.outcomes.domain.measures import EXIT, INTAKE, NO, YES, OutcomeMeasures


@dataclass(frozen=True)
class OutcomeRecord:
    """One occasion's answers from one respondent in one family."""

    family: str
    respondent: str
    occasion: str
    on: dt.date
    #: measure id -> the answer's value on the measure's scale
    scores: Mapping[str, int] = field(default_factory=dict)
    #: abuse kind -> yes, no or not_known
    abuse: Mapping[str, str] = field(default_factory=dict)
    #: which child, for a child's answers ("" for the others)
    person: str = ""
    #: the team or the programme the family is counted under
    group: str = ""


@dataclass(frozen=True)
class Change:
    """The matched change in one measure for one kind of respondent."""

    measure: str
    label: str
    respondent: str
    pairs: int
    #: intakes in the range with no exit yet, or whose exit left this measure unanswered
    not_ended: int
    mean_intake: float | None
    mean_exit: float | None
    change: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    significant: bool | None
    summary: str


@dataclass(frozen=True)
class Stopped:
    """Of the families where this kind of abuse was happening at intake, how many said it had stopped at exit."""

    kind: str
    label: str
    happening_at_intake: int
    stopped: int
    share: float | None
    summary: str


@dataclass(frozen=True)
class CohortReport:
    start: dt.date
    end: dt.date
    group: str
    families: int
    changes: tuple[Change, ...]
    stopped: tuple[Stopped, ...]
    confidence: float
    #: of ``families``, those with an exit matched to an intake (for at least one respondent)
    ended: int = 0


def _pairs(
    records: Iterable[OutcomeRecord], start: dt.date, end: dt.date, group: str
) -> tuple[dict[tuple[str, str, str], tuple[OutcomeRecord, OutcomeRecord | None]], set[str]]:
    """(family, respondent, person) -> (its earliest intake in the range, its latest exit after it, if any)."""
    intakes: dict[tuple[str, str, str], OutcomeRecord] = {}
    exits: dict[tuple[str, str, str], list[OutcomeRecord]] = {}
    for r in records:
        if group and r.group != group:
            continue
        key = (r.family, r.respondent, r.person)
        if r.occasion == INTAKE and start <= r.on <= end:
            if key not in intakes or r.on < intakes[key].on:
                intakes[key] = r
        elif r.occasion == EXIT:
            exits.setdefault(key, []).append(r)
    matched = {}
    for key, intake in intakes.items():
        later = [e for e in exits.get(key, []) if e.on >= intake.on]
        matched[key] = (intake, max(later, key=lambda e: e.on) if later else None)
    return matched, {key[0] for key in intakes}


def _fmt(value: float) -> str:
    return f"{round(value, 1) + 0.0:.1f}"  # + 0.0: never "-0.0"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def paired_change(
    intake: Sequence[float], exit_: Sequence[float], confidence: float = 0.95
) -> tuple[float | None, float | None, float | None, float | None, str]:
    """(mean change, interval low, high, p, a few words) for matched intake and exit scores."""
    n = len(intake)
    if n < 2:
        return None, None, None, None, f"Too few families to test: {n} matched (at least 2 are needed)."
    differences = [b - a for a, b in zip(intake, exit_, strict=True)]
    mean = sum(differences) / n
    if len(set(differences)) == 1:
        if mean == 0:
            return 0.0, 0.0, 0.0, 1.0, "No change: every family answered the same at intake and exit; p = 1.0."
        return mean, None, None, None, f"Every family changed by exactly {_fmt(mean)}: no interval can be estimated."
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Precision loss occurred", category=RuntimeWarning)
        result = stats.ttest_rel(exit_, intake)
    interval = result.confidence_interval(confidence_level=confidence)
    p = float(result.pvalue)
    low, high = float(interval.low), float(interval.high)
    return mean, low, high, p, ""


def _change_summary(
    mean_in: float,
    mean_out: float,
    change: float,
    low: float,
    high: float,
    p: float,
    confidence: float,
    alpha: float,
) -> str:
    if round(change, 1) == 0:
        direction = f"Stayed at about {_fmt(mean_out)} (from {_fmt(mean_in)})"
    else:
        direction = f"{'Rose' if change > 0 else 'Fell'} from {_fmt(mean_in)} to {_fmt(mean_out)}"
    verdict = "unlikely to be chance" if p < alpha else "could be chance"
    interval = f"{round(confidence * 100)}% interval {_fmt(low)} to {_fmt(high)}"
    return f"{direction} (change {_fmt(change)}, {interval}); {verdict} ({_p(p)})."


def cohort_report(
    records: Iterable[OutcomeRecord],
    measures: OutcomeMeasures,
    *,
    start: dt.date,
    end: dt.date,
    group: str = "",
    confidence: float = 0.95,
) -> CohortReport:
    """The cohort report for families with an intake between ``start`` and ``end`` (of ``group``, or all)."""
    _check_confidence(confidence)
    tally = CohortTally(measures, start=start, end=end)
    tally.add(r for r in records if not group or r.group == group)
    return tally.report(group=group, confidence=confidence)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")


@dataclass
class _Pairs:
    """One measure and respondent: each matched intake and exit answer, and how many did not end."""

    intake: array[int] = field(default_factory=lambda: array("h"))
    exit_: array[int] = field(default_factory=lambda: array("h"))
    not_ended: int = 0


class CohortTally:
    """A cohort report's counts, added to a family (or many) at a time, so that a long export is read with
    memory that grows by a few bytes a matched answer: per measure and respondent, each matched intake and
    exit answer and the count not ended; per kind of abuse, the families where it was happening at intake
    and where it stopped. `cohort_report` is one tally of all its records; `spotlight outcomes report`
    adds each family's records as it reads them. Records are paired within each call to `add`, so give
    each family's records in one call (never a family's records in two)."""

    def __init__(self, measures: OutcomeMeasures, *, start: dt.date, end: dt.date) -> None:
        self.measures, self.start, self.end = measures, start, end
        self.families = 0
        #: families with an exit matched to an intake, for at least one respondent
        self.ended = 0
        #: the earliest intake in the range
        self.first_intake: dt.date | None = None
        self._pairs = {
            (measure.id, respondent.id): _Pairs()
            for measure in measures.measures
            for respondent in measures.respondents
            if respondent.id in measure.asks
        }
        self._abuse = {kind.id: [0, 0] for kind in measures.abuse_checklist}

    def add(self, records: Iterable[OutcomeRecord]) -> None:
        matched, families = _pairs(records, self.start, self.end, "")
        self.families += len(families)
        self.ended += len({family for (family, _, _), (_, last) in matched.items() if last is not None})
        for (_, respondent, _), (first, last) in matched.items():
            if self.first_intake is None or first.on < self.first_intake:
                self.first_intake = first.on
            for measure, value in first.scores.items():
                pairs = self._pairs.get((measure, respondent))
                if pairs is None:
                    continue
                if last is None or measure not in last.scores:
                    pairs.not_ended += 1
                else:
                    pairs.intake.append(value)
                    pairs.exit_.append(last.scores[measure])
            if respondent != "survivor" or last is None:
                continue
            for kind, counts in self._abuse.items():
                if first.abuse.get(kind) == YES and last.abuse.get(kind) in (YES, NO):
                    counts[0] += 1
                    counts[1] += last.abuse[kind] == NO

    def report(self, *, group: str = "", confidence: float = 0.95) -> CohortReport:
        _check_confidence(confidence)
        labels = {m.id: m.label for m in self.measures.measures}
        changes = tuple(
            _measure_change(pairs, measure, labels[measure], respondent, confidence)
            for (measure, respondent), pairs in self._pairs.items()
        )
        stopped = tuple(_stopped(kind.id, kind.label, *self._abuse[kind.id]) for kind in self.measures.abuse_checklist)
        return CohortReport(self.start, self.end, group, self.families, changes, stopped, confidence, ended=self.ended)


def _measure_change(pairs: _Pairs, measure: str, label: str, respondent: str, confidence: float) -> Change:
    intake = [float(v) for v in pairs.intake]
    exit_ = [float(v) for v in pairs.exit_]
    not_ended = pairs.not_ended
    mean, low, high, p, words = paired_change(intake, exit_, confidence)
    mean_in = sum(intake) / len(intake) if intake else None
    mean_out = sum(exit_) / len(exit_) if exit_ else None
    significant = None if p is None else p < 1 - confidence
    if not words and mean is not None and low is not None and high is not None and p is not None:
        words = _change_summary(mean_in or 0.0, mean_out or 0.0, mean, low, high, p, confidence, 1 - confidence)
    counted = f" {len(intake)} matched; {not_ended} not ended or unanswered at exit."
    return Change(
        measure,
        label,
        respondent,
        len(intake),
        not_ended,
        mean_in,
        mean_out,
        mean,
        low,
        high,
        p,
        significant,
        words + counted,
    )


def _stopped(kind: str, label: str, happening: int, stopped: int) -> Stopped:
    share = stopped / happening if happening else None
    if share is None:
        summary = f"{label}: no family where it was happening at intake has an exit answer yet."
    else:
        summary = (
            f"{label}: stopped in {stopped} of {happening} {'family' if happening == 1 else 'families'} "
            "where it was happening at intake "
            f"({round(share * 100)}%)."
        )
    return Stopped(kind, label, happening, stopped, share, summary)


def covers(change: Change, truth: float) -> bool:
    """Does the change's interval cover ``truth``? (For tests and the benchmark.)"""
    return (
        change.ci_low is not None
        and change.ci_high is not None
        and change.ci_low <= truth <= change.ci_high
        and math.isfinite(truth)
    )
