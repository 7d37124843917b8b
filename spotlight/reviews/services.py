"""Archive language reviews: start one, run it (in the background worker), cancel it.

The families an archive review covers are fixed when it starts, through the read gate,
and stored as its family list. The run reads each family's notes and stores counts only:
never a note's words, nor the wording a finding flagged, in the database or in a log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.http import Http404
from django.utils import timezone

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction, User
from spotlight.cases.gate import WritableFamily, families_readable_by
from spotlight.cases.models import CaseNote
from spotlight.cases.selectors import review_people_by_family
from spotlight.language import review
from spotlight.language.findings import kept_key, with_kept
from spotlight.reviews.models import (
    ACTIVE_STATUSES,
    ArchiveReview,
    ArchiveReviewFamily,
    ArchiveReviewRuleCount,
    ArchiveReviewStatus,
    ArchiveReviewTeamCount,
    KeptWording,
)
from spotlight.reviews.selectors import active_archive_review, kept_wording

#: Families reviewed, and committed with the progress, at a time.
CHUNK = 25


class ArchiveReviewRefused(Exception):
    """The user cannot start (or change) an archive review; the message says why, in plain words."""


class ArchiveReviewAlreadyRunning(ArchiveReviewRefused):
    def __init__(self, running: ArchiveReview) -> None:
        self.running = running
        started = timezone.localtime(running.started_at)
        super().__init__(
            f"You already have an archive review running (started at {started:%H:%M} on {started.day} {started:%B}, "
            f"{running.families_done} of {running.families_total} families reviewed). "
            "Wait for it to finish, or cancel it, before you start another."
        )


@transaction.atomic
def archive_review_create(*, user: User) -> ArchiveReview:
    """Fixes the families the user can read now as the review's list. `spotlight.reviews.tasks`
    queues the review itself (`archive_review_start`)."""
    if not policy.may_start_archive_review(user):
        raise ArchiveReviewRefused("Only team managers and domestic abuse specialists can start an archive review.")
    running = active_archive_review(user)
    if running is not None:
        raise ArchiveReviewAlreadyRunning(running)
    families = list(families_readable_by(user).order_by("id").values_list("id", "team_id"))
    if not families:
        raise ArchiveReviewRefused("No families are open to you, so there is nothing to review.")
    try:
        with transaction.atomic():
            review_row = ArchiveReview.objects.create(started_by=user, families_total=len(families))
    except IntegrityError:  # another request started one a moment ago
        running = active_archive_review(user)
        if running is None:
            raise
        raise ArchiveReviewAlreadyRunning(running) from None
    ArchiveReviewFamily.objects.bulk_create(
        [ArchiveReviewFamily(review=review_row, family_id=fid, team_id=tid) for fid, tid in families], batch_size=1000
    )
    access_log_write_many(
        user=user,
        action=AccessAction.VIEW,
        what=f"archive language review {review_row.pk} (counts only)",
        family_ids=[fid for fid, _ in families],
    )
    return review_row


def archive_review_cancel(*, user: User, review_row: ArchiveReview) -> bool:
    """Stops the user's own review after the families it is reviewing now. False if it had already ended."""
    if not policy.may_manage_archive_review(user, started_by_id=review_row.started_by_id):
        raise ArchiveReviewRefused("Only the person who started an archive review can cancel it.")
    changed = ArchiveReview.objects.filter(pk=review_row.pk, status__in=ACTIVE_STATUSES).update(
        status=ArchiveReviewStatus.CANCELLED, finished_at=timezone.now()
    )
    return changed == 1


class ArchiveReviewInterrupted(Exception):
    """Recorded on a task whose worker stopped before it finished."""


def archive_review_fail(review_id: int, *, reason: str) -> None:
    """Records that the review stopped on an error; the counts of the families it finished are kept."""
    with transaction.atomic():
        _write_team_counts(review_id)
        ArchiveReview.objects.filter(pk=review_id, status__in=ACTIVE_STATUSES).update(
            status=ArchiveReviewStatus.FAILED, finished_at=timezone.now(), failure=reason[:200]
        )


@dataclass
class _FamilyCounts:
    notes: int = 0
    findings: int = 0
    dismissed: int = 0
    rules: dict[str, list[str | int]] = field(default_factory=dict)  # rule -> [family, severity, findings, dismissed]


