"""Risk's part of the case file in and out of the database: an imported identification keeps its answers
and gets its result worked out (a question the file leaves out read as not known; the map's dated
incidents counted); the export gives back what was imported; a file without risk still reads."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from spotlight.casefile.database import export_families, import_case_file
from spotlight.casefile.format import CaseFileInvalid
from spotlight.cases.models import Family
from spotlight.risk.models import RiskIdentification, RiskReview, SafetyMarker
from tests.cases.test_interchange import TODAY, family_line, jsonl

YES = [
    "current_injury",
    "weapons",
    "threats_to_kill",
    "strangulation",
    "sexual_abuse",
    "stalking",
    "controlling_jealous",
]


def risky(**more: Any) -> dict[str, Any]:
    return family_line(
        behaviour_entries=[
            {"id": f"b{n}", "person": "p1", "kind": "physical_assault", "occurred_on": day, "source": "police"}
            for n, day in enumerate(["2026-01-05", "2026-05-05", "2026-09-05"])
        ],
        risk_identifications=[
            {
                "id": "r1",
                "survivor": "p2",
                "identified_on": "2026-10-10",
                "answers": [{"question": q, "answer": "yes"} for q in YES],
                "who_she_fears_most": "Gary",
                "referred_to_marac_on": "2026-10-11",
            }
        ],
        risk_reviews=[
            {
                "id": "rv1",
                "person": "p1",
                "reviewed_on": "2026-10-12",
                "items": [{"item": "weapons", "suggested": "not_known", "answer": "yes"}],
                "level": "high",
                "reasons": "Police report a knife.",
            }
        ],
        safety_markers=[
            {"id": "m1", "person": "p1", "risks": ["dogs"], "arrangements": ["joint_visits"], "set_on": "2026-10-12"}
        ],
        **more,
    )


@pytest.mark.django_db
def test_an_imported_identification_gets_its_result_and_comes_back_out_the_same(db: None) -> None:
    import_case_file(jsonl(risky()), today=TODAY)
    row = RiskIdentification.objects.get()
    assert (row.yes_count, row.not_known_count, row.level) == (7, 17, "standard")
    met = [c["id"] for c in row.criteria_met]
    assert met == ["potential_escalation"]  # three dated incidents on the map in the twelve months before
    assert row.external_id == "r1" and row.who_she_fears_most == "Gary"
    assert RiskReview.objects.get().items["weapons"] == {"suggested": "not_known", "answer": "yes", "comment": ""}
    assert SafetyMarker.objects.get().arrangements == ["joint_visits"]
    out = io.StringIO()
    export_families(Family.objects.all(), out, user=None)
    back = json.loads(out.getvalue())
    assert back["risk_identifications"][0]["id"] == "r1"
    assert {a["question"] for a in back["risk_identifications"][0]["answers"]} == set(YES)
    assert back["risk_reviews"][0]["level"] == "high" and back["safety_markers"][0]["risks"] == ["dogs"]


@pytest.mark.django_db
def test_a_risk_record_about_the_wrong_person_is_refused_naming_the_field(db: None) -> None:
    bad = risky()
    bad["risk_identifications"][0]["survivor"] = "p1"
    with pytest.raises(CaseFileInvalid) as refused:
        import_case_file(jsonl(bad), today=TODAY)
    assert "risk_identifications[0].survivor" in str(refused.value)
    assert not Family.objects.exists()


@pytest.mark.django_db
def test_the_audits_evidence_reads_the_risk_assessments(db: None) -> None:
    from spotlight.audit.domain.evidence import evidence_from_record
    from spotlight.audit.domain.suggest import pattern_beyond_incident
    from spotlight.casefile.format import parse_line

    record, problems = parse_line(json.dumps(risky()), line=1, today=TODAY)
    assert record is not None and not problems
    reasons = pattern_beyond_incident(evidence_from_record(record)).reasons
    assert (
        "Risk assessments the pattern can inform: a review of his risk (12 October 2026); "
        "a risk identification with her (10 October 2026)." in reasons
    )
    bare, _ = parse_line(json.dumps(family_line()), line=1, today=TODAY)
    assert bare is not None
    last = pattern_beyond_incident(evidence_from_record(bare)).reasons[-1]
    assert "no review of his risk; no risk identification with her" in last
