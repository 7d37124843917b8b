"""The pattern map: his behaviours over time and across relationships, the harm each did to each
child, her protective efforts, and the factors that interact with his pattern.

Kinds, sources and factors are ids from the catalogue (`spotlight/data/pattern_catalogue.yaml`),
checked against it on every save, so an authority can add kinds without a migration.
Writes go through `spotlight.pattern.services`; reads through `spotlight.pattern.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from spotlight.access.models import Correctable
from spotlight.pattern.domain.casefile import RELATIONSHIP_CURRENT, RELATIONSHIP_PRIOR
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.directory import programme_labels

RELATIONSHIP_CHOICES = [
    (RELATIONSHIP_CURRENT, "The current relationship"),
    (RELATIONSHIP_PRIOR, "An earlier relationship"),
]


def validate_behaviour_kind(value: str) -> None:
    if value not in {k.id for g in default_catalogue().behaviours for k in g.kinds}:
        raise ValidationError(f"“{value}” is not a kind of behaviour in the pattern catalogue.")


def validate_source(value: str) -> None:
    if value not in {s.id for s in default_catalogue().sources}:
        raise ValidationError(f"“{value}” is not a source in the pattern catalogue.")


def validate_protective_effort(value: str) -> None:
    if value not in {k.id for g in default_catalogue().protective_efforts for k in g.kinds}:
        raise ValidationError(f"“{value}” is not a kind of protective effort in the pattern catalogue.")


def validate_complicating_factor(value: str) -> None:
    if value not in {f.id for f in default_catalogue().complicating_factors}:
        raise ValidationError(f"“{value}” is not a complicating factor in the pattern catalogue.")


def validate_programme(value: str) -> None:
    if value not in programme_labels():
        raise ValidationError(f"“{value}” is not a programme in the directory or the pattern catalogue.")


class ReferralStatus(models.TextChoices):
    """Where his referral to a programme has got to, in the order it usually moves. He chooses whether
    to take part. (The values of the first statuses are kept as they were recorded: "referred" came
    before "offered" and "accepted" existed.)"""

    OFFERED = "offered", "Offered to him, waiting for his answer"
    ACCEPTED = "accepted", "He accepted the offer, waiting to be referred"
    REFERRED = "referred", "Referred, waiting for an assessment"
    ASSESSED = "assessed", "Assessed, waiting to start"
    STARTED = "started", "Started the programme, attending sessions"
    COMPLETED = "completed", "Completed the programme"
    DECLINED = "declined", "He declined, or did not attend the assessment"
    NOT_ACCEPTED = "not_accepted", "Not accepted by the programme"
    STOPPED = "stopped", "Dropped out: he stopped attending, or was asked to leave"


class SupportResponse(models.TextChoices):
    """Her answer to the support offered to her alongside his programme. Her choice, never a condition."""

    ACCEPTED = "accepted", "She accepted it"
    WAITING = "waiting", "Offered, waiting for her answer"
    DECLINED = "declined", "She said no for now"


#: Statuses in which he has engaged with the programme itself.
ENGAGED_STATUSES = frozenset({ReferralStatus.STARTED, ReferralStatus.COMPLETED, ReferralStatus.STOPPED})


class BehaviourEntry(Correctable):
    """One of his behaviours: what kind, in which relationship, when, where, and from what source."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="behaviour_entries")
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.CASCADE,
        related_name="behaviour_entries",
        help_text="The person causing harm whose behaviour this is.",
    )
    kind = models.CharField(max_length=60, validators=[validate_behaviour_kind])
    relationship = models.CharField(max_length=16, choices=RELATIONSHIP_CHOICES, default=RELATIONSHIP_CURRENT)
    prior_partner = models.CharField(
        max_length=200, blank=True, help_text="For an earlier relationship: the earlier partner."
    )
    occurred_on = models.DateField(null=True, blank=True)
    period = models.CharField(max_length=100, blank=True, help_text="When no single date is known: “2019 to 2021”.")
    place = models.CharField(max_length=200, blank=True)
    presenting_incident = models.BooleanField(default=False)
    before = models.TextField(blank=True, help_text="For a presenting incident: what happened before.")
    during = models.TextField(blank=True, help_text="For a presenting incident: what he did.")
    after = models.TextField(blank=True, help_text="For a presenting incident: what happened after.")
    source = models.CharField(max_length=60, validators=[validate_source])
    description = models.TextField(blank=True)
    external_id = models.CharField(max_length=64, blank=True, help_text="Its id in an imported case file.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("occurred_on").asc(nulls_last=True), "id"]
        verbose_name_plural = "behaviour entries"
        indexes = [models.Index(fields=["family", "occurred_on"])]

    def __str__(self) -> str:  # never the free text
        return f"behaviour entry {self.pk} ({self.kind})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.relationship != RELATIONSHIP_PRIOR and self.prior_partner.strip():
            errors["prior_partner"] = "An earlier partner is recorded only for an earlier relationship."
        if self.occurred_on is None and not self.period.strip():
            errors["occurred_on"] = "Give the date, or the period (for example “2019 to 2021”) when it happened."
        if self.kind == "other_behaviour" and not self.description.strip():
            errors["description"] = "Describe the behaviour: the kind chosen is “another behaviour”."
        if errors:
            raise ValidationError(errors)


class ChildHarm(Correctable):
    """For one of his behaviours and one child: the action he took that harmed this child, and the
    impact on this child. Both specific, never “the children are affected”."""

    entry = models.ForeignKey(BehaviourEntry, on_delete=models.CASCADE, related_name="child_harms")
    child = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="harms_to_child")
    his_action = models.TextField(help_text="What he did that harmed this child.")
    impact = models.TextField(help_text="The impact on this child.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_id", "child_id", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "child"], name="child_harm_once_per_entry")]

    def __str__(self) -> str:  # never the free text
        return f"child harm {self.pk} (entry {self.entry_id}, child {self.child_id})"


