"""Information sharing, as data (``spotlight/data/information_sharing.yaml``; an authority's own copy
through ``SPOTLIGHT_INFORMATION_SHARING``): the kinds of information, the reasons, and the lawful bases
with plain explanations. Pure, no Django."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model_with_lines
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice

DEFAULT_SHARING_PATH = DATA_DIR / "information_sharing.yaml"
SHARING_ENV = "SPOTLIGHT_INFORMATION_SHARING"


class Kind(StrictModel):
    id: Identifier
    label: Text
    #: sealed details: the worker is warned, and confirms, before recording that they were shared
    sensitive: bool = False


class Choice(StrictModel):
    id: Identifier
    label: Text


class Basis(StrictModel):
    id: Identifier
    label: Text
    explanation: Text


class SharingVocabulary(StrictModel):
    version: int = Field(ge=1)
    kinds: tuple[Kind, ...] = Field(min_length=1)
    reasons: tuple[Choice, ...] = Field(min_length=1)
    lawful_bases: tuple[Basis, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> SharingVocabulary:
        problems = ids_used_twice(
            ("kinds", [k.id for k in self.kinds]),
            ("reasons", [r.id for r in self.reasons]),
            ("lawful_bases", [b.id for b in self.lawful_bases]),
        )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def label(self, what: str, choice_id: str) -> str:
        labels: dict[str, dict[str, str]] = {
            "kinds": {k.id: k.label for k in self.kinds},
            "reasons": {r.id: r.label for r in self.reasons},
            "lawful_bases": {b.id: b.label for b in self.lawful_bases},
        }
        return labels[what].get(choice_id, choice_id.replace("_", " "))

    @property
    def sensitive(self) -> frozenset[str]:
        return frozenset(k.id for k in self.kinds if k.sensitive)


class SharingFileInvalid(DataFileInvalid):
    """The information-sharing file cannot be used; ``str(exc)`` names the file and every problem."""


def load_sharing(path: Path) -> SharingVocabulary:
    return load_model_with_lines(path, SharingVocabulary, "information-sharing file", SharingFileInvalid)


def default_sharing() -> SharingVocabulary:
    return in_use(SHARING_ENV, DEFAULT_SHARING_PATH.name, load_sharing)
