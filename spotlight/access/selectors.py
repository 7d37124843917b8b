"""The single read gate.

Every list, page, search and export gets its families from `families_readable_by`,
and every single-family view from `family_for_read` / `family_for_write`. Need-to-know:

- social worker and domestic abuse specialist: families allocated to her, and the
  families of her teams;
- team manager: the families of the teams she manages (her teams);
- auditor: only the families in an audit sample granted to her, read-only;
- administrator: no case content at all (she manages users and teams).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from spotlight.access.models import AccessAction, StaffRole, User
from spotlight.access.services import access_log_write
from spotlight.cases.models import Family

WRITER_ROLES = frozenset({StaffRole.SOCIAL_WORKER, StaffRole.DA_SPECIALIST, StaffRole.TEAM_MANAGER})


class NotAllowed(Http404):
    """Raised when a user asks for a family she may not see. Shown as "not found",
    so the refusal does not reveal that the family exists."""


def families_readable_by(user: User) -> QuerySet[Family]:
    if not user.is_authenticated or not user.is_active:
        return Family.objects.none()
    role = user.staff_role
    if role in (StaffRole.SOCIAL_WORKER, StaffRole.DA_SPECIALIST):
        rule = Q(team__in=user.teams.all()) | Q(allocations__worker=user, allocations__ended_on__isnull=True)
    elif role == StaffRole.TEAM_MANAGER:
        rule = Q(team__in=user.teams.all())
    elif role == StaffRole.AUDITOR:
        rule = Q(audit_grants__auditor=user)
    else:
        return Family.objects.none()
    ids = Family.objects.filter(rule).values("id")
    return Family.objects.filter(id__in=ids)


def families_allocated_to(user: User) -> QuerySet[Family]:
    return families_readable_by(user).filter(allocations__worker=user, allocations__ended_on__isnull=True)


def can_write(user: User) -> bool:
    return user.is_authenticated and user.staff_role in WRITER_ROLES


def can_see_sealed(user: User) -> bool:
    return user.is_authenticated and user.has_perm("access.view_sealed_details")


def family_for_read(user: User, family_id: int, *, what: str) -> Family:
    """The family, if `user` may read it; logs the view (or the refusal)."""
    family = families_readable_by(user).select_related("team").filter(pk=family_id).first()
    if family is None:
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family_id, what=what)
        raise NotAllowed("No family with that reference is open to you.")
    access_log_write(user=user, action=AccessAction.VIEW, family_id=family.pk, what=what)
    return family


def family_for_write(user: User, family_id: int, *, what: str) -> Family:
    """The family, if `user` may change it. The write itself is logged by the service."""
    family = families_readable_by(user).select_related("team").filter(pk=family_id).first()
    if family is None:
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family_id, what=what)
        raise NotAllowed("No family with that reference is open to you.")
    if not can_write(user):
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family_id, what=what)
        raise PermissionDenied("Your role can read this family's record but not change it.")
    return family
