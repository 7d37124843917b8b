"""The one access policy: every "may this member of staff do this?" is answered here, and nowhere else.

Need-to-know, by role:

- social worker and domestic abuse specialist: the families allocated to her, and her teams' families;
- team manager: her teams' families;
- auditor: only the families granted to her in an open audit round, read-only;
- administrator: no case content at all (she manages staff and teams).

Who may change the record, see sealed details, run audits and archive reviews, and read or close an
audit round is decided by the functions below. Rules about which families a user may read are
expressed as a `Q` on the family (`spotlight.cases.gate` applies it, and is the only code that does);
rules about audit rounds as a `Q` on the round (`spotlight.audit.selectors` applies it). The field
names in those `Q`s are the relations the apps declare: a family's `team` (and its restriction,
through `Restriction.family`); a round's `created_by` and `assignments`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, QuerySet

from spotlight.access.models import Allocation, AuditGrant, Restriction, StaffRole, User

#: Roles that may change a family's record.
RECORD_WRITERS = frozenset({StaffRole.SOCIAL_WORKER, StaffRole.DA_SPECIALIST, StaffRole.TEAM_MANAGER})
#: Roles that read every family of their teams and the families allocated to them.
CASEWORKERS = frozenset({StaffRole.SOCIAL_WORKER, StaffRole.DA_SPECIALIST})
#: Roles that answer for the quality of a team's records: they set up audit rounds, read their
#: results and start archive language reviews.
QUALITY_LEADS = frozenset({StaffRole.TEAM_MANAGER, StaffRole.DA_SPECIALIST})


def in_post(user: User) -> bool:
    """Signed in, with an account that is still active."""
    return bool(user.is_authenticated and user.is_active)


def second_factor_given(user: User) -> bool:
    """She has given her second factor in this session (django-otp's middleware says so)."""
    is_verified = getattr(user, "is_verified", None)
    return in_post(user) and callable(is_verified) and bool(is_verified())


# --- families -------------------------------------------------------------------------------


#: Up to this many families allocated or granted to her are named in the condition (so the database
#: can find them by id, with her teams' by team); more are named by a subquery, so the condition
#: stays the same size however many she holds.
NAMED_FAMILIES = 200


def _by_id(family_ids: QuerySet[Any]) -> Q:
    """Families whose id is in `family_ids` (a query giving one family id a row)."""
    named = list(family_ids[: NAMED_FAMILIES + 1])
    return Q(pk__in=named if len(named) <= NAMED_FAMILIES else family_ids)


def _of_her_teams(user: User) -> Q:
    return Q(team__in=list(user.teams.values_list("id", flat=True)))


def _allocated_to_her(user: User) -> Q:
    return _by_id(Allocation.objects.filter(worker=user, ended_on__isnull=True).values_list("family", flat=True))


def _need_to_know(user: User) -> Q | None:
    role = user.staff_role
    if role in CASEWORKERS:
        return _of_her_teams(user) | _allocated_to_her(user)
    if role == StaffRole.TEAM_MANAGER:
        return _of_her_teams(user)
    if role == StaffRole.AUDITOR:
        return _by_id(AuditGrant.objects.filter(auditor=user).values_list("family", flat=True))
    return None


def family_scope(user: User) -> Q | None:
    """The families `user` may read, as a condition on the family; None when she may read none.

    Need-to-know by role (above), and a restricted family only for the staff it is restricted to.

    Her teams, and the families allocated or granted to her, are read first (a short query each) and
    the condition names them (`NAMED_FAMILIES`): each part can then use its own index (the family's
    team, its id). The condition joins no other table's rows, so it never tests an OR across a join
    for every family, a family is never given twice, and a single family is tested on its own row.
    A restriction is a condition on the family's own restriction, if it has one (few have).
    """
    if not in_post(user):
        return None
    need = _need_to_know(user)
    if need is None:
        return None
    restricted_to_others = Restriction.objects.filter(family=OuterRef("pk")).exclude(staff=user)
    return need & ~Q(Exists(restricted_to_others))


def may_allocate(user: User) -> bool:
    """Allocates and reallocates her teams' families to their workers."""
    return in_post(user) and user.staff_role == StaffRole.TEAM_MANAGER


def may_restrict(user: User) -> bool:
    """Restricts a family she can read to named staff, or lifts the restriction."""
    return in_post(user) and user.staff_role in QUALITY_LEADS


#: Who a restriction may name: staff who work with the record, and an auditor only by choice.
NAMED_ON_RESTRICTIONS = RECORD_WRITERS | {StaffRole.AUDITOR}


def may_be_named_on_restriction(role: str) -> bool:
    return role in NAMED_ON_RESTRICTIONS


def has_caseload(user: User) -> bool:
    """Her own caseload is the families allocated to her (others see their teams' or their sample)."""
    return in_post(user) and user.staff_role in CASEWORKERS


def allocated_on_creation(user: User) -> bool:
    """A family a caseworker opens is allocated to her."""
    return has_caseload(user)


def may_change_record(user: User) -> bool:
    """May change the record of a family she can read (add people, notes, map entries...)."""
    return in_post(user) and user.staff_role in RECORD_WRITERS


SEALED_PERMISSION = "view_sealed_details"


def holds_sealed_permission(user: User) -> bool:
    """Given the permission to see sealed details, to her or to a group she is in. Read from the
    database, never assumed: no account holds every permission."""
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user), codename=SEALED_PERMISSION, content_type__app_label="access"
    ).exists()


