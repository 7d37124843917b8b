"""Users, teams, allocation, sealed details and the access log.

Who may read which family is decided in one place: `spotlight.cases.gate`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import DatabaseError, models
from django.utils import timezone


class StaffRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    DA_SPECIALIST = "da_specialist", "Domestic abuse specialist"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"
    #: another agency's representative at Marac meetings: reads only the cases on her meetings' agendas
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative (Marac)"


class Correctable(models.Model):
    """A record a worker can correct: each change keeps the earlier version (`cases.RecordVersion`),
    and a record entered in error is struck out with a reason, never deleted.

    `version` counts the changes; a change made on a copy whose version is not the current one is
    refused (`spotlight.cases.versions`), so nobody silently puts back what another has just changed.
    """

    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by_name = models.CharField(max_length=200, blank=True)
    struck_out_at = models.DateTimeField(null=True, blank=True)
    struck_out_by_name = models.CharField(max_length=200, blank=True)
    struck_out_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_struck_out(self) -> bool:
        return self.struck_out_at is not None


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NoSuperusers(Exception):
    """Spotlight has no superusers: no account stands above the access policy."""


class StaffManager(UserManager["User"]):
    def create_superuser(self, *args: Any, **kwargs: Any) -> User:
        raise NoSuperusers(
            "Spotlight has no superusers: no account stands above the access policy. "
            "Create an administrator with `spotlight create-administrator USERNAME`."
        )


class User(AbstractUser):
    """A member of staff. Her role decides what she may do; allocation decides what she may read.

    Nobody is a superuser (the database refuses one), and only administrators may use the
    administration pages (`is_staff`). What each role may do is decided in `spotlight.access.policy`.
    """

    staff_role = models.CharField(max_length=32, choices=StaffRole.choices, default=StaffRole.SOCIAL_WORKER)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")

    objects: ClassVar[StaffManager] = StaffManager()  # a UserManager that refuses superusers

    class Meta:
        permissions = [
            ("view_sealed_details", "Can see sealed details (addresses, phone numbers, safe contacts)"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="no_superusers"),
            models.CheckConstraint(
                condition=models.Q(is_staff=False) | models.Q(staff_role="administrator"),
                name="only_administrators_use_the_admin_pages",
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Allocation(models.Model):
    """A family allocated to a worker. The family's team is on the family itself."""

    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="allocations")
    allocated_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    #: why, when a manager allocated or reallocated it (blank for a worker's own new family, or an import)
    reason = models.TextField(blank=True)
    allocated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family", "worker"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_allocation_per_worker",
            )
        ]

    def __str__(self) -> str:
        return f"family {self.family_id} allocated to user {self.worker_id}"


class AuditGrant(models.Model):
    """Read-only access for an auditor to one family in an audit sample."""

    auditor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="audit_grants")
    family = models.ForeignKey("cases.Family", on_delete=models.CASCADE, related_name="audit_grants")
    sample = models.CharField(max_length=120, help_text="The audit sample or round this grant belongs to.")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["auditor", "family", "sample"], name="one_grant_per_sample"),
        ]

    def __str__(self) -> str:
        return f"family {self.family_id} in sample {self.sample}"


class Restriction(models.Model):
    """A family's record restricted to named staff (a colleague's own family, a case in the news): for
    everyone else it does not exist, in lists, search and exports as on its page. Kept under review."""

    family = models.OneToOneField("cases.Family", on_delete=models.CASCADE, related_name="restriction")
    staff = models.ManyToManyField(User, related_name="restricted_families")
    reason = models.TextField()
    review_on = models.DateField()
    set_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:  # never the reason
        return f"restriction of family {self.family_id}"


class SealedDetail(Correctable):
    """A person's address, phone number and safe contacts, kept apart from the case record.

    Never shown in lists, search results or exports, and never written into the access
    log's text. Reading it needs the explicit `access.view_sealed_details` permission.
    """

    person = models.OneToOneField("cases.Person", on_delete=models.CASCADE, related_name="sealed_detail")
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    safe_contacts = models.TextField(blank=True, help_text="Who may be contacted safely, and how.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:  # never the details themselves
        return f"sealed details of person {self.person_id}"


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    EXPORT = "export", "Exported"
    SEARCH = "search", "Searched"
    IMPORT = "import", "Imported"
    VIEW_SEALED = "view_sealed", "Viewed sealed details"
    REFUSED = "refused", "Refused"
    STAFF_ACCESS = "staff_access", "Changed a member of staff's access"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in refused"
    LOCKED_OUT = "locked_out", "Locked out"
    SIGN_OUT = "sign_out", "Signed out"
    SECOND_FACTOR = "second_factor", "Second factor"
    PASSWORD = "password", "Changed her password"


class AppendOnly(DatabaseError):
    """The access log refuses to change or lose a row, from code as in the database."""


class AppendOnlyQuerySet(models.QuerySet["AccessLogEntry"]):
    """Rows are added, never changed or removed, from code as from the model."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("access log entries cannot be deleted")

    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("access log entries cannot be changed")


class AccessLogEntry(models.Model):
    """One row per view or change of a family. Append-only: the database refuses updates (and, on
    PostgreSQL, deletes), and code cannot change or remove rows. Tamper-evident: each row's `digest`
    chains it to the row before (`spotlight.access.log`), so a removed or edited row is found by
    `spotlight verify-log`.

    `what` names the kind of thing touched (never its content): "family page", "case note 41".
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    family = models.ForeignKey(
        "cases.Family", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    what = models.CharField(max_length=200)
    #: SHA-256 (hex) of the row before's digest and this row's fields: the hash chain
    digest = models.CharField(max_length=64, blank=True, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("access log entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("access log entries cannot be deleted")
