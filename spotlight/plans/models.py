"""Plans: a family's plans over time (child in need, child protection, safety plan...; the kinds are
data), each with its actions: what must happen, who must act (a named person in the family, the worker,
or an agency), by when, and where it has got to, each update dated.

Writes go through `spotlight.plans.services`; reads through `spotlight.plans.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spotlight.access.models import Correctable


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class Plan(Correctable):
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=60, help_text="A kind of plan from the plans file.")
    started_on = models.DateField()
    next_review_on = models.DateField(null=True, blank=True)
    #: the days it was reviewed, oldest first (ISO dates)
    reviewed = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    external_id = models.CharField(max_length=64, blank=True, help_text="Its id in an imported case file.")

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:  # never its words
        return f"plan {self.pk} ({self.kind})"


class Owner(models.TextChoices):
    """Who must act: a named person in the family, the worker, or an agency."""

    PERSON = "person", "A person in the family"
    WORKER = "worker", "The worker"
    AGENCY = "agency", "An agency"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class PlanAction(Correctable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="plan_actions")
    text = models.TextField(help_text="What must happen.")
    owner = models.CharField(max_length=10, choices=Owner.choices)
    person = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="plan_actions"
    )
    agency = models.CharField(max_length=200, blank=True, help_text="The agency that must act.")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    not_done_reason = models.TextField(blank=True)
    #: every update, oldest first: [{"on": ISO date, "status", "note"}]
    updates = models.JSONField(default=list, blank=True)
    #: where it came from when not written on the plan itself (for example, "marac 12": a Marac's action)
    source = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not_done") | ~models.Q(not_done_reason=""),
                name="a_plan_action_not_done_says_why",
            ),
            models.CheckConstraint(
                condition=(models.Q(owner="person") & models.Q(person__isnull=False))
                | (models.Q(owner="agency") & ~models.Q(agency=""))
                | models.Q(owner="worker"),
                name="a_plan_action_names_who_acts",
            ),
        ]

    def __str__(self) -> str:  # never its words
        return f"plan action {self.pk} of plan {self.plan_id}"
