"""Synthetic referrals to the front door, with known truth: which pathway each should take, and whether
its words say plainly that he hits her or that she is afraid of him. Many hide domestic abuse behind
another presenting concern, as referrals do. Deterministic from a seed; never real people.

The generator decides both the words and the truth, so it can only show that the screen reads what it
was written to read; the blind corpus (tests/frontdoor/referrals_blind.jsonl) is the independent check.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

_CHILDREN = ("Mia", "Leo", "Ava", "Noah", "Isla", "Jack", "Amelia", "Oscar", "Freya", "Kai", "Zara", "Ethan")
_MUMS = ("Sarah", "Kerry", "Aisha", "Magda", "Leanne", "Priya", "Chloe", "Dana")
_DADS = ("Darren", "Tomasz", "Lee", "Ryan", "Imran", "Craig", "Gary", "Marcus")

_CONCERN = {
    "school_attendance": (
        "{child}'s attendance has fallen to {pct}% this term.",
        "{child} has missed {n} days since half term and arrives late most mornings.",
    ),
    "child_behaviour": (
        "{child} has been aggressive in class and was sent home twice this month.",
        "{child} has become withdrawn at nursery and cries at drop-off.",
    ),
    "neglect": (
        "{child} often arrives hungry and in the same clothes as the day before.",
        "The home visit found little food in the house and {child}'s room very cold.",
    ),
    "parental_mental_health": (
        "{mum} has told her GP she feels very low and is not sleeping.",
        "{mum} was seen by the crisis team last week.",
    ),
    "housing": (
        "The family are in temporary accommodation and have been told to move again.",
        "Rent arrears have built up and an eviction notice has been served.",
    ),
}
_NONE = (
    "{child} hurt his wrist playing football at break; first aid was given.",
    "{mum} and {dad} separated amicably last year and share the school run.",
    "No other concerns were raised by staff.",
    "{child} shouted at a classmate during a game and apologised.",
)
_HINTS = (
    "{mum} seems to be walking on eggshells when {dad} collects {child}.",
    "Police were called to the address last month after neighbours heard shouting.",
    "{child} told her teacher she does not want to go home.",
    "{mum} and {dad} have recently separated and contact is difficult.",
    "{child} hides under the table when a man's voice is raised.",
)
#: Plain words that he hits her, or that she is afraid of him
_PLAIN = (
    "{mum} told us {dad} hits her when he has been drinking.",
    "{mum} says she is frightened of {dad}.",
    "{child} told staff that daddy hits mummy.",
    "{dad} punched {mum} in front of the children on Saturday.",
    "{mum} is afraid of her ex-partner {dad} and does not want him to know where she lives.",
)
_HIGH = (
    "{dad} put his hands around {mum}'s neck until she could not breathe.",
    "{dad} has threatened to kill {mum} if she leaves.",
    "{dad} held a knife to {mum} during the last incident.",
    "The case was heard at Marac last month.",
)
PATHWAY_WEIGHTS = (("none", 35), ("possible", 25), ("present", 25), ("high_risk", 15))


@dataclass(frozen=True)
class SyntheticReferral:
    id: str
    presenting_concern: str
    text: str
    #: the pathway the generator meant
    pathway: str
    #: its words say plainly that he hits her or that she is afraid of him
    plain: bool


def _fill(template: str, rng: random.Random, names: dict[str, str]) -> str:
    return template.format(pct=rng.randint(55, 85), n=rng.randint(6, 20), **names)


def referral(rng: random.Random, number: int, names: dict[str, str] | None = None) -> SyntheticReferral:
    """One referral, drawn from ``rng``; ``names`` (child, mum, dad) puts a family's own names in it."""
    pathway = rng.choices([p for p, _ in PATHWAY_WEIGHTS], weights=[w for _, w in PATHWAY_WEIGHTS])[0]
    concern = rng.choice([*_CONCERN, "domestic_abuse"] if pathway in ("present", "high_risk") else list(_CONCERN))
    names = names or {"child": rng.choice(_CHILDREN), "mum": rng.choice(_MUMS), "dad": rng.choice(_DADS)}
    sentences = [] if concern == "domestic_abuse" else [_fill(rng.choice(_CONCERN[concern]), rng, names)]
    if pathway == "none":
        sentences.append(_fill(rng.choice(_NONE), rng, names))
    if pathway == "possible":
        sentences += [_fill(h, rng, names) for h in rng.sample(_HINTS, rng.randint(1, 2))]
    if pathway in ("present", "high_risk"):
        sentences.append(_fill(rng.choice(_PLAIN), rng, names))
        if rng.random() < 0.4:
            sentences.append(_fill(rng.choice(_HINTS), rng, names))
    if pathway == "high_risk":
        sentences.append(_fill(rng.choice(_HIGH), rng, names))
    rng.shuffle(sentences)
    return SyntheticReferral(
        f"S{number:06d}", concern, " ".join(sentences), pathway, pathway in ("present", "high_risk")
    )


def referrals(count: int, seed: int) -> Iterator[SyntheticReferral]:
    """``count`` referrals; referral n is the same whatever the count."""
    for n in range(1, count + 1):
        yield referral(random.Random(f"spotlight-referrals:{seed}:{n}"), n)  # noqa: S311  # test data, not security
