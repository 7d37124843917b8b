"""Statistics for case-file audits: pure functions, no Django.

Audit items are rated on an ordinal scale (for example 1 to 4). A rating of ``None`` means
"not applicable" and is left out of every calculation (its count is still reported).

- :func:`distribution` summarises one item's ratings in one round.
- :func:`compare_rounds` compares one item between two independent rounds (different samples
  of families): the difference in mean rating with a confidence interval, a Mann-Whitney U test
  and the rank-biserial effect size, and a plain-English summary.
- :func:`weighted_kappa` measures agreement between two raters who rated the same files.

Every result is a frozen dataclass with ``to_dict()`` giving JSON-ready values. Degenerate
inputs (too few ratings, no variation) never raise: the result says what happened in
``status`` / ``note`` and in its summary. Invalid inputs (a rating that is not on the scale,
rater lists of different lengths) raise ``ValueError``.

Choice of confidence interval for the difference in means: a Welch t interval
(``scipy.stats.ttest_ind(..., equal_var=False).confidence_interval``), not a bootstrap. It is
closed-form, so the same data always give the same interval without a seed; it does not assume
the two rounds have equal variances; and it is well defined whenever each round has at least two
ratings and at least one round varies, whereas the BCa bootstrap misbehaves (degenerate
resamples, warnings) on small, heavily tied ordinal samples, which audit rounds often are. With
a few dozen files per round the t approximation for a mean of 1-to-4 ratings is good; with very
small rounds treat the interval as approximate. The significance test does not rely on it: it is
the rank-based Mann-Whitney U test (two-sided, asymptotic normal approximation with tie and
continuity correction, as ``scipy.stats.mannwhitneyu`` chooses for tied data).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import stats  # type: ignore[import-untyped]

Rating = int | None
Weights = Literal["linear", "quadratic"]
ComparisonStatus = Literal["ok", "too_few_ratings", "no_variation", "no_variation_within_rounds"]

#: Landis & Koch (1977) bands: upper bound (inclusive) and label. Below 0 is "poor".
LANDIS_KOCH_BANDS: tuple[tuple[float, str], ...] = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.00, "almost perfect"),
)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _check_scale(scale: Sequence[int]) -> tuple[int, ...]:
    points = tuple(scale)
    if len(points) < 2:
        raise ValueError(f"a rating scale needs at least two points, got {list(points)}")
    if any(b <= a for a, b in zip(points, points[1:], strict=False)):
        raise ValueError(f"a rating scale must be strictly increasing, got {list(points)}")
    return points


def _present(ratings: Sequence[Rating], scale: tuple[int, ...]) -> list[int]:
    """The ratings that are not None, checked against the scale."""
    allowed = set(scale)
    kept: list[int] = []
    for rating in ratings:
        if rating is None:
            continue
        if rating not in allowed:
            raise ValueError(f"rating {rating!r} is not on the scale {list(scale)}")
        kept.append(int(rating))
    return kept


def _fmt(value: float, places: int = 1) -> str:
    rounded = round(value, places) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded:.{places}f}"


def _fmt_p(p: float) -> str:
    if p < 0.001:
        return "p < 0.001"
    if p >= 0.9995:
        return "p = 1.0"
    return f"p = {p:.3f}"


def _fmt_confidence(confidence: float) -> str:
    return f"{confidence * 100:g}% CI"


def landis_koch(kappa: float) -> str:
    """The Landis & Koch (1977) label for a kappa value."""
    if kappa < 0:
        return "poor"
    for upper, label in LANDIS_KOCH_BANDS:
        if kappa <= upper:
            return label
    return "almost perfect"


# ---------------------------------------------------------------------------
# distribution
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """How one item was rated in one round. ``counts`` and ``proportions`` follow ``scale``."""

    scale: tuple[int, ...]
    counts: tuple[int, ...]
    proportions: tuple[float, ...]
    n: int
    n_not_applicable: int
    median: float | None
    mean: float | None

    def count(self, rating: int) -> int:
        return self.counts[self.scale.index(rating)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": list(self.scale),
            "n": self.n,
            "n_not_applicable": self.n_not_applicable,
            "median": self.median,
            "mean": self.mean,
            "points": [
                {"rating": rating, "count": count, "proportion": proportion}
                for rating, count, proportion in zip(self.scale, self.counts, self.proportions, strict=True)
            ],
        }


def distribution(ratings: Sequence[Rating], scale: Sequence[int]) -> Distribution:
    """Counts and proportions per scale point, n, median and mean (None ratings left out).

    With no ratings, the proportions are all 0.0 and the median and mean are None.
    """
    points = _check_scale(scale)
    values = _present(ratings, points)
    n = len(values)
    counts = tuple(values.count(point) for point in points)
    proportions = tuple(count / n if n else 0.0 for count in counts)
    array = np.asarray(values, dtype=float)
    return Distribution(
        scale=points,
        counts=counts,
        proportions=proportions,
        n=n,
        n_not_applicable=len(ratings) - n,
        median=float(np.median(array)) if n else None,
        mean=float(np.mean(array)) if n else None,
    )


# ---------------------------------------------------------------------------
# comparing two rounds
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One audit item compared between two independent rounds (after - before).

    ``difference``, ``ci_low``/``ci_high`` are on the rating scale (Welch t interval for the
    difference in means). ``p_value`` is the two-sided Mann-Whitney U test. ``rank_biserial`` is
    P(after > before) - P(after < before) for a random pair of files, from -1 to 1; positive
    means the after round is rated higher. Fields are None when they cannot be estimated;
    ``status`` and ``note`` say why.
    """

    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    p_value: float | None
    significant: bool | None
    rank_biserial: float | None
    status: ComparisonStatus
    note: str | None
    summary: str
    ci_method: str = "welch_t"
    test: str = "mann_whitney_u_two_sided"

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_before": self.n_before,
            "n_after": self.n_after,
            "mean_before": self.mean_before,
            "mean_after": self.mean_after,
            "difference": self.difference,
            "ci": None if self.ci_low is None else [self.ci_low, self.ci_high],
            "confidence": self.confidence,
            "ci_method": self.ci_method,
            "p_value": self.p_value,
            "test": self.test,
            "significant": self.significant,
            "rank_biserial": self.rank_biserial,
            "status": self.status,
            "note": self.note,
            "summary": self.summary,
        }


