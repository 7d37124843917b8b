"""Information sharing through the case file: what was shared and received comes back out as it went in
(the kinds of information, never the information); a kind, reason or basis the authority's file does
not hold, a date to come, or sealed details shared without the worker's confirmation is refused naming
the field, and nothing is written."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from spotlight.casefile.database import export_families, import_case_file
from spotlight.casefile.format import CaseFileInvalid
from spotlight.cases.models import Family
from spotlight.sharing.models import InformationSharing
from tests.cases.test_interchange import TODAY, family_line, jsonl


def with_sharing(**change: Any) -> dict[str, Any]:
    shared = {
        "id": "s1",
        "direction": "shared",
        "agency": "Northshire Police",
        "on": "2026-10-03",
        "kinds": ["pattern_of_behaviour", "risk_assessment"],
        "reason": "marac",
        "lawful_basis": "public_task",
        **change,
    }
    received = {
        "id": "s2",
        "direction": "received",
        "agency": "Riverside Health Visiting",
        "on": "2026-10-10",
        "kinds": ["health"],
        "reason": "safeguarding_child",
        "lawful_basis": "safeguarding_condition",
    }
    return family_line(information_sharing=[shared, received])


@pytest.mark.django_db
def test_sharing_comes_back_out_as_it_went_in(db: None) -> None:
    import_case_file(jsonl(with_sharing()), today=TODAY)
    assert InformationSharing.objects.count() == 2
    out = io.StringIO()
    export_families(Family.objects.all(), out, user=None)
    back = json.loads(out.getvalue())["information_sharing"]
    assert [s["id"] for s in back] == ["s1", "s2"]
    assert back[0]["kinds"] == ["pattern_of_behaviour", "risk_assessment"] and back[0]["reason"] == "marac"
    assert back[1]["direction"] == "received" and back[1]["sealed_details_confirmed"] is False


@pytest.mark.django_db
def test_a_family_without_sharing_still_reads(db: None) -> None:
    import_case_file(jsonl(family_line()), today=TODAY)
    out = io.StringIO()
    export_families(Family.objects.all(), out, user=None)
    assert json.loads(out.getvalue())["information_sharing"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kinds": ["gossip"]}, "information_sharing[0].kinds[0]", "is not a kind of information"),
        ({"kinds": []}, "information_sharing[0].kinds", "at least one kind"),
        ({"reason": "curiosity"}, "information_sharing[0].reason", "is not a reason"),
        ({"lawful_basis": "because"}, "information_sharing[0].lawful_basis", "is not a lawful basis"),
        ({"on": "2027-01-01"}, "information_sharing[0].on", "is in the future"),
        ({"kinds": ["sealed_details"]}, "information_sharing[0].sealed_details_confirmed", "confirmed"),
        ({"id": "s2"}, "information_sharing", "s2"),
        ({"direction": "leaked"}, "information_sharing[0].direction", "shared"),
        ({"text": "what was said"}, "information_sharing[0].text", "is not a field of the case-file format"),
    ],
)
def test_bad_sharing_is_refused_naming_the_field(db: None, change: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(CaseFileInvalid) as refused:
        import_case_file(jsonl(with_sharing(**change)), today=TODAY)
    assert field in str(refused.value) and words in str(refused.value)
    assert not Family.objects.exists()


@pytest.mark.django_db
def test_sealed_details_shared_with_confirmation_are_carried(db: None) -> None:
    line = with_sharing(kinds=["sealed_details"], sealed_details_confirmed=True)
    import_case_file(jsonl(line), today=TODAY)
    assert InformationSharing.objects.get(external_id="s1").sealed_confirmed is True
