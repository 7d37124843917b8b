"""Audit rounds held in Spotlight: setting one up and saving an auditor's ratings.

Views and the command line call these; nothing else writes audit rounds. Families for a round
come only through the read gate (`families_readable_by` of the person setting it up); each
auditor reads her files through an `AuditGrant`, read-only. The evidence laid out for each file
is counted when the round is set up (`evidence_for_family`), and every file read for it is
written to the access log, without its content.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from spotlight.access import policy
from spotlight.access.log import access_log_write, access_log_write_many
from spotlight.access.models import AccessAction, AuditGrant, User
from spotlight.audit.domain.evidence import FamilyEvidence, evidence_from_record
from spotlight.audit.domain.instrument import Instrument, default_instrument
from spotlight.audit.domain.sampling import sample_families
from spotlight.audit.domain.suggest import suggest_all
from spotlight.audit.models import AuditAssignment, AuditRating, AuditRound
from spotlight.casefile.database import family_to_record
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import Family
from spotlight.pattern.models import NoteFactDecision
from spotlight.ui.errors import LoggedPermissionDenied

#: The most files one round may sample; a bigger audit is better split by team or quarter.
MAX_SAMPLE = 300


def round_instrument(audit_round: AuditRound) -> Instrument:
    """The instrument as it was when the round was set up."""
    return Instrument.model_validate(audit_round.instrument)


def evidence_for_family(family: Family) -> FamilyEvidence:
    """What the family's file shows, counted for the audit. Call only after the read gate."""
    record = family_to_record(family)
    # facts found in notes that a worker dismissed are not counted (the record names a note by its
    # id in an import, else "n<pk>", as `family_to_record` does)
    dismissed: dict[str, set[str]] = {}
    for note_id, external_id, key in NoteFactDecision.objects.filter(
        family=family, decision=NoteFactDecision.Decision.DISMISSED
    ).values_list("note_id", "note__external_id", "key"):
        dismissed.setdefault(external_id or f"n{note_id}", set()).add(key)
    return evidence_from_record(record, dismissed)


@dataclass(frozen=True)
class RoundRequest:
    """What the person setting up a round asked for (already cleaned by the form)."""

    name: str
    sample_size: int
    seed: int
    by_team: bool
    auditors: Sequence[User]
    double_rated: int = 0
    #: only families whose case opened on or after / on or before these days (either may be None)
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None


