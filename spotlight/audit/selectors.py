"""Reading audit rounds: which rounds a user may see, their progress, and their ratings.

Results are counts over the whole round; anything that names a family (the list of files, the
CSV of ratings) goes through the read gate, so a manager sees her own teams' files by name and
the rest only as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from spotlight.access import policy
from spotlight.access.models import StaffRole, User
from spotlight.audit.domain.results import RoundRating
from spotlight.audit.models import AuditAssignment, AuditRating, AuditRound
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import Family


def rounds_for(user: User) -> QuerySet[AuditRound]:
    """The rounds the access policy opens to `user` (`policy.audit_round_scope`): a lead's own rounds
    and her teams', an auditor's rounds with her files."""
    scope = policy.audit_round_scope(user)
    if scope is None:
        return AuditRound.objects.none()
    ids = AuditRound.objects.filter(scope).values("id")
    return AuditRound.objects.filter(id__in=ids).select_related("created_by")


def round_for(user: User, round_id: int) -> AuditRound:
    found = rounds_for(user).filter(pk=round_id).first()
    if found is None:
        raise Http404("No audit round with that number is open to you.")
    return found


def assignment_for(user: User, round_id: int, assignment_id: int) -> AuditAssignment:
    """The auditor's own file in an open round (nobody else rates it; a closed round's files are shut)."""
    found = (
        AuditAssignment.objects.select_related("round", "family", "family__team", "auditor")
        .filter(pk=assignment_id, round_id=round_id, auditor=user, round__closed_at__isnull=True)
        .first()
    )
    if found is None:
        raise Http404("No file with that number is waiting for you in this round.")
    return found


def family_of_file(round_id: int, assignment_id: int) -> int:
    """Which family a round's file is about, so the read gate can decide (and log) before anything is shown."""
    found = AuditAssignment.objects.filter(pk=assignment_id, round_id=round_id).values_list("family_id", flat=True)
    family_id = found.first()
    if family_id is None:
        raise Http404("No file with that number is in this round.")
    return family_id


def assignment_in_round(audit_round: AuditRound, assignment_id: int) -> AuditAssignment:
    """A file of the round, for reading its ratings (the family itself still goes through the gate)."""
    found = audit_round.assignments.select_related("family", "auditor").filter(pk=assignment_id).first()
    if found is None:
        raise Http404("No file with that number is in this round.")
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


def rounds_progress(rounds: Sequence[AuditRound]) -> dict[int, RoundProgress]:
    """Each round's progress, by round id: three queries however many rounds and files."""
    ids = [r.pk for r in rounds]
    rows = list(
        AuditAssignment.objects.filter(round_id__in=ids)
        .values("round", "auditor")
        .annotate(files=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
        .order_by("round", "auditor")
    )
    families = dict(
        AuditAssignment.objects.filter(round_id__in=ids)
        .values("round")
        .annotate(families=Count("family", distinct=True))
        .values_list("round", "families")
    )
    users = {u.pk: u for u in User.objects.filter(pk__in={r["auditor"] for r in rows})} if rows else {}
    by_round: dict[int, list[AuditorProgress]] = {pk: [] for pk in ids}
    for r in rows:
        by_round[r["round"]].append(
            AuditorProgress(auditor=users[r["auditor"]], files=r["files"], completed=r["completed"])
        )
    return {
        pk: RoundProgress(
            families=families.get(pk, 0),
            assignments=sum(a.files for a in by_auditor),
            completed=sum(a.completed for a in by_auditor),
            by_auditor=tuple(sorted(by_auditor, key=lambda a: a.auditor.display_name)),
        )
        for pk, by_auditor in by_round.items()
    }


def round_progress(audit_round: AuditRound) -> RoundProgress:
    return rounds_progress([audit_round])[audit_round.pk]


def _ratings(audit_round: AuditRound, families: QuerySet[Family] | None = None) -> QuerySet[AuditRating]:
    rows = AuditRating.objects.filter(
        assignment__round=audit_round, assignment__completed_at__isnull=False
    ).select_related("assignment__family__team", "assignment__auditor")
    if families is not None:
        rows = rows.filter(assignment__family__in=families)
    return rows.order_by("assignment__family__reference", "assignment__auditor__username", "id")


def round_teams(audit_round: AuditRound) -> list[str]:
    return sorted(set(audit_round.assignments.values_list("family__team__name", flat=True)))


#: What a result needs of each rating, read as plain values (no model objects: a trend reads thousands).
_RATING_VALUES = (
    "assignment__round_id",
    "assignment__family__reference",
    "assignment__family__team__name",
    "item",
    "rating",
    "suggested",
    "assignment__auditor__username",
)


def rounds_ratings(rounds: Sequence[AuditRound], team: str | None = None) -> dict[int, list[RoundRating]]:
    """Every rated item of each round's completed files, by round id, in one query however many rounds
    (counts only: for results, not for listing). With `team`, only that team's families."""
    rows = AuditRating.objects.filter(
        assignment__round__in=[r.pk for r in rounds], assignment__completed_at__isnull=False
    ).order_by("assignment__family__reference", "assignment__auditor__username", "id")
    if team:
        rows = rows.filter(assignment__family__team__name=team)
    by_round: dict[int, list[RoundRating]] = {r.pk: [] for r in rounds}
    for round_id, family_ref, team_name, item, rating, suggested, auditor in rows.values_list(*_RATING_VALUES):
        by_round[round_id].append(
            RoundRating(
                family_ref=family_ref, team=team_name, item=item, rating=rating, suggested=suggested, auditor=auditor
            )
        )
    return by_round


def round_ratings(audit_round: AuditRound, team: str | None = None) -> list[RoundRating]:
    """Every rated item of the round's completed files (counts only: for results, not for listing).

    With `team`, only that team's families.
    """
    return rounds_ratings([audit_round], team)[audit_round.pk]


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


def auditor_open_files(user: User) -> QuerySet[AuditAssignment]:
    """Her files in rounds still open, those still to rate first."""
    return (
        AuditAssignment.objects.filter(auditor=user, round__closed_at__isnull=True)
        .select_related("round", "family")
        .order_by("completed_at", "round", "family__reference")
    )


def auditor_files_in_round(user: User, audit_round: AuditRound) -> list[AuditAssignment]:
    if audit_round.closed_at is not None:
        return []
    return list(audit_round.assignments.filter(auditor=user).select_related("family"))


def next_file_to_rate(assignment: AuditAssignment) -> AuditAssignment | None:
    """Her next unrated file in the same round, by family reference."""
    return (
        assignment.round.assignments.filter(auditor_id=assignment.auditor_id, completed_at__isnull=True)
        .exclude(pk=assignment.pk)
        .order_by("family__reference")
        .first()
    )


def ratings_by_item(assignment: AuditAssignment) -> dict[str, AuditRating]:
    """Each question's rating row of one file (Spotlight's suggestion, and the auditor's once rated)."""
    return {r.item: r for r in assignment.ratings.all()}


def available_auditors() -> QuerySet[User]:
    """Active staff with the auditor role: who may be given files in a round."""
    return User.objects.filter(staff_role=StaffRole.AUDITOR, is_active=True).order_by("first_name", "username")
