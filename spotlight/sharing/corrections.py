"""How a record of information sharing is corrected on screen: in the form it was recorded with."""

from __future__ import annotations

from django.utils.formats import date_format

from spotlight.cases.editing import Correction
from spotlight.sharing import records
from spotlight.sharing.forms import SharingForm

SHARING = Correction(
    kind=records.SHARING,
    make_form=lambda family, data, initial, user: SharingForm(data, initial=initial),
    anchor="sharing",
    describe=lambda r: f"information sharing of {date_format(r.on, 'j F Y')}",
)
