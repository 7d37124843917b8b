"""Staff accounts' access: their role, teams, permission to see sealed details and whether the account is
active. Every change is written to the access log (who changed whose access, and how), and nobody
changes her own. The administration pages (`spotlight.access.admin`) and the command line call these.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from spotlight.access import policy
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, StaffRole, User


@dataclass(frozen=True)
class StaffAccess:
    """What decides what a member of staff may do and read."""

    role: str
    teams: tuple[str, ...]
    sealed: bool
    active: bool

    def changes_to(self, after: StaffAccess) -> list[str]:
        """Each difference in plain words, for the access log."""
        changes = []
        if self.role != after.role:
            changes.append(f"role {_role(self.role)} to {_role(after.role)}")
        for team in sorted(set(after.teams) - set(self.teams)):
            changes.append(f"added to team {team}")
        for team in sorted(set(self.teams) - set(after.teams)):
            changes.append(f"removed from team {team}")
        if self.sealed != after.sealed:
            changes.append("may now see sealed details" if after.sealed else "may no longer see sealed details")
        if self.active != after.active:
            changes.append("account reopened" if after.active else "account closed")
        return changes


def _role(value: str) -> str:
    return str(StaffRole(value).label).lower() if value in StaffRole.values else value


def staff_access_of(account: User) -> StaffAccess:
    return StaffAccess(
        role=account.staff_role,
        teams=tuple(sorted(account.teams.values_list("name", flat=True))),
        sealed=policy.holds_sealed_permission(account),
        active=account.is_active,
    )


def _sealed_permission() -> Permission:
    return Permission.objects.get(codename=policy.SEALED_PERMISSION, content_type__app_label="access")


def check_staff_access(*, role: str, sealed: bool) -> None:
    """Refuses what the policy never allows, naming the field."""
    if sealed and not policy.may_hold_sealed_permission(role):
        raise ValidationError(
            {"may_see_sealed": "Only staff who work with families' records can be given sealed details."}
        )


@transaction.atomic
def staff_access_apply(*, by: User | None, account: User, before: StaffAccess, sealed: bool) -> list[str]:
    """Gives the account the permission to see sealed details (or takes it away), lets only
    administrators onto the administration pages, and logs every change since `before`.

    `by` is the administrator making the change (None: the command line). Nobody changes her own access.
    """
    if by is not None and not policy.may_change_access_of(by, account):
        raise PermissionDenied("Nobody can change her own access: ask another administrator.")
    check_staff_access(role=account.staff_role, sealed=sealed)
    if sealed:
        account.user_permissions.add(_sealed_permission())
    else:
        account.user_permissions.remove(_sealed_permission())
    is_staff = account.staff_role == StaffRole.ADMINISTRATOR
    if account.is_staff != is_staff:
        account.is_staff = is_staff
        account.save(update_fields=["is_staff"])
    changes = before.changes_to(staff_access_of(account))
    for change in changes:
        access_log_write(
            user=by or account,
            action=AccessAction.STAFF_ACCESS,
            what=f"staff account {account.get_username()}: {change}" + ("" if by is not None else " (command line)"),
        )
    return changes


@transaction.atomic
def administrator_create(*, username: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """An administrator: manages staff and teams on the administration pages, reads no case content."""
    account = User(
        username=username.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        staff_role=StaffRole.ADMINISTRATOR,
        is_staff=True,
    )
    account.set_password(password)
    account.full_clean()
    account.save()
    access_log_write(
        user=account,
        action=AccessAction.STAFF_ACCESS,
        what=f"staff account {account.username}: created as administrator (command line)",
    )
    return account


def staff_created_log(*, by: User, account: User) -> None:
    access_log_write(
        user=by,
        action=AccessAction.STAFF_ACCESS,
        what=f"staff account {account.get_username()}: created as {_role(account.staff_role)}",
    )
