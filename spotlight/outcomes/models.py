"""Outcomes: what each respondent (the adult survivor, each child, the worker, and, where he is on a
programme, the person causing harm) answers to the outcome measures at intake, at reviews and at exit,
kept apart. Answers are stored by measure id (a JSON object), so an authority's own wording keeps them
comparable. Writes go through `spotlight.outcomes.services`; reads through `spotlight.outcomes.selectors`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spotlight.access.models import Correctable


class Outcome(Correctable):
    """One respondent's answers on one occasion."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="outcomes")
    #: survivor, child, worker or person_causing_harm
    respondent = models.CharField(max_length=30)
    #: whose answers (none for the worker's)
    person = models.ForeignKey("cases.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes")
    occasion = models.CharField(max_length=60)
    recorded_on = models.DateField()
    #: measure id -> the answer's value on its scale
    scores = models.JSONField(default=dict)
    #: abuse kind -> yes, no or not_known
    abuse = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "id"]
        indexes = [models.Index(fields=["family", "respondent", "recorded_on"]), models.Index(fields=["recorded_on"])]

    def __str__(self) -> str:
        return f"outcome record {self.pk}"
