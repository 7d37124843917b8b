"""How outcome answers are corrected on screen: in the form they were recorded with."""

from __future__ import annotations

from django.utils.formats import date_format

from spotlight.cases.editing import Correction
from spotlight.outcomes import records
from spotlight.outcomes.domain.measures import default_measures
from spotlight.outcomes.forms import OutcomeForm

OUTCOME = Correction(
    kind=records.OUTCOME,
    make_form=lambda family, data, initial, user: OutcomeForm(
        data, measures=default_measures(), respondent=str(initial.get("respondent", "")), initial=initial
    ),
    anchor="outcomes",
    describe=lambda r: f"outcome answers of {date_format(r.recorded_on, 'j F Y')}",
)
