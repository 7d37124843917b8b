"""Writes for casework: a child's plan status, and tasks (set, done, closed as not done).

Each takes the `WritableFamily` the write gate hands out (need-to-know, and a role that may change the
record), checks everything (every problem at once, field by field), saves atomically and writes the
change to the access log: what kind of thing and its id, never a task's words.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from spotlight.access.models import AccessAction, User
from spotlight.cases.gate import WritableFamily, families_readable_by
from spotlight.cases.models import Person
from spotlight.casework.domain.standards import contact_standards
from spotlight.casework.models import ChildPlan, Task, TaskStatus
from spotlight.casework.selectors import family_task, may_close_task, task_assignees
from spotlight.clock import local_today
from spotlight.vocabulary import Role

TITLE_LENGTH = 200


def _refuse(errors: dict[str, str]) -> ValidationError:
    return ValidationError({field: [message] for field, message in errors.items()})


def child_plan_fill(
    target: WritableFamily, plan: ChildPlan, *, child_id: int, status: str, started_on: dt.date
) -> None:
    """Checks and sets a child's plan status (a new one, or a correction of one)."""
    errors: dict[str, str] = {}
    child = Person.objects.filter(family=target.family, pk=child_id).first()
    if child is None:
        errors["child"] = "This child is not recorded in this family."
    elif child.role != Role.CHILD:
        errors["child"] = f"{child.full_name} is not recorded as a child in this family."
    if contact_standards().plan(status) is None:
        errors["status"] = f"“{status}” is not a plan status in the contact standards: choose one from the list."
    if started_on > local_today():
        errors["started_on"] = "The date the plan started must be today or in the past."
    if errors or child is None:
        raise _refuse(errors)
    plan.child, plan.status, plan.started_on = child, status, started_on


def child_plan_settle(child_id: int) -> None:
    """The child's current status: the one that started last, of those not struck out."""
    plans = ChildPlan.objects.filter(child_id=child_id)
    latest = plans.filter(struck_out_at=None).order_by("-started_on", "-id").values_list("pk", flat=True).first()
    if latest is None:
        plans.update(current=False)
        return
    plans.filter(current=True).exclude(pk=latest).update(current=False)
    plans.filter(pk=latest).update(current=True)


def child_plan_record(*, target: WritableFamily, child_id: int, status: str, started_on: dt.date) -> ChildPlan:
    """Record a child's plan status from a date. Earlier statuses are kept; the one that started last is
    the child's current status (and decides how often the child must be seen)."""
    plan = ChildPlan(family=target.family, current=False, recorded_by=target.user)
    child_plan_fill(target, plan, child_id=child_id, status=status, started_on=started_on)
    with transaction.atomic():
        plan.save()
        child_plan_settle(plan.child_id)
        target.log(AccessAction.CREATE, f"child plan status {plan.pk}")
    plan.refresh_from_db()
    return plan


def _assignee(errors: dict[str, str], target: WritableFamily, assignee_id: int) -> User | None:
    allowed = dict(task_assignees(target.user))
    worker = User.objects.filter(pk=assignee_id, is_active=True).first()
    if worker is None or assignee_id not in allowed:
        name = worker.display_name if worker else "That member of staff"
        errors["assigned_to"] = (
            f"{name} is not in the teams you manage: set a task for yourself, or, as a team manager, "
            "for a social worker or domestic abuse specialist in your teams."
        )
        return None
    if not families_readable_by(worker).filter(pk=target.family.pk).exists():
        errors["assigned_to"] = (
            f"{worker.display_name} cannot see this family's record, so cannot be given a task on it."
        )
        return None
    return worker


def task_fill(target: WritableFamily, task: Task, *, title: str, due_on: dt.date, assignee_id: int) -> None:
    """Checks and sets a task (a new one, or a correction of one)."""
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = "Say what the task is."
    elif len(title) > TITLE_LENGTH:
        errors["title"] = f"The task must be {TITLE_LENGTH} characters or fewer (it has {len(title)})."
    if due_on < local_today() and due_on != task.due_on:
        errors["due_on"] = "The date the task is due must be today or in the future."
    worker = _assignee(errors, target, assignee_id)
    if errors or worker is None:
        raise _refuse(errors)
    task.title, task.due_on, task.assigned_to = title, due_on, worker


def task_create(*, target: WritableFamily, title: str, due_on: dt.date, assignee_id: int) -> Task:
    """Set a task on the family, for herself or (for a team manager) a worker of her teams."""
    task = Task(family=target.family, set_by=target.user)
    task_fill(target, task, title=title, due_on=due_on, assignee_id=assignee_id)
    with transaction.atomic():
        task.save()
        target.log(AccessAction.CREATE, f"task {task.pk} for staff account {task.assigned_to.get_username()}")
    return task


def _closable(target: WritableFamily, task_id: int) -> Task:
    task = family_task(target.family, task_id)
    if not task.is_open:
        raise ValidationError(f"This task was already closed ({task.get_status_display().lower()}).")
    if not may_close_task(target.user, task):
        target.log(AccessAction.REFUSED, f"close task {task.pk}")
        raise PermissionDenied(
            f"Only the worker the task is for ({task.assigned_to.display_name}), whoever set it, or a team "
            "manager can close this task."
        )
    return task


def _close(target: WritableFamily, task: Task, status: TaskStatus, reason: str = "") -> Task:
    with transaction.atomic():
        task.status = status
        task.not_done_reason = reason
        task.closed_on = local_today()
        task.closed_by = target.user
        task.save(update_fields=["status", "not_done_reason", "closed_on", "closed_by"])
        target.log(AccessAction.UPDATE, f"task {task.pk} {'done' if status == TaskStatus.DONE else 'closed, not done'}")
    return task


def task_done(*, target: WritableFamily, task_id: int) -> Task:
    return _close(target, _closable(target, task_id), TaskStatus.DONE)


def task_not_done(*, target: WritableFamily, task_id: int, reason: str) -> Task:
    """Close a task without doing it: always with the reason why."""
    task = _closable(target, task_id)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the task was not done."]})
    return _close(target, task, TaskStatus.NOT_DONE, reason.strip())