def _direction(mean_before: float, mean_after: float, difference: float) -> str:
    if round(difference, 1) == 0:
        return f"Stayed at about {_fmt(mean_after)} (from {_fmt(mean_before)})"
    verb = "Rose" if difference > 0 else "Fell"
    return f"{verb} from {_fmt(mean_before)} to {_fmt(mean_after)}"


def _verdict(p_value: float, alpha: float) -> str:
    if p_value < alpha:
        return f"{_fmt_p(p_value)}: unlikely to be chance."
    return f"{_fmt_p(p_value)}: could be chance."


@dataclass(frozen=True)
class _Words:
    """How a comparison's notes name what was compared: whole ratings, or scores of some unit."""

    noun: str  # "ratings", or the unit scored ("families")
    places: int  # decimal places for a value in a note
    whole_ratings: bool

    def value(self, x: float) -> str:
        return str(int(x)) if self.whole_ratings else _fmt(x, self.places)

    def all_same(self, x: float) -> str:
        if self.whole_ratings:
            return f"Every rating in both rounds was {self.value(x)}, so there is no change to test."
        return f"Every one of the {self.noun} scored {self.value(x)} in both rounds, so there is no change to test."

    def no_change(self, x: float, n_before: int, n_after: int) -> str:
        what = "every file was rated" if self.whole_ratings else f"every one of the {self.noun} scored"
        return f"No change: {what} {self.value(x)} in both rounds (n = {n_before} and {n_after}); p = 1.0."

    def constant(self, before: float, after: float) -> str:
        what = "Every file was rated" if self.whole_ratings else f"Every one of the {self.noun} scored"
        return (
            f"{what} {self.value(before)} before and {self.value(after)} after: with no variation "
            "within either round a confidence interval cannot be estimated."
        )


