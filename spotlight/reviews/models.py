"""Archive language reviews: one background review of every family a manager or domestic
abuse specialist can read, with its progress and its counts.

An archive review stores only counts, never a note's text or the wording a finding flagged; a kept
wording is remembered by a digest, with the reason the worker gave.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ArchiveReviewStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Stopped by an error"
    CANCELLED = "cancelled", "Cancelled"


#: A review in one of these states still has work to do; a user has at most one at a time.
ACTIVE_STATUSES: tuple[str, ...] = (ArchiveReviewStatus.QUEUED.value, ArchiveReviewStatus.RUNNING.value)


class ArchiveReview(models.Model):
    """One archive review. The families it covers were fixed, through the read gate, when it started."""

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="archive_reviews")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ArchiveReviewStatus.choices, default=ArchiveReviewStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True, help_text="The background task running this review.")
    families_total = models.PositiveIntegerField(default=0)
    families_done = models.PositiveIntegerField(default=0)
    notes_reviewed = models.PositiveIntegerField(default=0)
    findings = models.PositiveIntegerField(default=0, help_text="Every finding, including those kept with a reason.")
    dismissed = models.PositiveIntegerField(default=0, help_text="Findings a worker kept with a reason.")
    failure = models.CharField(max_length=200, blank=True, help_text="What went wrong; never a note's words.")

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["started_by"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="one_active_archive_review_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"archive review {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def to_rewrite(self) -> int:
        return self.findings - self.dismissed

    @property
    def percent_done(self) -> int:
        if not self.families_total:
            return 100 if not self.is_active else 0
        return min(100, (100 * self.families_done) // self.families_total)


class ArchiveReviewFamily(models.Model):
    """A family in an archive review (the stored family list), and its counts once reviewed."""

    review = models.ForeignKey(ArchiveReview, on_delete=models.CASCADE, related_name="family_rows")
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("access.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    done = models.BooleanField(default=False)
    notes = models.PositiveIntegerField(default=0)
    findings = models.PositiveIntegerField(default=0)
    dismissed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["review", "family"], name="family_once_per_archive_review")]
        indexes = [models.Index(fields=["review", "done"])]

    def __str__(self) -> str:
        return f"family {self.family_id} in archive review {self.review_id}"

    @property
    def to_rewrite(self) -> int:
        return self.findings - self.dismissed


class ArchiveReviewRuleCount(models.Model):
    """How often one rule matched in one family's notes."""

    review = models.ForeignKey(ArchiveReview, on_delete=models.CASCADE, related_name="rule_counts")
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=120)
    rule_family = models.CharField(max_length=64)
    severity = models.CharField(max_length=16)
    findings = models.PositiveIntegerField(default=0)
    dismissed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "family", "rule"], name="rule_once_per_family_per_review")
        ]

    def __str__(self) -> str:
        return f"rule {self.rule} in family {self.family_id}"


class ArchiveReviewTeamCount(models.Model):
    """Totals for one team, written when the review finishes."""

    review = models.ForeignKey(ArchiveReview, on_delete=models.CASCADE, related_name="team_counts")
    team = models.ForeignKey("access.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    team_name = models.CharField(max_length=120)
    families = models.PositiveIntegerField(default=0)
    notes = models.PositiveIntegerField(default=0)
    findings = models.PositiveIntegerField(default=0)
    dismissed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["team_name"]

    def __str__(self) -> str:
        return f"team {self.team_name} in archive review {self.review_id}"

    @property
    def to_rewrite(self) -> int:
        return self.findings - self.dismissed


class KeptWording(models.Model):
    """Wording in a case note that the review flagged and a worker kept on purpose, with her reason
    (her own words quoted, say). Remembered by a digest of the rule and the words, never the words: if
    the note is rewritten and the words go, the keep matches nothing."""

    note = models.ForeignKey("cases.CaseNote", on_delete=models.CASCADE, related_name="kept_wording")
    key = models.CharField(max_length=64)  # spotlight.language.findings.kept_key(rule, wording)
    rule = models.CharField(max_length=100)
    reason = models.TextField()
    kept_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kept_by_name = models.CharField(max_length=200, blank=True)
    kept_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "key"], name="one_keep_per_wording")]

    def __str__(self) -> str:  # never the reason or the words
        return f"kept wording on case note {self.note_id}"
