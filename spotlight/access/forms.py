"""Forms for signing in with the second factor and managing one's own account."""

from __future__ import annotations

from django import forms


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app, or a recovery code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "class": "govuk-input--width-20"}
        ),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="After adding Spotlight to the app, enter the 6 digits it shows.",
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
    )