def _review_chunk(review_id: int, rows: Sequence[ArchiveReviewFamily]) -> None:
    family_ids = [r.family_id for r in rows]
    people = review_people_by_family(family_ids)
    counts: dict[int, _FamilyCounts] = {fid: _FamilyCounts() for fid in family_ids}
    notes = (
        CaseNote.objects.filter(family_id__in=family_ids, struck_out_at=None)
        .order_by("id")
        .values_list("id", "family_id", "text")
    )
    kept = kept_wording(family_ids=family_ids)
    for note_id, fid, text in notes.iterator(chunk_size=500):
        tally = counts[fid]
        tally.notes += 1
        for finding in with_kept(review(text, people.get(fid, [])), kept.get(note_id, {})):
            tally.findings += 1
            tally.dismissed += int(finding.is_dismissed)
            rule = tally.rules.setdefault(finding.rule, [finding.family, finding.severity.value, 0, 0])
            rule[2] = int(rule[2]) + 1
            rule[3] = int(rule[3]) + int(finding.is_dismissed)
    for row in rows:
        tally = counts[row.family_id]
        row.done, row.notes, row.findings, row.dismissed = True, tally.notes, tally.findings, tally.dismissed
    with transaction.atomic():
        ArchiveReviewFamily.objects.bulk_update(rows, ["done", "notes", "findings", "dismissed"])
        ArchiveReviewRuleCount.objects.bulk_create(
            [
                ArchiveReviewRuleCount(
                    review_id=review_id,
                    family_id=fid,
                    rule=rule,
                    rule_family=str(rule_family),
                    severity=str(severity),
                    findings=int(found),
                    dismissed=int(kept),
                )
                for fid, tally in counts.items()
                for rule, (rule_family, severity, found, kept) in tally.rules.items()
            ]
        )
        ArchiveReview.objects.filter(pk=review_id).update(
            families_done=F("families_done") + len(rows),
            notes_reviewed=F("notes_reviewed") + sum(t.notes for t in counts.values()),
            findings=F("findings") + sum(t.findings for t in counts.values()),
            dismissed=F("dismissed") + sum(t.dismissed for t in counts.values()),
        )


def _write_team_counts(review_id: int) -> None:
    rows = (
        ArchiveReviewFamily.objects.filter(review_id=review_id, done=True)
        .values("team_id", "team__name")
        .annotate(families=Count("id"), notes=Sum("notes"), findings=Sum("findings"), dismissed=Sum("dismissed"))
        .order_by("team__name")
    )
    ArchiveReviewTeamCount.objects.filter(review_id=review_id).delete()
    ArchiveReviewTeamCount.objects.bulk_create(
        [
            ArchiveReviewTeamCount(
                review_id=review_id,
                team_id=row["team_id"],
                team_name=row["team__name"] or "No team",
                families=row["families"],
                notes=row["notes"] or 0,
                findings=row["findings"] or 0,
                dismissed=row["dismissed"] or 0,
            )
            for row in rows
        ]
    )


def archive_review_run(review_id: int, *, chunk: int = CHUNK) -> ArchiveReview:
    """Reviews every note of every family on the review's list, a few families at a time, committing
    the counts and the progress together; picks up where it stopped if it is run again."""
    ArchiveReview.objects.filter(pk=review_id, status=ArchiveReviewStatus.QUEUED).update(
        status=ArchiveReviewStatus.RUNNING
    )
    while True:
        if not ArchiveReview.objects.filter(pk=review_id, status=ArchiveReviewStatus.RUNNING).exists():
            _write_team_counts(review_id)  # cancelled: the team totals cover the families reviewed so far
            return ArchiveReview.objects.get(pk=review_id)
        rows = list(ArchiveReviewFamily.objects.filter(review_id=review_id, done=False).order_by("id")[:chunk])
        if not rows:
            break
        _review_chunk(review_id, rows)
    with transaction.atomic():
        _write_team_counts(review_id)
        ArchiveReview.objects.filter(pk=review_id, status=ArchiveReviewStatus.RUNNING).update(
            status=ArchiveReviewStatus.DONE, finished_at=timezone.now()
        )
    return ArchiveReview.objects.get(pk=review_id)


def wording_keep(*, target: WritableFamily, note_id: int, rule: str, start: int, end: int, reason: str) -> KeptWording:
    """Keeps, on purpose and with her reason, wording the review flagged in a case note: the finding
    is shown as kept, and no longer counted as wording to rewrite. Logged without the words."""
    note = CaseNote.objects.filter(family=target.family, pk=note_id, struck_out_at=None).first()
    if note is None:
        raise Http404("No case note with that reference is recorded for this family.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are keeping this wording, so the next reader knows"})
    found = review(note.text, review_people_by_family([target.family.pk]).get(target.family.pk, []))
    finding = next((f for f in found if (f.rule, f.start, f.end) == (rule, start, end)), None)
    if finding is None:
        raise ValidationError(
            "The review no longer finds that wording in the note (it may have been rewritten): "
            "there is nothing to keep."
        )
    kept, _ = KeptWording.objects.update_or_create(
        note=note,
        key=kept_key(finding.rule, finding.text),
        defaults={
            "rule": finding.rule,
            "reason": reason.strip(),
            "kept_by": target.user,
            "kept_by_name": target.user.display_name,
        },
    )
    target.log(AccessAction.UPDATE, f"case note {note.pk}: wording kept")
    return kept
