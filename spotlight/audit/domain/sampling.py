"""A reproducible random sample of families for an audit round. Pure Python, no Django.

The same (families, size, seed, stratified) always gives the same sample: families are sorted
by reference before `random.Random(seed)` draws from them, so the order they arrive in does not
matter. Stratified by team, each team gets a share of the sample proportional to its number of
families (largest remainder; ties go to the team that comes first by name), and each team's
families are drawn in team order from the one seeded generator.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable


def sample_families(
    families: Iterable[tuple[str, str]], *, size: int, seed: int, by_team: bool = False
) -> list[tuple[str, str]]:
    """(reference, team) pairs in the sample, sorted by team (when stratified) then reference.

    Takes every family when `size` is at least the number of families.
    """
    if size < 0:
        raise ValueError("the sample size must not be negative")
    population = sorted(set(families))
    rng = random.Random(seed)  # noqa: S311  # a reproducible audit sample, not security
    if size >= len(population):
        chosen = population
    elif not by_team:
        chosen = rng.sample(population, size)
    else:
        teams: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for ref, team in population:
            teams[team].append((ref, team))
        total = len(population)
        quotas = {team: size * len(members) / total for team, members in teams.items()}
        shares = {team: int(q) for team, q in quotas.items()}
        left = size - sum(shares.values())
        for team in sorted(teams, key=lambda t: (-(quotas[t] - shares[t]), t))[:left]:
            shares[team] += 1
        chosen = []
        for team in sorted(teams):
            chosen += rng.sample(teams[team], shares[team])
    return sorted(chosen, key=lambda rt: (rt[1], rt[0]) if by_team else (rt[0], rt[1]))
