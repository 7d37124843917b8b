"""How a win is corrected on screen: in the form it was recorded with."""

from __future__ import annotations

from django.utils.formats import date_format

from spotlight.cases.editing import Correction
from spotlight.wins import records
from spotlight.wins.domain.wins import default_wins
from spotlight.wins.forms import WinForm

WIN = Correction(
    kind=records.WIN,
    make_form=lambda family, data, initial, user: WinForm(data, family=family, wins=default_wins(), initial=initial),
    anchor="wins",
    template="wins/win_form.html",
    describe=lambda w: f"win of {date_format(w.happened_on, 'j F Y')}",
)
