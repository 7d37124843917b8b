"""The review reads constructions, not fixed phrases: words between, names as subjects, denial and
discussion of the wording (issue 12). Each construction has sentences that must and must not be found."""

from __future__ import annotations

import pytest

from spotlight.language import Person, review

FAMILY = [
    Person("Barbara Brown", "adult_survivor"),
    Person("Tom Brown", "person_causing_harm"),
    Person("Amy", "child"),
]


def families(text: str, people: list[Person] | None = None) -> set[str]:
    return {f.family for f in review(text, people)}


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # words standing between the words that matter
        ("The mother failed to properly protect the children.", "failure_to_protect"),
        ("The mother has consistently failed to adequately protect the children.", "failure_to_protect"),
        # a first name as the subject, with no record to say who she is
        ("By not reporting the assault Danielle left Tyler at risk.", "failure_to_protect"),
        ("Precious let Marek pick the children up from school.", "responsibility_shifting"),
        ("She chose Jamie over the kids.", "responsibility_shifting"),
        # her as the one who allows, exposes, prioritises, is asked why
        ("She was asked why she did not call the police sooner.", "responsibility_shifting"),
        ("Ms Flynn exposed her children to domestic violence by staying.", "responsibility_shifting"),
        ("She kept prioritising her relationship with him over the children.", "responsibility_shifting"),
        ("Mum was advised to change the locks and block him on social media.", "responsibility_shifting"),
        # conflict words standing for his violence
        ("A row erupted and the police were called.", "mutualising"),
        ("The argument turned physical in the hallway.", "mutualising"),
        ("The couple had been arguing for most of the evening.", "mutualising"),
        # violence owned by a relationship, a family or a home
        ("There is a long history of domestic violence in the relationship.", "mutualising"),
        ("The marriage was marred by domestic violence.", "mutualising"),
        ("Domestic abuse was a risk factor in this family.", "mutualising"),
        # excuses: drink, temper, provocation, the good father
        ("His temper led to violent outbursts.", "minimising"),
        ("Alcohol was behind the violence.", "minimising"),
        ("He had been provoked.", "minimising"),
        ("He is a good father when he is not drinking.", "minimising"),
        # the passive and the place with nobody in it
        ("Threats to kill were made over the phone.", "agentless_passive"),
        ("There was an incident of DV at the address on Friday night.", "agentless_passive"),
        ("Violence has occurred in the home on a number of occasions.", "agentless_passive"),
        ("Both children were in the property when the DA took place.", "exposure"),
    ],
)
def test_constructions_are_found_in_the_orders_real_writers_use(text: str, family: str) -> None:
    assert family in families(text)


@pytest.mark.parametrize(
    "text",
    [
        # denial, and its reach
        "Ms Reid will not be asked to manage his behaviour.",
        "There is no suggestion that she failed to protect the children.",
        "Nobody in this case suggests that the mother chose the relationship over the children.",
        "The local authority no longer pursues any finding that the mother failed to protect the children.",
        "Mr Brandreth kicked in the door after Ms Hollis refused to let him in.",
        # the wording discussed, criticised or reported as his
        "The panel recommended that reports stop describing survivors as having failed to protect their children.",
        "Instead of writing she was assaulted, name the person who assaulted her.",
        "He described her as failing to protect the children.",
        # the person who did it is named
        "She was pushed by her ex-partner.",
        "Ms Begum was strangled by her husband, Imran, on 2 February.",
        "Mr Patel has used coercive control throughout the relationship.",
        # his own non-engagement and his own choices are not hers
        "Mr Ryan did not engage with the programme.",
        "Mr Ryan chose to return to the property despite the order.",
        # ordinary uses
        "The match was abandoned after a fight broke out between rival supporters.",
        "Mum and her sister argued about who would host Christmas.",
        "Mum was able to protect the children by leaving with them during the night.",
        "Ms Ryan is a protective parent who has kept the children safe despite his abuse.",
        "This was not a minor incident: Mr Hussain strangled Ms Hussain.",
    ],
)
def test_denied_discussed_or_accountable_wording_is_left_alone(text: str) -> None:
    assert families(text) == set()


def test_a_denial_does_not_reach_past_a_comma_or_but() -> None:
    assert "failure_to_protect" in families("There is no suggestion of drink, but the mother failed to protect them.")


def test_the_familys_own_names_are_read_as_her_and_him() -> None:
    text = "Barbara let Tom move back in last week."
    assert "responsibility_shifting" in families(text, FAMILY)
    assert families("Tom let Barbara know he would be late.", FAMILY) == set()
