"""Audit rounds held in Spotlight: a named round, its sample, who audits which file, and the ratings.

A round keeps the instrument as it was when the round was set up, so later edits to the
instrument file never change what an earlier round meant. Each assignment holds an `AuditGrant`
(the read gate's way of letting an auditor read one family, read-only) until the round is closed and a snapshot of the
evidence Spotlight laid out for it: counts only, never a note's words. Each rating keeps both
Spotlight's suggestion and the auditor's own rating.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditRound(models.Model):
    name = models.CharField(max_length=120, unique=True, help_text='For example "Q1 2027, before training".')
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_rounds")
    created_at = models.DateTimeField(auto_now_add=True)
    seed = models.PositiveIntegerField(help_text="Same seed and same families, same sample.")
    sample_size = models.PositiveIntegerField()
    by_team = models.BooleanField(default=False, help_text="Sampled in proportion to each team's families.")
    population = models.PositiveIntegerField(help_text="How many families the sample was drawn from.")
    opened_from = models.DateField(null=True, blank=True, help_text="Only cases opened on or after this day.")
    opened_to = models.DateField(null=True, blank=True, help_text="Only cases opened on or before this day.")
    double_rated = models.PositiveIntegerField(default=0, help_text="Files rated by two auditors, for agreement.")
    instrument = models.JSONField(help_text="The audit instrument as it was when the round was set up.")
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the round was closed to its auditors.")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class AuditAssignment(models.Model):
    """One family's file in a round, for one auditor."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="assignments")
    family = models.ForeignKey("cases.Family", on_delete=models.PROTECT, related_name="audit_assignments")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_assignments")
    grant = models.OneToOneField(
        "access.AuditGrant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignment",
        help_text="The auditor's read-only access to the family; removed when the round is closed.",
    )
    evidence = models.JSONField(help_text="Counts Spotlight found in the file when the round was set up.")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "family__reference", "auditor_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "family", "auditor"], name="one_assignment_per_auditor"),
        ]

    def __str__(self) -> str:
        return f"family {self.family_id} in round {self.round_id} for user {self.auditor_id}"


class AuditRating(models.Model):
    """One item of the instrument for one assignment: Spotlight's suggestion and the auditor's rating.

    `rating` is None until the auditor rates the item, and stays None when she marks it not
    applicable (`not_applicable`).
    """

    assignment = models.ForeignKey(AuditAssignment, on_delete=models.CASCADE, related_name="ratings")
    item = models.CharField(max_length=64)
    suggested = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, help_text="Why Spotlight suggested its rating, in counts.")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True, help_text="The auditor's own words on this item, if any.")
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "item"], name="one_rating_per_item"),
        ]

    def __str__(self) -> str:
        return f"item {self.item} of assignment {self.assignment_id}"
