"""The fact file's shape (``spotlight/data/note_facts.yaml``), validated with pydantic against the
pattern catalogue. Only imported when a fact file is new or changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, ValidationError

from spotlight.datamodels import StrictModel, Text

FactKind = Literal["behaviour", "child_harm", "protective_effort", "complicating_factor", "engagement"]


class FactRuleSpec(StrictModel):
    kind: FactKind
    id: Text
    phrases: list[Text] = Field(min_length=1)
    unless_before: list[Text] = Field(default_factory=list)
    unless_after: list[Text] = Field(default_factory=list)
    unless_earlier: list[Text] = Field(default_factory=list)
    unless_later: list[Text] = Field(default_factory=list)
    #: ids of the same kind this fact stands for where both are found in the same words
    instead_of: list[Text] = Field(default_factory=list)


class FactFile(StrictModel):
    version: int = 1
    child_words: list[Text] = Field(default_factory=list)
    macros: dict[str, list[Text]] = Field(default_factory=dict)
    not_happened: list[Text] = Field(default_factory=list)
    not_happened_near: list[Text] = Field(default_factory=list)
    denied_by: list[Text] = Field(default_factory=list)
    denials_in_note: list[Text] = Field(default_factory=list)
    facts: list[FactRuleSpec] = Field(min_length=1)


def validate_fact_file(text: str, choices: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """YAML text -> the validated fact file as plain data; ValueError names every problem, including
    a kind or id the catalogue does not have."""
    import yaml

    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506  # a safe loader
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML: {exc}") from exc
    try:
        spec = FactFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors())
        raise ValueError(problems) from exc
    unknown = [
        f"facts.{index}: {fact.kind} {fact.id!r} is not in the pattern catalogue"
        for index, fact in enumerate(spec.facts)
        if fact.id not in choices.get(fact.kind, {})
    ] + [
        f"facts.{index}.instead_of: {fact.kind} {other!r} is not in the pattern catalogue"
        for index, fact in enumerate(spec.facts)
        for other in fact.instead_of
        if other not in choices.get(fact.kind, {})
    ]
    if unknown:
        raise ValueError("; ".join(unknown))
    return spec.model_dump(mode="json")
