"""The rule file's shape, validated with pydantic. Only imported when a rule file is new or changed."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from spotlight.datamodels import StrictModel, Text
from spotlight.language.findings import Severity

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]


class FamilySpec(StrictModel):
    label: Text
    severity: Severity
    why: Text


class RuleSpec(StrictModel):
    id: RuleId
    family: RuleId
    severity: Severity | None = None
    phrases: list[Text] = Field(min_length=1)
    message: Text
    suggestions: list[Text] = Field(default_factory=list)
    unless_before: list[Text] = Field(default_factory=list)
    unless_after: list[Text] = Field(default_factory=list)
    unless_earlier: list[Text] = Field(default_factory=list)
    unless_later: list[Text] = Field(default_factory=list)


class SecondReaderSpec(StrictModel):
    """How a finding of the statistical second reader (``language/model.py``) reads, for one family."""

    id: RuleId
    family: RuleId
    message: Text
    suggestions: list[Text] = Field(default_factory=list)


class RuleFile(StrictModel):
    version: int = 1
    macros: dict[RuleId, list[Text]] = Field(default_factory=dict)
    mentioned_as_phrase: list[Text] = Field(default_factory=list)
    negated_by: list[Text] = Field(default_factory=list)
    families: dict[RuleId, FamilySpec]
    rules: list[RuleSpec] = Field(min_length=1)
    second_reader: list[SecondReaderSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_families_unique_ids(self) -> RuleFile:
        seen: set[str] = set()
        named: list[RuleSpec | SecondReaderSpec] = [*self.rules, *self.second_reader]
        for rule in named:
            if rule.family not in self.families:
                raise ValueError(f"rule {rule.id}: no family called {rule.family!r} in 'families'")
            if rule.id in seen:
                raise ValueError(f"rule {rule.id}: the same id is used twice")
            seen.add(rule.id)
        return self


def validate_rule_file(text: str) -> dict[str, object]:
    """YAML text -> the validated rule file as plain data; raises ValueError naming every problem."""
    import yaml
    from pydantic import ValidationError

    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506  # a safe loader
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML: {exc}") from exc
    try:
        return RuleFile.model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors())
        raise ValueError(problems) from exc
