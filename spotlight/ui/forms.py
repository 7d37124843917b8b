"""GOV.UK Frontend form rendering, mapped once for every form in Spotlight.

Choices become radios or checkboxes, long text a textarea, dates the three-part date
input. Each error is shown beside its field and in one error summary at the top of the
page ("There is a problem"), linking to the field (for radios, checkboxes and dates, to
the first input). A form that fails validation re-renders with everything typed kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

from spotlight.clock import local_today


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "ui/forms/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        part = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__(
            widgets={
                "day": forms.TextInput(
                    attrs={**part, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
                ),
                "month": forms.TextInput(
                    attrs={**part, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
                ),
                "year": forms.TextInput(
                    attrs={**part, "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
                ),
            },
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, past_or_today: bool = False, future_or_today: bool = False, **kwargs: Any) -> None:
        self.past_or_today = past_or_today
        self.future_or_today = future_or_today
        parts = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def _name(self) -> str:
        return str(self.label or "The date")

    def clean(self, value: Any) -> dt.date | None:
        day, month, year = ((str(v).strip() if v is not None else "") for v in (list(value or []) + ["", "", ""])[:3])
        name = self._name()
        if not (day or month or year):
            if self.required:
                message = self.error_messages["required"]
                if message == forms.Field.default_error_messages["required"]:
                    message = f"Enter {name[0].lower() + name[1:]}"
                raise forms.ValidationError(message, code="required")
            return None
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{name} must include a {' and a '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{name} must be a real date, written in numbers", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError(
                f"The year of {name[0].lower() + name[1:]} must include 4 numbers", code="invalid"
            )
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None
        today = local_today()
        if self.past_or_today and date > today:
            raise forms.ValidationError(f"{name} must be today or in the past", code="future")
        if self.future_or_today and date < today:
            raise forms.ValidationError(f"{name} must be today or in the future", code="past")
        return date

    def compress(self, data_list: list[Any]) -> Any:  # clean() above does the work
        return data_list


def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect: test it first
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def first_input_id(field: forms.BoundField) -> str:
    """Where an error summary link should take the user."""
    kind = widget_kind(field)
    if kind in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    if kind == "date":
        return f"{field.auto_id}_day"
    return str(field.id_for_label or field.auto_id)
