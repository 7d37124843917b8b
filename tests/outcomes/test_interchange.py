"""Outcomes in and out of the database through the case file: imported answers come back out the same;
answers off a measure's scale, or from the wrong person, are refused naming the field."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from spotlight.casefile.database import export_families, import_case_file
from spotlight.casefile.format import CaseFileInvalid
from spotlight.cases.models import Family
from spotlight.outcomes.models import Outcome
from tests.cases.test_interchange import TODAY, family_line, jsonl


def with_outcomes(**change: Any) -> dict[str, Any]:
    record = {
        "id": "o1",
        "respondent": "survivor",
        "person": "p2",
        "occasion": "intake",
        "recorded_on": "2026-10-01",
        "scores": {"safety": 2, "space_for_action": 3},
        "abuse": {"physical": "yes", "economic": "not_known"},
        **change,
    }
    return family_line(
        outcomes=[
            record,
            {
                "id": "o2",
                "respondent": "worker",
                "occasion": "exit",
                "recorded_on": "2026-11-01",
                "scores": {"safety": 4},
            },
        ]
    )


@pytest.mark.django_db
def test_outcomes_come_back_out_as_they_went_in(db: None) -> None:
    import_case_file(jsonl(with_outcomes()), today=TODAY)
    assert Outcome.objects.count() == 2
    out = io.StringIO()
    export_families(Family.objects.all(), out, user=None)
    back = json.loads(out.getvalue())["outcomes"]
    assert back[0]["id"] == "o1" and back[0]["scores"] == {"safety": 2, "space_for_action": 3}
    assert back[1]["respondent"] == "worker" and back[1]["person"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"scores": {"safety": 9}}, "outcomes[0].scores.safety", "not a point on the measure's scale"),
        ({"person": "p1"}, "outcomes[0].person", "must be"),
        ({"occasion": "halfway"}, "outcomes[0].occasion", "is not an occasion"),
        (
            {"scores": {"childhoods": 3}, "respondent": "person_causing_harm", "person": "p1"},
            "outcomes[0].scores.childhoods",
            "not asked of",
        ),
    ],
)
def test_bad_outcomes_are_refused_naming_the_field(db: None, change: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(CaseFileInvalid) as refused:
        import_case_file(jsonl(with_outcomes(**change)), today=TODAY)
    assert field in str(refused.value) and words in str(refused.value)
    assert not Family.objects.exists()
