"""Reading audit rounds: which rounds a user may see, their progress, and their ratings.

Results are counts over the whole round; anything that names a family (the list of files, the
CSV of ratings) goes through the read gate, so a manager sees her own teams' files by name and
the rest only as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet

from spotlight.access.models import User
from spotlight.access.selectors import NotAllowed, families_readable_by
from spotlight.audit.models import AuditAssignment, AuditRating, AuditRound
from spotlight.audit.results import RoundRating
from spotlight.audit.services import can_run_audits, is_auditor
from spotlight.cases.models import Family


def rounds_for(user: User) -> QuerySet[AuditRound]:
    """Every round for managers and domestic abuse specialists; an auditor's own rounds for her."""
    if can_run_audits(user):
        return AuditRound.objects.select_related("created_by")
    if is_auditor(user):
        return AuditRound.objects.filter(assignments__auditor=user).distinct().select_related("created_by")
    return AuditRound.objects.none()


def round_for(user: User, round_id: int) -> AuditRound:
    found = rounds_for(user).filter(pk=round_id).first()
    if found is None:
        raise NotAllowed("No audit round with that number is open to you.")
    return found


def assignment_for(user: User, round_id: int, assignment_id: int) -> AuditAssignment:
    """The auditor's own file in an open round (nobody else rates it; a closed round's files are shut)."""
    found = (
        AuditAssignment.objects.select_related("round", "family", "family__team", "auditor")
        .filter(pk=assignment_id, round_id=round_id, auditor=user, round__closed_at__isnull=True)
        .first()
    )
    if found is None:
        raise NotAllowed("No file with that number is waiting for you in this round.")
    return found


def assignment_in_round(audit_round: AuditRound, assignment_id: int) -> AuditAssignment:
    """A file of the round, for reading its ratings (the family itself still goes through the gate)."""
    found = audit_round.assignments.select_related("family", "auditor").filter(pk=assignment_id).first()
    if found is None:
        raise NotAllowed("No file with that number is in this round.")
    return found


@dataclass(frozen=True)
class AuditorProgress:
    auditor: User
    files: int
    completed: int


@dataclass(frozen=True)
class RoundProgress:
    families: int
    assignments: int
    completed: int
    by_auditor: tuple[AuditorProgress, ...]

    @property
    def complete(self) -> bool:
        return self.assignments > 0 and self.completed == self.assignments


def round_progress(audit_round: AuditRound) -> RoundProgress:
    rows = (
        audit_round.assignments.values("auditor")
        .annotate(files=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
        .order_by("auditor")
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=[r["auditor"] for r in rows])}
    by_auditor = tuple(
        AuditorProgress(auditor=users[r["auditor"]], files=r["files"], completed=r["completed"]) for r in rows
    )
    return RoundProgress(
        families=audit_round.assignments.values("family").distinct().count(),
        assignments=sum(a.files for a in by_auditor),
        completed=sum(a.completed for a in by_auditor),
        by_auditor=tuple(sorted(by_auditor, key=lambda a: a.auditor.display_name)),
    )


def _ratings(audit_round: AuditRound, families: QuerySet[Family] | None = None) -> QuerySet[AuditRating]:
    rows = AuditRating.objects.filter(
        assignment__round=audit_round, assignment__completed_at__isnull=False
    ).select_related("assignment__family__team", "assignment__auditor")
    if families is not None:
        rows = rows.filter(assignment__family__in=families)
    return rows.order_by("assignment__family__reference", "assignment__auditor__username", "id")


def round_teams(audit_round: AuditRound) -> list[str]:
    return sorted(set(audit_round.assignments.values_list("family__team__name", flat=True)))


def round_ratings(audit_round: AuditRound, team: str | None = None) -> list[RoundRating]:
    """Every rated item of the round's completed files (counts only: for results, not for listing).

    With `team`, only that team's families.
    """
    rows = _ratings(audit_round)
    if team:
        rows = rows.filter(assignment__family__team__name=team)
    return [
        RoundRating(
            family_ref=r.assignment.family.reference,
            team=r.assignment.family.team.name,
            item=r.item,
            rating=r.rating,
            suggested=r.suggested,
            auditor=r.assignment.auditor.username,
        )
        for r in rows
    ]


def listable_assignments(user: User, audit_round: AuditRound) -> QuerySet[AuditAssignment]:
    """The round's files that `user` may see by name: through the read gate."""
    return (
        audit_round.assignments.filter(family__in=families_readable_by(user))
        .annotate(mean_rating=Avg("ratings__rating", filter=Q(completed_at__isnull=False)))
        .select_related("family", "family__team", "auditor")
        .order_by("family__reference", "auditor__username")
    )


def exportable_ratings(user: User, audit_round: AuditRound) -> QuerySet[AuditRating]:
    """Rated items of completed files whose family `user` may read, for the CSV."""
    return _ratings(audit_round, families_readable_by(user))
