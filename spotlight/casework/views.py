"""Casework pages: a child's plan status, tasks, and the lists of what is due. Thin: the read and write
gates decide access, the services check and save, the selectors read (and sort and cut lists into pages
in the database)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction
from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily, family_for_write
from spotlight.cases.models import Family
from spotlight.casework import forms as casework_forms
from spotlight.casework import selectors, services
from spotlight.casework.domain.standards import contact_standards
from spotlight.clock import local_today
from spotlight.ui.requests import not_allowed, staff_user

DUE_ANCHOR = "contact-due"
TASKS_ANCHOR = "tasks"


def _number(value: str | None) -> int | None:
    """A record's id or a page number from the address; None for anything else."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else None


@require_http_methods(["GET", "POST"])
def child_plan_record(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        plan = services.child_plan_record(
            target=target, child_id=data["child"], status=data["status"], started_on=data["started_on"]
        )
        label, started = contact_standards().plan_label(plan.status), plan.started_on
        return f"{plan.child.full_name}'s plan status recorded: {label}, from {started.day} {started:%B %Y}."

    def make_form(family: Family, data: Any) -> casework_forms.ChildPlanForm:
        child = _number(request.GET.get("child"))
        return casework_forms.ChildPlanForm(data, family=family, initial={"child": child} if child else {})

    return family_form_view(
        request,
        family_id,
        what="record a child's plan status form",
        title="Record a child's plan status",
        submit="Record the plan status",
        make_form=make_form,
        save=save,
        template="casework/child_plan_form.html",
        extra=lambda family: {"plans": selectors.child_plans(family)},
        anchor=DUE_ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        task = services.task_create(
            target=target, title=data["title"], due_on=data["due_on"], assignee_id=data["assigned_to"]
        )
        who = "you" if task.assigned_to_id == user.pk else task.assigned_to.display_name
        return f"Task set for {who}, due {task.due_on.day} {task.due_on:%B %Y}."

    return family_form_view(
        request,
        family_id,
        what="set a task form",
        title="Set a task",
        submit="Set the task",
        make_form=lambda family, data: casework_forms.TaskForm(data, user=user),
        save=save,
        anchor=TASKS_ANCHOR,
    )


def _back(request: HttpRequest, family_id: int) -> HttpResponse:
    if request.POST.get("back") == "due":
        return redirect("due_this_week")
    return redirect(reverse("family_detail", kwargs={"family_id": family_id}) + f"#{TASKS_ANCHOR}")


@require_POST
def task_done(request: HttpRequest, family_id: int, task_id: int) -> HttpResponse:
    target = family_for_write(staff_user(request), family_id, what=f"mark task {task_id} done")
    try:
        task = services.task_done(target=target, task_id=task_id)
    except ValidationError as exc:
        messages.success(request, " ".join(exc.messages), extra_tags=f"section:{TASKS_ANCHOR}")
    else:
        messages.success(request, f"Task done: {task.title}.", extra_tags=f"section:{TASKS_ANCHOR}")
    return _back(request, family_id)


@require_http_methods(["GET", "POST"])
def task_not_done(request: HttpRequest, family_id: int, task_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        task = services.task_not_done(target=target, task_id=task_id, reason=data["reason"])
        return f"Task closed, not done: {task.title}."

    def make_form(family: Family, data: Any) -> casework_forms.TaskNotDoneForm:
        selectors.family_task(family, task_id)  # "not found" before any form for a task of another family
        return casework_forms.TaskNotDoneForm(data)

    return family_form_view(
        request,
        family_id,
        what=f"close task {task_id} as not done form",
        title="Close a task as not done",
        submit="Close the task",
        make_form=make_form,
        save=save,
        template="casework/task_not_done_form.html",
        extra=lambda family: {"task": selectors.family_task(family, task_id)},
        anchor=TASKS_ANCHOR,
    )


def _log_lists(request: HttpRequest, what: str, family_ids: list[int]) -> None:
    access_log_write_many(
        user=staff_user(request), action=AccessAction.VIEW, what=what, family_ids=sorted(set(family_ids))
    )


def _page_choice(request: HttpRequest, name: str) -> int | str:
    number = _number(request.GET.get(name))
    return number if number is not None else ""


@require_GET
def due_this_week(request: HttpRequest) -> HttpResponse:
    """Her allocated families' children and people causing harm due a visit or contact within a week (or
    overdue), and her tasks due within a week (or overdue)."""
    user = staff_user(request)
    if not policy.may_change_record(user):
        return not_allowed(request, "Visits and tasks fall due for the staff who hold families, not for your role.")
    today = local_today()
    sort, sort_notice = selectors.chosen_sort(request.GET.get("sort"), selectors.PEOPLE_SORTS, "due")
    people = selectors.page_of(
        selectors.due_soon_people(user, today=today, sort=sort),
        request.GET.get("page"),
        keep={"sort": sort, "tasks_page": _page_choice(request, "tasks_page")},
    )
    tasks = selectors.page_of(
        selectors.tasks_due_soon(user, today=today),
        request.GET.get("tasks_page"),
        keep={"sort": sort, "page": people.number},
        name="tasks_page",
    )
    rows = selectors.due_rows(people.items, today=today)
    _log_lists(request, "due this week list", [p.family_id for p in people.items] + [t.family_id for t in tasks.items])
    context: Mapping[str, object] = {
        "rows": rows,
        "people": people,
        "tasks": tasks,
        "task_lines": selectors.task_lines(tasks.items, user, today=today),
        "days": selectors.DUE_SOON_DAYS,
        "sort_links": selectors.sort_links(selectors.PEOPLE_SORTS, sort, keep={}),
        "notices": [n for n in (sort_notice, people.notice, tasks.notice) if n],
    }
    return render(request, "casework/due_this_week.html", context)


@require_GET
def overdue_in_teams(request: HttpRequest) -> HttpResponse:
    """Every child and person causing harm in the families of her teams whose visit or contact is overdue,
    with who holds the family."""
    user = staff_user(request)
    if not policy.may_allocate(user):
        return not_allowed(request, "Only team managers see what is overdue across their teams.")
    today = local_today()
    sort, sort_notice = selectors.chosen_sort(request.GET.get("sort"), selectors.PEOPLE_SORTS, "due")
    people = selectors.page_of(
        selectors.overdue_people(user, today=today, sort=sort), request.GET.get("page"), keep={"sort": sort}
    )
    rows = selectors.due_rows(people.items, today=today)
    _log_lists(request, "overdue across teams list", [p.family_id for p in people.items])
    context: Mapping[str, object] = {
        "rows": rows,
        "people": people,
        "teams": list(user.teams.values_list("name", flat=True)),
        "sort_links": selectors.sort_links(selectors.PEOPLE_SORTS, sort, keep={}),
        "notices": [n for n in (sort_notice, people.notice) if n],
    }
    return render(request, "casework/overdue_in_teams.html", context)
