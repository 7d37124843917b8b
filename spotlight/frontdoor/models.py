"""The front door: every referral, its domestic abuse screen (the suggestion, with its indicators and
reasons) and the decision of the person screening, both kept. A referral belongs to a team's front door
until it is linked to a family (an existing one, or one opened for it). Writes go through
`spotlight.frontdoor.services`; reads through `spotlight.frontdoor.selectors`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spotlight.access.models import Correctable


class Referral(Correctable):
    team = models.ForeignKey("access.Team", on_delete=models.PROTECT, related_name="referrals")
    received_on = models.DateField()
    #: an AgencyKind value, and who made it
    referrer_kind = models.CharField(max_length=40)
    referrer_name = models.CharField(max_length=200, blank=True)
    presenting_concern = models.CharField(max_length=60)
    #: who it is about, as the referrer named them
    children_named = models.CharField(max_length=500, blank=True)
    adults_named = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    #: question id -> yes, no or not_known (the screen's short questions)
    answers = models.JSONField(default=dict)
    family = models.ForeignKey(
        "cases.Family", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    # the screen's suggestion, as worked out when the referral was recorded
    suggested = models.CharField(max_length=20)
    indicators = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    # the decision of the person screening
    decided = models.CharField(max_length=20, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["team", "received_on"])]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def behind_another_concern(self) -> bool:
        """Domestic abuse found (suggested or decided) behind a presenting concern that was not domestic abuse."""
        found = (self.decided or self.suggested) in ("possible", "present", "high_risk")
        return found and self.presenting_concern != "domestic_abuse"
