"""Audit rounds for the demo: one before and one after training, rated and closed, and one open
round waiting for an auditor.

The demo's first families are given case-opening dates before the training; a second, smaller
batch of synthetic families written at better practice is opened after it. Simulated auditors
confirm most of Spotlight's suggestions and move some by one point (seeded), so the rounds have
realistic, imperfect agreement. Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from spotlight.access.models import StaffRole, User
from spotlight.audit import services
from spotlight.audit.models import AuditRound
from spotlight.cases.models import Family

BEFORE = "Cases opened before the training"
AFTER = "Cases opened after the training"
SPOT_CHECK = "Spot check, this month"
#: Better practice for the families opened after the training (accountable, mixed, blaming).
AFTER_TRAINING_PRACTICE: tuple[int, int, int] = (95, 5, 0)


def spread_opening_dates(families: Sequence[Family], first: dt.date, last: dt.date, seed: int) -> None:
    """Gives each family a case-opening day between `first` and `last` (seeded)."""
    rng = random.Random(f"demo-opened:{seed}")  # noqa: S311  # synthetic demo data
    span = (last - first).days
    for family in families:
        family.opened_on = first + dt.timedelta(days=rng.randint(0, span))
    Family.objects.bulk_update(families, ["opened_on"], batch_size=500)


def _rate_like_an_auditor(audit_round: AuditRound, seed: int) -> None:
    """Each auditor confirms about nine in ten suggestions and moves the rest by one point."""
    for assignment in audit_round.assignments.select_related("auditor").order_by("id"):
        rng = random.Random(f"demo-rating:{seed}:{assignment.family_id}:{assignment.auditor_id}")  # noqa: S311
        ratings: dict[str, services.ItemRating] = {}
        for row in assignment.ratings.order_by("id"):
            value = row.suggested or 2
            if rng.random() < 0.1:
                value = min(4, max(1, value + rng.choice((-1, 1))))
            ratings[row.item] = services.ItemRating(rating=value)
        services.audit_ratings_save(user=assignment.auditor, assignment=assignment, ratings=ratings)


def load_demo_audits(
    *, lead: User, auditors: Sequence[User], before: tuple[dt.date, dt.date], after: tuple[dt.date, dt.date], seed: int
) -> None:
    """Sets up the demo's rounds once (nothing happens if they exist)."""
    if AuditRound.objects.filter(name__in=[BEFORE, AFTER, SPOT_CHECK]).exists():
        return
    if any(a.staff_role != StaffRole.AUDITOR for a in auditors):
        raise ValueError("the demo's rounds need auditors")
    for name, (first, last), size, double in ((BEFORE, before, 36, 8), (AFTER, after, 36, 8)):
        audit_round = services.audit_round_create(
            user=lead,
            request=services.RoundRequest(
                name=name,
                sample_size=size,
                seed=seed,
                by_team=False,
                auditors=list(auditors),
                double_rated=double,
                opened_from=first,
                opened_to=last,
            ),
        )
        _rate_like_an_auditor(audit_round, seed)
        services.audit_round_close(user=lead, audit_round=audit_round)
    services.audit_round_create(
        user=lead,
        request=services.RoundRequest(
            name=SPOT_CHECK, sample_size=5, seed=seed + 1, by_team=False, auditors=[auditors[0]], opened_from=after[0]
        ),
    )