def _compare(x_before: list[float], x_after: list[float], confidence: float, words: _Words) -> Comparison:
    """The comparison itself, shared by whole ratings (`compare_rounds`) and scores (`compare_scores`).

    Reason for its length: the comparison of one item is one calculation (means, Welch interval,
    Mann-Whitney), kept together so each step can be checked against the formula it follows.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    n_before, n_after = len(x_before), len(x_after)
    mean_before = float(np.mean(x_before)) if n_before else None
    mean_after = float(np.mean(x_after)) if n_after else None
    alpha = 1 - confidence
    ci_label = _fmt_confidence(confidence)

    def result(**fields: Any) -> Comparison:
        base: dict[str, Any] = {
            "n_before": n_before,
            "n_after": n_after,
            "mean_before": mean_before,
            "mean_after": mean_after,
            "difference": None,
            "ci_low": None,
            "ci_high": None,
            "confidence": confidence,
            "p_value": None,
            "significant": None,
            "rank_biserial": None,
            "status": "ok",
            "note": None,
        }
        base.update(fields)
        return Comparison(**base)

    if mean_before is None or mean_after is None or n_before < 2 or n_after < 2:
        note = (
            f"Not enough {words.noun} to compare: {n_before} before and {n_after} after "
            "(at least 2 are needed in each round)."
        )
        difference = None if mean_before is None or mean_after is None else mean_after - mean_before
        return result(difference=difference, status="too_few_ratings", note=note, summary=note)

    difference = mean_after - mean_before
    if len(set(x_before) | set(x_after)) == 1:
        return result(
            difference=0.0,
            ci_low=0.0,
            ci_high=0.0,
            p_value=1.0,
            significant=False,
            rank_biserial=0.0,
            status="no_variation",
            note=words.all_same(x_before[0]),
            summary=words.no_change(x_before[0], n_before, n_after),
        )

    test = stats.mannwhitneyu(x_after, x_before, alternative="two-sided")
    p_value = float(test.pvalue)
    rank_biserial = 2.0 * float(test.statistic) / (n_before * n_after) - 1.0
    significant = p_value < alpha
    direction = _direction(mean_before, mean_after, difference)

    if len(set(x_before)) == 1 and len(set(x_after)) == 1:
        detail = f"difference {_fmt(difference)}; no {ci_label}: no variation within rounds"
        return result(
            difference=difference,
            p_value=p_value,
            significant=significant,
            rank_biserial=rank_biserial,
            status="no_variation_within_rounds",
            note=words.constant(x_before[0], x_after[0]),
            summary=f"{direction} ({detail}); {_verdict(p_value, alpha)}",
        )

    with warnings.catch_warnings():
        # SciPy warns of "catastrophic cancellation" when one round's values are all the same.
        # That round's variance is then exactly 0, so the interval is still right.
        warnings.filterwarnings("ignore", message="Precision loss occurred", category=RuntimeWarning)
        welch = stats.ttest_ind(x_after, x_before, equal_var=False)
    interval = welch.confidence_interval(confidence_level=confidence)
    ci_low, ci_high = float(interval.low), float(interval.high)
    summary = f"{direction} (difference {_fmt(difference)}, {ci_label} {_fmt(ci_low)} to {_fmt(ci_high)}); " + _verdict(
        p_value, alpha
    )
    return result(
        difference=difference,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        significant=significant,
        rank_biserial=rank_biserial,
        summary=summary,
    )


def compare_rounds(
    before: Sequence[Rating],
    after: Sequence[Rating],
    scale: Sequence[int],
    confidence: float = 0.95,
) -> Comparison:
    """Compare one audit item rated in two independent rounds.

    The difference is mean(after) - mean(before). A result is "significant" when the
    Mann-Whitney p-value is below ``1 - confidence``.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    points = _check_scale(scale)
    x_before = [float(x) for x in _present(before, points)]
    x_after = [float(x) for x in _present(after, points)]
    return _compare(x_before, x_after, confidence, _Words("ratings", 0, whole_ratings=True))


def compare_scores(
    before: Sequence[float],
    after: Sequence[float],
    confidence: float = 0.95,
    unit: str = "families",
) -> Comparison:
    """`compare_rounds` for scores that need not be whole ratings.

    Used for a domain, where each family's score is its mean rating across the domain's items.
    Same methods (Welch t interval for the difference in means, two-sided Mann-Whitney U test,
    rank-biserial effect size), same fields and the same wording of the summary; ``unit`` names
    what was scored in the notes.
    """
    x_before = [float(x) for x in before]
    x_after = [float(x) for x in after]
    if any(not math.isfinite(x) for x in (*x_before, *x_after)):
        raise ValueError("scores must be finite numbers")
    return _compare(x_before, x_after, confidence, _Words(unit, 2, whole_ratings=False))


