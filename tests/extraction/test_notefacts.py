"""Facts found in notes: the constructions, denials, things that did not happen, whom a fact is about."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spotlight.datafiles import DataFileInvalid
from spotlight.pattern.domain.notefacts import (
    Member,
    default_fact_rules,
    find_facts,
    load_fact_rules,
    stated_date,
)

NOWAK = (
    Member("p-marta", "Marta", "Nowak", "adult_survivor", "she"),
    Member("p-piotr", "Piotr", "Nowak", "person_causing_harm", "he"),
    Member("c-lily", "Lily", "Nowak", "child", "she", 6),
    Member("c-olek", "Olek", "Nowak", "child", "he", 9),
)
WRITTEN = dt.date(2026, 3, 4)


def facts(text: str, members: tuple[Member, ...] = NOWAK) -> list[tuple[str, str]]:
    return [(f.kind, f.catalogue_id) for f in find_facts(text, members, WRITTEN)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ms Nowak said Mr Nowak reads her messages every night.", ("behaviour", "monitoring")),
        ("He keeps her wages and gives her £20 a week for food.", ("behaviour", "economic_abuse")),
        ("He has not let her visit her mother since last spring.", ("behaviour", "isolation")),
        ("Marta described being grabbed by the throat and pinned to the wall.", ("behaviour", "strangulation")),
        ("He told her he would kill her if she left.", ("behaviour", "threat_to_kill")),
        ("He smashed her phone and punched a hole in the bedroom door.", ("behaviour", "damage_property")),
        ("Lily covers her ears and goes under the bed when he shouts.", ("child_harm", "fear_hiding")),
        ("Olek has been wetting the bed since the police came.", ("child_harm", "sleep")),
        ("Olek tried to pull his dad off his mum.", ("child_harm", "intervening_caring")),
        (
            "Marta took the children to her sister's when he came home drunk.",
            ("protective_effort", "took_children_out"),
        ),
        ("She rang the police on Saturday night.", ("protective_effort", "called_police")),
        ("Ms Nowak has applied for a non-molestation order.", ("protective_effort", "legal_action")),
        (
            "She keeps a bag packed by the door and has a code word with her sister.",
            ("protective_effort", "safety_plan"),
        ),
        ("Met Mr Nowak alone at the office.", ("engagement", "seen_alone")),
        ("Tel call to Mr Nowak, no answer, voicemail left.", ("engagement", "not_reached")),
        ("He said she winds him up and it was only a push.", ("engagement", "minimised_or_blamed")),
    ],
)
def test_finds_what_the_note_says(sentence: str, expected: tuple[str, str]) -> None:
    assert expected in facts(sentence)


@pytest.mark.parametrize(
    ("sentence", "not_expected"),
    [
        ("No injuries were seen.", ("behaviour", "physical_assault")),
        ("There is no evidence that he checks her phone.", ("behaviour", "monitoring")),
        ("She was advised to call the police if he returns.", ("protective_effort", "called_police")),
        ("If he breaches the order the police will be called.", ("behaviour", "breaching_orders")),
        ("Ms Nowak will be asked to keep a diary.", ("protective_effort", "other_effort")),
        ("The plan is for her to apply for a non-molestation order.", ("protective_effort", "legal_action")),
    ],
)
def test_does_not_offer_what_did_not_happen(sentence: str, not_expected: tuple[str, str]) -> None:
    assert not_expected not in facts(sentence)


def test_a_denial_is_offered_as_an_allegation_he_denies() -> None:
    found = find_facts("Mr Nowak denies hitting her.", NOWAK, WRITTEN)
    assault = [f for f in found if f.catalogue_id == "physical_assault"]
    assert assault and assault[0].denied
    plain = [f for f in find_facts("Mr Nowak hit her.", NOWAK, WRITTEN) if f.catalogue_id == "physical_assault"]
    assert plain and not plain[0].denied


def test_quoted_words_are_facts_too() -> None:
    """The language review leaves quotations alone; a child's words in quotation marks are evidence."""
    assert ("behaviour", "physical_assault") in facts('Lily said "daddy hit mummy in the kitchen".')


def test_whose_fact_from_the_family_names() -> None:
    found = find_facts("Lily hides in her wardrobe. Mr Nowak took Marta's bank card.", NOWAK, WRITTEN)
    fear = next(f for f in found if f.catalogue_id == "fear_hiding")
    assert fear.children == ("c-lily",)
    money = next(f for f in found if f.catalogue_id == "economic_abuse")
    assert money.people == ("p-piotr",)
    effort = next(f for f in find_facts("Marta rang the police.", NOWAK, WRITTEN) if f.kind == "protective_effort")
    assert effort.people == ("p-marta",)


def test_title_and_surname_tell_him_from_her() -> None:
    found = find_facts("Ms Nowak said she has been drinking more since Christmas.", NOWAK, WRITTEN)
    factor = next(f for f in found if f.catalogue_id == "substance_use")
    assert factor.people == ("p-marta",)
    found = find_facts("Mr Nowak drinks most nights.", NOWAK, WRITTEN)
    assert next(f for f in found if f.catalogue_id == "substance_use").people == ("p-piotr",)


