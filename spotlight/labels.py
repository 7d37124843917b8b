"""Configurable labels for each role, read from a YAML file and validated on load."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from spotlight.cases.vocabulary import Role

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class RoleLabel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    singular: Label
    plural: Label
    short: Label


class RoleLabels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    person_causing_harm: RoleLabel
    adult_survivor: RoleLabel
    child: RoleLabel
    other_adult: RoleLabel

    def for_role(self, role: Role | str) -> RoleLabel:
        label: RoleLabel = getattr(self, Role(role).value)
        return label


class LabelsFileInvalid(Exception):
    pass


def load_role_labels(path: Path) -> RoleLabels:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LabelsFileInvalid(f"cannot read role labels file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise LabelsFileInvalid(f"role labels file {path} is not valid YAML: {exc}") from exc
    try:
        return RoleLabels.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise LabelsFileInvalid(f"role labels file {path} is invalid: {problems}") from exc


@cache
def role_labels() -> RoleLabels:
    from django.conf import settings

    return load_role_labels(Path(settings.SPOTLIGHT_ROLE_LABELS_FILE))
