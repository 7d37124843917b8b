"""How risk's records are corrected on screen: in the form each was recorded with (for her risk
identification and his review, the whole checklist again, with its result worked out afresh)."""

from __future__ import annotations

from django.utils.formats import date_format

from spotlight.cases.editing import Correction
from spotlight.risk import forms as risk_forms
from spotlight.risk import records
from spotlight.risk.domain.checklist import default_checklist
from spotlight.risk.domain.his_review import default_review_items

RISK_IDENTIFICATION = Correction(
    kind=records.RISK_IDENTIFICATION,
    make_form=lambda family, data, initial, user: risk_forms.RiskIdentificationForm(
        data, family=family, checklist=default_checklist(), initial=initial
    ),
    anchor="risk",
    describe=lambda r: f"risk identification with {r.survivor.full_name} of {date_format(r.identified_on, 'j F Y')}",
)

RISK_REVIEW = Correction(
    kind=records.RISK_REVIEW,
    make_form=lambda family, data, initial, user: risk_forms.RiskReviewForm(
        data, family=family, items=default_review_items(), initial=initial
    ),
    anchor="risk",
    describe=lambda r: f"risk review of {r.person.full_name} of {date_format(r.reviewed_on, 'j F Y')}",
)

SAFETY_MARKER = Correction(
    kind=records.SAFETY_MARKER,
    make_form=lambda family, data, initial, user: risk_forms.SafetyMarkerForm(data, family=family, initial=initial),
    anchor="risk",
    describe=lambda m: f"safety marker on {m.person.full_name} of {date_format(m.set_on, 'j F Y')}",
)
