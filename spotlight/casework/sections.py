"""Casework's sections of the family page: when each child and each person causing harm is next due to
be seen (with each child's plan status), and the family's tasks."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.access import policy
from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.casework import selectors


def _contact_due(request: SectionRequest) -> Mapping[str, object]:
    due = selectors.family_contact_due(request.family, today=request.today)
    return {
        "his_due": [d for d in due if not d.is_child],
        "children_due": [d for d in due if d.is_child],
    }


def _tasks(request: SectionRequest) -> Mapping[str, object]:
    return {
        "tasks": selectors.family_tasks(request.family, request.user, today=request.today),
        "today": request.today,
        "can_set_tasks": policy.may_change_record(request.user),
    }


CONTACT_DUE = FamilySection(
    key="contact-due",
    title="Visits and contact due",
    template="casework/sections/contact_due.html",
    order=25,
    build=_contact_due,
)
TASKS = FamilySection(
    key="tasks",
    title="Tasks",
    template="casework/sections/tasks.html",
    order=27,
    build=_tasks,
)
