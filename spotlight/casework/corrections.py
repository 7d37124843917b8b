"""How a child's plan status and a task are corrected on screen: in the form each was recorded with."""

from __future__ import annotations

from django.utils.formats import date_format

from spotlight.cases.editing import Correction
from spotlight.casework import forms as casework_forms
from spotlight.casework import records

CHILD_PLAN = Correction(
    kind=records.CHILD_PLAN,
    make_form=lambda family, data, initial, user: casework_forms.ChildPlanForm(data, family=family, initial=initial),
    anchor="contact-due",
    describe=lambda p: f"plan status of {p.child.full_name} from {date_format(p.started_on, 'j F Y')}",
)

TASK = Correction(
    kind=records.TASK,
    make_form=lambda family, data, initial, user: casework_forms.TaskForm(data, user=user, initial=initial),
    anchor="tasks",
    describe=lambda t: f"task due {date_format(t.due_on, 'j F Y')}",
)
