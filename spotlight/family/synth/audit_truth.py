"""Known-answer ratings for synthetic families, to measure the suggestions against. Pure Python.

The synthetic generator (`spotlight.family.synth`, see `truth`) knows, for each family, facts about the
practice recorded in its file (`FamilyTruth`). For the items those facts speak to, a truth
rating is derived as follows:

- a yes/no fact maps onto the ends of the scale: true -> 4 (fully evident), false -> 1 (not
  evident). The suggestion may grade in between (3 "mostly", 2 "partly"); quadratic weights
  count a one-point difference as a ninth of a full disagreement, so a suggestion on the right
  side of the middle is nearly full agreement and one on the wrong side is not;
- accountable language is graded by the number of notes the generator wrote in blaming
  language: none -> 4, one -> 3, two or three -> 2, four or more -> 1 (the same cut-points as
  the suggestion, which counts notes with language-review findings instead).

| item                    | fact                                  |
|-------------------------|---------------------------------------|
| contacted_and_seen      | father_contacted                      |
| assessed_as_parent      | father_assessed_as_parent             |
| pattern_beyond_incident | pattern_beyond_incident               |
| prior_relationships     | prior_relationships_recorded          |
| impact_on_child         | child_impact_specific                 |
| protective_efforts      | protective_efforts_full_spectrum      |
| accountable_language    | len(blaming_note_ids)                 |
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spotlight.audit.domain.evidence import evidence_from_record
from spotlight.audit.domain.statistics import weighted_kappa
from spotlight.audit.domain.suggest import suggest
from spotlight.family.synth.exports import without_map
from spotlight.family.synth.truth import FamilyTruth, SyntheticFamily


def _yes_no(flag: bool) -> int:
    return 4 if flag else 1


def blaming_notes_rating(count: int) -> int:
    return 4 if count == 0 else 3 if count == 1 else 2 if count <= 3 else 1


TRUTH_RATINGS: dict[str, Callable[[FamilyTruth], int]] = {
    "contacted_and_seen": lambda t: _yes_no(t.father_contacted),
    "assessed_as_parent": lambda t: _yes_no(t.father_assessed_as_parent),
    "pattern_beyond_incident": lambda t: _yes_no(t.pattern_beyond_incident),
    "prior_relationships": lambda t: _yes_no(t.prior_relationships_recorded),
    "impact_on_child": lambda t: _yes_no(t.child_impact_specific),
    "protective_efforts": lambda t: _yes_no(t.protective_efforts_full_spectrum),
    "accountable_language": lambda t: blaming_notes_rating(len(t.blaming_note_ids)),
}


def agreement_with_truth(families: Iterable[SyntheticFamily], *, without_maps: bool = False) -> dict[str, float | None]:
    """Per item with a known answer, the quadratic weighted kappa between the audit's suggestions and
    the generator's truth, for the families as generated or exported without their maps (the facts
    then only in their notes)."""
    truth: dict[str, list[int]] = {item: [] for item in TRUTH_RATINGS}
    suggested: dict[str, list[int]] = {item: [] for item in TRUTH_RATINGS}
    for family in families:
        evidence = evidence_from_record(without_map(family.record) if without_maps else family.record)
        for item, rating in TRUTH_RATINGS.items():
            truth[item].append(rating(family.truth))
            suggested[item].append(suggest(item, evidence).rating)
    return {item: weighted_kappa(truth[item], suggested[item], [1, 2, 3, 4]).kappa for item in TRUTH_RATINGS}