# ---------------------------------------------------------------------------
# agreement between two raters
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kappa:
    """Cohen's weighted kappa for two raters of the same files.

    ``confusion[i][j]`` counts files rated ``scale[i]`` by rater A and ``scale[j]`` by rater B.
    ``observed_agreement`` is the share of files on which the two gave exactly the same rating.
    """

    kappa: float | None
    weights: Weights
    n: int
    n_dropped: int
    observed_agreement: float | None
    interpretation: str | None
    note: str | None
    scale: tuple[int, ...]
    confusion: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kappa": self.kappa,
            "weights": self.weights,
            "n": self.n,
            "n_dropped": self.n_dropped,
            "observed_agreement": self.observed_agreement,
            "interpretation": self.interpretation,
            "note": self.note,
            "scale": list(self.scale),
            "confusion": [list(row) for row in self.confusion],
        }


def _disagreement_weights(k: int, weights: Weights) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Cohen's disagreement weights by position on the scale, 0 on the diagonal, 1 at the corners."""
    index = np.arange(k, dtype=float)
    distance = np.abs(index[:, None] - index[None, :]) / (k - 1)
    if weights == "linear":
        return distance
    if weights == "quadratic":
        return distance**2
    raise ValueError(f"weights must be 'linear' or 'quadratic', got {weights!r}")


def weighted_kappa(
    rater_a: Sequence[Rating],
    rater_b: Sequence[Rating],
    scale: Sequence[int],
    weights: Weights = "quadratic",
) -> Kappa:
    """Cohen's (1968) weighted kappa: 1 - sum(w * observed) / sum(w * expected-by-chance).

    ``rater_a[i]`` and ``rater_b[i]`` are the two ratings of file ``i``; pairs with a None on
    either side are dropped. Weights are by position on the scale (linear |i - j| / (k - 1) or
    quadratic, its square). When the chance-expected disagreement is 0 (both raters always gave
    the same single value) kappa is undefined; we return 1.0, because they agreed on every file,
    and say so in ``note``.
    """
    points = _check_scale(scale)
    w = _disagreement_weights(len(points), weights)
    if len(rater_a) != len(rater_b):
        raise ValueError(f"the raters rated different numbers of files: {len(rater_a)} and {len(rater_b)}")
    pairs = [(a, b) for a, b in zip(rater_a, rater_b, strict=True) if a is not None and b is not None]
    position = {point: i for i, point in enumerate(points)}
    k = len(points)
    confusion = np.zeros((k, k), dtype=np.int64)
    for a, b in pairs:
        if a not in position or b not in position:
            bad = a if a not in position else b
            raise ValueError(f"rating {bad!r} is not on the scale {list(points)}")
        confusion[position[a], position[b]] += 1
    n = len(pairs)
    confusion_tuple = tuple(tuple(int(c) for c in row) for row in confusion)
    n_dropped = len(rater_a) - n

    if n == 0:
        return Kappa(
            kappa=None,
            weights=weights,
            n=0,
            n_dropped=n_dropped,
            observed_agreement=None,
            interpretation=None,
            note="No file was rated by both raters, so agreement cannot be measured.",
            scale=points,
            confusion=confusion_tuple,
        )

    observed = confusion / n
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    observed_disagreement = float((w * observed).sum())
    expected_disagreement = float((w * expected).sum())
    observed_agreement = float(np.trace(observed))

    note: str | None = None
    if math.isclose(expected_disagreement, 0.0, abs_tol=1e-12):
        # Only possible when both raters used one and the same value throughout.
        kappa = 1.0
        value = points[int(np.argmax(observed.sum(axis=1)))]
        note = (
            f"Both raters gave every file the same rating ({value}); kappa is undefined for a single "
            "value, so 1.0 is reported because they agreed on every file."
        )
    else:
        kappa = 1.0 - observed_disagreement / expected_disagreement

    return Kappa(
        kappa=kappa,
        weights=weights,
        n=n,
        n_dropped=n_dropped,
        observed_agreement=observed_agreement,
        interpretation=landis_koch(kappa),
        note=note,
        scale=points,
        confusion=confusion_tuple,
    )
