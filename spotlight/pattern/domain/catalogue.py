"""The pattern map's catalogue: kinds of behaviour, sources, protective efforts and complicating
factors, as a YAML file validated with pydantic. Pure, no Django."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model
from spotlight.datamodels import Identifier, StrictModel, Text

DEFAULT_CATALOGUE_PATH = DATA_DIR / "pattern_catalogue.yaml"
CATALOGUE_ENV = "SPOTLIGHT_PATTERN_CATALOGUE"


class Choice(StrictModel):
    id: Identifier
    label: Text
    #: on a source: what the child said, in the child's own words (the audit counts harm known this way)
    child_voice: bool = False


class Kind(Choice):
    risk_indicator: bool = False


class Group(StrictModel):
    id: Identifier
    label: Text
    kinds: tuple[Kind, ...] = Field(min_length=1)
    #: on a group of her protective efforts: seeking help (the others are everyday protection)
    help_seeking: bool = False
    #: on a group of his behaviours: using or targeting the children
    uses_children: bool = False


class Catalogue(StrictModel):
    version: int = Field(ge=1)
    sources: tuple[Choice, ...] = Field(min_length=1)
    behaviours: tuple[Group, ...] = Field(min_length=1)
    relationships: tuple[Choice, ...] = Field(min_length=1)
    protective_efforts: tuple[Group, ...] = Field(min_length=1)
    complicating_factors: tuple[Choice, ...] = Field(min_length=1)
    #: Programmes he can be referred to (optional, so an authority's older catalogue stays valid).
    programmes: tuple[Choice, ...] = ()
    #: Kinds of impact on a child, for what is found in notes (optional, like ``programmes``).
    child_impacts: tuple[Choice, ...] = ()
    #: Kinds of his engagement with the worker and his accountability (optional, like ``programmes``).
    engagement: tuple[Choice, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalogue:
        lists: dict[str, list[str]] = {
            "sources": [c.id for c in self.sources],
            "behaviours": [k.id for g in self.behaviours for k in g.kinds],
            "relationships": [c.id for c in self.relationships],
            "protective_efforts": [k.id for g in self.protective_efforts for k in g.kinds],
            "complicating_factors": [c.id for c in self.complicating_factors],
            "programmes": [c.id for c in self.programmes],
            "child_impacts": [c.id for c in self.child_impacts],
            "engagement": [c.id for c in self.engagement],
        }
        for name, ids in lists.items():
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"{name}: the same id is used twice: {', '.join(duplicates)}")
        return self

    def behaviour(self, kind_id: str) -> tuple[Group, Kind]:
        for group in self.behaviours:
            for kind in group.kinds:
                if kind.id == kind_id:
                    return group, kind
        raise KeyError(kind_id)

    def behaviour_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Grouped choices for a form: [(group label, [(kind id, label), ...]), ...]."""
        return [(g.label, [(k.id, k.label) for k in g.kinds]) for g in self.behaviours]

    def protective_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(g.label, [(k.id, k.label) for k in g.kinds]) for g in self.protective_efforts]

    def risk_indicators(self) -> set[str]:
        return {k.id for g in self.behaviours for k in g.kinds if k.risk_indicator}

    def help_seeking_kinds(self) -> frozenset[str]:
        """Her protective efforts that seek help, from the groups marked `help_seeking`."""
        return frozenset(k.id for g in self.protective_efforts if g.help_seeking for k in g.kinds)

    def kinds_using_children(self) -> frozenset[str]:
        """His behaviours that use or target the children, from the groups marked `uses_children`."""
        return frozenset(k.id for g in self.behaviours if g.uses_children for k in g.kinds)

    def child_voice_sources(self) -> frozenset[str]:
        return frozenset(s.id for s in self.sources if s.child_voice)


class CatalogueInvalid(DataFileInvalid):
    """The catalogue file cannot be used; ``str(exc)`` names the file and every problem."""


def load_catalogue(path: Path) -> Catalogue:
    return load_model(path, Catalogue, "catalogue", CatalogueInvalid)


def default_catalogue() -> Catalogue:
    """The catalogue in use: the authority's copy if configured (CATALOGUE_ENV), else Spotlight's own."""
    return in_use(CATALOGUE_ENV, DEFAULT_CATALOGUE_PATH.name, load_catalogue)
