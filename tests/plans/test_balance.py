"""The balance of a plan, pinned on constructed plans: whom the actions fall on, her actions that ask her
to control or manage his behaviour (each with why and what to write instead), and a course for her as the
only action about the abuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.datafiles import DataFileInvalid
from spotlight.language.findings import Person
from spotlight.plans.domain.balance import (
    AGENCIES,
    HER,
    HIM,
    WORKER,
    ActionText,
    load_plan_rules,
    plan_balance,
)

FAMILY = [Person.named("Sarah", "Ahmed", "adult_survivor"), Person.named("Darren", "Ahmed", "person_causing_harm")]


def _findings(text: str, owner: str = HER, kind: str = "child_protection") -> list[str]:
    return [f.rule for f in plan_balance([ActionText(1, text, owner)], FAMILY, kind=kind).findings]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Mother to make sure father does not come back to the house", "make_sure_he"),
        ("Mum to ensure Dad does not have unsupervised contact", "make_sure_he"),
        ("Sarah to keep Darren away from the children", "keep_him_away"),
        ("Ms Ahmed must not allow Mr Ahmed into the family home", "keep_him_away"),
        ("Sarah is not to let Darren see the children", "keep_him_away"),
        ("Mum to avoid arguing with him when he has been drinking", "manage_his_moods"),
        ("Mother to ensure there is no alcohol in the house", "manage_his_moods"),
        ("Mum to call the police if Dad comes to the house", "report_him"),
        # the fourth widening: constructions, not sentences
        ("If Darren comes to the school gate, Sarah will take the children back inside", "responds_to_him"),
        ("Sarah will feed back to the core group on whether Darren has kept away", "report_him"),
        ("The children will be safe because Sarah will have left Darren", "make_sure_he"),
        ("Safety rests on Sarah telling the police about any visit", "make_sure_he"),
        ("Sarah to remain separated from Darren", "make_sure_he"),
        ("Sarah must be open and honest about any calls she has from Darren", "make_sure_he"),
        ("Sarah to keep the children indoors while Darren is in the area", "keep_him_away"),
        ("Sarah to phone Darren and ask him to stay away from the flat", "keep_him_away"),
        ("Sarah to change the locks so that Darren cannot get in", "keep_him_away"),
        ("Sarah to read the children's messages and delete any texts from Darren", "keep_him_away"),
        ("Sarah must not drink with Darren", "manage_his_moods"),
        ("Sarah to calm down any arguments with Darren", "manage_his_moods"),
        ("Sarah will report to the police any messages sent by Darren", "report_him"),
        ("Sarah needs to show the conference that she can keep the baby safe", "make_sure_he"),
        # the fifth widening
        ("Sarah must not pass on her new address to Darren", "keep_him_away"),
        ("The agreement requires Sarah to refuse any request from Darren to visit", "make_sure_he"),
        ("Sarah to keep the children at home after school when Darren is nearby", "keep_him_away"),
        ("No contact between Darren and the children unless supervised by Sarah", "keep_him_away"),
        ("Sarah will support the prosecution and attend court as a witness", "make_sure_he"),
        ("Sarah will tell the SW the same day if Darren texts her", "report_him"),
        ("Sarah will not move back to the flat while Darren lives there", "keep_him_away"),
        ("Sarah will not rekindle things with Darren", "make_sure_he"),
        ("Sarah will cancel the visit if Darren has been drinking", "responds_to_him"),
        ("I will not have any contact with Darren while the children are on a plan", "keep_him_away"),
        ("Sarah will not take Mia anywhere she knows Darren will be", "keep_him_away"),
    ],
)
def test_an_action_asking_her_to_control_him_is_found(text: str, rule: str) -> None:
    assert rule in _findings(text)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Mr Ahmed to attend Caring Dads; IDVA to offer Ms Ahmed support", HIM),
        ("Darren not to contact Sarah except through solicitors", HIM),
        ("Police to act on any breach of the non-molestation order", AGENCIES),
        ("Social worker to see the children alone every two weeks", WORKER),
        ("Sarah to meet the IDVA when she feels ready", HER),
        ("Mum to take Mia to the dentist", HER),
        ("Sarah to put the children's needs first by getting them to school on time", HER),
        ("If Darren completes the programme, Sarah will be offered joint sessions", HER),
        ("Sarah will not allow the children to stay up late on school nights", HER),
        # only her own actions can ask her to control him: a grandmother's or the worker's are theirs
        ("Nan to keep Darren away from the house at weekends", "other_adults"),
        ("Social worker to make sure Darren has no contact outside the contact centre", WORKER),
    ],
)
def test_an_action_that_does_not_ask_her_to_control_him_is_not(text: str, owner: str) -> None:
    assert _findings(text, owner) == []


def test_a_three_letter_name_is_read_as_him_or_her() -> None:
    family = [Person.named("Amy", "Cole", "adult_survivor"), Person.named("Tom", "Cole", "person_causing_harm")]
    found = plan_balance([ActionText(1, "Amy must not let Tom stay at the flat", HER)], family).findings
    assert [f.rule for f in found] == ["keep_him_away"]
    assert plan_balance([ActionText(1, "Amy must not let Tom stay at the flat", HER)]).findings == ()


def test_each_finding_says_why_and_what_to_write_instead() -> None:
    (found,) = plan_balance(
        [ActionText(7, "Mother to make sure father does not come back to the house", HER)], FAMILY
    ).findings
    assert found.action_id == 7 and found.words.startswith("Mother to make sure father")
    assert "only he controls" in found.why and "what he must do instead" in found.suggestion


def test_calling_the_police_is_hers_to_plan_in_a_safety_plan() -> None:
    assert _findings("Mum to call the police if Dad comes to the house", kind="safety_plan") == []


def test_whom_the_actions_fall_on_is_counted_his_first() -> None:
    balance = plan_balance(
        [
            ActionText(1, "Darren to attend Caring Dads", HIM),
            ActionText(2, "Sarah to meet the IDVA", HER),
            ActionText(3, "Mum to keep Dad away", HER),
            ActionText(4, "School to tell the social worker of any absence", AGENCIES),
        ],
        FAMILY,
    )
    assert balance.counts[0] == (HIM, 1) and dict(balance.counts)[HER] == 2 and dict(balance.counts)[AGENCIES] == 1
    assert [f.action_id for f in balance.findings] == [3]
    assert balance.only_her_course == "" and balance.actions_on_the_abuse == 1


def test_a_course_for_her_as_the_only_action_about_the_abuse_is_found() -> None:
    only = plan_balance(
        [ActionText(1, "Sarah to attend the Freedom Programme", HER), ActionText(2, "Mum to take Mia to school", HER)],
        FAMILY,
    )
    assert only.only_her_course.startswith("The only action about the abuse is a course for her")
    with_him = plan_balance(
        [ActionText(1, "Sarah to attend the Freedom Programme", HER), ActionText(2, "Darren to attend Drive", HIM)],
        FAMILY,
    )
    assert with_him.only_her_course == ""


@pytest.mark.parametrize(
    ("text", "owner", "counted"),
    [
        ("Social worker to refer Sarah to the Freedom Programme", WORKER, True),
        ("Sarah to join the survivors' group run by the domestic abuse service", HER, True),
        ("Social worker to complete domestic abuse work with the children", WORKER, False),
        ("Sarah to support Mia to go to the children's domestic abuse group", HER, False),
        ("Sarah to go to the survivors' group at the family hub", HER, True),
        ("Social worker to refer Sarah to the housing team", WORKER, False),
    ],
)
def test_the_worker_referring_her_to_a_course_counts_as_her_course(text: str, owner: str, counted: bool) -> None:
    balance = plan_balance([ActionText(1, text, owner)], FAMILY)
    assert bool(balance.only_her_course) is counted


def test_a_broken_plans_file_is_refused_naming_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "plans.yaml"
    bad.write_text("version: 1\nkinds: []\nher_controls_him: []\nher_course: [x]\nabout_the_abuse: [y]\n")
    with pytest.raises(DataFileInvalid) as refused:
        load_plan_rules(bad)
    assert "kinds" in str(refused.value) and "her_controls_him" in str(refused.value)
