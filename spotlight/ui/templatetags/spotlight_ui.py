"""Template helpers shared by every page: GOV.UK widgets and role labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from spotlight import vocabulary
from spotlight.clock import local_today
from spotlight.labels import role_labels
from spotlight.language.findings import keep_markers
from spotlight.ui.forms import first_input_id as _first_input_id
from spotlight.ui.forms import widget_kind as _widget_kind

register = template.Library()

_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
}


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    return _widget_kind(field)


@register.filter
def first_input_id(field: forms.BoundField) -> str:
    return _first_input_id(field)


@register.simple_tag
def govuk_widget(field: forms.BoundField) -> SafeString:
    kind = _widget_kind(field)
    existing = field.field.widget.attrs.get("class", "")
    classes = [_CLASSES.get(kind, ""), existing]
    if field.errors:
        classes.append(f"{_CLASSES.get(kind, 'govuk-input')}--error")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def role_label(role: str, form: str = "singular") -> str:
    label = role_labels().for_role(role)
    return str(getattr(label, form))


@register.filter
def role_label_capfirst(role: str, form: str = "singular") -> str:
    text = role_label(role, form)
    return text[:1].upper() + text[1:]


@register.filter
def age(born: dt.date | None) -> str:
    if born is None:
        return ""
    today = local_today()
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if years >= 2:
        return f"{years}"
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    return f"{months} month{'s' if months != 1 else ''}"


@register.filter
def days_ago(days: int | None) -> str:
    if days is None:
        return "never"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


@register.filter
def relationship_phrase(kind: str) -> str:
    return vocabulary.relationship_phrase(kind)


@register.filter
def items_for(mapping: Mapping[Any, Sequence[Any]] | None, key: Any) -> Sequence[Any]:
    """`note_badges|items_for:note.pk`: the list kept under `key`, or an empty one."""
    if not mapping:
        return ()
    return mapping.get(key) or ()


@register.filter
def with_kept_markers(text: str) -> SafeString:
    """A note's text, escaped, with each ``[[keep: reason]]`` marker shown as a "kept" tag and its
    reason rather than as the markup she typed."""
    parts: list[str] = []
    at = 0
    for start, end, reason in keep_markers(text):
        parts.append(str(format_html("{}", text[at:start])))
        shown = f"Kept on purpose: {reason}" if reason else "Kept on purpose"
        parts.append(str(format_html('<span class="govuk-tag govuk-tag--grey spotlight-kept">{}</span>', shown)))
        at = end
    parts.append(str(format_html("{}", text[at:])))
    return mark_safe("".join(parts))  # noqa: S308  every part was escaped by format_html
