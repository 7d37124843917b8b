"""The results of audit rounds: what a round found, what changed between two rounds, and how far
raters agree. Pure, typed, no Django: the command line and the web pages both use it.

A round is a list of :class:`RoundRating` rows, one per family, item and auditor. A rating of
``None`` means "not applicable" (or not rated) and is left out of every figure; its count is still
reported. When a file was rated by more than one auditor (to check agreement), the round's own
figures use the first row given for that family and item; the other rows count only towards
:func:`auditor_agreement`.

- :func:`round_summary`: per item and per domain, how the files were rated.
- :func:`compare_round_ratings`: per item and per domain, the change from one round to the next,
  with each p-value also adjusted for testing many items at once (Holm's method).
- :func:`suggestion_agreement` and :func:`auditor_agreement`: weighted kappa between Spotlight's
  suggestion and the auditor, and between two auditors who rated the same files.

Two rounds are independent samples of families, so every test compares values that are one per
family. A domain is compared through each family's mean rating across the domain's items, not
by pooling ratings, because the ratings of one family's items are not independent of each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from spotlight.audit.domain.instrument import Instrument
from spotlight.audit.domain.statistics import (
    Comparison,
    Distribution,
    Kappa,
    Weights,
    compare_rounds,
    compare_scores,
    distribution,
    weighted_kappa,
)

Level = Literal["item", "domain"]
Verdict = Literal["improved", "declined", "no_clear_change", "too_few_ratings"]

#: How each verdict reads in a table or a report.
VERDICT_TEXT: dict[Verdict, str] = {
    "improved": "Improved",
    "declined": "Declined",
    "no_clear_change": "No clear change",
    "too_few_ratings": "Too few ratings",
}

#: The adjustment for testing many items (and, separately, many domains) at once.
ADJUSTMENT = "holm"


@dataclass(frozen=True)
class RoundRating:
    """One auditor's rating of one item for one family. ``rating`` None: not applicable or not rated.

    ``suggested`` is Spotlight's suggested rating when the auditor's rating was given separately
    from it (so the two can be compared), else None. ``auditor`` is a name or initials, "" when
    the round does not say who rated.
    """

    family_ref: str
    team: str
    item: str
    rating: int | None
    suggested: int | None = None
    auditor: str = ""


# ---------------------------------------------------------------------------
# gathering a round's ratings
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Round:
    """One rating per family and item (the first row given), in the order families first appear."""

    by_item: dict[str, dict[str, int | None]]
    families: tuple[str, ...]
    rows: int
    extra_rows: int


def _gather(instrument: Instrument, ratings: Iterable[RoundRating]) -> _Round:
    known = {item.id for _domain, item in instrument.items()}
    scale = set(instrument.values)
    by_item: dict[str, dict[str, int | None]] = {item_id: {} for item_id in known}
    families: dict[str, None] = {}
    rows = extra = 0
    for row in ratings:
        if row.item not in known:
            raise ValueError(
                f"item {row.item!r} (family {row.family_ref}) is not in the instrument {instrument.name!r}"
            )
        if row.rating is not None and row.rating not in scale:
            raise ValueError(
                f"rating {row.rating!r} for item {row.item} (family {row.family_ref}) "
                f"is not on the scale {instrument.values}"
            )
        rows += 1
        families.setdefault(row.family_ref, None)
        if row.family_ref in by_item[row.item]:
            extra += 1
        else:
            by_item[row.item][row.family_ref] = row.rating
    return _Round(by_item=by_item, families=tuple(families), rows=rows, extra_rows=extra)


def _family_means(instrument: Instrument, gathered: _Round, domain_id: str) -> list[float]:
    """Each family's mean rating across the domain's items (families with no rating there left out)."""
    item_ids = [item.id for domain, item in instrument.items() if domain.id == domain_id]
    means: list[float] = []
    for family in gathered.families:
        values = [gathered.by_item[i].get(family) for i in item_ids]
        present = [v for v in values if v is not None]
        if present:
            means.append(sum(present) / len(present))
    return means


# ---------------------------------------------------------------------------
# one round
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleLabel:
    value: int
    label: str


@dataclass(frozen=True)
class ItemSummary:
    """How one item was rated in one round."""

    domain: str
    item: str
    question: str
    distribution: Distribution

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "item": self.item,
            "question": self.question,
            "distribution": self.distribution.to_dict(),
        }


@dataclass(frozen=True)
class DomainSummary:
    """How a domain's items were rated in one round: every rating of every item, pooled."""

    domain: str
    title: str
    items: tuple[str, ...]
    distribution: Distribution

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "title": self.title,
            "items": list(self.items),
            "distribution": self.distribution.to_dict(),
        }


