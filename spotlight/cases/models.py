"""The whole-family case record: families, people, relationships, agencies, notes, and
every attempt to engage the person causing harm."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from spotlight.access.models import Correctable
from spotlight.cases.domain.names import FAMILY_WORDS, name_keys
from spotlight.clock import local_today
from spotlight.labels import FamilyWords, family_words
from spotlight.vocabulary import (
    AGENCY_KIND_LABELS,
    CONTACT_TYPE_LABELS,
    ENGAGEMENT_METHOD_LABELS,
    ENGAGEMENT_OUTCOME_LABELS,
    PRONOUN_FORMS,
    AgencyKind,
    ContactType,
    EngagementMethod,
    EngagementOutcome,
    Pronouns,
    RelationshipKind,
    Role,
    choices,
)

ROLE_CHOICES = [(r.value, r.value.replace("_", " ")) for r in Role]
RELATIONSHIP_CHOICES = [(k.value, k.value.replace("_", " ")) for k in RelationshipKind]


class ImportRun(models.Model):
    """One import of a case file. It writes a batch of families at a time (so it never holds the
    database for long), and its families stay out of sight until it finishes: an import that fails,
    or is stopped part-way, shows nothing, and what it had written is removed."""

    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.IntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"import {self.pk}"


#: Families in sight: not written by an import that has not finished.
VISIBLE = models.Q(import_run__isnull=True) | models.Q(import_run__finished_at__isnull=False)


class FamilyQuerySet(models.QuerySet["Family"]):
    def visible(self) -> FamilyQuerySet:
        return self.filter(VISIBLE)

    def bulk_create(self, objs: Iterable[Family], *args: Any, **kwargs: Any) -> list[Family]:
        """As Django's, and each family's name keys with it (an import writes families this way)."""
        families = super().bulk_create(objs, *args, **kwargs)
        NameKey.objects.bulk_create([k for f in families if f.pk for k in _family_keys(f)], batch_size=1000)
        return families


class Family(models.Model):
    reference = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    team = models.ForeignKey("access.Team", on_delete=models.PROTECT, related_name="families")
    opened_on = models.DateField(default=local_today)
    created_at = models.DateTimeField(auto_now_add=True)
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.PROTECT, related_name="families")

    objects = FamilyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "reference"]
        verbose_name_plural = "families"
        indexes = [models.Index(Lower("reference"), name="family_reference_folded")]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves the family, and its name keys with it when its name may have changed."""
        fields = kwargs.get("update_fields")
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if fields is None or "name" in fields:
                NameKey.objects.filter(family_id=self.pk, person__isnull=True).delete()
                NameKey.objects.bulk_create(_family_keys(self))

    @cached_property
    def words(self) -> FamilyWords:
        """The pronouns screens use for this family's person causing harm ("he", "him", "his") and adult
        survivor ("she", "her", "her_pos"): as recorded for them, else the role's configured default."""
        return family_words(self.people.values_list("role", "pronouns"))


class Household(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="households")
    name = models.CharField(max_length=200)
    external_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def bulk_create(self, objs: Iterable[Person], *args: Any, **kwargs: Any) -> list[Person]:
        """As Django's, and each person's name keys with it (an import writes people this way)."""
        people = super().bulk_create(objs, *args, **kwargs)
        NameKey.objects.bulk_create([k for p in people if p.pk for k in _person_keys(p)], batch_size=1000)
        return people


#: The fields of a person that her name keys are made from.
_PERSON_NAME_FIELDS = frozenset({"given_name", "family_name", "family", "family_id"})