class ProtectiveEffort(Correctable):
    """One of her protective efforts, help-seeking or everyday, and the children it protected."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="protective_efforts")
    survivor = models.ForeignKey(
        "cases.Person",
        on_delete=models.CASCADE,
        related_name="protective_efforts",
        help_text="The adult survivor who made this effort.",
    )
    kind = models.CharField(max_length=60, validators=[validate_protective_effort])
    occurred_on = models.DateField(null=True, blank=True)
    description = models.TextField(help_text="What she did, specifically.")
    source = models.CharField(max_length=60, validators=[validate_source])
    children = models.ManyToManyField("cases.Person", blank=True, related_name="protected_by_efforts")
    external_id = models.CharField(max_length=64, blank=True, help_text="Its id in an imported case file.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("occurred_on").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["family", "occurred_on"])]

    def __str__(self) -> str:  # never the free text
        return f"protective effort {self.pk} ({self.kind})"


class ComplicatingFactor(Correctable):
    """A factor that interacts with his pattern (substance use, immigration status, ...), recorded as
    how it interacts with his pattern, never as its cause."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="complicating_factors")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="complicating_factors")
    factor = models.CharField(max_length=60, validators=[validate_complicating_factor])
    interaction = models.TextField(help_text="How it interacts with his pattern of behaviour (never its cause).")
    source = models.CharField(max_length=60, validators=[validate_source])
    external_id = models.CharField(max_length=64, blank=True, help_text="Its id in an imported case file.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:  # never the free text
        return f"complicating factor {self.pk} ({self.factor})"


class ProgrammeReferral(Correctable):
    """A referral of a person causing harm to a programme or intervention, and where it has got to."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="programme_referrals")
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.CASCADE,
        related_name="programme_referrals",
        help_text="The person causing harm who was referred.",
    )
    programme = models.CharField(max_length=60, validators=[validate_programme])
    provider = models.CharField(max_length=200, blank=True, help_text="Who runs it.")
    referred_on = models.DateField()
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED)
    status_on = models.DateField(null=True, blank=True, help_text="When the status was last known.")
    sessions_attended = models.PositiveSmallIntegerField(null=True, blank=True)
    #: every step it has moved through: [{"status", "on" (ISO date or None), "sessions"}], oldest first
    progress = models.JSONField(default=list, blank=True)
    support_for_her = models.BooleanField(
        default=False, help_text="Support was offered to the adult survivor alongside the programme."
    )
    # The support offered to her alongside: a new referral of him is not saved without it.
    support_survivor = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="support_offers"
    )
    support_service = models.CharField(max_length=60, blank=True, help_text="A service id from the directory.")
    support_provider = models.CharField(max_length=200, blank=True, help_text="Who provides her support.")
    support_offered_on = models.DateField(null=True, blank=True)
    support_response = models.CharField(max_length=10, choices=SupportResponse.choices, blank=True)
    note = models.TextField(blank=True)
    external_id = models.CharField(max_length=64, blank=True, help_text="Its id in an imported case file.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["referred_on", "id"]

    def __str__(self) -> str:  # never the free text
        return f"programme referral {self.pk} ({self.programme}, {self.status})"


class NoteFactDecision(models.Model):
    """A worker's decision on a fact found in a note (`spotlight.pattern.domain.notefacts`): accepted onto
    the pattern map (with the record it became) or dismissed, so that it is not offered again. The
    fact is known by a digest of its note, kind and words (``FoundFact.key``), never by the words."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Added to the pattern map"
        DISMISSED = "dismissed", "Dismissed"

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="note_fact_decisions")
    note = models.ForeignKey("cases.CaseNote", on_delete=models.CASCADE, related_name="fact_decisions")
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=30)
    catalogue_id = models.CharField(max_length=60)
    decision = models.CharField(max_length=12, choices=Decision.choices)
    behaviour_entry = models.ForeignKey(
        BehaviourEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    protective_effort = models.ForeignKey(
        ProtectiveEffort, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    complicating_factor = models.ForeignKey(
        ComplicatingFactor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "key"], name="one_decision_per_note_fact")]

    def __str__(self) -> str:  # never the words
        return f"note fact decision {self.pk} ({self.kind}.{self.catalogue_id}: {self.decision})"
