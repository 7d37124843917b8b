"""Tests for the audit statistics: distributions, comparing rounds, weighted kappa."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from spotlight.audit.domain.statistics import (
    compare_rounds,
    distribution,
    landis_koch,
    weighted_kappa,
)

SCALE = [1, 2, 3, 4]


# ---------------------------------------------------------------------------
# distribution
# ---------------------------------------------------------------------------


def test_distribution_counts_proportions_median_mean_and_leaves_out_none():
    d = distribution([1, 2, 2, None, 4, 2, None], SCALE)
    assert d.n == 5
    assert d.n_not_applicable == 2
    assert d.counts == (1, 3, 0, 1)
    assert d.proportions == pytest.approx((0.2, 0.6, 0.0, 0.2))
    assert d.count(2) == 3
    assert d.median == 2.0
    assert d.mean == pytest.approx(11 / 5)


def test_distribution_median_of_even_n_is_midpoint():
    assert distribution([1, 2, 3, 4], SCALE).median == 2.5


def test_distribution_of_nothing():
    d = distribution([None, None], SCALE)
    assert d.n == 0
    assert d.n_not_applicable == 2
    assert d.counts == (0, 0, 0, 0)
    assert d.proportions == (0.0, 0.0, 0.0, 0.0)
    assert d.median is None
    assert d.mean is None


def test_distribution_to_dict_is_json():
    data = json.loads(json.dumps(distribution([1, 3, 3], SCALE).to_dict()))
    assert data["n"] == 3
    assert data["points"][2] == {"rating": 3, "count": 2, "proportion": pytest.approx(2 / 3)}
    assert [p["rating"] for p in data["points"]] == SCALE


@pytest.mark.parametrize(
    ("ratings", "scale"),
    [
        ([5], SCALE),  # off the scale
        ([0], SCALE),
        ([1], [1]),  # a one-point scale
        ([1], [1, 3, 2]),  # not increasing
        ([1], [1, 1, 2]),  # repeated point
    ],
)
def test_distribution_rejects_bad_input(ratings, scale):
    with pytest.raises(ValueError):
        distribution(ratings, scale)


# ---------------------------------------------------------------------------
# compare_rounds
# ---------------------------------------------------------------------------


def _sample(rng: np.random.Generator, n: int, points: list[int], p: list[float]) -> list[int]:
    return [int(x) for x in rng.choice(points, size=n, p=p)]


def test_shift_up_by_one_point_is_a_significant_improvement_and_ci_contains_the_shift():
    # Any single sample misses the true shift 5% of the time (seed 20270101 is one such sample);
    # coverage over many seeds is checked in test_calibration_over_many_seeded_rounds.
    rng = np.random.default_rng(1)
    # Both rounds draw from the same distribution on 1..3; the after round is then shifted up
    # one point, so the true difference in means is exactly 1 (no clipping at the top).
    before = _sample(rng, 60, [1, 2, 3], [0.3, 0.4, 0.3])
    after = [r + 1 for r in _sample(rng, 60, [1, 2, 3], [0.3, 0.4, 0.3])]
    c = compare_rounds(before, after, SCALE)
    assert c.status == "ok"
    assert c.n_before == c.n_after == 60
    assert c.p_value is not None and c.p_value < 0.001
    assert c.significant is True
    assert c.ci_low is not None and c.ci_high is not None
    assert c.ci_low <= 1.0 <= c.ci_high
    assert c.ci_low > 0  # the interval excludes no change
    assert c.difference == pytest.approx(np.mean(after) - np.mean(before))
    # Population value: X, Y iid on 1..3 with p = (.3, .4, .3); P(X+1 > Y) = P(Y <= X) = .67 and
    # P(X+1 < Y) = P(X=1, Y=3) = .09, so the true rank-biserial is .58 (sampling sd about .1).
    assert c.rank_biserial == pytest.approx(0.58, abs=0.2)
    assert c.summary.startswith("Rose from ")
    assert "95% CI" in c.summary
    assert c.summary.endswith("p < 0.001: unlikely to be chance.")


def test_same_distribution_is_no_significant_change():
    rng = np.random.default_rng(4)
    p = [0.2, 0.3, 0.3, 0.2]
    before = _sample(rng, 60, SCALE, p)
    after = _sample(rng, 60, SCALE, p)
    c = compare_rounds(before, after, SCALE)
    assert c.status == "ok"
    assert c.p_value is not None and c.p_value > 0.05
    assert c.significant is False
    assert c.ci_low is not None and c.ci_high is not None
    assert c.ci_low <= 0.0 <= c.ci_high
    assert c.summary.endswith("could be chance.")


def test_calibration_over_many_seeded_rounds():
    """Across many null comparisons the test is rarely significant, and the CI covers the shift."""
    rng = np.random.default_rng(99)
    p = [0.25, 0.35, 0.25, 0.15]
    trials = 300
    false_positives = 0
    covered_null = 0
    covered_shift = 0
    for _ in range(trials):
        before = _sample(rng, 40, SCALE, p)
        after = _sample(rng, 40, SCALE, p)
        null = compare_rounds(before, after, SCALE)
        assert null.p_value is not None and null.ci_low is not None and null.ci_high is not None
        false_positives += null.p_value < 0.05
        covered_null += null.ci_low <= 0.0 <= null.ci_high
        shifted = compare_rounds(
            _sample(rng, 40, [1, 2, 3], [0.3, 0.4, 0.3]),
            [r + 1 for r in _sample(rng, 40, [1, 2, 3], [0.3, 0.4, 0.3])],
            SCALE,
        )
        assert shifted.ci_low is not None and shifted.ci_high is not None
        covered_shift += shifted.ci_low <= 1.0 <= shifted.ci_high
    # Nominal: 5% false positives, 95% coverage. Binomial sd at n=300 is about 1.3 points.
    assert false_positives / trials < 0.09
    assert covered_null / trials > 0.91
    assert covered_shift / trials > 0.91


def test_fall_is_reported_as_a_fall():
    c = compare_rounds([3, 4, 4, 3, 4, 3, 4, 4], [1, 2, 1, 2, 2, 1, 1, 2], SCALE)
    assert c.difference is not None and c.difference < 0
    assert c.rank_biserial == pytest.approx(-1.0)
    assert c.summary.startswith("Fell from 3.6 to 1.5")


def test_ci_is_the_welch_t_interval():
    before = [1, 2, 2, 3, 1, 2, 4, 2, 1, 3]
    after = [2, 3, 3, 4, 2, 3, 4, 4, 3]
    c = compare_rounds(before, after, SCALE, confidence=0.9)
    a, b = np.asarray(after, float), np.asarray(before, float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))  # Welch-Satterthwaite
    t = stats.t.ppf(0.95, df)
    diff = a.mean() - b.mean()
    assert c.ci_low == pytest.approx(diff - t * se)
    assert c.ci_high == pytest.approx(diff + t * se)
    assert "90% CI" in c.summary


def test_rank_biserial_hand_worked():
    # after vs before pairs: 2>1, 2=2, 3>1, 3>2 -> P(after higher) = 3/4, P(lower) = 0.
    c = compare_rounds([1, 2], [2, 3], SCALE)
    assert c.rank_biserial == pytest.approx(0.75)


def test_none_ratings_are_left_out():
    with_none = compare_rounds([1, None, 2, 2, None, 3], [2, 3, None, 3, 4], SCALE)
    without = compare_rounds([1, 2, 2, 3], [2, 3, 3, 4], SCALE)
    assert with_none.n_before == 4 and with_none.n_after == 4
    assert with_none.to_dict() == without.to_dict()


@pytest.mark.parametrize(
    ("before", "after"),
    [([], []), ([2], [1, 2, 3]), ([1, 2, 3], [None, 4]), ([None, None], [1, 2])],
)
def test_too_few_ratings_does_not_crash_and_says_so(before, after):
    c = compare_rounds(before, after, SCALE)
    assert c.status == "too_few_ratings"
    assert c.p_value is None and c.ci_low is None and c.ci_high is None and c.significant is None
    assert c.summary.startswith("Not enough ratings to compare")
    assert c.note == c.summary
    json.dumps(c.to_dict())


def test_all_identical_in_both_rounds_is_p_one_and_ci_zero():
    c = compare_rounds([3, 3, 3, None], [3, 3, 3, 3, 3], SCALE)
    assert c.status == "no_variation"
    assert c.p_value == 1.0
    assert c.significant is False
    assert (c.ci_low, c.ci_high) == (0.0, 0.0)
    assert c.difference == 0.0
    assert c.rank_biserial == 0.0
    assert c.note is not None and "3" in c.note
    assert c.summary == "No change: every file was rated 3 in both rounds (n = 3 and 5); p = 1.0."
    assert c.to_dict()["ci"] == [0.0, 0.0]


def test_no_variation_within_rounds_has_a_test_but_no_interval():
    c = compare_rounds([1] * 12, [3] * 12, SCALE)
    assert c.status == "no_variation_within_rounds"
    assert c.difference == 2.0
    assert c.ci_low is None and c.ci_high is None
    assert c.p_value is not None and c.p_value < 0.001
    assert c.rank_biserial == 1.0
    assert "no 95% CI" in c.summary
    json.dumps(c.to_dict())


def test_one_round_without_variation_still_gets_an_interval():
    c = compare_rounds([2, 2, 2, 2, 2], [2, 3, 3, 4, 3], SCALE)
    assert c.status == "ok"
    assert c.ci_low is not None and c.ci_high is not None and c.ci_low < c.ci_high


def test_compare_rounds_to_dict_is_json_and_complete():
    c = compare_rounds([1, 2, 2, 3], [2, 3, 3, 4], SCALE)
    data = json.loads(json.dumps(c.to_dict()))
    assert data["ci"] == [pytest.approx(c.ci_low), pytest.approx(c.ci_high)]
    assert data["ci_method"] == "welch_t"
    assert data["summary"] == c.summary
    assert set(data) >= {"n_before", "n_after", "mean_before", "mean_after", "difference", "p_value", "rank_biserial"}


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1])
def test_compare_rounds_rejects_bad_confidence(confidence):
    with pytest.raises(ValueError):
        compare_rounds([1, 2], [2, 3], SCALE, confidence=confidence)


def test_compare_rounds_rejects_off_scale_rating():
    with pytest.raises(ValueError):
        compare_rounds([1, 2, 7], [2, 3], SCALE)


# ---------------------------------------------------------------------------
# weighted kappa
# ---------------------------------------------------------------------------


def _pairs_from_table(table: list[list[int]], scale: list[int]) -> tuple[list[int], list[int]]:
    a: list[int] = []
    b: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [scale[i]] * count
            b += [scale[j]] * count
    return a, b


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_kappa_two_category_textbook_example(weights):
    # The standard 2x2 worked example (50 applications, two readers):
    # yes/yes 20, A yes/B no 5, A no/B yes 10, no/no 15.
    # p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    # With two categories every weighting gives the unweighted kappa.
    a, b = _pairs_from_table([[20, 5], [10, 15]], [1, 2])
    k = weighted_kappa(a, b, [1, 2], weights=weights)
    assert k.kappa == pytest.approx(0.4)
    assert k.observed_agreement == pytest.approx(0.7)
    assert k.n == 50
    assert k.interpretation == "fair"


def test_kappa_three_category_hand_worked_example():
    a = [1, 1, 2, 2, 3, 3, 1, 3]
    b = [1, 3, 2, 1, 3, 2, 1, 3]
    # Confusion (A rows, B columns): [[2,0,1],[1,1,0],[0,1,2]]; both marginals are (3,2,3)/8.
    # Linear weights 0, 1/2, 1 by distance:
    #   observed disagreement = (1*1 + 1*1/2 + 1*1/2) / 8 = 2/8
    #   expected disagreement = (1/2 * (6+6+6+6) + 1 * (9+9)) / 64 = 30/64
    #   kappa = 1 - (2/8) / (30/64) = 1 - 8/15 = 7/15
    # Quadratic weights 0, 1/4, 1:
    #   observed = (1 + 1/4 + 1/4) / 8 = 3/16; expected = (1/4 * 24 + 18) / 64 = 24/64 = 3/8
    #   kappa = 1 - (3/16) / (3/8) = 1/2
    linear = weighted_kappa(a, b, [1, 2, 3], weights="linear")
    quadratic = weighted_kappa(a, b, [1, 2, 3], weights="quadratic")
    assert linear.kappa == pytest.approx(float(Fraction(7, 15)))
    assert quadratic.kappa == pytest.approx(0.5)
    assert linear.confusion == ((2, 0, 1), (1, 1, 0), (0, 1, 2))
    assert linear.observed_agreement == pytest.approx(5 / 8)
    assert linear.interpretation == "moderate"


def test_kappa_weights_are_by_position_not_by_value():
    # A scale of 0, 5, 10 behaves exactly like 1, 2, 3.
    a = [0, 0, 5, 5, 10, 10, 0, 10]
    b = [0, 10, 5, 0, 10, 5, 0, 10]
    assert weighted_kappa(a, b, [0, 5, 10], weights="linear").kappa == pytest.approx(7 / 15)


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_kappa_identical_ratings_is_one(weights):
    ratings = [1, 2, 3, 4, 2, 3, 3, 1]
    k = weighted_kappa(ratings, list(ratings), SCALE, weights=weights)
    assert k.kappa == 1.0
    assert k.observed_agreement == 1.0
    assert k.interpretation == "almost perfect"
    assert k.note is None


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_kappa_independent_random_ratings_is_near_zero(weights):
    rng = np.random.default_rng(7)
    a = [int(x) for x in rng.choice(SCALE, size=5000, p=[0.1, 0.3, 0.4, 0.2])]
    b = [int(x) for x in rng.choice(SCALE, size=5000, p=[0.2, 0.3, 0.3, 0.2])]
    k = weighted_kappa(a, b, SCALE, weights=weights)
    assert k.kappa is not None
    assert abs(k.kappa) < 0.05


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_kappa_systematic_disagreement_is_negative(weights):
    rng = np.random.default_rng(11)
    a = [int(x) for x in rng.choice(SCALE, size=200)]
    b = [5 - r for r in a]  # B reverses the scale: 1<->4, 2<->3
    k = weighted_kappa(a, b, SCALE, weights=weights)
    assert k.kappa is not None and k.kappa < -0.5
    assert k.interpretation == "poor"


def test_kappa_drops_pairs_with_none_on_either_side():
    k = weighted_kappa([1, None, 3, 4, 2], [1, 2, None, 4, 2], SCALE)
    full = weighted_kappa([1, 4, 2], [1, 4, 2], SCALE)
    assert k.n == 3
    assert k.n_dropped == 2
    assert k.kappa == full.kappa == 1.0


def test_kappa_both_raters_one_same_value_is_one_with_a_note():
    k = weighted_kappa([2, 2, 2, None], [2, 2, 2, 3], SCALE)
    assert k.kappa == 1.0
    assert k.n == 3
    assert k.note is not None and "undefined" in k.note
    assert k.interpretation == "almost perfect"


def test_kappa_both_raters_constant_but_different_is_zero():
    k = weighted_kappa([2, 2, 2], [3, 3, 3], SCALE)
    assert k.kappa == pytest.approx(0.0)
    assert k.observed_agreement == 0.0
    assert k.note is None


def test_kappa_with_no_pairs():
    k = weighted_kappa([None, 1], [2, None], SCALE)
    assert k.kappa is None
    assert k.n == 0 and k.n_dropped == 2
    assert k.interpretation is None
    assert k.note is not None
    json.dumps(k.to_dict())


def test_kappa_to_dict_is_json():
    data = json.loads(json.dumps(weighted_kappa([1, 2, 3], [1, 2, 2], [1, 2, 3]).to_dict()))
    assert data["confusion"] == [[1, 0, 0], [0, 1, 0], [0, 1, 0]]
    assert data["weights"] == "quadratic"
    assert data["n"] == 3


def test_kappa_rejects_bad_input():
    with pytest.raises(ValueError):
        weighted_kappa([1, 2], [1], SCALE)
    with pytest.raises(ValueError):
        weighted_kappa([1, 9], [1, 2], SCALE)
    with pytest.raises(ValueError):
        weighted_kappa([1, 2], [1, 2], SCALE, weights="cubic")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kappa", "label"),
    [
        (-0.01, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.4, "fair"),
        (0.5, "moderate"),
        (0.61, "substantial"),
        (0.8, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
    ],
)
def test_landis_koch_bands(kappa, label):
    assert landis_koch(kappa) == label


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

rated_pairs = st.lists(
    st.tuples(st.sampled_from(SCALE), st.sampled_from(SCALE)),
    min_size=1,
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(pairs=rated_pairs, weights=st.sampled_from(["linear", "quadratic"]))
def test_kappa_is_symmetric_and_bounded(pairs, weights):
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    ab = weighted_kappa(a, b, SCALE, weights=weights)
    ba = weighted_kappa(b, a, SCALE, weights=weights)
    assert ab.kappa is not None and ba.kappa is not None
    assert ab.kappa == pytest.approx(ba.kappa, abs=1e-12)
    assert -1.0 - 1e-12 <= ab.kappa <= 1.0 + 1e-12
    assert ab.confusion == tuple(zip(*ba.confusion, strict=True))


@settings(max_examples=200, deadline=None)
@given(pairs=rated_pairs)
def test_quadratic_kappa_matches_the_moment_identity(pairs):
    """Cross-check by a different route: quadratic weighted kappa equals
    2 cov(A, B) / (var A + var B + (mean A - mean B)^2) (population moments, equally spaced scores).
    """
    a = np.array([p[0] for p in pairs], dtype=float)
    b = np.array([p[1] for p in pairs], dtype=float)
    denominator = a.var() + b.var() + (a.mean() - b.mean()) ** 2
    k = weighted_kappa(a.astype(int).tolist(), b.astype(int).tolist(), SCALE, weights="quadratic")
    assert k.kappa is not None
    if denominator == 0:  # both raters gave one and the same value
        assert k.kappa == 1.0
    else:
        covariance = float(np.mean((a - a.mean()) * (b - b.mean())))
        assert k.kappa == pytest.approx(2 * covariance / denominator, abs=1e-9)
