"""Wins: what went well in a family, said specifically (who did what, and why it matters). Writes go
through `spotlight.wins.services`; reads through `spotlight.wins.selectors`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spotlight.access.models import Correctable


class Win(Correctable):
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="wins")
    happened_on = models.DateField()
    what = models.TextField()
    #: who did it: an id from the wins file ("survivor", "agencies_together", ...)
    who = models.CharField(max_length=60)
    #: the person in the family who did it, where it was one of them
    person = models.ForeignKey("cases.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="wins")
    why_it_matters = models.TextField()
    #: what it shows: an id from the wins file ("protective_effort", "outcome", ...)
    shows = models.CharField(max_length=60)
    #: told to the family (to her, to the child), not only written down
    told_to_family = models.BooleanField(default=False)
    external_id = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["family", "happened_on"]), models.Index(fields=["happened_on"])]

    def __str__(self) -> str:
        return f"win {self.pk}"


class StrengthsLetter(Correctable):
    """A letter to the adult survivor about what she has done to keep herself and the children safe, and
    what has gone well: drafted by Spotlight from her recorded efforts and wins, edited by the worker, and
    recorded as given (how, and when). It never holds sealed details."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="strengths_letters")
    survivor = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="strengths_letters")
    text = models.TextField()
    given_on = models.DateField()
    #: how it was given: in person, read aloud, by post to a safe address, by a safe email
    given_how = models.CharField(max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"strengths letter {self.pk}"


class Supervision(models.Model):
    """A supervision session with a caseworker: it starts with what is going well, beside the worries, and
    records the families discussed and what was decided."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="supervisions_given"
    )
    held_on = models.DateField()
    going_well = models.TextField()
    worries = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    families = models.ManyToManyField("cases.Family", blank=True, related_name="supervisions")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"supervision {self.pk}"
