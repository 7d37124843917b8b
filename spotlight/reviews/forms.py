"""Keeping flagged wording on purpose: which finding (by rule and place in the note), and why."""

from __future__ import annotations

from django import forms


class KeepWordingForm(forms.Form):
    rule = forms.CharField(widget=forms.HiddenInput, max_length=100)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label="Why keep this wording?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text="For example, “Her own words, quoted” or “The words of the police report”.",
        error_messages={"required": "Say why you are keeping this wording, so the next reader knows"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if any(name in self.errors for name in ("rule", "start", "end")):
            for name in ("rule", "start", "end"):
                self.errors.pop(name, None)
            raise forms.ValidationError(
                "This page does not say which wording to keep. "
                "Go back to the note's language review and choose it there."
            )
        return data