class Person(Correctable):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    given_name = models.CharField(max_length=200)
    family_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    pronouns = models.CharField(max_length=8, blank=True, choices=[(p.value, PRONOUN_FORMS[p].label) for p in Pronouns])
    external_id = models.CharField(max_length=64, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
            # the few people struck out as entered in error, whom a search of names leaves out
            models.Index(fields=["id"], condition=models.Q(struck_out_at__isnull=False), name="person_struck_out"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_date_of_birth__isnull=True) | models.Q(role=Role.CHILD.value),
                name="only_children_have_expected_birth",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_date_of_birth__isnull=True) | models.Q(date_of_birth__isnull=True),
                name="born_or_expected_not_both",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves the person, and her name keys with it when her name may have changed."""
        fields = kwargs.get("update_fields")
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if fields is None or _PERSON_NAME_FIELDS.intersection(fields):
                NameKey.objects.filter(person_id=self.pk).delete()
                NameKey.objects.bulk_create(_person_keys(self))

    @property
    def is_unborn(self) -> bool:
        return self.expected_date_of_birth is not None

    def clean(self) -> None:
        if self.expected_date_of_birth and self.role != Role.CHILD:
            raise ValidationError({"expected_date_of_birth": "Only a child can have an expected date of birth."})
        if self.date_of_birth and self.date_of_birth > local_today():
            raise ValidationError(
                {
                    "date_of_birth": (
                        "Date of birth must be today or in the past. "
                        "For an unborn child, give the expected date of birth."
                    )
                }
            )


class NameKey(models.Model):
    """One word of a family's name (`person` empty) or of a person's name, folded, with its sound key
    (`spotlight.cases.domain.names`): what "Find a family" looks names up in (`spotlight.cases.search`).

    Kept in step by `Family.save`, `Person.save` and their querysets' `bulk_create` (so an import's
    people have theirs too); deleted with the family or the person. Migration 0005 filled it for the
    records written before it. On PostgreSQL `word` also has a trigram index (pg_trgm)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=60, db_index=True)
    sound = models.CharField(max_length=16, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sound"], name="namekey_sound")]

    def __str__(self) -> str:  # never the name itself
        return f"name key {self.pk}"


def _person_keys(person: Person) -> list[NameKey]:
    return [
        NameKey(family_id=person.family_id, person_id=person.pk, word=word, sound=sound)
        for word, sound in name_keys(person.given_name, person.family_name)
    ]


def _family_keys(family: Family) -> list[NameKey]:
    return [
        NameKey(family_id=family.pk, person=None, word=word, sound=sound)
        for word, sound in name_keys(family.name, leave_out=FAMILY_WORDS)
    ]


class Relationship(Correctable):
    """`from_person` is <kind> of `to_person`: "Darren Reid is parent of Mia Reid"."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="relationships")
    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=32, choices=RELATIONSHIP_CHOICES)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")), name="relationship_two_people"
            ),
            models.UniqueConstraint(fields=["from_person", "to_person", "kind"], name="relationship_once"),
        ]

    def __str__(self) -> str:
        return f"person {self.from_person_id} {self.kind} person {self.to_person_id}"


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=choices(AGENCY_KIND_LABELS), default=AgencyKind.OTHER.value)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class AgencyInvolvement(Correctable):
    """An agency involved with a family, and who to speak to there."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="involvements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="involvements")
    contact = models.CharField(max_length=200, blank=True, help_text="Named worker or team at the agency.")
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "agency"], name="agency_involved_once")]

    def __str__(self) -> str:
        return f"agency {self.agency_id} with family {self.family_id}"


class CaseNote(Correctable):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="notes")
    occurred_on = models.DateField()
    contact_type = models.CharField(max_length=32, choices=choices(CONTACT_TYPE_LABELS))
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    present = models.ManyToManyField(Person, blank=True, related_name="notes_present")
    text = models.TextField()
    external_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["family", "occurred_on"])]

    def __str__(self) -> str:  # never the note's text
        return f"case note {self.pk}"

    @property
    def contact_type_label(self) -> str:
        return CONTACT_TYPE_LABELS[ContactType(self.contact_type)]


class ContactAttempt(Correctable):
    """One attempt to contact or engage a person causing harm, and what came of it."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="contact_attempts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_attempts")
    occurred_on = models.DateField()
    outcome = models.CharField(max_length=32, choices=choices(ENGAGEMENT_OUTCOME_LABELS))
    method = models.CharField(max_length=32, choices=choices(ENGAGEMENT_METHOD_LABELS))
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["family", "occurred_on"])]

    def __str__(self) -> str:
        return f"contact attempt {self.pk}"

    @property
    def outcome_label(self) -> str:
        return ENGAGEMENT_OUTCOME_LABELS[EngagementOutcome(self.outcome)]

    @property
    def method_label(self) -> str:
        return ENGAGEMENT_METHOD_LABELS[EngagementMethod(self.method)]


class RecordVersion(models.Model):
    """An earlier version of a record a worker changed: what it said, and who replaced it and when.

    `number` is the version it was (1 = as first recorded); the record itself holds the current
    one. `values` holds the fields a worker can change, keyed as on the record's form. Earlier
    versions of sealed details are as sealed as the current ones (`sealed`).
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="record_versions")
    kind = models.CharField(max_length=40)
    record_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField()
    values = models.JSONField()
    sealed = models.BooleanField(default=False)
    made_at = models.DateTimeField(null=True, blank=True)
    made_by_name = models.CharField(max_length=200, blank=True)
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    replaced_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "record_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id", "number"], name="one_row_per_record_version")
        ]

    def __str__(self) -> str:  # never what it said
        return f"version {self.number} of {self.kind} {self.record_id}"
