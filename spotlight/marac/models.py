"""Marac meetings: a coordinator schedules a meeting and builds its agenda from the families whose latest
risk identification meets a Marac criterion (a repeat case marked as such); the agencies present each
record what they know of a case (a short research form), and the meeting records actions per agency with
an owner and a due date, followed up at the next meeting (done, not done, carried over).

Writes go through `spotlight.marac.services`; reads through `spotlight.marac.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed"


class MaracMeeting(models.Model):
    team = models.ForeignKey("access.Team", on_delete=models.PROTECT, related_name="marac_meetings")
    held_on = models.DateField()
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Marac meeting {self.pk}"


class MaracAttendee(models.Model):
    """Someone present at a meeting, for an agency: she reads its cases for the meeting, and writes her
    agency's research and actions."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="marac_attendance")
    agency = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_meeting")]

    def __str__(self) -> str:
        return f"attendee {self.pk} of Marac meeting {self.meeting_id}"


class MaracCase(models.Model):
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.CASCADE, related_name="cases")
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="marac_cases")
    survivor = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="marac_cases")
    identification = models.ForeignKey(
        "risk.RiskIdentification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: the criteria the identification met, in words
    criteria = models.JSONField(default=list)
    #: heard at a Marac in the twelve months before
    repeat = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "family"], name="one_case_per_family_a_meeting")]

    def __str__(self) -> str:
        return f"Marac case {self.pk}"


class MaracResearch(models.Model):
    """What one agency knows of a case, from its research before the meeting. Recorded again, the new
    research is a new row: the earlier stays, shown as an earlier version (nothing written is lost)."""

    case = models.ForeignKey(MaracCase, on_delete=models.CASCADE, related_name="research")
    agency = models.CharField(max_length=200)
    involvement = models.TextField()
    last_contact_on = models.DateField(null=True, blank=True)
    risks_known = models.TextField(blank=True)
    actions_taken = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "id"]

    def __str__(self) -> str:
        return f"Marac research {self.pk}"


class MaracActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"
    CARRIED_OVER = "carried_over", "Carried over to the next meeting"


class MaracAction(models.Model):
    case = models.ForeignKey(MaracCase, on_delete=models.CASCADE, related_name="actions")
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="marac_actions")
    agency = models.CharField(max_length=200)
    owner = models.CharField(max_length=200, help_text="Who in the agency will do it.")
    text = models.TextField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=MaracActionStatus.choices, default=MaracActionStatus.OPEN)
    #: the meeting that followed it up
    followed_up_at = models.ForeignKey(
        MaracMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_up"
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    #: the plan action it became, when added to the family's plan
    plan_action = models.ForeignKey(
        "plans.PlanAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Marac action {self.pk}"
