"""Casework's kinds of record a worker can correct: a child's plan status and a task, each checked by
the same function that checks a new one."""

from __future__ import annotations

from typing import Any

from spotlight.cases.gate import WritableFamily
from spotlight.cases.versions import RecordKind
from spotlight.casework import services
from spotlight.casework.models import ChildPlan, Task


def _plan_write(target: WritableFamily, plan: ChildPlan, data: dict[str, Any]) -> None:
    before = plan.child_id
    services.child_plan_fill(target, plan, child_id=data["child"], status=data["status"], started_on=data["started_on"])
    plan.save()
    if before != plan.child_id:
        services.child_plan_settle(before)


CHILD_PLAN: RecordKind[ChildPlan] = RecordKind(
    key="child-plan",
    label="child plan status",
    records=lambda family: ChildPlan.objects.filter(family=family).select_related("recorded_by"),
    read=lambda p: {"child": p.child_id, "status": p.status, "started_on": p.started_on},
    write=_plan_write,
    first_made=lambda p: (p.recorded_at, p.recorded_by.display_name if p.recorded_by else ""),
    settle=lambda p: services.child_plan_settle(p.child_id),
)


def _task_write(target: WritableFamily, task: Task, data: dict[str, Any]) -> None:
    services.task_fill(target, task, title=data["title"], due_on=data["due_on"], assignee_id=data["assigned_to"])
    task.save()


TASK: RecordKind[Task] = RecordKind(
    key="task",
    label="task",
    records=lambda family: Task.objects.filter(family=family).select_related("set_by"),
    read=lambda t: {"title": t.title, "due_on": t.due_on, "assigned_to": t.assigned_to_id},
    write=_task_write,
    first_made=lambda t: (t.set_at, t.set_by.display_name if t.set_by else ""),
)
