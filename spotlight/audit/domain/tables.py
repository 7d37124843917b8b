"""Rows for the audit pages' tables: round results laid out per domain, ready for a template."""

from __future__ import annotations

from dataclasses import dataclass

from spotlight.audit.domain.results import Agreement, Change, RoundComparison, RoundSummary
from spotlight.audit.domain.statistics import Distribution, Kappa


@dataclass(frozen=True)
class Cell:
    count: int
    percent: int


@dataclass(frozen=True)
class DistributionRow:
    label: str
    n: int
    not_applicable: int
    mean: float | None
    cells: tuple[Cell, ...]
    is_domain: bool = False


def _row(label: str, d: Distribution, *, is_domain: bool = False) -> DistributionRow:
    cells = tuple(Cell(c, round(p * 100)) for c, p in zip(d.counts, d.proportions, strict=True))
    return DistributionRow(label, d.n, d.n_not_applicable, d.mean, cells, is_domain)


def distribution_rows(summary: RoundSummary) -> list[DistributionRow]:
    """Each domain's pooled row, followed by its items' rows."""
    rows: list[DistributionRow] = []
    for domain in summary.domains:
        rows.append(_row(domain.title, domain.distribution, is_domain=True))
        rows += [_row(summary.item(item_id).question, summary.item(item_id).distribution) for item_id in domain.items]
    return rows


@dataclass(frozen=True)
class AgreementRow:
    label: str
    n: int
    kappa: float | None
    interpretation: str | None
    exact: float | None


#: Below this many pairs of ratings a kappa is shown but not put into words: it swings too much.
MIN_PAIRS = 10


def _agreement_row(label: str, kappa: Kappa) -> AgreementRow:
    words = kappa.interpretation if kappa.n >= MIN_PAIRS else None
    if kappa.kappa is not None and kappa.n < MIN_PAIRS:
        words = f"Too few pairs to judge (fewer than {MIN_PAIRS})"
    return AgreementRow(label, kappa.n, kappa.kappa, words, kappa.observed_agreement)


def agreement_rows(agreement: Agreement) -> list[AgreementRow]:
    """The overall figure first, then each item's."""
    return [_agreement_row("All questions", agreement.overall)] + [
        _agreement_row(a.question, a.kappa) for a in agreement.items
    ]


@dataclass(frozen=True)
class ChangeRow:
    label: str
    is_domain: bool
    change: Change


def change_rows(comparison: RoundComparison) -> list[ChangeRow]:
    """Each domain's change (families' mean across its questions), followed by its questions'."""
    rows: list[ChangeRow] = []
    for domain in comparison.domains:
        rows.append(ChangeRow(domain.label, True, domain))
        rows += [ChangeRow(c.label, False, c) for c in comparison.items_in(domain.id)]
    return rows
