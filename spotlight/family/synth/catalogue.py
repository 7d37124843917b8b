"""The pattern catalogue's ids, as the generator writes them on the pattern map.

Read from Spotlight's own catalogue (spotlight/data/pattern_catalogue.yaml), never from an
authority's copy (SPOTLIGHT_PATTERN_CATALOGUE): the same seed must give the same families
wherever it runs. The generator never writes an "other ..." kind (those need a description
of their own) and never gives him as the source of an entry.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spotlight.pattern.domain.catalogue import DEFAULT_CATALOGUE_PATH, Catalogue, load_catalogue

CATALOGUE: Catalogue = load_catalogue(DEFAULT_CATALOGUE_PATH)


def _generated(choice_id: str) -> bool:
    return choice_id != "other" and not choice_id.startswith("other_")


#: Kinds of his behaviour, in the catalogue's order.
BEHAVIOUR_KINDS: tuple[str, ...] = tuple(k.id for g in CATALOGUE.behaviours for k in g.kinds if _generated(k.id))
#: Where an entry came from: anyone but him.
SOURCES: tuple[str, ...] = tuple(c.id for c in CATALOGUE.sources if _generated(c.id) and c.id != "person_causing_harm")
#: Each kind of her protective efforts, and its group.
EFFORT_GROUP: dict[str, str] = {k.id: g.id for g in CATALOGUE.protective_efforts for k in g.kinds}
#: Her efforts that seek help (the groups the catalogue marks `help_seeking`), and the everyday ones.
HELP_SEEKING: tuple[str, ...] = tuple(
    k.id for g in CATALOGUE.protective_efforts if g.help_seeking for k in g.kinds if _generated(k.id)
)
EVERYDAY: tuple[str, ...] = tuple(
    k.id for g in CATALOGUE.protective_efforts if not g.help_seeking for k in g.kinds if _generated(k.id)
)
COMPLICATING_FACTORS: tuple[str, ...] = tuple(c.id for c in CATALOGUE.complicating_factors if _generated(c.id))
PROGRAMMES: tuple[str, ...] = tuple(c.id for c in CATALOGUE.programmes if _generated(c.id))


def in_catalogue(ids: Iterable[str], catalogue_ids: Collection[str], what: str) -> tuple[str, ...]:
    """The ids as given, each checked against the catalogue's `what`: a hand-written id the
    catalogue does not hold would make every generated file fail to load."""
    chosen = tuple(ids)
    unknown = [i for i in chosen if i not in catalogue_ids]
    if unknown:
        raise ValueError(f"not among the pattern catalogue's {what}: {', '.join(unknown)}")
    return chosen
