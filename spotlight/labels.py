"""Configurable labels for each role, read from a YAML file and validated on load."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from spotlight.datafiles import DataFileInvalid, configured, load_model
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


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> RoleLabels:
    return load_role_labels(Path(path))


def role_labels() -> RoleLabels:
    """The labels in use: the authority's file if configured (LABELS_ENV), else Spotlight's own."""
    try:
        path, mtime = configured(LABELS_ENV, "role_labels.yaml")
    except DataFileInvalid as exc:
        raise LabelsFileInvalid(str(exc)) from exc
    return _cached(str(path), mtime)