def may_hold_sealed_permission(role: str) -> bool:
    """Only staff who work with a family's record may be given sealed details; auditors read files
    without them and administrators read no case content."""
    return role in RECORD_WRITERS


def may_export(user: User) -> bool:
    """May download case files of the families she can read. Auditors read their sampled files in
    Spotlight, read-only, and cannot take them away; administrators read no case content."""
    return in_post(user) and user.staff_role in RECORD_WRITERS


def may_see_sealed(user: User) -> bool:
    """May see sealed details (addresses, phone numbers, safe contacts) of a family she can read."""
    return in_post(user) and may_hold_sealed_permission(user.staff_role) and holds_sealed_permission(user)


def may_change_sealed(user: User) -> bool:
    return may_see_sealed(user) and may_change_record(user)


def is_administrator(user: User) -> bool:
    return in_post(user) and user.staff_role == StaffRole.ADMINISTRATOR


def may_administer_staff(user: User) -> bool:
    """Manages staff accounts and teams on the administration pages (and reads the access log there),
    once signed in with her second factor."""
    return is_administrator(user) and bool(user.is_staff) and second_factor_given(user)


def may_change_access_of(user: User, account: User) -> bool:
    """Nobody changes her own role, teams, permissions or whether her account is active: another
    administrator must, and it is logged."""
    return may_administer_staff(user) and account.pk != user.pk


# --- archive language reviews ---------------------------------------------------------------


def may_start_archive_review(user: User) -> bool:
    return in_post(user) and user.staff_role in QUALITY_LEADS


def may_manage_archive_review(user: User, *, started_by_id: int) -> bool:
    """Only the person who started an archive review reads its results or cancels it."""
    return may_start_archive_review(user) and started_by_id == user.pk


# --- case-file audits -----------------------------------------------------------------------


def may_run_audits(user: User) -> bool:
    """May set up audit rounds and read the results of the rounds open to her."""
    return in_post(user) and user.staff_role in QUALITY_LEADS


def may_supervise(user: User, worker: User) -> bool:
    """Records and reads supervision with a caseworker: a team manager of one of her teams."""
    return (
        may_allocate(user)
        and worker.is_active
        and worker.staff_role in CASEWORKERS
        and user.teams.filter(pk__in=worker.teams.values_list("pk", flat=True)).exists()
    )


def may_read_supervision(user: User, *, worker_id: int, supervisor_id: int | None) -> bool:
    """A supervision record is read by the worker it is with, and by team managers of her teams."""
    if not in_post(user):
        return False
    if user.pk in (worker_id, supervisor_id):
        return True
    worker = User.objects.filter(pk=worker_id).first()
    return worker is not None and may_supervise(user, worker)


def front_door_teams(user: User) -> list[int] | None:
    """The teams whose front door `user` works at (caseworkers and team managers, their own teams): she
    reads their referrals, and screens them if she may change records. None for everyone else (the read
    gate adds the referrals linked to families she may read)."""
    if not in_post(user) or user.staff_role not in (*CASEWORKERS, StaffRole.TEAM_MANAGER):
        return None
    return list(user.teams.values_list("id", flat=True))


def may_see_outcome_reports(user: User) -> bool:
    """May read cohort reports of outcomes, over the families she may read: those who lead the work and
    judge whether it works (team managers, domestic abuse specialists, auditors)."""
    return in_post(user) and user.staff_role in (*QUALITY_LEADS, StaffRole.AUDITOR)


def is_auditor(user: User) -> bool:
    return in_post(user) and user.staff_role == StaffRole.AUDITOR


def audit_round_scope(user: User) -> Q | None:
    """The audit rounds `user` may open, as a condition on the round; None when she may open none.

    A quality lead opens the rounds she set up and those with files from one of her teams (files of
    other teams show only as numbers: naming a family goes through the read gate). An auditor opens
    the rounds in which she has files.
    """
    if may_run_audits(user):
        return Q(created_by=user) | Q(assignments__family__team__in=user.teams.all())
    if is_auditor(user):
        return Q(assignments__auditor=user)
    return None


def may_close_audit_round(user: User, *, created_by_id: int | None, team_ids: Collection[int]) -> bool:
    """Closing a round ends every auditor's access to its files: the lead who set it up may, and so
    may a lead of every team whose files are in it. Nobody else."""
    if not may_run_audits(user):
        return False
    if created_by_id == user.pk:
        return True
    mine = set(user.teams.values_list("id", flat=True))
    return bool(team_ids) and set(team_ids) <= mine


def may_rate_audit_file(user: User, *, auditor_id: int) -> bool:
    return is_auditor(user) and auditor_id == user.pk


def may_coordinate_marac(user: User) -> bool:
    """Schedules Marac meetings for her teams and builds their agendas: domestic abuse specialists and team
    managers."""
    return in_post(user) and user.staff_role in QUALITY_LEADS


def may_read_marac_case(user: User, *, attends: bool, meeting_open: bool, family_readable: bool) -> bool:
    """A case on a Marac agenda: read by whoever may read the family, and, for the meeting (until it is
    closed), by those attending it, agency representatives included. Nothing else of the family."""
    return in_post(user) and (family_readable or (attends and meeting_open))


def may_write_marac_agency(user: User, *, coordinates: bool, attends_for: str, agency: str) -> bool:
    """Research and actions for an agency at a meeting: the coordinator's, or the agency's own representative's
    (read-only outside them)."""
    return in_post(user) and (coordinates or (bool(attends_for) and attends_for.casefold() == agency.casefold()))


def is_agency_representative(user: User) -> bool:
    return in_post(user) and user.staff_role == StaffRole.AGENCY_REPRESENTATIVE