@dataclass(frozen=True)
class RoundSummary:
    """What one round found. ``extra_ratings`` counts second ratings of double-rated files,
    which are left out of these figures (see :func:`auditor_agreement`)."""

    instrument_name: str
    instrument_version: int
    scale: tuple[ScaleLabel, ...]
    families: int
    ratings: int
    extra_ratings: int
    items: tuple[ItemSummary, ...]
    domains: tuple[DomainSummary, ...]

    def item(self, item_id: str) -> ItemSummary:
        for summary in self.items:
            if summary.item == item_id:
                return summary
        raise KeyError(item_id)

    def domain(self, domain_id: str) -> DomainSummary:
        for summary in self.domains:
            if summary.domain == domain_id:
                return summary
        raise KeyError(domain_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": {"name": self.instrument_name, "version": self.instrument_version},
            "scale": [{"value": point.value, "label": point.label} for point in self.scale],
            "families": self.families,
            "ratings": self.ratings,
            "extra_ratings": self.extra_ratings,
            "items": [summary.to_dict() for summary in self.items],
            "domains": [summary.to_dict() for summary in self.domains],
        }


def _scale(instrument: Instrument) -> tuple[ScaleLabel, ...]:
    return tuple(ScaleLabel(point.value, point.label) for point in instrument.scale)


def _summary(instrument: Instrument, gathered: _Round) -> RoundSummary:
    scale = instrument.values
    items = tuple(
        ItemSummary(domain.id, item.id, item.question, distribution(list(gathered.by_item[item.id].values()), scale))
        for domain, item in instrument.items()
    )
    domains = tuple(
        DomainSummary(
            domain.id,
            domain.title,
            tuple(item.id for item in domain.items),
            distribution([r for item in domain.items for r in gathered.by_item[item.id].values()], scale),
        )
        for domain in instrument.domains
    )
    return RoundSummary(
        instrument_name=instrument.name,
        instrument_version=instrument.version,
        scale=_scale(instrument),
        families=len(gathered.families),
        ratings=gathered.rows,
        extra_ratings=gathered.extra_rows,
        items=items,
        domains=domains,
    )


def round_summary(instrument: Instrument, ratings: Iterable[RoundRating]) -> RoundSummary:
    """Per item and per domain distributions of one round, and its number of families.

    Raises ValueError for an item that is not in the instrument or a rating that is not on its scale.
    """
    return _summary(instrument, _gather(instrument, ratings))


# ---------------------------------------------------------------------------
# comparing two rounds
# ---------------------------------------------------------------------------


def holm_adjust(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjustment of p-values for testing several hypotheses at once.

    Each adjusted p-value can be read against the usual threshold (0.05) while keeping the
    chance of calling any change real when none is at that level. None stays None and does not
    count as a test.
    """
    present = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(present)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, index) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[index] = running
    return adjusted


@dataclass(frozen=True)
class Change:
    """One item or one domain compared between two rounds (after - before).

    ``p_adjusted`` is the Mann-Whitney p-value adjusted by Holm's method over all the items (for
    an item) or all the domains (for a domain) that could be tested. ``verdict`` rests on it:
    "improved" or "declined" only when the adjusted p-value is below 1 - confidence.
    """

    level: Level
    domain: str
    id: str
    label: str
    comparison: Comparison
    p_adjusted: float | None
    significant_adjusted: bool | None
    verdict: Verdict

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.verdict]

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "domain": self.domain,
            "id": self.id,
            "label": self.label,
            **self.comparison.to_dict(),
            "p_adjusted": self.p_adjusted,
            "adjustment": ADJUSTMENT,
            "significant_adjusted": self.significant_adjusted,
            "verdict": self.verdict,
            "verdict_text": self.verdict_text,
        }


def _changes(level: Level, rows: Sequence[tuple[str, str, str, Comparison]], confidence: float) -> tuple[Change, ...]:
    adjusted = holm_adjust([comparison.p_value for _d, _i, _l, comparison in rows])
    alpha = 1 - confidence
    changes: list[Change] = []
    for (domain, ident, label, comparison), p_adj in zip(rows, adjusted, strict=True):
        verdict: Verdict
        significant = None if p_adj is None else p_adj < alpha
        if p_adj is None:
            verdict = "too_few_ratings"
        elif not significant:
            verdict = "no_clear_change"
        else:
            # The test is on ranks; the mean difference gives the direction, the rank-biserial
            # correlation breaks a tie (distributions that differ in shape, not in mean).
            sign = comparison.difference or comparison.rank_biserial or 0.0
            verdict = "improved" if sign > 0 else "declined" if sign < 0 else "no_clear_change"
        changes.append(Change(level, domain, ident, label, comparison, p_adj, significant, verdict))
    return tuple(changes)


@dataclass(frozen=True)
class RoundComparison:
    """Every item and every domain compared between two rounds, with both rounds' summaries."""

    instrument_name: str
    instrument_version: int
    scale: tuple[ScaleLabel, ...]
    confidence: float
    before: RoundSummary
    after: RoundSummary
    items: tuple[Change, ...]
    domains: tuple[Change, ...]
    adjustment: str = ADJUSTMENT

    def item(self, item_id: str) -> Change:
        for change in self.items:
            if change.id == item_id:
                return change
        raise KeyError(item_id)

    def domain(self, domain_id: str) -> Change:
        for change in self.domains:
            if change.id == domain_id:
                return change
        raise KeyError(domain_id)

    def items_in(self, domain_id: str) -> tuple[Change, ...]:
        return tuple(change for change in self.items if change.domain == domain_id)

    def summary(self, before_name: str = "the first round", after_name: str = "the second round") -> list[str]:
        """A few plain-English sentences on what changed, for the top of a report."""
        return _plain_summary(self, before_name, after_name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": {"name": self.instrument_name, "version": self.instrument_version},
            "scale": [{"value": point.value, "label": point.label} for point in self.scale],
            "confidence": self.confidence,
            "adjustment": self.adjustment,
            "before": {"families": self.before.families, "ratings": self.before.ratings},
            "after": {"families": self.after.families, "ratings": self.after.ratings},
            "domains": [change.to_dict() for change in self.domains],
            "items": [change.to_dict() for change in self.items],
            "summary": self.summary(),
            "rounds": {"before": self.before.to_dict(), "after": self.after.to_dict()},
        }


