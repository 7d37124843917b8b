"""A case note is corrected in the same editor as a new one, its wording reviewed as she types; its
findings follow the text it says now."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.formats import date_format

from spotlight.cases import forms as case_forms
from spotlight.cases import records
from spotlight.cases.editing import Correction
from spotlight.cases.models import CaseNote, Family
from spotlight.cases.selectors import review_people
from spotlight.reviews import selectors
from spotlight.reviews.editor import with_live_review


def _live_review(request: HttpRequest, family: Family, note: CaseNote) -> dict[str, Any]:
    text = request.POST.get("text", "") if request.method == "POST" else note.text
    return {"draft": selectors.draft_review(text, review_people(family))}


def _note_name(note: CaseNote) -> str:
    return f"case note of {date_format(note.occurred_on, 'j F Y')}"


CASE_NOTE = Correction(
    kind=records.CASE_NOTE,
    make_form=lambda family, data, initial, user: with_live_review(
        case_forms.CaseNoteForm(data, family=family, initial=initial), family
    ),
    anchor="chronology",
    template="cases/note_form.html",
    page_context=_live_review,
    describe=_note_name,
)
