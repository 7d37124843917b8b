"""The audit instrument is data: the default one is complete, and mistakes in a copy are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.audit.domain.instrument import DEFAULT_INSTRUMENT_PATH, Evidence, InstrumentInvalid, load_instrument


def test_the_default_instrument_covers_the_known_faults_with_an_anchor_for_every_point() -> None:
    instrument = load_instrument(DEFAULT_INSTRUMENT_PATH)
    ids = {item.id for _domain, item in instrument.items()}
    assert {
        "named_as_parent",
        "contacted_and_seen",
        "assessed_as_parent",
        "pattern_beyond_incident",
        "prior_relationships",
        "his_actions_harming_child",
        "impact_on_child",
        "protective_efforts",
        "plan_aimed_at_him",
        "accountable_language",
        "agencies_joined_up",
    } <= ids
    for _domain, item in instrument.items():
        assert sorted(item.anchors) == instrument.values == [1, 2, 3, 4]
        assert item.evidence, item.id
    assert instrument.item("accountable_language").evidence == (Evidence.LANGUAGE_FINDINGS,)
    # his behaviour comes before hers: the first domain is about him
    assert instrument.domains[0].id == "him"


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "instrument.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        (
            "          4: He is named, his relationship",
            "          5: He is named, his relationship",
            "anchor for every point",
        ),
        ("      - id: prior_relationships", "      - id: pattern_beyond_incident", "used twice"),
        ("  - {value: 3, label: Mostly evident}", "  - {value: 1, label: Mostly evident}", "increasing order"),
        ("        evidence: [people]", "        evidence: [gossip]", "evidence"),
        ("name: Spotlight", "name: [Spotlight", "not valid YAML"),
    ],
)
def test_a_broken_copy_is_refused_naming_the_problem(tmp_path: Path, old: str, new: str, named: str) -> None:
    path = _copy_with(tmp_path, old, new)
    with pytest.raises(InstrumentInvalid) as caught:
        load_instrument(path)
    assert named in str(caught.value) and str(path) in str(caught.value)