def compare_round_ratings(
    instrument: Instrument,
    before: Iterable[RoundRating],
    after: Iterable[RoundRating],
    confidence: float = 0.95,
) -> RoundComparison:
    """Compare two independent rounds item by item and domain by domain.

    Each item: :func:`~spotlight.audit.domain.statistics.compare_rounds` on the families' ratings. Each
    domain: :func:`compare_scores` on each family's mean rating across the domain's items. The
    p-values are then adjusted by Holm's method, items as one set of tests and domains as another.
    Raises ValueError for an item not in the instrument, a rating off its scale, or a confidence
    outside (0, 1).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    first, second = _gather(instrument, before), _gather(instrument, after)
    scale = instrument.values
    item_rows = [
        (
            domain.id,
            item.id,
            item.question,
            compare_rounds(
                list(first.by_item[item.id].values()), list(second.by_item[item.id].values()), scale, confidence
            ),
        )
        for domain, item in instrument.items()
    ]
    domain_rows = [
        (
            domain.id,
            domain.id,
            domain.title,
            compare_scores(
                _family_means(instrument, first, domain.id), _family_means(instrument, second, domain.id), confidence
            ),
        )
        for domain in instrument.domains
    ]
    return RoundComparison(
        instrument_name=instrument.name,
        instrument_version=instrument.version,
        scale=_scale(instrument),
        confidence=confidence,
        before=_summary(instrument, first),
        after=_summary(instrument, second),
        items=_changes("item", item_rows, confidence),
        domains=_changes("domain", domain_rows, confidence),
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _plain_summary(comparison: RoundComparison, before_name: str, after_name: str) -> list[str]:
    items = comparison.items
    tested = [c for c in items if c.verdict != "too_few_ratings"]
    improved = [c for c in items if c.verdict == "improved"]
    declined = [c for c in items if c.verdict == "declined"]
    unclear = [c for c in items if c.verdict == "no_clear_change"]
    sentences = [
        f"The rounds compared: {before_name} ({_count(comparison.before.families, 'family', 'families')}) "
        f"and {after_name} ({_count(comparison.after.families, 'family', 'families')})."
    ]
    if not tested:
        sentences.append("No question had enough ratings in both rounds to compare.")
        return sentences
    sentences.append(
        f"Of the {_count(len(tested), 'question', 'questions')} that could be compared, {len(improved)} improved, "
        f"{len(declined)} declined and {len(unclear)} showed no clear change, allowing for testing "
        f"{_count(len(tested), 'question', 'questions')} at once."
    )
    if len(tested) < len(items):
        sentences.append(
            f"{_count(len(items) - len(tested), 'question', 'questions')} had too few ratings in one round to compare."
        )
    domains = comparison.domains
    verdicts = {d.verdict for d in domains}
    if verdicts == {"improved"}:
        sentences.append("Every domain improved.")
    elif verdicts == {"declined"}:
        sentences.append("Every domain declined.")
    elif verdicts == {"no_clear_change"}:
        sentences.append("No domain showed a clear change.")
    else:
        for verdict, words in (
            ("improved", "Domains that improved"),
            ("declined", "Domains that declined"),
            ("no_clear_change", "Domains with no clear change"),
            ("too_few_ratings", "Domains with too few ratings to compare"),
        ):
            chosen = [d.label for d in domains if d.verdict == verdict]
            if chosen:
                sentences.append(f"{words}: " + "; ".join(chosen) + ".")
    moved = [c for c in (*improved, *declined) if c.comparison.difference is not None]
    if moved:
        largest = max(moved, key=lambda c: abs(c.comparison.difference or 0.0))
        text = largest.comparison.summary
        sentences.append(f"The largest change: \u201c{largest.label}\u201d {text[:1].lower()}{text[1:]}")
    return sentences


# ---------------------------------------------------------------------------
# agreement
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemAgreement:
    domain: str
    item: str
    question: str
    kappa: Kappa

    def to_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "item": self.item, "question": self.question, **self.kappa.to_dict()}


@dataclass(frozen=True)
class Agreement:
    """Weighted kappa per item and over all items pooled.

    ``kind`` says who is compared: "suggestion" (Spotlight's suggestion and the auditor) or
    "auditors" (two auditors who rated the same family and item). ``families`` is how many
    families gave at least one pair: for auditors, the families that were double-rated.
    """

    kind: Literal["suggestion", "auditors"]
    weights: Weights
    families: int
    items: tuple[ItemAgreement, ...]
    overall: Kappa

    def item(self, item_id: str) -> ItemAgreement:
        for agreement in self.items:
            if agreement.item == item_id:
                return agreement
        raise KeyError(item_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "weights": self.weights,
            "families": self.families,
            "overall": self.overall.to_dict(),
            "items": [agreement.to_dict() for agreement in self.items],
        }


def _agreement(
    kind: Literal["suggestion", "auditors"],
    instrument: Instrument,
    pairs: dict[str, list[tuple[str, int | None, int | None]]],
    weights: Weights,
) -> Agreement:
    scale = instrument.values
    items: list[ItemAgreement] = []
    all_a: list[int | None] = []
    all_b: list[int | None] = []
    families: set[str] = set()
    for domain, item in instrument.items():
        item_pairs = pairs.get(item.id, [])
        a = [pair[1] for pair in item_pairs]
        b = [pair[2] for pair in item_pairs]
        families.update(family for family, x, y in item_pairs if x is not None and y is not None)
        items.append(ItemAgreement(domain.id, item.id, item.question, weighted_kappa(a, b, scale, weights)))
        all_a.extend(a)
        all_b.extend(b)
    return Agreement(kind, weights, len(families), tuple(items), weighted_kappa(all_a, all_b, scale, weights))


def suggestion_agreement(
    instrument: Instrument, ratings: Iterable[RoundRating], weights: Weights = "quadratic"
) -> Agreement:
    """Weighted kappa between Spotlight's suggestion and the auditor's rating, per item and overall.

    Every row with a suggestion counts (a double-rated file gives one pair per auditor); pairs
    where either side is not applicable are left out and counted in ``n_dropped``.
    """
    gathered = list(ratings)
    _gather(instrument, gathered)  # the same checks as a summary
    pairs: dict[str, list[tuple[str, int | None, int | None]]] = {}
    for row in gathered:
        if row.suggested is not None:
            pairs.setdefault(row.item, []).append((row.family_ref, row.suggested, row.rating))
    return _agreement("suggestion", instrument, pairs, weights)


def auditor_agreement(
    instrument: Instrument, ratings: Iterable[RoundRating], weights: Weights = "quadratic"
) -> Agreement:
    """Weighted kappa between two auditors who rated the same family and item, per item and overall.

    For each family and item, the first two distinct (named) auditors in the order given are
    paired; a third auditor's rating is not used. Rows without an auditor's name are left out.
    """
    gathered = list(ratings)
    _gather(instrument, gathered)
    first: dict[tuple[str, str], tuple[str, int | None]] = {}
    paired: set[tuple[str, str]] = set()
    pairs: dict[str, list[tuple[str, int | None, int | None]]] = {}
    for row in gathered:
        if not row.auditor:
            continue
        key = (row.family_ref, row.item)
        if key in paired:
            continue
        if key not in first:
            first[key] = (row.auditor, row.rating)
        elif first[key][0] != row.auditor:
            pairs.setdefault(row.item, []).append((row.family_ref, first[key][1], row.rating))
            paired.add(key)
    return _agreement("auditors", instrument, pairs, weights)
