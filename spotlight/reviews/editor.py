"""The note editor's live language review, on a new note and on a correction alike."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from spotlight.cases.models import Family


def with_live_review(form: forms.Form, family: Family) -> forms.Form:
    """The note's text is reviewed as the worker types (htmx, after a pause of 400 ms)."""
    form.fields["text"].widget.attrs.update(
        {
            "hx-post": reverse("note_review", kwargs={"family_id": family.pk}),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#language-review",
            "hx-swap": "innerHTML",
            "hx-params": "text",
            "hx-sync": "this:replace",
        }
    )
    return form
