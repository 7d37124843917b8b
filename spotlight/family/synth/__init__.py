"""Synthetic families for demos, tests and scale checks. Never real people.

Pure Python (no Django). `generate_families` streams `SyntheticFamily` objects: a
`FamilyRecord` in the case-file format (see `spotlight.casefile.format`) together with a
`FamilyTruth`, what the generator knows about the quality of practice in that
family's file, so that later audit and language-review features can be measured
against a known answer.

The parts of a family, one module each, in the order they import one another:

- `truth`: the practice levels (accountable, mixed, blaming), what each means for every part
  of the file, and `FamilyTruth`; `audit_truth` maps the truth onto audit ratings;
- `catalogue`: the pattern catalogue's ids the generator writes;
- `dates`, `phrases` (every sentence the notes are written from), `names` (Faker name pools);
- `people` (people, households, relationships), `agencies`, `family_file` (one file while it is
  written), `fields` (the fields a note template is filled in with);
- `engagement` (contact attempts with him), `notes` (case notes), `pattern_map` (his behaviours,
  harm to the children, her protective efforts, complicating factors, programme referrals);
- `told`, `told_in_notes` (the map's facts told in the notes, and what the notes tell), `risk` (her
  risk identifications, a review of him and a safety marker, drawn last, with what the generator
  knows of them: the Marac criteria met, his risk review's items), `outcomes` (outcome records at
  intake, review and exit, drawn after risk, with their true effects and the chance abuse stopped);
- `families`: building whole families, `generate_families` and `write_synthetic_file`.

The same (count, seed, today) gives the same output byte for byte, and family n is the same
whatever the count. Dates are never after `today`.
"""

from __future__ import annotations

from spotlight.family.synth.families import DEFAULT_TEAMS, generate_families, write_synthetic_file
from spotlight.family.synth.phrases import BLAMING_PHRASES
from spotlight.family.synth.truth import PRACTICE_LEVELS, PRACTICE_WEIGHTS, FamilyTruth, SyntheticFamily, truth_json

__all__ = [
    "BLAMING_PHRASES",
    "DEFAULT_TEAMS",
    "PRACTICE_LEVELS",
    "PRACTICE_WEIGHTS",
    "FamilyTruth",
    "SyntheticFamily",
    "generate_families",
    "truth_json",
    "write_synthetic_file",
]