def _check(request: RoundRequest, population: int) -> None:
    errors: dict[str, str] = {}
    if AuditRound.objects.filter(name__iexact=request.name.strip()).exists():
        errors["name"] = (
            f"There is already a round called \u201c{request.name.strip()}\u201d. Give this round its own name."
        )
    if not 1 <= request.sample_size <= MAX_SAMPLE:
        errors["sample_size"] = f"Enter a number of files from 1 to {MAX_SAMPLE}."
    elif population == 0:
        errors["sample_size"] = (
            "No families open to you had their case opened in those dates, so there is nothing to sample."
            if request.opened_from or request.opened_to
            else "No families are open to you, so there is nothing to sample."
        )
    if not request.auditors:
        errors["auditors"] = "Choose at least one auditor."
    elif any(not policy.is_auditor(a) for a in request.auditors):
        errors["auditors"] = "Only active members of staff with the auditor role can audit files."
    if request.opened_from and request.opened_to and request.opened_from > request.opened_to:
        errors["opened_to"] = "The last day a case opened must be the same as or after the first day."
    if request.double_rated < 0:
        errors["double_rated"] = "Enter 0 or more files to be rated twice."
    elif request.double_rated:
        if len(request.auditors) < 2:
            errors["double_rated"] = "Rating a file twice needs at least two auditors."
        elif request.double_rated > min(request.sample_size, population):
            errors["double_rated"] = (
                "The files rated twice must be part of the sample: enter a number no bigger than it."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def audit_round_create(*, user: User, request: RoundRequest) -> AuditRound:
    """Samples families open to `user`, assigns them to auditors and lays out the evidence.

    Raises PermissionDenied for a user who may not run audits, and ValidationError naming each
    field that is wrong. Files are shared among the auditors in
    turn; `double_rated` of them (chosen with the same seed) also go to the next auditor.
    """
    if not policy.may_run_audits(user):
        raise PermissionDenied("Only team managers and domestic abuse specialists can set up audit rounds.")
    families_open = families_readable_by(user).select_related("team")
    if request.opened_from:
        families_open = families_open.filter(opened_on__gte=request.opened_from)
    if request.opened_to:
        families_open = families_open.filter(opened_on__lte=request.opened_to)
    readable = {f.reference: f for f in families_open}
    _check(request, len(readable))
    chosen = sample_families(
        [(ref, f.team.name) for ref, f in readable.items()],
        size=request.sample_size,
        seed=request.seed,
        by_team=request.by_team,
    )
    instrument = default_instrument()
    audit_round = AuditRound.objects.create(
        name=request.name.strip(),
        created_by=user,
        seed=request.seed,
        sample_size=len(chosen),
        by_team=request.by_team,
        population=len(readable),
        opened_from=request.opened_from,
        opened_to=request.opened_to,
        double_rated=request.double_rated,
        instrument=instrument.model_dump(mode="json"),
    )
    auditors = list(request.auditors)
    rng = random.Random(f"{request.seed}:double")  # noqa: S311  # which files are rated twice; not security
    twice = set(rng.sample(range(len(chosen)), request.double_rated)) if request.double_rated else set()
    families = [readable[ref] for ref, _team in chosen]
    for index, family in enumerate(families):
        evidence = evidence_for_family(family)
        suggestions = suggest_all(instrument, evidence)
        first = auditors[index % len(auditors)]
        raters = [first] + ([auditors[(index + 1) % len(auditors)]] if index in twice else [])
        for auditor in raters:
            grant = AuditGrant.objects.create(auditor=auditor, family=family, sample=audit_round.name)
            assignment = AuditAssignment.objects.create(
                round=audit_round, family=family, auditor=auditor, grant=grant, evidence=evidence.to_dict()
            )
            AuditRating.objects.bulk_create(
                [
                    AuditRating(
                        assignment=assignment,
                        item=item.id,
                        suggested=suggestions[item.id].rating if item.id in suggestions else None,
                        reasons=list(suggestions[item.id].reasons) if item.id in suggestions else [],
                    )
                    for _domain, item in instrument.items()
                ]
            )
    access_log_write_many(
        user=user,
        action=AccessAction.VIEW,
        what=f"audit evidence counted for round {audit_round.pk}",
        family_ids=[f.pk for f in families],
    )
    return audit_round


class RoundClosed(Exception):
    """The round is closed: its files can no longer be opened or rated."""


@transaction.atomic
def audit_round_close(*, user: User, audit_round: AuditRound) -> int:
    """Closes the round: every auditor's read-only access to its families ends, and nobody can
    rate its files any more. The ratings and results stay. Returns how many grants ended."""
    locked = AuditRound.objects.select_for_update().get(pk=audit_round.pk)
    team_ids = set(locked.assignments.values_list("family__team_id", flat=True))
    if not policy.may_close_audit_round(user, created_by_id=locked.created_by_id, team_ids=team_ids):
        raise PermissionDenied(
            "Only the person who set up this round, or a lead of every team whose files are in it, can close it."
        )
    if locked.closed_at is not None:
        raise RoundClosed(f"\u201c{locked.name}\u201d was already closed on {locked.closed_at:%d %B %Y}.")
    grants = AuditGrant.objects.filter(assignment__round=locked)
    family_ids = sorted(set(grants.values_list("family_id", flat=True)))
    ended, _ = grants.delete()
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save(update_fields=["closed_at", "closed_by"])
    audit_round.closed_at, audit_round.closed_by = locked.closed_at, user
    access_log_write_many(
        user=user, action=AccessAction.UPDATE, what=f"audit round {locked.pk} closed", family_ids=family_ids
    )
    return int(ended)


@dataclass(frozen=True)
class ItemRating:
    """What the auditor chose for one item: a point on the scale, or not applicable."""

    rating: int | None
    not_applicable: bool = False
    comment: str = ""


def audit_ratings_save(*, user: User, assignment: AuditAssignment, ratings: Mapping[str, ItemRating]) -> None:
    """Saves the auditor's ratings for her file; the file is complete when every item is rated.

    Only the auditor assigned the file may rate it. Every item must be either on the round's
    scale or marked not applicable (ValidationError names each item that is neither).
    """
    if not policy.may_rate_audit_file(user, auditor_id=assignment.auditor_id):
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=assignment.family_id, what="audit ratings")
        raise LoggedPermissionDenied("Only the auditor this file was given to can rate it.")
    if assignment.round.closed_at is not None:
        raise RoundClosed(f"\u201c{assignment.round.name}\u201d is closed: its files can no longer be rated.")
    instrument = round_instrument(assignment.round)
    values = set(instrument.values)
    errors: dict[str, str] = {}
    for _domain, item in instrument.items():
        chosen = ratings.get(item.id)
        if chosen is None or (not chosen.not_applicable and chosen.rating not in values):
            errors[item.id] = f"Choose a rating for \u201c{item.question}\u201d, or mark it not applicable."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        for row in assignment.ratings.select_for_update():
            chosen = ratings.get(row.item)
            if chosen is None:
                continue
            row.rating = None if chosen.not_applicable else chosen.rating
            row.not_applicable = chosen.not_applicable
            row.comment = chosen.comment.strip()
            row.rated_at = now
            row.save(update_fields=["rating", "not_applicable", "comment", "rated_at"])
        assignment.completed_at = now
        assignment.save(update_fields=["completed_at"])
        access_log_write(
            user=user,
            action=AccessAction.UPDATE,
            family_id=assignment.family_id,
            what=f"audit ratings in round {assignment.round_id}",
        )
