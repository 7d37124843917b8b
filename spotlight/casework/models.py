"""Casework: each child's plan status (which decides how often the child must be seen), and the tasks
set for workers on a family.

Plan statuses are ids from the contact standards file (`spotlight/data/contact_standards.yaml`), so an
authority can add one without a migration. Writes go through `spotlight.casework.services`; reads
through `spotlight.casework.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spotlight.access.models import Correctable


class ChildPlan(Correctable):
    """A child's plan status from a date. Every status recorded is kept; the one with the latest start
    is `current` (the database allows one current status per child)."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="child_plans")
    child = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(max_length=60)
    started_on = models.DateField()
    current = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(current=True), name="one_current_plan_per_child"
            )
        ]
        indexes = [models.Index(fields=["family", "child"])]

    def __str__(self) -> str:
        return f"plan status {self.pk} of person {self.child_id}"


class TaskStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Closed, not done"


class Task(Correctable):
    """A piece of work on a family, due on a day, for one worker: done, or closed as not done (with why)."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    not_done_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["assigned_to", "status", "due_on"]),
            models.Index(fields=["family", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not_done") | ~models.Q(not_done_reason=""),
                name="a_task_not_done_says_why",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(closed_on__isnull=False),
                name="a_closed_task_says_when",
            ),
        ]

    def __str__(self) -> str:  # never its title
        return f"task {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN
