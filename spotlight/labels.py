"""Configurable labels for each role, read from a YAML file and validated on load."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from spotlight.datafiles import DataFileInvalid, in_use, load_model
from spotlight.vocabulary import Role

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


class LabelsFileInvalid(DataFileInvalid):
    pass


def load_role_labels(path: Path) -> RoleLabels:
    return load_model(path, RoleLabels, "role labels file", LabelsFileInvalid)


LABELS_ENV = "SPOTLIGHT_ROLE_LABELS_FILE"


def role_labels() -> RoleLabels:
    """The labels in use: the authority's file if configured (LABELS_ENV), else Spotlight's own."""
    try:
        return in_use(LABELS_ENV, "role_labels.yaml", load_role_labels)
    except LabelsFileInvalid:
        raise
    except DataFileInvalid as exc:
        raise LabelsFileInvalid(str(exc)) from exc
