"""The pattern map's catalogue is data: complete for the behaviours the issue names, and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.pattern.domain.catalogue import DEFAULT_CATALOGUE_PATH, CatalogueInvalid, load_catalogue


def test_the_default_catalogue_holds_the_behaviours_and_efforts_practice_needs() -> None:
    catalogue = load_catalogue(DEFAULT_CATALOGUE_PATH)
    groups = {group.id for group in catalogue.behaviours}
    assert {"physical", "sexual", "threats", "control", "children", "other"} <= groups
    for kind in ("strangulation", "threat_to_kill", "isolation", "monitoring", "stalking", "economic_abuse",
                 "degradation", "children_as_weapons", "children_to_monitor", "undermining_parenting",
                 "harming_pets", "breaching_orders"):  # fmt: skip
        catalogue.behaviour(kind)
    assert {"strangulation", "threat_to_kill"} <= catalogue.risk_indicators()
    assert "physical_assault" not in catalogue.risk_indicators()
    efforts = {kind.id for group in catalogue.protective_efforts for kind in group.kinds}
    assert {"called_police", "routines", "school_attendance", "took_children_out", "safety_plan"} <= efforts
    assert [c.id for c in catalogue.sources][:3] == ["adult_survivor", "child", "person_causing_harm"]
    assert {c.id for c in catalogue.complicating_factors} >= {"substance_use", "mental_health", "immigration"}
    assert catalogue.behaviour_choices()[0][0] == "Physical violence"


def test_a_duplicate_id_is_refused_and_named(tmp_path: Path) -> None:
    text = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8")
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace("{id: isolation,", "{id: monitoring,", 1), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(path)
    assert "behaviours: the same id is used twice: monitoring" in str(caught.value)


def test_an_unreadable_catalogue_is_named(tmp_path: Path) -> None:
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(tmp_path / "missing.yaml")
    assert "missing.yaml: cannot read the catalogue" in str(caught.value)


def test_what_the_audit_counts_comes_from_marks_in_the_catalogue_not_from_ids(tmp_path: Path) -> None:
    catalogue = load_catalogue(DEFAULT_CATALOGUE_PATH)
    assert {"called_police", "left_or_moved"} <= catalogue.help_seeking_kinds()
    assert "routines" not in catalogue.help_seeking_kinds()
    assert "children_as_weapons" in catalogue.kinds_using_children()
    assert catalogue.child_voice_sources() == {"child"}
    # An authority renames the groups and the source: the marks travel with them.
    text = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8")
    text = text.replace("id: help_seeking", "id: asking_for_help").replace("id: children\n", "id: via_children\n")
    text = text.replace(
        "{id: child, label: A child, child_voice: true}", "{id: young_person, label: A young person, child_voice: true}"
    )
    (tmp_path / "catalogue.yaml").write_text(text, encoding="utf-8")
    renamed = load_catalogue(tmp_path / "catalogue.yaml")
    assert renamed.help_seeking_kinds() == catalogue.help_seeking_kinds()
    assert renamed.kinds_using_children() == catalogue.kinds_using_children()
    assert renamed.child_voice_sources() == {"young_person"}