def test_recorded_pronouns_are_used_for_a_woman_causing_harm() -> None:
    family = (
        Member("a", "Jo", "Hart", "adult_survivor", "she"),
        Member("b", "Kim", "Lowe", "person_causing_harm", "she"),
    )
    found = find_facts("Kim took her phone and read her messages.", family, WRITTEN)
    assert [f.people for f in found if f.catalogue_id == "monitoring"] == [("b",)]


def test_a_child_in_a_family_of_several_is_named_or_left_to_the_worker() -> None:
    found = find_facts("The children were frightened and hid upstairs.", NOWAK, WRITTEN)
    assert [f.children for f in found if f.kind == "child_harm"] == [()]
    only = (NOWAK[0], NOWAK[1], NOWAK[2])
    text = "Her teacher said Lily has been wetting the bed. She hid upstairs when he shouted."
    found = find_facts(text, only, WRITTEN)
    assert [f.children for f in found if f.kind == "child_harm"] == [("c-lily",), ("c-lily",)]


def test_a_childs_harm_needs_a_child_in_the_sentence_or_the_one_before() -> None:
    assert not [f for f in find_facts("Mum appeared tearful and quiet.", NOWAK, WRITTEN) if f.kind == "child_harm"]
    found = find_facts("Olek appeared tearful.", NOWAK, WRITTEN)
    assert [f.catalogue_id for f in found if f.kind == "child_harm"] == ["emotional_health"]


def test_an_effort_is_hers_and_an_engagement_his() -> None:
    found = find_facts("Since Piotr moved out, Marta has kept the children's routines going.", NOWAK, WRITTEN)
    assert [f.catalogue_id for f in found if f.kind == "protective_effort"] == ["routines"]
    text = "Mum was seen alone at the clinic. Mr Nowak was seen alone at the office."
    found = find_facts(text, NOWAK, WRITTEN)
    assert [(f.catalogue_id, f.sentence_start) for f in found if f.kind == "engagement"] == [
        ("seen_alone", text.index("Mr Nowak"))
    ]


def test_an_earlier_relationship_is_marked() -> None:
    found = find_facts("His previous partner reported that he punched her in 2019.", NOWAK, WRITTEN)
    assault = next(f for f in found if f.catalogue_id == "physical_assault")
    assert assault.relationship == "prior"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On 3 March he pushed her.", dt.date(2026, 3, 3)),
        ("On 28th December he pushed her.", dt.date(2025, 12, 28)),
        ("He pushed her on 03/02/2026.", dt.date(2026, 2, 3)),
        ("Last night he pushed her.", dt.date(2026, 3, 3)),
        ("He pushed her.", None),
        ("On 31 February he pushed her.", None),
    ],
)
def test_the_date_only_when_the_note_states_one(sentence: str, expected: dt.date | None) -> None:
    assert stated_date(sentence, WRITTEN) == expected


def test_offsets_are_characters_in_the_note() -> None:
    text = "Zoë’s note — Mr Nowak took her bank card. Lily hides in the wardrobe."
    for fact in find_facts(text, NOWAK, WRITTEN):
        assert text[fact.start : fact.end] == fact.text
        assert fact.sentence_start <= fact.start < fact.end <= fact.sentence_end


def test_a_dismissed_fact_is_remembered_by_a_digest_not_its_words() -> None:
    fact = find_facts("Mr Nowak took her bank card.", NOWAK, WRITTEN)[0]
    key = fact.key()
    assert "bank" not in key and len(key) == 64
    again = find_facts("Mr Nowak later took her bank card.", NOWAK, WRITTEN)[0]
    assert again.key() == key  # the same words; the decision is kept with its note
    other = find_facts("Mr Nowak took her wages.", NOWAK, WRITTEN)[0]
    assert other.key() != key


def test_a_fact_file_naming_a_kind_not_in_the_catalogue_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "facts.yaml"
    bad.write_text("facts:\n  - {kind: behaviour, id: shouting_loudly, phrases: [shout]}\n", encoding="utf-8")
    with pytest.raises(DataFileInvalid, match="shouting_loudly.*not in the pattern catalogue"):
        load_fact_rules(bad)
    bad.write_text("facts:\n  - {kind: feelings, id: fear_hiding, phrases: [hide]}\n", encoding="utf-8")
    with pytest.raises(DataFileInvalid, match="facts.0.kind"):
        load_fact_rules(bad)


def test_an_authoritys_own_fact_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "facts.yaml"
    own.write_text("facts:\n  - {kind: behaviour, id: jealousy, phrases: [green with envy]}\n", encoding="utf-8")
    monkeypatch.setenv("SPOTLIGHT_NOTE_FACTS", str(own))
    assert [(f.kind, f.catalogue_id) for f in find_facts("He is green with envy.", (), None, default_fact_rules())] == [
        ("behaviour", "jealousy")
    ]
