"""The case-file audit instrument: a YAML file validated with pydantic. Pure, no Django.

An instrument is domains of items; each item has a question, guidance, an ordinal scale with an
anchor describing every point, and the kinds of evidence Spotlight lays out beside it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model
from spotlight.datamodels import Identifier, StrictModel, Text

DEFAULT_INSTRUMENT_PATH = DATA_DIR / "audit_instrument.yaml"
INSTRUMENT_ENV = "SPOTLIGHT_AUDIT_INSTRUMENT"


class Evidence(StrEnum):
    """What Spotlight can lay out beside an item to suggest a rating."""

    PEOPLE = "people"
    CONTACT_ATTEMPTS = "contact_attempts"
    PATTERN_MAP = "pattern_map"
    LANGUAGE_FINDINGS = "language_findings"
    AGENCIES = "agencies"


class ScalePoint(StrictModel):
    value: int
    label: Text


class Item(StrictModel):
    id: Identifier
    question: Text
    guidance: Text
    anchors: dict[int, Text]
    evidence: tuple[Evidence, ...] = ()


class Domain(StrictModel):
    id: Identifier
    title: Text
    items: tuple[Item, ...] = Field(min_length=1)


class Instrument(StrictModel):
    name: Text
    version: int = Field(ge=1)
    scale: tuple[ScalePoint, ...] = Field(min_length=3)
    domains: tuple[Domain, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        values = [point.value for point in self.scale]
        if values != sorted(set(values)):
            raise ValueError("scale: the values must be distinct and in increasing order")
        seen: set[str] = set()
        for domain in self.domains:
            for item in domain.items:
                if item.id in seen:
                    raise ValueError(f"item {item.id}: the same id is used twice")
                seen.add(item.id)
                if sorted(item.anchors) != values:
                    raise ValueError(f"item {item.id}: needs an anchor for every point of the scale {values}")
        if len({d.id for d in self.domains}) != len(self.domains):
            raise ValueError("domains: the same id is used twice")
        return self

    @property
    def values(self) -> list[int]:
        return [point.value for point in self.scale]

    def items(self) -> list[tuple[Domain, Item]]:
        return [(domain, item) for domain in self.domains for item in domain.items]

    def item(self, item_id: str) -> Item:
        for _domain, item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)


class InstrumentInvalid(DataFileInvalid):
    """The instrument file cannot be used; ``str(exc)`` names the file and every problem."""


def load_instrument(path: Path) -> Instrument:
    return load_model(path, Instrument, "instrument", InstrumentInvalid)


def default_instrument() -> Instrument:
    """The instrument in use: the authority's copy if configured (INSTRUMENT_ENV), else Spotlight's own."""
    return in_use(INSTRUMENT_ENV, DEFAULT_INSTRUMENT_PATH.name, load_instrument)
