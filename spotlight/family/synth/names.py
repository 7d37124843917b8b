"""Synthetic name pools, drawn once per seed from Faker's en_GB locale. Never real people."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spotlight.family.synth.phrases import ALL_TEXT, BLAMING_PHRASES, FIELD_RE


@dataclass(frozen=True)
class NamePools:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


def _template_words() -> frozenset[str]:
    words: set[str] = set()
    for text in ALL_TEXT:
        words.update(w.lower() for w in re.findall(r"[A-Za-z']+", FIELD_RE.sub(" ", text)))
    words.update(p.lower() for phrase in BLAMING_PHRASES for p in phrase.split())
    return frozenset(words)


@lru_cache(maxsize=8)
def name_pools(seed: int) -> NamePools:
    """Synthetic name pools drawn once per seed from Faker's en_GB locale.

    Names that are also words in the templates (May, Day, Bell...) are left out, so
    that a note can be checked for a person's name by looking for the word.
    """
    from faker import Faker  # imported here: slow to import, and only needed once per seed

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    banned = _template_words()

    def draw(make: Callable[[], str], n: int) -> tuple[str, ...]:
        names = (make() for _ in range(n))
        return tuple(x for x in names if x.lower() not in banned and re.fullmatch(r"[A-Za-z][A-Za-z'-]*", x))

    return NamePools(
        male=draw(fake.first_name_male, 2000),
        female=draw(fake.first_name_female, 2000),
        family=draw(fake.last_name, 3000),
    )


def pick_name(rng: random.Random, pool: tuple[str, ...], avoid: set[str]) -> str:
    """A name from the pool that is none of the (lower-case) names to avoid."""
    for _ in range(50):
        name = rng.choice(pool)
        if name.lower() not in avoid:
            return name
    raise RuntimeError("name pool too small")  # pragma: no cover - pools hold hundreds of names
