"""How a plan and an action are corrected on screen: in the forms they were recorded with."""

from __future__ import annotations

from django.utils.formats import date_format

from spotlight.cases.editing import Correction
from spotlight.plans import records
from spotlight.plans.forms import ActionForm, PlanForm

PLAN = Correction(
    kind=records.PLAN,
    make_form=lambda family, data, initial, user: PlanForm(data, initial=initial),
    anchor="plans",
    describe=lambda p: f"plan from {date_format(p.started_on, 'j F Y')}",
)

PLAN_ACTION = Correction(
    kind=records.PLAN_ACTION,
    make_form=lambda family, data, initial, user: ActionForm(data, family=family, initial=initial),
    anchor="plans",
    template="plans/action_form.html",
    describe=lambda a: "plan action",
)
