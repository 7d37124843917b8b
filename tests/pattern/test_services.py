"""The pattern map: his behaviours, the harm to each child, her protective efforts and complicating
factors, written through the services (gate, checks, access log) and read back as one map."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spotlight.access.models import AccessLogEntry
from spotlight.cases.gate import NotAllowed
from spotlight.cases.models import Person
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry, ChildHarm, ProtectiveEffort
from spotlight.pattern.selectors import pattern_map
from spotlight.pattern.services import (
    behaviour_entry_create,
    child_harm_add,
    complicating_factor_create,
    protective_effort_create,
)
from tests.conftest import World, writable

TODAY = local_today()
SECRET_WORDS = "grabbed her by the throat in the kitchen"


def _child(world: World, key: str = "north_allocated") -> Person:
    return world.families[key].people.get(role="child")


def _strangulation(world: World, **extra: object) -> BehaviourEntry:
    fields: dict[str, object] = {
        "person_id": world.him.pk,
        "kind": "strangulation",
        "source": "adult_survivor",
        "occurred_on": TODAY - dt.timedelta(days=30),
        "place": "the family home",
        "presenting_incident": True,
        "before": "He had been drinking and checking her phone.",
        "during": SECRET_WORDS,
        "after": "He took her phone so she could not call anyone.",
    }
    fields.update(extra)
    return behaviour_entry_create(target=writable(world.users["sw_north"], world.families["north_allocated"]), **fields)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_worker_records_his_behaviour_and_the_harm_to_the_child(world: World) -> None:
    entry = _strangulation(world)
    harm = child_harm_add(
        target=writable(world.users["sw_north"], entry.family),
        entry_id=entry.pk,
        child_id=_child(world).pk,
        his_action="He strangled her mother in front of Mia, then told Mia to go to bed.",
        impact="Mia has wet the bed since and will not sleep unless the landing light is on.",
    )
    assert entry.family == world.families["north_allocated"]
    assert entry.recorded_by == world.users["sw_north"]
    assert ChildHarm.objects.get() == harm
    assert str(entry) == f"behaviour entry {entry.pk} (strangulation)"


@pytest.mark.django_db
def test_a_team_manager_may_record_too(world: World) -> None:
    entry = behaviour_entry_create(
        target=writable(world.users["manager_north"], world.families["north_team"]),
        person_id=world.families["north_team"].people.get(role="person_causing_harm").pk,
        kind="isolation",
        source="records",
        period="2019 to 2021",
        relationship="prior",
        prior_partner="his previous partner, Kim",
    )
    assert entry.relationship == "prior" and entry.occurred_on is None


@pytest.mark.django_db
def test_a_reader_who_may_not_change_the_record_is_refused_and_the_refusal_logged(world: World) -> None:
    south = world.families["south"]
    him = south.people.get(role="person_causing_harm")
    with pytest.raises(PermissionDenied):  # the auditor may read this family, never change it
        behaviour_entry_create(
            target=writable(world.users["auditor"], south),
            person_id=him.pk,
            kind="isolation",
            source="records",
            period="2020",
        )
    with pytest.raises(NotAllowed):  # sw_north may not even see it
        behaviour_entry_create(
            target=writable(world.users["sw_north"], south),
            person_id=him.pk,
            kind="isolation",
            source="records",
            period="2020",
        )
    assert not BehaviourEntry.objects.exists()
    refusals = AccessLogEntry.objects.filter(action="refused", family=south)
    assert {row.username for row in refusals} == {"auditor", "sw_north"}


@pytest.mark.django_db
def test_the_other_writes_pass_the_same_gate(world: World) -> None:
    entry = _strangulation(world)
    family = world.families["north_allocated"]
    outsider = world.users["sw_south"]  # not her team, not allocated: may not see the family
    with pytest.raises(NotAllowed):
        child_harm_add(
            target=writable(outsider, entry.family),
            entry_id=entry.pk,
            child_id=_child(world).pk,
            his_action="x",
            impact="y",
        )
    with pytest.raises(NotAllowed):
        protective_effort_create(
            target=writable(outsider, family),
            survivor_id=world.survivor.pk,
            kind="routines",
            description="x",
            child_ids=[c.pk for c in []],
            source="child",
        )
    with pytest.raises(NotAllowed):
        complicating_factor_create(
            target=writable(outsider, family),
            person_id=world.him.pk,
            factor="substance_use",
            interaction="x",
            source="police",
        )


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_with_a_message_naming_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _strangulation(world, kind="shouting_a_bit", source="rumour")
    assert set(exc.value.message_dict) >= {"kind", "source"}
    assert "shouting_a_bit" in exc.value.message_dict["kind"][0]
    assert not BehaviourEntry.objects.exists()


@pytest.mark.django_db
def test_an_undated_entry_with_no_period_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _strangulation(world, occurred_on=None)
    assert "period" in exc.value.message_dict["occurred_on"][0]
    with pytest.raises(ValidationError) as exc:
        _strangulation(world, occurred_on=TODAY + dt.timedelta(days=1))
    assert "occurred_on" in exc.value.message_dict


@pytest.mark.django_db
def test_the_adult_survivor_cannot_be_given_as_the_person_causing_harm(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _strangulation(world, person_id=world.survivor.pk)
    assert "not recorded as a person causing harm" in exc.value.message_dict["person"][0]


@pytest.mark.django_db
def test_a_child_from_another_family_is_refused(world: World) -> None:
    entry = _strangulation(world)
    other_child = _child(world, "north_team")
    with pytest.raises(ValidationError) as exc:
        child_harm_add(
            target=writable(world.users["sw_north"], entry.family),
            entry_id=entry.pk,
            child_id=other_child.pk,
            his_action="x",
            impact="y",
        )
    assert "does not belong to this family" in exc.value.message_dict["child"][0]
    with pytest.raises(ValidationError) as exc:
        protective_effort_create(
            target=writable(world.users["sw_north"], world.families["north_allocated"]),
            survivor_id=world.survivor.pk,
            kind="routines",
            description="Kept bedtime the same every night.",
            child_ids=[c.pk for c in [other_child]],
            source="adult_survivor",
        )
    assert "children" in exc.value.message_dict


@pytest.mark.django_db
def test_harm_to_a_child_needs_his_action_and_the_impact_and_is_recorded_once(world: World) -> None:
    entry = _strangulation(world)
    child = _child(world)
    with pytest.raises(ValidationError) as exc:
        child_harm_add(
            target=writable(world.users["sw_north"], entry.family),
            entry_id=entry.pk,
            child_id=child.pk,
            his_action="  ",
            impact="",
        )
    assert set(exc.value.message_dict) == {"his_action", "impact"}
    child_harm_add(
        target=writable(world.users["sw_north"], entry.family),
        entry_id=entry.pk,
        child_id=child.pk,
        his_action="He did it in front of her.",
        impact="Fear.",
    )
    with pytest.raises(ValidationError) as exc:
        child_harm_add(
            target=writable(world.users["sw_north"], entry.family),
            entry_id=entry.pk,
            child_id=child.pk,
            his_action="Again.",
            impact="Again.",
        )
    assert "already recorded" in exc.value.message_dict["child"][0]
    with pytest.raises(ValidationError) as exc:  # the survivor is not a child
        child_harm_add(
            target=writable(world.users["sw_north"], entry.family),
            entry_id=entry.pk,
            child_id=world.survivor.pk,
            his_action="x",
            impact="y",
        )
    assert "not recorded as a child" in exc.value.message_dict["child"][0]


@pytest.mark.django_db
def test_her_protective_effort_needs_a_survivor_a_known_kind_and_the_children_it_protected(world: World) -> None:
    family = world.families["north_allocated"]
    with pytest.raises(ValidationError) as exc:
        protective_effort_create(
            target=writable(world.users["sw_north"], family),
            survivor_id=world.him.pk,
            kind="called_police_twice",
            description="",
            child_ids=[c.pk for c in []],
            source="adult_survivor",
        )
    assert set(exc.value.message_dict) == {"survivor", "kind", "description", "children"}
    assert "not recorded as an adult survivor" in exc.value.message_dict["survivor"][0]


@pytest.mark.django_db
def test_a_complicating_factor_needs_a_known_factor_and_how_it_interacts_with_his_pattern(world: World) -> None:
    family = world.families["north_allocated"]
    with pytest.raises(ValidationError) as exc:
        complicating_factor_create(
            target=writable(world.users["sw_north"], family),
            person_id=world.him.pk,
            factor="bad_luck",
            interaction=" ",
            source="police",
        )
    assert set(exc.value.message_dict) == {"factor", "interaction"}
    with pytest.raises(ValidationError) as exc:
        complicating_factor_create(
            target=writable(world.users["sw_north"], family),
            person_id=_child(world, "south").pk,
            factor="disability",
            interaction="x",
            source="police",
        )
    assert "does not belong" in exc.value.message_dict["person"][0]


def _build_map(world: World) -> None:
    sw, family, child = world.users["sw_north"], world.families["north_allocated"], _child(world)
    second_child = Person.objects.create(family=family, role="child", given_name="Leo", family_name="Reid")
    behaviour_entry_create(
        target=writable(sw, family),
        person_id=world.him.pk,
        kind="economic_abuse",
        source="records",
        relationship="prior",
        prior_partner="Kim",
        period="2016 to 2018",
    )
    late = behaviour_entry_create(
        target=writable(sw, family),
        person_id=world.him.pk,
        kind="threat_to_kill",
        source="police",
        occurred_on=TODAY - dt.timedelta(days=3),
    )
    early = _strangulation(world)  # 30 days ago
    behaviour_entry_create(
        target=writable(sw, family),
        person_id=world.him.pk,
        kind="monitoring",
        source="child",
        occurred_on=TODAY - dt.timedelta(days=60),
    )
    child_harm_add(
        target=writable(sw, early.family),
        entry_id=early.pk,
        child_id=child.pk,
        his_action="He strangled her mother in front of Mia.",
        impact="Nightmares.",
    )
    child_harm_add(
        target=writable(sw, late.family),
        entry_id=late.pk,
        child_id=second_child.pk,
        his_action="He told Leo he would kill his mum.",
        impact="Leo hides.",
    )
    protective_effort_create(
        target=writable(sw, family),
        survivor_id=world.survivor.pk,
        kind="school_attendance",
        description="Walked Mia to school every day.",
        child_ids=[c.pk for c in [child]],
        source="school",
        occurred_on=TODAY - dt.timedelta(days=20),
    )
    protective_effort_create(
        target=writable(sw, family),
        survivor_id=world.survivor.pk,
        kind="called_police",
        description="Called 999 when he threatened her.",
        child_ids=[c.pk for c in [child, second_child]],
        source="police",
        occurred_on=TODAY - dt.timedelta(days=3),
    )
    complicating_factor_create(
        target=writable(sw, family),
        person_id=world.him.pk,
        factor="substance_use",
        source="police",
        interaction="He drinks before the worst incidents and uses it as an excuse; he is violent sober too.",
    )


@pytest.mark.django_db
def test_the_map_orders_his_entries_by_date_or_period_start_and_uses_catalogue_labels(world: World) -> None:
    _build_map(world)
    the_map = pattern_map(world.families["north_allocated"])
    (his,) = the_map.people_causing_harm
    assert his.person == world.him
    # "2016 to 2018" sorts by its start, before the dated entries (it used to go last, like undated ones)
    assert [e.entry.kind for e in his.entries] == ["economic_abuse", "monitoring", "strangulation", "threat_to_kill"]
    strangulation = his.entries[2]
    assert strangulation.group_label == "Physical violence"
    assert strangulation.kind_label == "Non-fatal strangulation or suffocation"
    assert strangulation.risk_indicator and strangulation.source_label == "The adult survivor"
    assert strangulation.relationship_label == "The current relationship"
    assert [h.child.given_name for h in strangulation.child_harms] == ["Mia"]
    prior = his.entries[0]
    assert prior.is_prior_relationship and prior.when == "2016 to 2018" and not prior.risk_indicator
    assert his.prior_relationship_entries == 1 and his.presenting_incidents == 1
    assert [r.kind for r in his.risk_indicators] == ["strangulation", "threat_to_kill"]
    assert [r.kind for r in the_map.risk_indicators] == ["strangulation", "threat_to_kill"]


@pytest.mark.django_db
def test_the_map_shows_each_child_and_her_efforts_grouped_with_the_children_they_protect(world: World) -> None:
    _build_map(world)
    the_map = pattern_map(world.families["north_allocated"])
    mia, leo = the_map.children
    assert [(h.kind_label, h.impact) for h in mia.harms] == [("Non-fatal strangulation or suffocation", "Nightmares.")]
    assert leo.harms[0].person_causing_harm == world.him and leo.harms[0].impact == "Leo hides."
    help_seeking, everyday = the_map.protective_efforts
    assert (help_seeking.id, help_seeking.label, everyday.id) == ("help_seeking", "Seeking help", "everyday")
    assert [e.kind_label for e in help_seeking.efforts] == ["Called the police"]
    assert [c.given_name for c in help_seeking.efforts[0].children] == ["Mia", "Leo"]
    assert [e.kind_label for e in everyday.efforts] == ["Kept the children going to school or nursery"]
    assert everyday.efforts[0].survivor == world.survivor
    (factor,) = the_map.complicating_factors
    assert factor.label == "Substance use" and factor.source_label == "Police" and factor.person == world.him


@pytest.mark.django_db
def test_an_empty_map_still_names_him_the_children_and_both_kinds_of_effort(world: World) -> None:
    the_map = pattern_map(world.families["north_team"])
    assert [h.entries for h in the_map.people_causing_harm] == [[]]
    assert [c.harms for c in the_map.children] == [[]]
    assert [g.id for g in the_map.protective_efforts] == ["help_seeking", "everyday"]
    assert the_map.risk_indicators == [] and the_map.complicating_factors == []


@pytest.mark.django_db
def test_every_write_is_logged_without_the_free_text(world: World) -> None:
    before = AccessLogEntry.objects.count()
    _build_map(world)
    rows = list(AccessLogEntry.objects.order_by("id")[before:])
    kinds = [row.what.rsplit(" ", 1)[0] for row in rows]
    assert kinds.count("behaviour entry") == 4
    assert kinds.count("child harm") == 2
    assert kinds.count("protective effort") == 2
    assert kinds.count("complicating factor") == 1
    assert {row.action for row in rows} == {"create"}
    assert {row.username for row in rows} == {"sw_north"}
    texts = " ".join(row.what for row in rows)
    for words in (SECRET_WORDS, "Nightmares", "Walked Mia", "drinks", "Kim", "2016"):
        assert words not in texts
    assert ProtectiveEffort.objects.count() == 2
