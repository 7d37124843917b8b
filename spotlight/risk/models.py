"""Risk: the adult survivor's risk identifications (her checklist's answers, her own words, professional
judgement, the Marac criteria met), the risk reviews of each person causing harm, and safety markers
for staff who visit. Writes go through `spotlight.risk.services`; reads through `spotlight.risk.selectors`.

Answers are stored by question id (a JSON object), so an authority's own checklist wording keeps them
comparable; the result (yes count, level, criteria met and why) is stored as it was worked out on the
day, with the version of the checklist that asked it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spotlight.access.models import Correctable


class RiskIdentification(Correctable):
    """One risk identification with the adult survivor, on a day. Every one is kept; the latest is hers."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="risk_identifications")
    survivor = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="risk_identifications")
    identified_on = models.DateField()
    #: question id -> {"answer": "yes" | "no" | "not_known", "comment": "..."}
    answers = models.JSONField(default=dict)
    #: her own words, as she said them, recorded before any score is shown
    what_she_thinks_will_happen = models.TextField(blank=True)
    who_she_fears_most = models.TextField(blank=True)
    judgement_level = models.CharField(max_length=60, blank=True)
    judgement_reasons = models.TextField(blank=True)
    referred_to_marac_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    # the result, as worked out when it was recorded
    yes_count = models.PositiveSmallIntegerField(default=0)
    not_known_count = models.PositiveSmallIntegerField(default=0)
    answers_level = models.CharField(max_length=60, blank=True)
    level = models.CharField(max_length=60, blank=True)
    #: [{"id", "label", "met", "why", "incidents": [{"on", "what", "where", "ref"}]}]
    criteria = models.JSONField(default=list)
    checklist_version = models.PositiveIntegerField(default=1)
    #: its id in the case file it was imported from (kept so that an export gives it back)
    external_id = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-identified_on", "-id"]
        indexes = [models.Index(fields=["family", "identified_on"])]

    def __str__(self) -> str:
        return f"risk identification {self.pk}"

    @property
    def criteria_met(self) -> list[dict[str, object]]:
        return [c for c in self.criteria if c.get("met")]


class RiskReview(Correctable):
    """A review of the risk one person causing harm presents: each item's suggestion from the record
    beside the worker's answer, and her judgement with its reasons."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="risk_reviews")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="risk_reviews")
    reviewed_on = models.DateField()
    #: item id -> {"suggested": ..., "answer": ..., "comment": ...}
    items = models.JSONField(default=dict)
    level = models.CharField(max_length=60)
    reasons = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["family", "reviewed_on"])]

    def __str__(self) -> str:
        return f"risk review {self.pk}"


class SafetyMarker(Correctable):
    """What staff need to know before they visit where a person causing harm may be: the risk to them, and
    how visits are arranged. Shown wherever he is named, to staff who may read the family."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="safety_markers")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="safety_markers")
    #: ids from `domain.casefile.STAFF_RISKS` and `VISIT_ARRANGEMENTS`
    risks = models.JSONField(default=list)
    arrangements = models.JSONField(default=list)
    details = models.TextField(blank=True)
    set_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_on", "-id"]
        indexes = [models.Index(fields=["family", "person"])]

    def __str__(self) -> str:
        return f"safety marker {self.pk}"
