"""The single read gate: every list, page, search and export gets its families here.

`families_readable_by` applies the access policy (`spotlight.access.policy.family_scope`) to the
families; `family_for_read` and `family_for_write` hand out one family, logging the view or the
refusal. Nothing else in Spotlight filters families by who may read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from spotlight.access import policy
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, User
from spotlight.cases.models import Family
from spotlight.ui.errors import LoggedNotFound, LoggedPermissionDenied


class NotAllowed(LoggedNotFound):
    """Raised when a user asks for a family (or a thing of a family) she may not see. Shown as
    "not found", so the refusal does not reveal that it exists."""


_GATE = object()  # only this module holds it, so only the gate can make a WritableFamily


@dataclass(frozen=True)
class WritableFamily:
    """A family that `user` may change. Only `family_for_write` makes one, and every service that
    changes a family takes one: a caller cannot write without passing the gate, and passes it once."""

    user: User
    family: Family
    made_by: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.made_by is not _GATE:
            raise TypeError("Only the write gate (family_for_write) hands out a family to change.")

    def log(self, action: AccessAction, what: str) -> None:
        """Writes the change to the access log: what kind of thing and its id, never its words."""
        access_log_write(user=self.user, action=action, family_id=self.family.pk, what=what)


def families_readable_by(user: User) -> QuerySet[Family]:
    """The families `user` may read. The policy's condition joins no other table's rows (so it gives each
    family once): it is applied to the families directly, and a caller's own filters (one family, a
    name, a page of her team's) and the policy's are planned together."""
    scope = policy.family_scope(user)
    if scope is None:
        return Family.objects.none()
    return Family.objects.visible().filter(scope)


def families_allocated_to(user: User) -> QuerySet[Family]:
    return families_readable_by(user).filter(allocations__worker=user, allocations__ended_on__isnull=True)


def _refuse(user: User, family_id: int, what: str) -> NotAllowed:
    access_log_write(user=user, action=AccessAction.REFUSED, family_id=family_id, what=what)
    return NotAllowed("No family with that reference is open to you.")


def family_for_read(user: User, family_id: int, *, what: str) -> Family:
    """The family, if `user` may read it; logs the view (or the refusal)."""
    family = families_readable_by(user).select_related("team").filter(pk=family_id).first()
    if family is None:
        raise _refuse(user, family_id, what)
    access_log_write(user=user, action=AccessAction.VIEW, family_id=family.pk, what=what)
    return family


def family_for_write(user: User, family_id: int, *, what: str) -> WritableFamily:
    """The family, if `user` may change it; logs a refusal. The write itself is logged by the service."""
    family = families_readable_by(user).select_related("team").filter(pk=family_id).first()
    if family is None:
        raise _refuse(user, family_id, what)
    if not policy.may_change_record(user):
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family_id, what=what)
        raise LoggedPermissionDenied("Your role can read this family's record but not change it.")
    return WritableFamily(user=user, family=family, made_by=_GATE)
