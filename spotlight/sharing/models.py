"""Information sharing: each time information about a family is shared with another agency or received
from one: what kinds (never the content), with whom, when, by whom, why and on what lawful basis.
Writes go through `spotlight.sharing.services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spotlight.access.models import Correctable


class Direction(models.TextChoices):
    SHARED = "shared", "Shared with"
    RECEIVED = "received", "Received from"


class InformationSharing(Correctable):
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="information_sharing")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    agency = models.CharField(max_length=200)
    on = models.DateField()
    #: the kinds of information (ids from the information-sharing file), never the information itself
    kinds = models.JSONField(default=list)
    reason = models.CharField(max_length=60)
    lawful_basis = models.CharField(max_length=60)
    #: the worker confirmed, after the warning, that sharing sealed details was safe and necessary
    sealed_confirmed = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    #: its id in the case file it came from, so a file imported and exported again keeps its ids
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:  # never what was shared
        return f"information sharing {self.pk}"
